"""Every shape against its fixtures: tests/data/valid/*.ttl must conform, tests/data/invalid/*.ttl must break exactly
the shape named in their header (``# expect-shape:``) at exactly the focus nodes named there (``# expect-focus:``).

Both engines (SPARQL on Oxigraph and plain pySHACL) must give identical results on every fixture.
"""

from __future__ import annotations

import importlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from cspgraph.resources import shapes_files

v = importlib.import_module("cspgraph.validate")  # the module (the package exports the function of the same name)

DATA = Path(__file__).parent / "data"
VALID = sorted((DATA / "valid").glob("*.ttl"))
INVALID = sorted((DATA / "invalid").glob("*.ttl"))


@dataclass
class Fixture:
    path: Path
    shapes: set[str] = field(default_factory=set)
    foci: set[str] = field(default_factory=set)
    conforms: bool = False
    for_files: set[str] = field(default_factory=set)  # "Fixture for shapes/X.shapes.ttl": conforms to those shapes

    @property
    def graph(self) -> Graph:
        return Graph().parse(self.path, format="turtle")


def read_fixture(path: Path) -> Fixture:
    fx = Fixture(path)
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            continue
        fx.for_files.update(re.findall(r"shapes/([\w-]+\.shapes\.ttl)", line))
        key, _, value = line.lstrip("# ").partition(":")
        value = value.strip()
        if key == "expect-shape":
            fx.shapes.add(value)
        elif key == "expect-focus":
            fx.foci.add(value)
        elif key == "expect" and value == "conforms":
            fx.conforms = True
    return fx


def all_shapes() -> dict[str, list[v._Shape]]:
    """Compiled shapes by file name."""
    out = {}
    for f in shapes_files():
        bundle = v.load_shapes([f])
        assert bundle.compiled is not None, f"{f.name}: {bundle.unsupported}"
        out[f.name] = bundle.compiled
    return out


def test_there_are_fixtures() -> None:
    assert len(VALID) >= 2 and len(INVALID) >= 30


@pytest.mark.parametrize("path", VALID, ids=lambda p: p.stem)
def test_valid_fixture_conforms(path: Path) -> None:
    fx = read_fixture(path)
    assert fx.conforms, f"{path.name}: a valid fixture says '# expect: conforms'"
    report = v.validate(fx.graph)
    results = report.results
    if fx.for_files:  # a fixture for one shapes file conforms to that file's shapes
        names = {str(s.node) for f in fx.for_files for s in all_shapes()[f]}
        results = [r for r in results if r.source_shape in names]
    assert results == [], report.to_text()


@pytest.mark.parametrize("path", INVALID, ids=lambda p: p.stem)
def test_invalid_fixture_breaks_the_stated_shape(path: Path) -> None:
    fx = read_fixture(path)
    assert len(fx.shapes) == 1 and fx.foci, f"{path.name}: needs one '# expect-shape:' and '# expect-focus:' lines"
    shape = next(iter(fx.shapes))
    report = v.validate(fx.graph)
    got = {r.focus_node for r in report.results if r.source_shape == shape}
    assert got == fx.foci, report.to_text()
    assert not report.shacl_conforms


@pytest.mark.parametrize("path", VALID + INVALID, ids=lambda p: p.stem)
def test_engines_agree_on_fixture(path: Path) -> None:
    g = read_fixture(path).graph
    fast = v.validate(g)
    plain = v.validate(g, engine="pyshacl")
    assert fast.engine == "oxigraph" and plain.engine == "pyshacl"
    assert fast.keys() == plain.keys()


def test_every_shape_has_a_failing_fixture() -> None:
    expected = {s for fx in map(read_fixture, INVALID) for s in fx.shapes}
    for name, shapes in all_shapes().items():
        for s in shapes:
            has_rule = s.sparqls or s.min_count is not None or s.max_count is not None
            if has_rule:
                assert str(s.node) in expected, f"{name}: no invalid fixture for {s.node}"


def test_every_shape_has_a_conforming_fixture_that_exercises_it() -> None:
    """Each rule-bearing shape has at least one focus node in some valid fixture (and valid fixtures conform)."""
    exercised: set[str] = set()
    for path in VALID:
        d = v._prepare(read_fixture(path).graph, (), None, None)
        focus = v._Focus(d)
        for shapes in all_shapes().values():
            for s in shapes:
                targets = ([s.targets] if any(s.targets.values()) else []) + s.parent_targets
                if any(focus.of(kind, x) for t in targets for kind, xs in t.items() for x in xs):
                    exercised.add(str(s.node))
    for name, shapes in all_shapes().items():
        for s in shapes:
            if s.sparqls or s.min_count is not None or s.max_count is not None:
                assert str(s.node) in exercised, f"{name}: no valid fixture exercises {s.node}"


def test_shapes_are_documented() -> None:
    """Every rule shape has a message, an explicit severity, a legislation source, a provision and a fix hint."""
    from rdflib.namespace import DCTERMS, RDFS, SKOS

    from cspgraph.namespaces import SH

    for f in shapes_files():
        g = Graph().parse(f, format="turtle")
        for s in set(g.subjects(SH.sparql, None)) | set(g.subjects(SH.minCount, None)):
            where = f"{f.name}: {s}"
            assert isinstance(s, URIRef) and str(s).startswith(v.SHAPES_NS), f"{where} must be a named shape"
            messages = [g.value(s, SH.message)] + [g.value(c, SH.message) for c in g.objects(s, SH.sparql)]
            assert any(m is not None for m in messages), f"{where} has no sh:message"
            assert g.value(s, SH.severity) in (SH.Violation, SH.Warning, SH.Info), f"{where} has no sh:severity"
            assert g.value(s, DCTERMS.source) is not None, f"{where} has no dcterms:source"
            assert g.value(s, SKOS.editorialNote) is not None, f"{where} has no fix hint (skos:editorialNote)"
            assert g.value(s, RDFS.seeAlso) is not None, f"{where} has no rdfs:seeAlso"


def test_shapes_cite_provisions_that_exist() -> None:
    from rdflib.namespace import RDFS

    from cspgraph.resources import data_dir

    provisions = set(Graph().parse(data_dir() / "legislation.ttl", format="turtle").subjects())
    for f in shapes_files():
        g = Graph().parse(f, format="turtle")
        for s, o in g.subject_objects(RDFS.seeAlso):
            if str(o).startswith("https://w3id.org/cspgraph/id/provision/"):
                assert o in provisions, f"{f.name}: {s} cites {o}, which data/legislation.ttl does not have"


@pytest.mark.parametrize(
    "name",
    ["combination-not-union", "combination-extra-authority", "combination-local-policing-body-not-relevant"],
)
def test_combined_csp_rules_need_a_second_current_area(name: str) -> None:
    """The combined-CSP rules hold only while the CSP serves two current areas (they test the second area with
    FILTER EXISTS): the fixture breaks its rule, and no longer does once Hartlepool, one of its two areas, has ended."""
    from rdflib import Literal
    from rdflib.namespace import XSD

    fx = read_fixture(DATA / "invalid" / f"{name}.ttl")
    shape = next(iter(fx.shapes))
    ended = fx.graph
    ended.add(
        (
            URIRef("https://w3id.org/cspgraph/id/local-authority-district/E06000001"),
            URIRef("https://schema.org/validUntil"),
            Literal("2020-04-01", datatype=XSD.date),
        )
    )
    for engine in ("oxigraph", "pyshacl"):
        for graph, expected in ((fx.graph, fx.foci), (ended, set())):
            report = v.validate(graph, engine=engine, as_of="2024-12-31")
            assert {r.focus_node for r in report.results if r.source_shape == shape} == expected, (engine, expected)
