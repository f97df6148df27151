"""The scenario engine and the shipped scenarios, against the ONS lookups, the mySociety register and the shared
timeline: the expected answers are computed here from those files, not from the engine."""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

from cspgraph.cli import main
from cspgraph.errors import InputError, LoadError
from cspgraph.scenario import FORMAT, ScenarioReport, check_scenario, load, parse
from cspgraph.stores import GraphStore

ID = "https://w3id.org/cspgraph/id/"


def _rows(reference_dir: Path, name: str) -> list[dict[str, str]]:
    with (reference_dir / name).open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def pcc2028(store: GraphStore) -> ScenarioReport:
    return check_scenario(store, load("pcc-abolition-2028"))


@pytest.fixture(scope="module")
def surrey(store: GraphStore) -> ScenarioReport:
    return check_scenario(store, load("surrey-2027"))


def _expected_kinds(reference_dir: Path) -> dict[str, str]:
    """Police area code -> what takes its local policing body's role in May 2028, from the sources: a mayor where
    a combined authority has exactly its districts (register; Cumbria from the timeline), MOPAC and the City keep
    theirs (the City's CSP reports to the Secretary of State), Wales to be decided, a board elsewhere."""
    lookup = _rows(reference_dir, "geographr_lookup_ltla24_csp24_pfa24.csv")
    pfa_lads: dict[str, set[str]] = defaultdict(set)
    for r in lookup:
        pfa_lads[r["pfa24_code"]].add(r["ltla24_code"])
    reg = _rows(reference_dir, "mysociety_uk_local_authorities_current_v1.6.1.csv")
    members: dict[str, set[str]] = defaultdict(set)
    for r in reg:
        if r["combined-authority"] not in ("", "GLA") and r["current-authority"] == "True":
            members[r["combined-authority"]].add(r["local-authority-code"])
    cas = [
        {r["gss-code"] for r in reg if r["current-authority"] == "True" and r["gss-code"][:3] in ("E06", "E07", "E08")
         and (r["local-authority-code"] in m or r["county-la"] in m)}
        for m in members.values()
    ]  # fmt: skip
    cas.append(
        {r["gss-code"] for r in reg if r["official-name"] in ("Cumberland Council", "Westmorland and Furness Council")}
    )
    out = {}
    for pfa, lads in pfa_lads.items():
        name = next(r["pfa24_name"] for r in lookup if r["pfa24_code"] == pfa)
        if pfa.startswith("W"):
            out[pfa] = "PoliceAndCrimeCommissioner"
        elif name == "Metropolitan Police":
            out[pfa] = "MayorsOfficeForPolicingAndCrime"
        elif name == "London, City of":
            out[pfa] = "SecretaryOfState"  # CDA 1998 s7(4): the City's CSP reports to the Secretary of State
        elif any(lads == ca for ca in cas):
            out[pfa] = "MayorWithPCCFunctions"
        else:
            out[pfa] = "PolicingAndCrimeBoard"
    return out


def test_pcc_2028_reports_all_43_areas_and_all_314_csps(pcc2028: ScenarioReport, reference_dir: Path) -> None:
    lookup = _rows(reference_dir, "geographr_lookup_ltla24_csp24_pfa24.csv")
    assert {a.uri.rsplit("/", 1)[-1] for a in pcc2028.areas} == {r["pfa24_code"] for r in lookup}
    assert len(pcc2028.areas) == 43
    codes = {c.uri.rsplit("/", 1)[-1] for c in pcc2028.csps}
    assert codes == {r["csp24_code"] for r in lookup} and len(codes) == 314


def test_pcc_2028_gives_each_csp_the_relevant_local_policing_body_the_sources_predict(
    store: GraphStore, pcc2028: ScenarioReport, reference_dir: Path
) -> None:
    from cspgraph.scenario import apply

    expected = _expected_kinds(reference_dir)
    pfa_of = {r["csp24_code"]: r["pfa24_code"] for r in _rows(reference_dir, "geographr_lookup_ltla24_csp24_pfa24.csv")}
    applied = apply(store, load("pcc-abolition-2028"))
    import pyoxigraph as ox

    rel = ox.NamedNode("https://w3id.org/cspgraph/def/relevantLocalPolicingBody")
    typ = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    wrong = {}
    for csp, pfa in pfa_of.items():
        after = applied.edit.objects(ox.NamedNode(f"{ID}csp/{csp}"), rel)
        kinds = {t.value.rsplit("/", 1)[-1] for b in after for t in applied.edit.objects(b, typ)}
        if expected[pfa] not in kinds:
            wrong[csp] = (expected[pfa], kinds)
    assert not wrong
    boards = [a for a in pcc2028.areas if "Board" in " ".join(a.after)]
    assert len(boards) == sum(1 for k in expected.values() if k == "PolicingAndCrimeBoard")


def test_pcc_2028_flags_wales_and_names_the_law_to_amend(pcc2028: ScenarioReport) -> None:
    wales = [a for a in pcc2028.areas if "/W15" in a.uri]
    assert len(wales) == 4 and {a.verdict for a in wales} == {"to be decided"}
    amended = {p for p, _, _ in pcc2028.amendments()}
    for provision in ("CDA 1998 s7", "PRSRA 2011 s28", "PRSRA 2011 s10", "LGFA 1992 s40"):
        assert provision in amended  # the s7(4) body, panels, co-operation, the precept
    assert pcc2028.allowed  # the law, not the scenario, would have to change
    assert not pcc2028.proposal_issues


def test_pcc_2028_leaves_the_published_graph_unchanged(store: GraphStore) -> None:
    before = len(store)
    check_scenario(store, load("mayor-2027-cumbria"))
    assert len(store) == before


def _timeline_surrey(domain: Path) -> dict[str, set[str]]:
    text = (domain / "timeline.md").read_text(encoding="utf-8")
    line = next(li for li in text.splitlines() if li.startswith("| 2027-04-01 | Surrey"))
    return {
        m[0]: {d.strip() for d in m[1].split(",")} for m in re.findall(r"(East Surrey|West Surrey) \(([^)]*)\)", line)
    }


def test_surrey_scenario_has_the_timelines_councils(store: GraphStore, reference_dir: Path) -> None:
    expected = _timeline_surrey(reference_dir.parent / "domain")
    assert set(expected) == {"East Surrey", "West Surrey"}
    sc = load("surrey-2027")
    names = {
        r["ltla24_code"]: r["ltla24_name"] for r in _rows(reference_dir, "geographr_lookup_ltla24_csp24_pfa24.csv")
    }
    got = {c.get("label").removesuffix(" Council"): {names[d.rsplit("/", 1)[-1]] for d in c.get("districts")}
           for c in sc.changes if c.op == "create"}  # fmt: skip
    assert got == expected
    assert sc.date.isoformat() == "2027-04-01" and sc.status == "enacted"


def test_surrey_combines_each_unitarys_csps(surrey: ScenarioReport, reference_dir: Path) -> None:
    lookup = _rows(reference_dir, "geographr_lookup_ltla24_csp24_pfa24.csv")
    surrey_csps = {r["csp24_code"] for r in lookup if r["pfa24_name"] == "Surrey"}
    ended = {c.uri.rsplit("/", 1)[-1] for c in surrey.csps if c.status == "ended"}
    assert ended == surrey_csps
    created = [c for c in surrey.csps if c.status == "created"]
    assert len(created) == 2
    # both report to Surrey's local policing body (CDA 1998 s7(4)), which the reorganisation does not change
    assert all(c.after == ["Surrey Police and Crime Commissioner"] for c in created)
    # the new councils must set up crime and disorder committees (PJA 2006 s19): the proposal must change
    assert not surrey.allowed
    assert {i.focus_name for i in surrey.proposal_issues if "crime and disorder committee" in i.message} == {
        "East Surrey Council",
        "West Surrey Council",
    }


def _write(tmp_path: Path, changes: list[dict[str, object]], day: str = "2027-05-01") -> Path:
    p = tmp_path / "mine.json"
    p.write_text(json.dumps({"format": FORMAT, "name": "mine", "date": day, "status": "proposed", "changes": changes}))
    return p


def test_a_hand_written_scenario_that_breaks_a_rule_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # the Cheshire and Warrington mayor for the whole Cheshire police area: Halton is in the Liverpool City Region
    p = _write(tmp_path, [
        {"op": "create", "id": "local-policing-body/cheshire-mayor", "kind": "mayor", "label": "Mayor (Cheshire)",
         "authority": "combined-authority/cheshire-and-warrington-combined-authority"},
        {"op": "transfer-role", "role": "local-policing-body", "area": "Cheshire", "to": "local-policing-body/cheshire-mayor"},
    ])  # fmt: skip
    assert main(["scenario", "check", str(p), "--format", "json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert [i["rule"] for i in out["proposal_must_change"]] == ["s107F"]


def test_a_hand_written_scenario_that_keeps_the_law_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = _write(tmp_path, [
        {"op": "create", "id": "local-policing-body/cumbria-mayor", "kind": "mayor", "label": "Mayor (Cumbria)",
         "authority": "combined-authority/cumbria-combined-authority"},
        {"op": "transfer-role", "role": "local-policing-body", "area": "E23000002", "to": "local-policing-body/cumbria-mayor"},
    ])  # fmt: skip
    assert main(["scenario", "check", str(p)]) == 0
    assert "lawful" in capsys.readouterr().out


def test_ending_a_chief_officer_breaks_a_rule_the_proposal_must_change(store: GraphStore) -> None:
    sc = parse({"format": FORMAT, "name": "x", "date": "2027-01-01", "status": "proposed",
                "changes": [{"op": "end", "body": "chief-officer/E23000013"}]})  # fmt: skip
    report = check_scenario(store, sc)
    assert not report.allowed
    assert any("chief officer" in i.message for i in report.proposal_issues)


@pytest.mark.parametrize(
    "data",
    [
        {"name": "x"},
        {
            "format": FORMAT,
            "name": "x",
            "date": "May 2028",
            "status": "proposed",
            "changes": [{"op": "end", "body": "a"}],
        },
        {
            "format": FORMAT,
            "name": "x",
            "date": "2028-05-01",
            "status": "maybe",
            "changes": [{"op": "end", "body": "a"}],
        },
        {"format": FORMAT, "name": "x", "date": "2028-05-01", "status": "proposed", "changes": [{"op": "explode"}]},
        {"format": FORMAT, "name": "x", "date": "2028-05-01", "status": "proposed", "changes": [{"op": "end"}]},
        {"format": FORMAT, "name": "x", "date": "2028-05-01", "status": "proposed", "changes": [{"op": ["end"]}]},
        {
            "format": FORMAT,
            "name": "x",
            "date": "2028-05-01",
            "status": ["proposed"],
            "changes": [{"op": "end", "body": "a"}],
        },
        {
            "format": FORMAT,
            "name": "x",
            "date": "2028-05-01",
            "status": "proposed",
            "notes": 3,
            "changes": [{"op": "end", "body": "a"}],
        },
        {
            "format": FORMAT,
            "name": "x",
            "date": "2028-05-01",
            "status": "proposed",
            "changes": [{"op": "end", "body": {"a": 1}}],
        },
    ],
)
def test_malformed_scenarios_are_refused(data: dict[str, object]) -> None:
    with pytest.raises(LoadError):
        parse(data)


def test_a_bad_id_is_refused(store: GraphStore) -> None:
    sc = parse({"format": FORMAT, "name": "x", "date": "2028-05-01", "status": "proposed",
                "changes": [{"op": "create", "id": "not an id", "kind": "mayor", "label": "x"}]})  # fmt: skip
    with pytest.raises(InputError, match="kind/slug"):
        check_scenario(store, sc)


def test_an_unknown_body_is_refused_with_the_change_named(store: GraphStore) -> None:
    sc = parse({"format": FORMAT, "name": "x", "date": "2028-05-01", "status": "proposed",
                "changes": [{"op": "end", "body": "council/E99999999"}]})  # fmt: skip
    with pytest.raises(InputError, match="change 1"):
        check_scenario(store, sc)


@pytest.mark.parametrize("content", ["{not json", '{"format": "cspgraph-scenario/1"}', "[]"])
def test_cli_bad_scenario_files_exit_2(tmp_path: Path, content: str, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "bad.json"
    p.write_text(content)
    assert main(["scenario", "check", str(p)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "Traceback" not in err[0]


def test_cli_list_show_and_turtle(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["scenario", "list"]) == 0
    listed = capsys.readouterr().out
    assert "pcc-abolition-2028" in listed and "surrey-2027" in listed and "cleveland" not in listed
    assert main(["scenario", "show", "mayor-2027-cumbria"]) == 0
    assert json.loads(capsys.readouterr().out)["format"] == FORMAT
    assert main(["scenario", "check", "mayor-2027-cumbria", "--format", "ttl"]) == 0
    from rdflib import Graph

    g = Graph().parse(data=capsys.readouterr().out, format="turtle")
    assert len(g) > 10


def test_the_shipped_files_are_what_the_build_derives(store: GraphStore) -> None:
    from cspgraph.scenario.derive import derive_all

    for sc in derive_all(store):
        assert load(sc.name).as_dict() == sc.as_dict()
