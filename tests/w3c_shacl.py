"""The W3C SHACL test suite (core and SPARQL manifests, vendored in tests/data/w3c-shacl): reading the manifests,
running one case on an engine, and comparing the report with the expected one as a set of results.

``python tests/w3c_shacl.py`` prints the pass count of each engine and every case that does not pass.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF

from cspgraph.errors import CspGraphError
from cspgraph.namespaces import SH

SUITE = Path(__file__).parent / "data" / "w3c-shacl"
MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
SHT = "http://www.w3.org/ns/shacl-test#"


@dataclass
class Case:
    """One test case: its IRI, the data and shapes files, and the expected report (None: the suite expects failure)."""

    name: str
    manifest: Path
    entry: Any
    data: Path
    shapes: Path
    fails: bool

    def expected(self, data: Graph) -> tuple[set[tuple[Any, ...]], bool | None]:
        """The expected results and verdict, read from ``data`` when the manifest is the data file (same blank nodes)."""
        g = data if self.manifest == self.data else _graph(self.manifest)
        report = g.value(self.entry, URIRef(MF + "result"))
        conforms = g.value(report, SH.conforms)
        return result_set(g, node=report), bool(conforms.toPython()) if conforms is not None else None


def _path(g: Graph, node: Any) -> str:
    """A SHACL path as text, so that a blank-node path compares by its structure."""
    if isinstance(node, URIRef):
        return f"<{node}>"
    if (node, RDF.first, None) in g:
        return "(" + " / ".join(_path(g, x) for x in Collection(g, node)) + ")"
    for p, fmt in (
        (SH.inversePath, "^{}"),
        (SH.zeroOrMorePath, "{}*"),
        (SH.oneOrMorePath, "{}+"),
        (SH.zeroOrOnePath, "{}?"),
    ):
        inner = g.value(node, p)
        if inner is not None:
            return fmt.format(_path(g, inner))
    alt = g.value(node, SH.alternativePath)
    if alt is not None:
        return "(" + " | ".join(_path(g, x) for x in Collection(g, alt)) + ")"
    return str(node)


def result_set(report: Graph, *context: Graph, node: Any = None) -> set[tuple[Any, ...]]:
    """The top-level results of a report (``node``, else its one sh:ValidationReport) as (focus, path, value,
    severity, component, shape) tuples."""
    g = report
    for c in context:
        g = g + c
    if node is None:
        node = next(report.subjects(RDF.type, SH.ValidationReport))
    out = set()
    for r in report.objects(node, SH.result):
        path = report.value(r, SH.resultPath)
        out.add(
            (
                report.value(r, SH.focusNode),
                None if path is None else _path(g, path),
                report.value(r, SH.value),
                report.value(r, SH.resultSeverity),
                report.value(r, SH.sourceConstraintComponent),
                report.value(r, SH.sourceShape),
            )
        )
    return out


def _graph(path: Path) -> Graph:
    from cspgraph.validate.shapes import exact_literals

    with exact_literals():
        return Graph().parse(path, format="turtle", publicID=path.resolve().as_uri())


def _local(iri: Any) -> Path:
    return Path(str(iri).removeprefix("file://"))


def _cases_of(manifest: Path) -> Iterator[Case]:
    g = _graph(manifest)
    for inc in g.objects(None, URIRef(MF + "include")):
        yield from _cases_of(_local(inc))
    for m in g.subjects(RDF.type, URIRef(MF + "Manifest")):
        for lst in g.objects(m, URIRef(MF + "entries")):
            for entry in Collection(g, lst):
                action = g.value(entry, URIRef(MF + "action"))
                result = g.value(entry, URIRef(MF + "result"))
                data = _local(g.value(action, URIRef(SHT + "dataGraph")))
                shapes = _local(g.value(action, URIRef(SHT + "shapesGraph")))
                name = f"{manifest.parent.name}/{str(entry).rsplit('/', 1)[-1]}"
                yield Case(name, manifest, entry, data, shapes, result == URIRef(SHT + "Failure"))


def cases() -> list[Case]:
    """Every case of the core and SPARQL manifests, in a stable order."""
    out = [c for top in ("core", "sparql") for c in _cases_of(SUITE / top / "manifest.ttl")]
    return sorted(out, key=lambda c: c.name)


def run(case: Case, engine: str) -> tuple[bool, str]:
    """Run one case on an engine: (passed, what happened)."""
    from cspgraph.validate import validate

    data = _graph(case.data)
    shapes = data if case.shapes == case.data else _graph(case.shapes)
    try:
        report = validate(data, shapes=shapes, engine=engine, include_ontology=False)
    except CspGraphError as e:
        return case.fails, f"refused: {e}"
    if case.fails:
        return False, "accepted a shapes graph the suite expects to be refused"
    expected, conforms = case.expected(data)
    got = result_set(report.graph, data, shapes)
    if got != expected:
        return False, f"missing {expected - got}; unexpected {got - expected}"
    if conforms is not None and conforms != report.shacl_conforms:
        return False, f"conforms {report.shacl_conforms}, expected {conforms}"
    return True, f"{len(got)} results ({report.engine})"


def left_to_pyshacl() -> list[str]:
    """The cases (of those expecting a report) whose shapes the default engine hands to pySHACL."""
    from cspgraph.validate import validate

    out = []
    for c in cases():
        if not c.fails:
            data = _graph(c.data)
            shapes = data if c.shapes == c.data else _graph(c.shapes)
            if validate(data, shapes=shapes, include_ontology=False).engine == "pyshacl":
                out.append(c.name)
    return out


if __name__ == "__main__" and sys.argv[1:] == ["--left"]:
    print("\n".join(left_to_pyshacl()))
elif __name__ == "__main__":
    all_cases = cases()
    for eng in sys.argv[1:] or ["oxigraph", "pyshacl"]:
        passed = 0
        for c in all_cases:
            try:
                ok, why = run(c, eng)
            except Exception as e:  # a crash is a failure here
                ok, why = False, f"crash: {type(e).__name__}: {e}"
            passed += ok
            if not ok:
                print(f"  {eng} FAIL {c.name}: {why[:300]}")
        print(f"{eng}: {passed} of {len(all_cases)} pass")
