"""Compile a shapes graph into the fast engine's constraints: SPARQL constraints and counted cardinalities.

A shapes graph that uses anything else raises :class:`Unsupported`, and pySHACL validates it instead.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from cspgraph.namespaces import SH
from cspgraph.validate.sparql import plan

__all__ = ["TARGETS", "Shape", "Sparql", "Unsupported", "compile_shapes"]


class Unsupported(Exception):
    """The shapes use a SHACL feature the Oxigraph engine does not evaluate; pySHACL is used instead."""


@dataclass
class Sparql:
    """One compiled SPARQL constraint: its node in the shapes graph, the query with prefixes, its messages."""

    node: Any
    query: str
    messages: list[Literal]
    mode: str = "unbound"
    uses_shapes_graph: bool = False


@dataclass
class Shape:
    """One compiled shape: targets, severity, messages, SPARQL constraints and cardinalities of a simple path."""

    node: Any
    is_property: bool
    path: Any
    path_text: str | None
    severity: URIRef
    messages: list[Literal]
    sparqls: list[Sparql]
    min_count: int | None
    max_count: int | None
    targets: dict[str, list[Any]]
    parent_targets: list[dict[str, list[Any]]] = field(default_factory=list)


TARGETS = {
    SH.targetClass: "class",
    SH.targetNode: "node",
    SH.targetSubjectsOf: "subjectsOf",
    SH.targetObjectsOf: "objectsOf",
}
_NON_VALIDATING = {
    SH.message,
    SH.severity,
    SH.name,
    SH.description,
    SH.order,
    SH.group,
    SH.path,
    SH.property,
    SH.sparql,
    SH.minCount,
    SH.maxCount,
    SH.deactivated,
    *TARGETS,
}
SHAPES_GRAPH_IRI = "urn:x-cspgraph:shapes-graph"
_SHAPES_GRAPH = re.compile(r"[\$\?]shapesGraph\b")
_CURRENT_SHAPE = re.compile(r"[\$\?]currentShape\b")
_BOUND = re.compile(r"\bbound\s*\(\s*[\$\?](shapesGraph|currentShape)\s*\)", re.I)
_THIS = re.compile(r"([\s{}()])[\$\?]this", re.M)
_PATH = re.compile(r"([\s{}()])[\$\?]PATH", re.M)


def imports_closure(sg: Graph, node: Any) -> list[Any]:
    out, todo = [node], [node]
    while todo:
        for imp in sg.objects(todo.pop(), OWL.imports):
            if imp not in out:
                out.append(imp)
                todo.append(imp)
    return out


def prefixes(sg: Graph, sparql_node: Any) -> dict[str, str]:
    """The PREFIX declarations of a SPARQL constraint: ``sh:declare`` of each ``sh:prefixes`` value and of the
    ontologies it ``owl:imports`` (transitively, within the shapes graph: nothing is fetched)."""
    out = {"rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL)}
    onts = set(sg.subjects(RDF.type, OWL.Ontology))
    global_declares = {d for o in onts for d in sg.objects(o, SH.declare)}
    for pv in sg.objects(sparql_node, SH.prefixes):
        own = {d for x in imports_closure(sg, pv) for d in sg.objects(x, SH.declare)}
        declares = own if (own and pv in onts) else global_declares | own
        for d in declares:
            out[str(sg.value(d, SH.prefix))] = str(sg.value(d, SH.namespace))
    return out


def component_parameters(sg: Graph) -> dict[Any, Any]:
    """The parameter predicates of the shapes graph's own constraint components, with their component."""
    return {sg.value(param, SH.path): comp for comp, param in sg.subject_objects(SH.parameter)}


def path_text(sg: Graph, path: Any) -> str:
    """A path in SPARQL syntax: an IRI or the inverse of one (anything else is unsupported)."""
    if isinstance(path, URIRef):
        return f"<{path}>"
    inv = sg.value(path, SH.inversePath)
    if isinstance(inv, URIRef) and len(set(sg.predicate_objects(path))) == 1:
        return f"^<{inv}>"
    raise Unsupported(f"path {path!r} is neither an IRI nor an inverse IRI path")


def prebind_shape(text: str, shape: URIRef) -> str:
    """Pre-bind ``$shapesGraph`` and ``$currentShape`` as SHACL says: the shapes graph (loaded into a named graph
    of a copy of the data) and the shape's IRI (a constant of the shapes file, like ``$PATH``).

    >>> prebind_shape("ASK { FILTER bound($currentShape) GRAPH $shapesGraph { $currentShape ?p ?o } }", URIRef("urn:x:S"))
    'ASK { FILTER (true) GRAPH <urn:x-cspgraph:shapes-graph> { <urn:x:S> ?p ?o } }'
    """
    text = _BOUND.sub("(true)", text)
    text = _SHAPES_GRAPH.sub(f"<{SHAPES_GRAPH_IRI}>", text)
    return _CURRENT_SHAPE.sub(lambda _m: f"<{shape}>", text)


def _shape_nodes(sg: Graph) -> set[Any]:
    nodes: set[Any] = set(sg.subjects(RDF.type, SH.NodeShape)) | set(sg.subjects(RDF.type, SH.PropertyShape))
    nodes |= set(sg.objects(None, SH.property))
    for t in TARGETS:
        nodes |= set(sg.subjects(t, None))
    for s in nodes:
        if (s, RDF.type, RDFS.Class) in sg or (s, RDF.type, OWL.Class) in sg:
            raise Unsupported(f"{s} is an implicit class target")
    return nodes


def _compile_sparql(sg: Graph, s: Any, sp: Any, path: Any) -> Sparql | None:
    for p in sg.predicates(sp, None):
        if p not in (RDF.type, SH.select, SH.prefixes, SH.message, SH.deactivated):
            raise Unsupported(f"SPARQL constraint of {s} uses {p}")
    if (sp, SH.deactivated, Literal(True)) in sg:
        return None
    text = str(sg.value(sp, SH.select))
    if not _THIS.search(text):
        raise Unsupported(f"SPARQL constraint of {s} does not use $this")
    if path is not None:
        text = _PATH.sub(r"\g<1>" + path_text(sg, path).replace("\\", "\\\\"), text)
    prologue = "".join(f"PREFIX {k}: <{v}>\n" for k, v in prefixes(sg, sp).items())
    msgs = [m for m in sg.objects(sp, SH.message) if isinstance(m, Literal)]
    uses_sg = bool(_SHAPES_GRAPH.search(text))
    if uses_sg or _CURRENT_SHAPE.search(text):
        if not isinstance(s, URIRef):
            raise Unsupported("a SPARQL constraint of a blank-node shape uses $currentShape or $shapesGraph")
        text = prebind_shape(text, s)
    how = plan(f"{prologue}\n{text}")
    if how.mode is None:
        raise Unsupported(f"a SPARQL constraint of {s}: {how.reason}")
    return Sparql(sp, f"{prologue}\n{text}", msgs, how.mode, uses_sg)


def _compile_shape(sg: Graph, s: Any) -> Shape | None:
    params = component_parameters(sg)
    for p in sg.predicates(s, None):
        if str(p).startswith(str(SH)) and p not in _NON_VALIDATING:
            raise Unsupported(f"{s} uses {p}")
        if p in params:
            raise Unsupported(f"{s} uses the SPARQL-based constraint component {params[p]}")
    if (s, SH.deactivated, Literal(True)) in sg:
        return None
    path = sg.value(s, SH.path)
    sparqls = [c for sp in sg.objects(s, SH.sparql) if (c := _compile_sparql(sg, s, sp, path)) is not None]
    mc, xc = sg.value(s, SH.minCount), sg.value(s, SH.maxCount)
    for c in (mc, xc):
        if c is not None and not (isinstance(c, Literal) and isinstance(c.value, int)):
            raise Unsupported(f"{s}: a cardinality that is not an integer ({c})")
    if (mc is not None or xc is not None) and path is None:
        raise Unsupported(f"{s}: cardinality on a node shape")
    targets: dict[str, list[Any]] = defaultdict(list)
    for t, kind in TARGETS.items():
        targets[kind].extend(sg.objects(s, t))
    return Shape(
        node=s,
        is_property=path is not None,
        path=path,
        path_text=path_text(sg, path) if path is not None else None,
        severity=sg.value(s, SH.severity) or SH.Violation,  # type: ignore[arg-type]
        messages=[m for m in sg.objects(s, SH.message) if isinstance(m, Literal)],
        sparqls=sparqls,
        min_count=int(mc) if mc is not None else None,
        max_count=int(xc) if xc is not None else None,
        targets=dict(targets),
    )


def compile_shapes(sg: Graph) -> list[Shape]:
    """Every active shape of the graph in the fast engine's form, sorted by IRI.

    Raises:
        Unsupported: the graph uses a feature the fast engine does not evaluate (the message says which).
    """
    compiled = {s: c for s in _shape_nodes(sg) if (c := _compile_shape(sg, s)) is not None}
    for s, shape in compiled.items():
        for ps in sg.objects(s, SH.property):
            if ps in compiled:
                if compiled[ps].node == s:
                    raise Unsupported("a shape that is its own property shape")
                compiled[ps].parent_targets.append(shape.targets)
            if (s, SH.path, None) in sg:
                raise Unsupported(f"property shape {s} has nested property shapes")
    return sorted(compiled.values(), key=lambda x: str(x.node))
