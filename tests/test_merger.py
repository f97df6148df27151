"""The merger what-if: verdicts, rules cited and required parties for the cases a user will try, bad
input, the CLI, scenarios, the combination-agreement fixtures, and equal verdicts with plain pySHACL."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rdflib import Graph

from cspgraph import resources
from cspgraph.cli import main
from cspgraph.errors import InputError
from cspgraph.merger import (
    MergerReport,
    check_merger,
    list_scenarios,
    load_scenario,
    propose,
    read_parties_file,
    violation_set,
)
from cspgraph.stores import GraphStore, open_store

ID = "https://w3id.org/cspgraph/id/"
SH = "https://w3id.org/cspgraph/shapes/"
COMBINATION = resources.shapes_dir() / "combination.shapes.ttl"
CLEVELAND = ["E22000027", "E22000028", "E22000029", "E22000030"]
CROSS = ["E22000030", "E22000072"]  # Stockton-on-Tees (Cleveland) and Darlington (Durham)
WELSH = ["W14000001", "W14000002"]  # Isle of Anglesey and Gwynedd


@pytest.fixture(scope="module")
def data_store() -> GraphStore:
    """The landscape without the shapes graph (the merger reads the shapes files itself)."""
    return open_store("oxigraph", shapes=False)


def uris(bodies: list[dict[str, str]] | list) -> set[str]:  # type: ignore[type-arg]
    return {b["uri"] if isinstance(b, dict) else b.uri for b in bodies}


def shapes_of(report: MergerReport) -> set[str]:
    return {f.source_shape.removeprefix(SH) for f in report.violations}


def pyshacl_over_everything(store: GraphStore, csps: list[str], **kw: object) -> set[tuple[str, str, str | None]]:
    """The same proposal applied to a copy of the whole landscape, checked by plain pySHACL on the touched nodes with
    the combination shapes: the (source shape, focus node, value) of each Violation."""
    import pyshacl
    from rdflib.namespace import ORG, RDF
    from rdflib.namespace import SH as SHACL

    proposal = propose(store, csps, **kw)  # type: ignore[arg-type]
    whole = store.graph()  # every named graph: the data store has no shapes graph
    old = set(proposal.csps) | {m for c in proposal.csps for m in whole.subjects(ORG.organization, c)}
    for t in [t for t in whole if t[0] in old or t[2] in old]:
        whole.remove(t)
    for t in proposal.additions():
        whole.add(t)
    touched = sorted(set(proposal.focus_nodes()))
    _, rg, _ = pyshacl.validate(whole, shacl_graph=Graph().parse(COMBINATION), focus_nodes=touched)
    return {
        (
            str(rg.value(r, SHACL.sourceShape)),
            str(rg.value(r, SHACL.focusNode)),
            None if (v := rg.value(r, SHACL.value)) is None else str(v),
        )
        for r in rg.subjects(RDF.type, SHACL.ValidationResult)
        if rg.value(r, SHACL.focusNode) in touched and rg.value(r, SHACL.resultSeverity) == SHACL.Violation
    }


# ------------------------------------------------------------------------------------------------ the cases
def test_cleveland_single_csp_is_allowed_with_pcc_and_every_authority(data_store: GraphStore) -> None:
    r = check_merger(data_store, CLEVELAND)
    assert r.allowed, [f.message for f in r.violations]
    assert r.violations == []
    assert not r.cross_police_area and not r.secretary_of_state_party
    assert uris(r.areas) == {f"{ID}local-authority-district/E0600000{i}" for i in (1, 2, 3, 4)}
    expected = {
        f"{ID}council/E06000001",
        f"{ID}council/E06000002",
        f"{ID}council/E06000003",
        f"{ID}council/E06000004",
        f"{ID}chief-officer/E23000013",
        f"{ID}fire-and-rescue-authority/E31000007",
        f"{ID}integrated-care-board/E54000050",
        f"{ID}probation-region/N54",
        f"{ID}local-policing-body/E23000013",
    }
    assert uris(r.required_parties) == expected
    assert uris(r.responsible_authorities) == expected - {f"{ID}local-policing-body/E23000013"}
    assert uris(r.local_policing_bodies) == {f"{ID}local-policing-body/E23000013"}
    assert any("as if every required party signed" in a for a in r.assumptions)
    committees = {c["uri"] for c in r.committee_arrangement["committees"]}
    assert committees == {f"{ID}crime-and-disorder-committee/E0600000{i}" for i in (1, 2, 3, 4)}
    assert r.committee_arrangement["jointCommitteePossible"] is True
    # what changes: each constituent CSP gains the three other councils, and the PCC's panel is named
    for c in r.changes["csps"]:
        own = c["csp"]["uri"]
        joining = {b["uri"] for b in c["joining"]}
        assert len(joining) == 3 and all("/council/" in j for j in joining), own
    assert {p["panel"]["uri"] for p in r.changes["panels"]} == {f"{ID}police-and-crime-panel/E23000013"}


def test_the_proposal_is_not_written_to_the_store(data_store: GraphStore) -> None:
    before = len(data_store)
    r = check_merger(data_store, CLEVELAND)
    assert len(data_store) == before
    assert not data_store.ask("ASK { ?s ?p ?o }", {"s": __import__("rdflib").URIRef(r.proposed_uri)})


def test_cross_police_area_needs_secretary_of_state_and_cooperation(data_store: GraphStore) -> None:
    r = check_merger(data_store, CROSS)
    assert r.allowed  # every required party assumed to sign, with co-operation arrangements
    assert r.cross_police_area and r.secretary_of_state_party
    assert f"{ID}organisation/home-secretary" in uris(r.required_parties)
    assert {f"{ID}local-policing-body/E23000013", f"{ID}local-policing-body/E23000008"} <= uris(r.required_parties)
    assert {f"{ID}chief-officer/E23000013", f"{ID}chief-officer/E23000008"} <= uris(r.required_parties)
    assert any("co-operation arrangements" in a for a in r.assumptions)

    # without the Secretary of State and without co-operation arrangements: two rules broken
    parties = [p.uri for p in r.required_parties if not p.uri.endswith("home-secretary")]
    bad = check_merger(data_store, CROSS, parties=parties, cooperation_arrangements=False)
    assert not bad.allowed
    assert shapes_of(bad) == {
        "CombinationAgreementShape-party-secretaryOfState",
        "CombinationAgreementShape-cooperationArrangements",
    }
    assert {f.provision for f in bad.violations} == {"CDA 1998 s5A(5)", "CDA 1998 s5A(4)"}
    assert uris(bad.missing_parties) == {f"{ID}organisation/home-secretary"}


def test_any_welsh_csp_cannot_combine(data_store: GraphStore) -> None:
    r = check_merger(data_store, WELSH)
    assert not r.allowed
    assert shapes_of(r) == {"CombinedCommunitySafetyPartnershipShape-servesArea"}
    assert {f.value for f in r.violations} == {
        f"{ID}local-authority-district/W06000001",
        f"{ID}local-authority-district/W06000002",
    }
    assert all(f.provision == "CDA 1998 s5(1A)" and f.fix for f in r.violations)
    assert uris(r.outside_england) == {
        f"{ID}local-authority-district/W06000001",
        f"{ID}local-authority-district/W06000002",
    }
    assert r.committee_arrangement["jointCommitteePossible"] is False
    assert "NOT ALLOWED" in r.to_text()


def test_welsh_with_english_is_not_allowed_either(data_store: GraphStore) -> None:
    # Monmouthshire (Gwent) with Herefordshire (West Mercia): crosses the border and the police areas
    hereford = data_store.select(
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> SELECT ?c ?n WHERE { ?c skos:altLabel ?n }",
        {"n": __import__("rdflib").Literal("Herefordshire, County of", lang="en")},
    )
    code = str(hereford.rows[0]["c"]).rsplit("/", 1)[-1] if hereford.rows else "Herefordshire, County of"
    r = check_merger(data_store, ["W14000021", code])
    assert not r.allowed
    assert "CombinedCommunitySafetyPartnershipShape-servesArea" in shapes_of(r)
    assert {f.value for f in r.violations if f.source_shape.endswith("-servesArea")} == {
        f"{ID}local-authority-district/W06000021"
    }


def test_missing_parties_are_violations_and_extra_parties_notes(data_store: GraphStore, tmp_path: Path) -> None:
    f = tmp_path / "parties.txt"
    f.write_text(
        "# the four councils, the PCC and one body the law does not require\n"
        "E06000001\nE06000002\nE06000003\nE06000004\nlocal-policing-body/E23000013\nhome-secretary\n",
        encoding="utf-8",
    )
    r = check_merger(data_store, CLEVELAND, parties=read_parties_file(f))
    assert not r.allowed
    assert shapes_of(r) == {"CombinationAgreementShape-party-responsibleAuthority"}
    assert {f.value for f in r.violations} == {
        f"{ID}chief-officer/E23000013",
        f"{ID}fire-and-rescue-authority/E31000007",
        f"{ID}integrated-care-board/E54000050",
        f"{ID}probation-region/N54",
    }
    assert uris(r.missing_parties) == {f.value for f in r.violations}
    assert uris(r.extra_parties) == {f"{ID}organisation/home-secretary"}
    assert [i.value for i in r.infos] == [f"{ID}organisation/home-secretary"]


def test_pcc_missing_from_parties(data_store: GraphStore) -> None:
    full = check_merger(data_store, CLEVELAND)
    parties = [p.uri for p in full.required_parties if "local-policing-body" not in p.uri]
    r = check_merger(data_store, CLEVELAND, parties=parties)
    assert shapes_of(r) == {"CombinationAgreementShape-party-localPolicingBody"}
    assert {f.value for f in r.violations} == {f"{ID}local-policing-body/E23000013"}


def test_two_tier_union_includes_county_council(data_store: GraphStore) -> None:
    r = check_merger(data_store, ["E22000137", "E22000138"])  # Ashford and Canterbury, Kent
    assert r.allowed
    assert f"{ID}council/E10000016" in uris(r.required_parties)  # Kent County Council, once
    assert sum(1 for p in r.required_parties if p.uri.endswith("E10000016")) == 1


def test_city_of_london_relevant_local_policing_body_is_the_secretary_of_state(data_store: GraphStore) -> None:
    r = check_merger(data_store, ["E22000180", "E22000209"])  # City of London and Merton
    assert r.allowed and r.cross_police_area
    assert f"{ID}organisation/home-secretary" in uris(r.local_policing_bodies)
    assert f"{ID}local-policing-body/E23000034" not in uris(r.required_parties)
    assert f"{ID}local-policing-body/E23000001" in uris(r.required_parties)  # MOPAC


def test_a_party_from_outside_the_neighbourhood_is_shown_by_its_name(data_store: GraphStore) -> None:
    """Durham County Council named as a party to a Cleveland merger is shown by its name, not its code."""
    full = check_merger(data_store, CLEVELAND)
    r = check_merger(data_store, CLEVELAND, parties=[p.uri for p in full.required_parties] + ["Durham County Council"])
    (extra,) = r.extra_parties
    assert (extra.uri, extra.code, extra.name) == (f"{ID}council/E06000047", "E06000047", "Durham County Council")
    assert "  - Durham County Council (E06000047)" in r.to_text()
    assert r.infos[-1].message.startswith("Durham County Council (E06000047) is named as a party")


def test_every_name_follows_the_display_name_rule(data_store: GraphStore) -> None:
    from cspgraph.labels import display_names, fallback

    r = check_merger(data_store, CROSS, parties=["E06000004", "E06000047", "local-policing-body/E23000008"])
    bodies = [b.to_json() for b in r.csps + r.areas + r.police_areas + r.required_parties + r.parties]
    bodies += [b for c in r.changes["csps"] for b in [c["csp"], *c["joining"]]]
    bodies += [p["panel"] for p in r.changes["panels"]] + r.committee_arrangement["committees"]
    names = display_names(data_store, [b["uri"] for b in bodies])
    assert {b["uri"]: b["name"] for b in bodies} == {b["uri"]: names.get(b["uri"], fallback(b["uri"])) for b in bodies}


def test_memberships_carry_the_provision_of_the_rule(data_store: GraphStore) -> None:
    """The proposal's responsible authorities are the s5(1) rule's, each membership citing its paragraph."""
    from cspgraph.asof import latest_view
    from cspgraph.responsible import area_facts, responsible_authorities

    proposal = propose(data_store, CLEVELAND)
    duties = responsible_authorities(area_facts(latest_view(data_store), [str(a) for a in proposal.areas]))
    assert [str(x) for x in proposal.ras] == sorted(d.body for d in duties)
    basis = "https://w3id.org/cspgraph/def/statutoryBasis"
    member = "http://www.w3.org/ns/org#member"
    added = proposal.additions()
    cited = {str(o) for s, p, o in added if str(p) == basis and "/membership/" in str(s)}
    assert cited == {f"{ID}provision/{d.provision}" for d in duties}
    assert {str(o) for _, p, o in added if str(p) == member} == {d.body for d in duties}


# ------------------------------------------------------------------------------------------------ bad input
@pytest.mark.parametrize(
    ("csps", "pattern"),
    [
        (["E22000027"], r"at least two CSPs"),
        ([], r"at least two CSPs"),
        (["E22000027", "E22000027"], r"cannot be combined with itself"),
        (["E22000027", "hartlepool"], r"cannot be combined with itself"),
        (["E22000027", "E06000001"], r"E06000001' is not a community safety partnership.*Hartlepool.*give E22000027"),
        (["E22000027", "E23000013"], r"E23000013' is not a community safety partnership.*police force area"),
        (["E22000027", "E22000999"], r"no resource has the code 'E22000999'.*did you mean"),
        (["E22000027", "E07000048"], r"no resource has the code 'E07000048'.*no longer exists"),
        (["E22000027", "Hartlepol"], r"no resource is called 'Hartlepol'.*E22000027"),
        (["E22000063", "E22000067"], r"E22000063 \(Bournemouth.*no longer exists"),
    ],
)
def test_bad_input_says_what_to_fix(data_store: GraphStore, csps: list[str], pattern: str) -> None:
    with pytest.raises(InputError, match=pattern):
        check_merger(data_store, csps)


def test_unknown_and_ambiguous_parties(data_store: GraphStore) -> None:
    with pytest.raises(InputError, match="no resource has the code 'E99999999'"):
        check_merger(data_store, CLEVELAND, parties=["E99999999"])
    with pytest.raises(InputError, match="ambiguous.*chief-officer/E23000013.*local-policing-body/E23000013"):
        check_merger(data_store, CLEVELAND, parties=["E23000013"])


# ------------------------------------------------------------------------------------------------ CLI
def test_cli_exit_codes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["merger", "check", *sum((["--csp", c] for c in CLEVELAND), [])]) == 0
    out = capsys.readouterr().out
    assert "ALLOWED" in out and "Cleveland Police and Crime Commissioner" in out
    assert main(["merger", "check", "--csp", WELSH[0], "--csp", WELSH[1], "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["allowed"] is False and data["violations"][0]["provision"] == "CDA 1998 s5(1A)"
    assert main(["merger", "check", "--csp", "E22000027"]) == 2
    err = capsys.readouterr().err
    assert "at least two CSPs" in err and "Traceback" not in err
    assert main(["merger", "check", "--csp", "E22000027", "--csp", "E06000001"]) == 2
    assert "give E22000027" in capsys.readouterr().err


def test_cli_parties_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = tmp_path / "p.json"
    f.write_text(json.dumps(["E06000004", "E06000005"]), encoding="utf-8")
    assert main(["merger", "check", "--csp", CROSS[0], "--csp", CROSS[1], "--parties", str(f)]) == 1
    assert "[MISSING]" in capsys.readouterr().out
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2", encoding="utf-8")
    assert main(["merger", "check", "--csp", CROSS[0], "--csp", CROSS[1], "--parties", str(bad)]) == 2
    assert "malformed JSON" in capsys.readouterr().err


# ------------------------------------------------------------------------------------------------ scenarios
def test_every_shipped_scenario_loads_and_runs(data_store: GraphStore) -> None:
    paths = list_scenarios()
    stems = {p.stem for p in paths}
    assert {"tees-valley-cross-police-area", "north-wales-anglesey-gwynedd"} <= stems
    verdicts = {}
    for p in paths:
        sc = load_scenario(p)
        r = check_merger(
            data_store, sc.csps, name=sc.name, parties=sc.parties, cooperation_arrangements=sc.cooperation_arrangements
        )
        verdicts[p.stem] = r.allowed
        assert r.name == sc.name
    assert verdicts["tees-valley-cross-police-area"] is True
    assert verdicts["tees-valley-cross-police-area-unsigned"] is False
    assert verdicts["north-wales-anglesey-gwynedd"] is False
    if "cleveland-single-csp" in verdicts:
        assert verdicts["cleveland-single-csp"] is True


def test_cli_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["merger", "check", "--scenario", "north-wales-anglesey-gwynedd"]) == 1
    assert "no power to combine" in capsys.readouterr().out
    assert main(["merger", "check", "--scenario", "no-such-scenario"]) == 2
    assert "shipped scenarios" in capsys.readouterr().err


def test_scenario_format_is_checked(tmp_path: Path) -> None:
    f = tmp_path / "s.json"
    f.write_text(json.dumps({"name": "x", "csps": ["E22000027"], "partys": []}), encoding="utf-8")
    with pytest.raises(InputError, match="unknown field.*partys"):
        load_scenario(f)
    f.write_text(json.dumps({"name": "x", "csps": "E22000027"}), encoding="utf-8")
    with pytest.raises(InputError, match="csps"):
        load_scenario(f)


# ------------------------------------------------------------------------------------------------ fixtures
FIXTURES = sorted((Path(__file__).parent / "data").glob("*/combination-*.ttl"))


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_combination_fixture(path: Path) -> None:
    """Each fixture conforms (valid/) or breaks exactly the rule its header names (invalid/), on both engines."""
    from cspgraph.validate import validate

    text = path.read_text(encoding="utf-8")
    expected = set(
        zip(
            re.findall(r"^# expect-shape: (\S+)", text, re.M),
            re.findall(r"^# expect-focus: (\S+)", text, re.M),
            strict=True,
        )
    )
    assert (path.parent.name == "valid") == (not expected)
    g = Graph().parse(path, format="turtle")
    for engine in ("oxigraph", "pyshacl"):
        r = validate(g, shapes=[COMBINATION], engine=engine)
        got = {(x.source_shape, x.focus_node) for x in r.results if x.severity.value == "Violation"}
        assert got == expected, engine


# ------------------------------------------------------------------------------------------------ same verdict
@pytest.mark.parametrize("csps", [CLEVELAND, CROSS, WELSH], ids=["cleveland", "cross-police-area", "wales"])
def test_same_verdict_as_pyshacl_over_the_whole_landscape(data_store: GraphStore, csps: list[str]) -> None:
    """The view holds everything the shapes need: pySHACL over the whole copied landscape finds the same results."""
    r = check_merger(data_store, csps, shapes=[COMBINATION])
    results = pyshacl_over_everything(data_store, csps)
    assert (not results) == r.allowed
    assert results == violation_set(r)


def test_same_verdict_with_missing_parties(data_store: GraphStore) -> None:
    parties = ["E06000004", "E06000005", "local-policing-body/E23000013", "local-policing-body/E23000008"]
    r = check_merger(data_store, CROSS, parties=parties, cooperation_arrangements=False, shapes=[COMBINATION])
    results = pyshacl_over_everything(data_store, CROSS, parties=parties, cooperation_arrangements=False)
    assert results and not r.allowed
    assert results == violation_set(r)


def test_changes_agree_with_query_10(data_store: GraphStore) -> None:
    """For two CSPs, the responsible authorities each would gain equal the governance query library's answer."""
    from cspgraph.asof import in_force, latest
    from cspgraph.queries import run_query

    r = check_merger(data_store, CROSS)
    today = in_force(data_store, latest(data_store) or "2026-02-24")  # a merger is checked on today's landscape
    rows = run_query(today, "list-merger-membership-changes", csp=CROSS[0], other=CROSS[1])
    expected = {
        (str(row["constituent"]), str(row["body"])) for row in rows if str(row["change"]) == "responsible authority"
    }
    got = {(c["csp"]["uri"], b["uri"]) for c in r.changes["csps"] for b in c["joining"]}
    assert got == expected and got


def test_relevant_body_rule_is_checked_per_csp_on_both_engines() -> None:
    """Another CSP having the PCC as its relevant local policing body must not hide the combined CSP's omission (a
    FILTER NOT EXISTS nested in a UNION branch would see $this unbound on the Oxigraph engine)."""
    from rdflib import URIRef

    from cspgraph.validate import validate

    path = Path(__file__).parent / "data" / "invalid" / "combination-local-policing-body-not-relevant.ttl"
    g = Graph().parse(path, format="turtle")
    other = URIRef(f"{ID}csp/E22000030")
    cspg = "https://w3id.org/cspgraph/def/"
    g.add(
        (other, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(cspg + "CommunitySafetyPartnership"))
    )
    g.add((other, URIRef(cspg + "relevantLocalPolicingBody"), URIRef(f"{ID}local-policing-body/E23000013")))
    for engine in ("oxigraph", "pyshacl"):
        r = validate(g, shapes=[COMBINATION], engine=engine)
        got = {(x.source_shape, x.focus_node) for x in r.results}
        assert got == {
            (
                f"{SH}CombinedCommunitySafetyPartnershipShape-relevantLocalPolicingBody",
                f"{ID}csp/proposed/E22000027-E22000029",
            )
        }, engine
