"""The generated landscape reproduces the reference lookups and the law of CSP membership (CDA 1998 s5(1))."""

from __future__ import annotations

import csv
import doctest
import importlib
import io
import os
import shutil
import subprocess
import sys
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

import pytest
from rdflib import RDF, Graph, URIRef
from rdflib.compare import isomorphic

from cspgraph import files, resources
from cspgraph.asof import in_force, latest
from cspgraph.build import OUTPUTS, STEPS, build, build_graphs, output
from cspgraph.build.reference import LHB, read_table
from cspgraph.errors import InputError, ReferenceDataError
from cspgraph.progress import progress
from cspgraph.responsible import PROVISIONS, AreaFacts, Duty, responsible_authorities
from cspgraph.stores import GraphStore

ID = "https://w3id.org/cspgraph/id/"
CSPG = "https://w3id.org/cspgraph/def/"
pytestmark = pytest.mark.shared


def rows(reference: Path, name: str) -> list[dict[str, str]]:
    with (reference / name).open(newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def lookup(reference_dir: Path) -> list[dict[str, str]]:
    return rows(reference_dir, "geographr_lookup_ltla24_csp24_pfa24.csv")


@pytest.fixture(scope="module")
def today(store: GraphStore) -> GraphStore:
    """The dataset on its own as-of date, which the December 2024 lookups describe (nothing they cover changed
    after them)."""
    day = latest(store)
    assert day is not None
    return in_force(store, day)


def test_regenerated_data_equals_committed_data(reference_dir: Path) -> None:
    landscape, meta = build_graphs(reference_dir)
    committed = Graph().parse(resources.data_dir() / "landscape.ttl")
    assert isomorphic(landscape, committed), "data/landscape.ttl is stale: run `make build`"
    assert isomorphic(meta, Graph().parse(resources.data_dir() / "metadata.ttl"))


def test_counts(today: GraphStore) -> None:
    store = today
    assert store.count_instances(CSPG + "CommunitySafetyPartnership") == 314
    assert store.count_instances(CSPG + "PoliceForceArea") == 43
    assert store.count_instances(CSPG + "FireAndRescueAuthority") == 47
    assert store.count_instances(CSPG + "ProbationServiceRegion") == 12
    assert store.count_instances(CSPG + "LocalHealthBoard") == 7
    assert store.count_instances(CSPG + "IntegratedCareBoard") == 42
    lads = store.select("""SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {
        ?a <https://w3id.org/cspgraph/def/gssCode> ?c FILTER(REGEX(?c, "^(E06|E07|E08|E09|W06)")) }""")
    assert int(lads.rows[0]["n"]) == 318


def test_every_lookup_row_is_in_the_graph(today: GraphStore, lookup: list[dict[str, str]]) -> None:
    store = today
    q = """SELECT ?csp ?lad ?pfa WHERE {
      ?csp <https://w3id.org/cspgraph/def/servesArea> ?lad .
      ?lad <https://w3id.org/cspgraph/def/withinArea> ?pfa . ?pfa a <https://w3id.org/cspgraph/def/PoliceForceArea> .
      ?csp <https://w3id.org/cspgraph/def/policeForceArea> ?pfa }"""
    got = {(str(r["csp"]), str(r["lad"]), str(r["pfa"])) for r in store.select(q)}
    expected = {
        (
            f"{ID}csp/{r['csp24_code']}",
            f"{ID}local-authority-district/{r['ltla24_code']}",
            f"{ID}police-force-area/{r['pfa24_code']}",
        )
        for r in lookup
    }
    assert len(expected) == 332
    assert got == expected


def test_multi_csp_lads_are_kept(today: GraphStore) -> None:
    store = today
    got = store.select("""SELECT ?csp WHERE { ?csp <https://w3id.org/cspgraph/def/servesArea>
        <https://w3id.org/cspgraph/id/local-authority-district/E06000058> }""")
    assert {str(r["csp"]).rsplit("/", 1)[-1] for r in got} == {"E22000063", "E22000067", "E22000367"}


def expected_responsible_authorities(reference: Path) -> dict[str, set[str]]:
    """Compute every CSP's responsible authorities from the CSVs directly, independently of the builder."""
    lookup = rows(reference, "geographr_lookup_ltla24_csp24_pfa24.csv")
    fra = {r["ltla24_code"]: r["fra24_code"] for r in rows(reference, "geographr_lookup_ltla24_fra24.csv")}
    icb: dict[str, set[str]] = defaultdict(set)
    for r in rows(reference, "derived_lad22_to_icb22_from_geographr_lsoa11_lookup.csv"):
        icb[r["ltla22_code"]].add(r["icb22_code"])
    lhb = {r["ltla21_code"]: r["lhb22_code"] for r in rows(reference, "geographr_lookup_ltla21_lhb22.csv")}
    las = rows(reference, "mysociety_uk_local_authorities_current_v1.6.1.csv")
    by_code = {r["local-authority-code"]: r for r in las}
    current = {r["gss-code"]: r for r in las if r["current-authority"] == "True"}
    from cspgraph.build.facts import PROBATION_REGIONS

    probation = {pfa: code for code, (_, pfas) in PROBATION_REGIONS.items() for pfa in pfas}
    out: dict[str, set[str]] = defaultdict(set)
    for r in lookup:
        lad, csp, pfa = r["ltla24_code"], r["csp24_code"], r["pfa24_code"]
        s = out[csp]
        s.add(f"council/{lad}")
        if current[lad]["county-la"]:
            s.add(f"council/{by_code[current[lad]['county-la']]['gss-code']}")
        s.add(f"chief-officer/{pfa}")
        s.add(f"fire-and-rescue-authority/{fra[lad]}")
        s.add(f"probation-region/{probation[pfa]}")
        if lad.startswith("W"):
            s.add(f"local-health-board/{lhb[lad]}")
    return out


def test_every_csp_has_its_statutory_responsible_authorities(today: GraphStore, reference_dir: Path) -> None:
    store = today
    expected = expected_responsible_authorities(reference_dir)
    got: dict[str, set[str]] = defaultdict(set)
    q = """SELECT ?csp ?m WHERE { ?x a <https://w3id.org/cspgraph/def/ResponsibleAuthorityMembership> ;
           <http://www.w3.org/ns/org#organization> ?csp ; <http://www.w3.org/ns/org#member> ?m }"""
    for r in store.select(q):
        got[str(r["csp"]).rsplit("/", 1)[-1]].add(str(r["m"]).removeprefix(ID))
    assert set(got) == set(expected)
    for csp, want in expected.items():
        non_icb = {m for m in got[csp] if not m.startswith("integrated-care-board/")}
        assert non_icb == want, csp


def test_every_english_csp_has_an_icb_and_no_lhb(today: GraphStore) -> None:
    store = today
    q = """PREFIX cspg: <https://w3id.org/cspgraph/def/>
    SELECT ?csp WHERE { ?csp a cspg:CommunitySafetyPartnership ; cspg:inCountry ?c .
      OPTIONAL { ?csp cspg:responsibleAuthority ?icb . ?icb a cspg:IntegratedCareBoard }
      OPTIONAL { ?csp cspg:responsibleAuthority ?lhb . ?lhb a cspg:LocalHealthBoard }
      FILTER( (?c = <https://w3id.org/cspgraph/id/country/E92000001> && (!BOUND(?icb) || BOUND(?lhb)))
           || (?c = <https://w3id.org/cspgraph/id/country/W92000004> && (BOUND(?icb) || !BOUND(?lhb))) ) }"""
    assert len(store.select(q)) == 0


def test_split_icb_lads_give_two_icbs(today: GraphStore) -> None:
    store = today
    # Craven (now North Yorkshire) lies in two ICBs, so North Yorkshire's CSP has both as responsible authorities.
    q = """SELECT ?icb WHERE { <https://w3id.org/cspgraph/id/csp/E22000375>
             <https://w3id.org/cspgraph/def/responsibleAuthority> ?icb .
             ?icb a <https://w3id.org/cspgraph/def/IntegratedCareBoard> }"""
    csp_of_nyorks = store.select("""SELECT ?csp WHERE { ?csp <https://w3id.org/cspgraph/def/servesArea>
        <https://w3id.org/cspgraph/id/local-authority-district/E06000065> }""")
    assert len(csp_of_nyorks) == 1
    icbs = store.select(q.replace("<https://w3id.org/cspgraph/id/csp/E22000375>", f"<{csp_of_nyorks.rows[0]['csp']}>"))
    assert len(icbs) >= 2


def test_local_policing_body_kinds(today: GraphStore) -> None:
    store = today

    def kind(cls: str) -> set[str]:
        q = f"SELECT ?a WHERE {{ ?a <{CSPG}localPolicingBody> ?b . ?b a <{CSPG}{cls}> }}"
        return {str(r["a"]).rsplit("/", 1)[-1] for r in store.select(q)}

    assert kind("MayorWithPCCFunctions") == {"E23000005", "E23000009", "E23000010", "E23000011"}
    assert kind("PoliceFireAndCrimeCommissioner") == {"E23000002", "E23000015", "E23000022", "E23000028"}
    assert kind("MayorsOfficeForPolicingAndCrime") == {"E23000001"}
    assert kind("CityOfLondonPoliceAuthority") == {"E23000034"}
    assert len(kind("PoliceAndCrimeCommissioner")) == 37


def test_build_cli_missing_reference_file(tmp_path: Path, reference_dir: Path) -> None:
    ref = tmp_path / "ref"
    shutil.copytree(reference_dir, ref)
    (ref / "geographr_lookup_ltla24_fra24.csv").unlink()
    out = tmp_path / "out"
    out.mkdir()
    (out / "landscape.ttl").write_text("# previous\n")
    r = subprocess.run(
        [sys.executable, "-m", "cspgraph", "build", "--reference", str(ref), "--out", str(out)],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 2
    assert "geographr_lookup_ltla24_fra24.csv" in r.stderr and "missing" in r.stderr
    assert "Traceback" not in r.stderr
    assert (out / "landscape.ttl").read_text() == "# previous\n"  # untouched


def test_build_cli_bad_columns(tmp_path: Path, reference_dir: Path) -> None:
    ref = tmp_path / "ref"
    shutil.copytree(reference_dir, ref)
    (ref / "geographr_lookup_ltla21_lhb22.csv").write_text("a,b\n1,2\n")
    r = subprocess.run(
        [sys.executable, "-m", "cspgraph", "build", "--reference", str(ref), "--out", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 2
    assert "line 1" in r.stderr and "lhb22_code" in r.stderr
    assert not list(tmp_path.glob("*.ttl"))


def test_build_cli_writes_files(tmp_path: Path, reference_dir: Path) -> None:
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "cspgraph",
            "build",
            "--reference",
            str(reference_dir),
            "--out",
            str(tmp_path),
            "--quiet",
        ],
        capture_output=True,
        text=True,
    )
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""
    g = Graph().parse(tmp_path / "landscape.ttl")
    assert (URIRef(ID + "csp/E22000365"), None, None) in g
    assert not list(tmp_path.glob(".*.tmp"))


# ---------------------------------------------------------------- the package: docs, the s5(1) rule, output, progress


BUILD_MODULES = [
    "cspgraph.build",
    "cspgraph.build.reference",
    "cspgraph.build.graph",
    "cspgraph.build.dated",
    "cspgraph.build.change",
    "cspgraph.build.councils",
    "cspgraph.build.offices",
    "cspgraph.build.national",
    "cspgraph.build.geography",
    "cspgraph.build.combined",
    "cspgraph.build.policing",
    "cspgraph.build.panels",
    "cspgraph.build.services",
    "cspgraph.build.health",
    "cspgraph.build.partnership",
    "cspgraph.build.funding",
    "cspgraph.build.timeline",
    "cspgraph.asof",
    "cspgraph.build.metadata",
    "cspgraph.build.output",
    "cspgraph.build.facts",
    "cspgraph.progress",
]


@pytest.mark.parametrize("name", BUILD_MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_memberships_come_from_the_s5_rule(reference_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every membership is a duty cspgraph.responsible gave for some day, with its provision; and every duty it gave
    is a membership of that day."""
    import cspgraph.build.partnership as partnership

    calls: list[list[Duty]] = []

    def recording(areas: Iterable[AreaFacts]) -> list[Duty]:
        calls.append(responsible_authorities(areas))
        return calls[-1]

    monkeypatch.setattr(partnership, "responsible_authorities", recording)
    landscape, _ = build_graphs(reference_dir)
    assert len(calls) % 314 == 0 and len(calls) > 314  # once per CSP for every period of the landscape
    duties = {(d.body, d.provision) for ds in calls for d in ds}
    assert {d.provision for ds in calls for d in ds} == set(PROVISIONS.values())
    memberships = set(landscape.subjects(RDF.type, URIRef(CSPG + "ResponsibleAuthorityMembership")))
    seen = set()
    for m in memberships:
        member = str(landscape.value(m, URIRef("http://www.w3.org/ns/org#member")))
        provision = str(landscape.value(m, URIRef(CSPG + "statutoryBasis"))).removeprefix(f"{ID}provision/")
        assert (member, provision) in duties, m
        seen.add((member, provision))
    assert seen == duties


def test_reference_errors_name_the_file_and_line(tmp_path: Path) -> None:
    (tmp_path / LHB).write_text("ltla21_code,lhb22_code,lhb22_name\nW06000001,W11000023,Betsi\nW06000002,W11000023\n")
    with pytest.raises(ReferenceDataError) as e:
        read_table(tmp_path, LHB)
    assert e.value.path == str(tmp_path / LHB) and e.value.line == 3 and "lhb22_name" in str(e.value)
    (tmp_path / LHB).write_text("ltla21_code,lhb22_code,lhb22_name\n")
    with pytest.raises(ReferenceDataError, match="no rows"):
        read_table(tmp_path, LHB)


def test_an_unknown_district_names_the_lookup_line(tmp_path: Path, reference_dir: Path) -> None:
    ref = tmp_path / "ref"
    shutil.copytree(reference_dir, ref, ignore=shutil.ignore_patterns("*.rda"))
    path = ref / "geographr_lookup_ltla24_csp24_pfa24.csv"
    lines = path.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    lines[5] = "E06999999" + lines[5][lines[5].index(",") :]
    path.write_text("".join(lines))
    with pytest.raises(ReferenceDataError, match="E06999999 .from line 6 of geographr_lookup"):
        build_graphs(ref)


def test_a_failed_write_leaves_both_files_as_they_were(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in OUTPUTS:
        (tmp_path / name).write_text("old\n")
    real = files._temporary

    def failing(target: Path, data: bytes, mode: int, made: list[tuple[Path, Path]]) -> None:
        real(target, data, mode, made)
        if target.name == OUTPUTS[1]:
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(files, "_temporary", failing)
    with pytest.raises(InputError, match="No space left"):
        output.write_all(tmp_path, dict.fromkeys(OUTPUTS, b"new\n"))
    assert [(tmp_path / n).read_text() for n in OUTPUTS] == ["old\n", "old\n"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(OUTPUTS)


def test_a_write_stopped_between_renames_is_found_and_repaired(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in OUTPUTS:
        (tmp_path / name).write_text("old\n")
    renames: list[str] = []

    def stopping(src: str | Path, dst: str | Path) -> None:
        if renames:
            raise KeyboardInterrupt
        renames.append(str(dst))
        os.rename(src, dst)

    monkeypatch.setattr(files.os, "replace", stopping)
    with pytest.raises(KeyboardInterrupt):
        output.write_all(tmp_path, dict.fromkeys(OUTPUTS, b"new\n"))
    monkeypatch.undo()
    assert [(tmp_path / n).read_text() for n in OUTPUTS] == ["new\n", "old\n"]
    (left,) = files.leftovers([tmp_path / n for n in OUTPUTS])  # the trace of the half-done write
    assert left.name.startswith(f".{OUTPUTS[1]}.")
    assert output.write_all(tmp_path, dict.fromkeys(OUTPUTS, b"newer\n")) == [left]
    assert [(tmp_path / n).read_text() for n in OUTPUTS] == ["newer\n", "newer\n"]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(OUTPUTS)


def test_build_rewrites_both_after_an_interrupted_build(
    tmp_path: Path, reference_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "landscape.ttl").write_text("# new\n")
    (tmp_path / "metadata.ttl").write_text("# old\n")
    (tmp_path / ".metadata.ttl.x1y2z3.tmp").write_text("# half-done\n")
    steps: list[str] = []
    with caplog.at_level("WARNING", logger="cspgraph.build"):
        counts = build(reference_dir, tmp_path, steps.append)
    assert len(steps) == STEPS
    assert ".metadata.ttl.x1y2z3.tmp" in caplog.text and "stopped" in caplog.text
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*OUTPUTS, "maps", "scenarios"])
    meta = Graph().parse(tmp_path / "metadata.ttl")
    subset = URIRef("https://w3id.org/cspgraph/graph/landscape")
    triples = meta.value(subset, URIRef("http://rdfs.org/ns/void#triples"))
    assert triples is not None and int(triples) == counts["landscape.ttl"]


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_is_drawn_on_a_terminal_only() -> None:
    term = Terminal()
    with progress(2, stream=term, description="building", animate=False) as step:
        step("reading the reference lookups")
        step("writing")
    assert "reading the reference lookups" in term.getvalue() and "2/2" in term.getvalue()
    for quiet, stream in ((True, Terminal()), (False, io.StringIO())):
        with progress(2, quiet=quiet, stream=stream) as step:
            step("reading")
        assert stream.getvalue() == ""
