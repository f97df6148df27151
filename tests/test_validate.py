"""cspgraph.validate and `cspgraph validate`: the typed report, dates, focus nodes, extra files, exit codes, the
shapes graph against SHACL-for-SHACL, the shipped data's documented exceptions, and the two engines on the landscape.
"""

from __future__ import annotations

import importlib
import json
from functools import cache
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from cspgraph.cli import main
from cspgraph.namespaces import SH
from cspgraph.stores import OxigraphStore, open_store

v = importlib.import_module("cspgraph.validate")  # the module (the package exports the function of the same name)

ID = "https://w3id.org/cspgraph/id/"
SHAPES = "https://w3id.org/cspgraph/shapes/"
DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).parent.parent


@cache
def landscape_store() -> OxigraphStore:
    store = open_store("oxigraph")
    assert isinstance(store, OxigraphStore)
    return store


@cache
def landscape_report() -> v.ValidationReport:
    return v.validate(landscape_store())


def expected_exceptions() -> set[tuple[str, str]]:
    pairs = set()
    for line in (DATA / "landscape-exceptions.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            shape, focus, _why = line.split("\t")
            pairs.add((SHAPES + shape, ID + focus))
    return pairs


# ---------------------------------------------------------------- the library
def test_report_is_typed_and_keeps_the_shacl_graph() -> None:
    report = landscape_report()
    assert report.engine == "oxigraph" and report.as_of == "2026-02-24"
    assert all(isinstance(r.severity, v.Severity) for r in report.results)
    assert sum(report.counts.values()) == len(report.results)
    assert report.conforms is (report.counts["Violation"] == 0)
    results = set(report.graph.subjects(None, SH.ValidationResult))
    assert len(results) == len(report.results)
    assert (None, SH.conforms, None) in report.graph


def test_results_carry_what_a_person_needs() -> None:
    bcp = [r for r in landscape_report().results if r.focus_node == ID + "local-authority-district/E06000058"]
    assert {r.value for r in bcp} == {ID + "csp/E22000063", ID + "csp/E22000067", ID + "csp/E22000367"}
    r = bcp[0]
    assert r.focus_label == "Bournemouth, Christchurch and Poole" and r.focus_code == "E06000058"
    assert r.severity is v.Severity.VIOLATION
    assert r.provision == "CDA 1998 s5(1)"
    assert r.provision_uri == "http://www.legislation.gov.uk/ukpga/1998/37/section/5"
    assert r.provision_node == ID + "provision/cda-1998-s5"
    assert r.fix and r.rule and r.message
    assert r.value_label and r.value_label.endswith("Community Safety Partnership")


def test_text_report_is_grouped_by_body() -> None:
    text = landscape_report().to_text()
    head = "Bournemouth, Christchurch and Poole (E06000058)"
    assert head in text
    block = text.split(head, 1)[1].split("\n\n", 1)[0]
    assert block.count("VIOLATION") == 3 and "Law: CDA 1998 s5(1)" in block and "Fix:" in block


def test_json_report() -> None:
    data = json.loads(landscape_report().to_json())
    assert data["counts"] == landscape_report().counts
    assert {(r["source_shape"], r["focus_node"]) for r in data["results"]} == landscape_report().pairs()


def test_shipped_data_breaks_exactly_the_documented_rules() -> None:
    """The landscape and seeds break these rules, as docs/validation.md 'Where the data contradicts the law' documents."""
    assert landscape_report().pairs() == expected_exceptions()


def test_documented_exceptions_are_in_the_docs() -> None:
    section = (
        (ROOT / "docs" / "validation.md")
        .read_text(encoding="utf-8")
        .split("## Where the data contradicts the law", 1)[1]
    )
    for shape, focus in expected_exceptions():
        if shape.endswith("LocalGovernmentAreaShape-servesArea") or focus == ID + "csp/W14000023":
            code = focus.rsplit("/", 1)[-1]
            assert code in section, f"{code} is reported by cspgraph validate but not documented in docs/validation.md"


def test_as_of_changes_what_is_current() -> None:
    """West Yorkshire's PCC took office on 2012-11-22 (the mayor took the functions on 2021-05-10): before that the
    area had a police authority, which was not a local policing body, and lawfully so, since the rule that every
    police area has a local policing body (PRSRA 2011 s1) came into force that day: on 2012-06-01 the rule is not
    applied, and the report says so."""
    pair = (SHAPES + "PoliceForceAreaShape-localPolicingBody", ID + "police-force-area/E23000010")
    assert pair not in landscape_report().pairs()
    assert pair not in v.validate(landscape_store(), as_of="2021-01-01").pairs()
    earlier = v.validate(landscape_store(), as_of="2012-06-01")
    assert earlier.as_of == "2012-06-01" and pair not in earlier.pairs()
    assert SHAPES + "PoliceForceAreaShape-localPolicingBody" in earlier.not_in_force
    assert any("prsra-2011-s1" in n and "2012-11-22" in n for n in earlier.notes)
    assert len(landscape_store()) == len(open_store("oxigraph"))  # the store was not changed


def test_focus_nodes_restrict_validation() -> None:
    focus = ID + "local-authority-district/E06000058"
    report = v.validate(landscape_store(), focus_nodes=[focus])
    assert report.focus_nodes == [focus]
    assert {r.focus_node for r in report.results} == {focus}
    assert report.keys() == {r.key for r in landscape_report().results if r.focus_node == focus}
    assert v.validate(landscape_store(), focus_nodes=[ID + "csp/E22000365"]).results == []


@pytest.mark.parametrize(
    "focus", [None, [ID + "csp/E22000332", ID + "csp/E22000027", ID + "local-authority-district/E06000001"]]
)
def test_one_thread_or_several_give_the_same_results(monkeypatch: pytest.MonkeyPatch, focus: list[str] | None) -> None:
    """The engine runs its queries on a pool of threads: the results, in their order, are those of one thread."""
    engine = importlib.import_module("cspgraph.validate.engine")
    d = v._prepare(landscape_store(), (), None, None)
    bundle = v.load_shapes()
    wanted = {URIRef(f) for f in focus} if focus is not None else None
    runs = []
    for workers in (1, 2, 4):
        monkeypatch.setattr(engine, "WORKERS", workers)
        runs.append(engine.run_oxigraph(d, bundle.compiled, wanted, bundle.graph))
    assert runs[0] and runs[1] == runs[0] and runs[2] == runs[0]
    assert len(engine._POOL) == 1  # one pool at a time, for the latest number of threads


def test_extra_files_are_validated_with_the_data(tmp_path: Path) -> None:
    extra = tmp_path / "pcc-member.ttl"
    extra.write_text(
        "@prefix cspg: <https://w3id.org/cspgraph/def/> . @prefix org: <http://www.w3.org/ns/org#> .\n"
        "<urn:x:m> a cspg:ResponsibleAuthorityMembership ; org:organization <https://w3id.org/cspgraph/id/csp/E22000365> ;"
        " org:member <https://w3id.org/cspgraph/id/local-policing-body/E23000008> .\n",
        encoding="utf-8",
    )
    before = len(landscape_store())
    report = v.validate(landscape_store(), extra_files=[extra])
    pair = (SHAPES + "CommunitySafetyPartnershipShape-responsibleAuthority-localPolicingBody", ID + "csp/E22000365")
    assert pair in report.pairs() and report.pairs() - {pair} == landscape_report().pairs()
    assert len(landscape_store()) == before


def test_bad_input_is_an_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e .\n", encoding="utf-8")
    with pytest.raises(v.InputError, match=r"bad\.ttl, line 3"):
        v.validate(Graph(), extra_files=[bad])
    with pytest.raises(v.InputError, match="not a date"):
        v.validate(Graph(), as_of="31/12/2024")
    with pytest.raises(v.InputError, match="engine"):
        v.validate(Graph(), engine="jena")
    with pytest.raises(v.InputError, match="no such shapes"):
        v.validate(Graph(), shapes=[tmp_path / "none.shapes.ttl"])


def test_shapes_graph_passes_shacl_for_shacl() -> None:
    conforms, text = v.meta_validate()
    assert conforms, text


def test_shacl_for_shacl_catches_a_broken_shape(tmp_path: Path) -> None:
    broken = tmp_path / "broken.shapes.ttl"
    broken.write_text(
        "@prefix sh: <http://www.w3.org/ns/shacl#> .\n"
        '<urn:x:S> a sh:PropertyShape ; sh:path <urn:x:p> ; sh:minCount "one" .\n',
        encoding="utf-8",
    )
    conforms, _ = v.meta_validate([broken])
    assert not conforms


# ---------------------------------------------------------------- the CLI
def test_cli_exit_1_on_violations(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 1
    out = capsys.readouterr().out
    assert "Buckinghamshire (E06000060)" in out and "Cwm Taf Community Safety Partnership" in out


def test_cli_exit_0_when_no_violation(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--shapes", str(ROOT / "shapes" / "accountability.shapes.ttl")]) == 0
    assert "conforms" in capsys.readouterr().out


def test_cli_json_and_ttl(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["validate", "--format", "json", "--focus", ID + "local-authority-district/E07000244"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert {r["focus_code"] for r in data["results"]} == {"E07000244"}
    out = tmp_path / "report.ttl"
    assert main(["validate", "--format", "ttl", "-o", str(out)]) == 1
    g = Graph().parse(out, format="turtle")
    assert len(set(g.subjects(None, SH.ValidationResult))) == len(landscape_report().results)


def test_cli_exit_2_on_bad_input(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b .\n", encoding="utf-8")
    assert main(["validate", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "bad.ttl, line 2" in err and "Traceback" not in err
    assert main(["validate", str(tmp_path / "missing.ttl")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert main(["validate", "--date", "2024-13-01"]) == 2


# ---------------------------------------------------------------- the engines on the whole landscape
@pytest.fixture
def cached_sparql_parsing(monkeypatch: pytest.MonkeyPatch) -> None:
    """pySHACL re-parses each SPARQL constraint for every focus node; rdflib's parser dominates its run time. Parse
    each distinct query text once (the same algebra is then evaluated by rdflib exactly as before)."""
    from rdflib.plugins.sparql import processor

    memo: dict[tuple[str, str | None], object] = {}
    original = processor.SPARQLProcessor.query

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):  # noqa: N803
        if isinstance(strOrQuery, str):
            key = (strOrQuery, base)
            if key not in memo:
                memo[key] = processor.translateQuery(processor.parseQuery(strOrQuery), base, initNs)
            strOrQuery = memo[key]
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    monkeypatch.setattr(processor.SPARQLProcessor, "query", query)


@pytest.mark.slow
def test_engines_agree_on_the_landscape(cached_sparql_parsing: None) -> None:
    plain = v.validate(landscape_store(), engine="pyshacl")
    assert plain.engine == "pyshacl"
    assert plain.keys() == landscape_report().keys()
    assert isinstance(next(iter(plain.graph.objects(None, SH.focusNode))), URIRef)


# ---------------------------------------------------------------- the package's examples
@pytest.mark.parametrize(
    "name", ["report", "shapes", "data", "engine", "compile", "focus", "annotate", "pyshacl_engine", "commence"]
)
def test_docstring_examples_run(name: str) -> None:
    import doctest

    module = importlib.import_module(f"cspgraph.validate.{name}")
    failures, _ = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert failures == 0
