"""Validate the graph against the statutory shapes in shapes/*.shapes.ttl, with a typed report.

Two engines give the same results (the tests compare them on the landscape and on every fixture):

* ``"oxigraph"`` (the default): each SPARQL-based constraint is run once over the whole Oxigraph store, with
  ``$this`` left unbound, and the solutions are kept for the shape's focus nodes; ``sh:minCount``/``sh:maxCount``
  are counted with one query per path. The shapes graph is parsed and compiled once per set of files. A shapes graph
  that uses anything else falls back to pySHACL, and the report says so (``engine``).
* ``"pyshacl"``: plain ``pyshacl.validate`` over an rdflib copy of the same data.

The date a rule treats as "now" is the data's ``cspg:asOf`` (data/metadata.ttl says 2024-12-31) or ``as_of``,
never the wall clock, so results are reproducible.

Example:
    >>> from cspgraph import open_store, validate
    >>> report = validate(open_store())
    >>> report.counts["Violation"] > 0   # the real landscape breaks some rules; see the README
    True
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD

from cspgraph import resources
from cspgraph.errors import InputError, LoadError
from cspgraph.namespaces import CSPG, ID, SH, bind_prefixes
from cspgraph.stores import GraphStore, to_ox, to_rdflib
from cspgraph.stores.oxigraph import line_of, load_into

SHAPES_NS = "https://w3id.org/cspgraph/shapes/"
DATASET_NODE = ID["dataset/cspgraph"]
VALIDATION_GRAPH = "https://w3id.org/cspgraph/graph/validation"
OPEN_ENDED = "9999-12-31"  # the as-of used when neither the data nor the caller gives a date

__all__ = ["Severity", "ValidationReport", "ValidationResult", "validate", "load_shapes", "meta_validate"]


class Severity(StrEnum):
    """The severity of a result, from the shape's ``sh:severity``."""

    VIOLATION = "Violation"
    WARNING = "Warning"
    INFO = "Info"

    @property
    def iri(self) -> URIRef:
        return SH[self.value]

    @classmethod
    def from_iri(cls, iri: Any) -> Severity:
        return cls(str(iri).removeprefix(str(SH)))


@dataclass(frozen=True)
class ValidationResult:
    """One SHACL result, with what a person needs to act on it."""

    focus_node: str
    focus_label: str | None
    focus_code: str | None
    source_shape: str
    severity: Severity
    message: str
    rule: str | None
    provision: str | None
    provision_uri: str | None
    provision_node: str | None
    fix: str | None
    path: str | None
    value: str | None
    value_label: str | None
    constraint_component: str

    @property
    def key(self) -> tuple[str, str, str, str, str | None, str | None, str]:
        """What identifies the result: (focus, shape, severity, component, path, value, message)."""
        return (
            self.focus_node,
            self.source_shape,
            self.severity.value,
            self.constraint_component,
            self.path,
            self.value,
            self.message,
        )

    def to_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["severity"] = self.severity.value
        return d


@dataclass
class ValidationReport:
    """The results of a validation, the counts per severity and the raw SHACL report graph (``graph``).

    ``conforms`` is True when there is no sh:Violation (warnings and info do not break conformance);
    ``shacl_conforms`` is SHACL's own verdict (no result of any severity).
    """

    results: list[ValidationResult]
    graph: Graph
    as_of: str | None
    engine: str
    shapes: list[str]
    focus_nodes: list[str] | None = None
    triples: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        return not any(r.severity is Severity.VIOLATION for r in self.results)

    @property
    def shacl_conforms(self) -> bool:
        return not self.results

    @property
    def counts(self) -> dict[str, int]:
        out = {s.value: 0 for s in Severity}
        for r in self.results:
            out[r.severity.value] += 1
        return out

    def keys(self) -> set[tuple[str, str, str, str, str | None, str | None, str]]:
        """The results as a set of :attr:`ValidationResult.key` tuples, for comparing two reports."""
        return {r.key for r in self.results}

    def pairs(self) -> set[tuple[str, str]]:
        """The (source shape, focus node) pairs of the results."""
        return {(r.source_shape, r.focus_node) for r in self.results}

    def by_focus(self) -> dict[str, list[ValidationResult]]:
        """Results grouped by focus body, bodies in order of label (then IRI)."""
        groups: dict[str, list[ValidationResult]] = defaultdict(list)
        for r in self.results:
            groups[r.focus_node].append(r)
        order = sorted(groups, key=lambda f: ((groups[f][0].focus_label or "").lower(), f))
        return {f: groups[f] for f in order}

    def to_json(self) -> str:
        data = {
            "conforms": self.conforms,
            "shacl_conforms": self.shacl_conforms,
            "as_of": self.as_of,
            "engine": self.engine,
            "shapes": self.shapes,
            "focus_nodes": self.focus_nodes,
            "counts": self.counts,
            "notes": self.notes,
            "results": [r.to_dict() for r in self.results],
        }
        return json.dumps(data, indent=2, ensure_ascii=False)

    def to_turtle(self) -> str:
        return bind_prefixes(self.graph).serialize(format="turtle")

    def to_text(self) -> str:
        c = self.counts
        verdict = "conforms" if self.conforms else "does not conform"
        head = [
            f"Validation of {self.triples} triples against {len(self.shapes)} shapes files, as of "
            f"{self.as_of or 'an undated graph'} ({self.engine}): {verdict}.",
            f"{c['Violation']} violations, {c['Warning']} warnings, {c['Info']} info, "
            f"about {len(self.by_focus())} bodies.",
        ]
        head.extend(self.notes)
        lines = head + [""]
        for focus, results in self.by_focus().items():
            first = results[0]
            name = first.focus_label or _tail(focus)
            code = f" ({first.focus_code})" if first.focus_code else ""
            lines.append(f"{name}{code}  <{focus}>")
            for r in sorted(results, key=lambda x: (_SEVERITY_ORDER[x.severity], x.source_shape, x.value or "")):
                lines.append(f"  {r.severity.value.upper():<9} {r.rule or _tail(r.source_shape)}")
                lines.append(f"    {r.message}")
                if r.value is not None:
                    shown = r.value_label or r.value
                    lines.append(f"    Value: {shown}" + (f"  <{r.value}>" if r.value_label else ""))
                if r.provision or r.provision_uri:
                    lines.append(f"    Law: {r.provision or ''}  {r.provision_uri or ''}".rstrip())
                if r.fix:
                    lines.append(f"    Fix: {r.fix}")
                lines.append(f"    Shape: {r.source_shape}")
            lines.append("")
        return "\n".join(lines).rstrip() + "\n"


_SEVERITY_ORDER = {Severity.VIOLATION: 0, Severity.WARNING: 1, Severity.INFO: 2}


def _tail(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1]


# ====================================================================== shapes
class Unsupported(Exception):
    """The shapes use a SHACL feature the Oxigraph engine does not evaluate; pySHACL is used instead."""


@dataclass
class _Sparql:
    node: Any
    query: str
    messages: list[Literal]


@dataclass
class _Shape:
    node: Any
    is_property: bool
    path: Any
    path_text: str | None
    severity: URIRef
    messages: list[Literal]
    sparqls: list[_Sparql]
    min_count: int | None
    max_count: int | None
    targets: dict[str, list[Any]]
    parent_targets: list[dict[str, list[Any]]] = field(default_factory=list)


@dataclass
class ShapesBundle:
    """A parsed shapes graph, the files it came from, and (when supported) its compiled form."""

    graph: Graph
    files: list[str]
    compiled: list[_Shape] | None
    unsupported: str | None


_TARGETS = {
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
    *_TARGETS,
}
_THIS = re.compile(r"([\s{}()])[\$\?]this", re.M)
_PATH = re.compile(r"([\s{}()])[\$\?]PATH", re.M)


def _shape_files(shapes: Sequence[str | Path] | None) -> list[Path]:
    if shapes is None:
        return resources.shapes_files()
    out: list[Path] = []
    for s in shapes:
        p = Path(s)
        if p.is_dir():
            out.extend(sorted(p.glob("*.shapes.ttl")) or sorted(p.glob("*.ttl")))
        elif p.is_file():
            out.append(p)
        else:
            raise InputError(f"{p}: no such shapes file or folder")
    if not out:
        raise InputError("no shapes files given (expected *.shapes.ttl)")
    return out


def load_shapes(shapes: Sequence[str | Path] | None = None) -> ShapesBundle:
    """Parse (and cache) the shapes files: shapes/*.shapes.ttl by default, or the given files and folders."""
    files = _shape_files(shapes)
    key = tuple((str(f.resolve()), f.stat().st_mtime_ns) for f in files)
    return _load_shapes_cached(key)


@lru_cache(maxsize=8)
def _load_shapes_cached(key: tuple[tuple[str, int], ...]) -> ShapesBundle:
    g = bind_prefixes(Graph())
    g.bind("cspsh", SHAPES_NS)
    for path, _ in key:
        try:
            g.parse(path, format="turtle")
        except Exception as e:  # rdflib raises many parser error types
            raise LoadError(path, f"malformed shapes Turtle: {e}", line_of(str(e))) from e
    try:
        compiled: list[_Shape] | None = _compile(g)
        reason = None
    except Unsupported as e:
        compiled, reason = None, str(e)
    return ShapesBundle(g, [p for p, _ in key], compiled, reason)


def _prefixes(sg: Graph, sparql_node: Any) -> dict[str, str]:
    """The PREFIX declarations pySHACL would use for a SPARQL constraint (sh:prefixes / sh:declare)."""
    out = {"rdf": str(RDF), "rdfs": str(RDFS), "owl": str(OWL)}
    onts = set(sg.subjects(RDF.type, OWL.Ontology))
    global_declares = {d for o in onts for d in sg.objects(o, SH.declare)}
    for pv in sg.objects(sparql_node, SH.prefixes):
        own = set(sg.objects(pv, SH.declare))
        declares = own if (own and pv in onts) else global_declares | own
        for d in declares:
            out[str(sg.value(d, SH.prefix))] = str(sg.value(d, SH.namespace))
    return out


def _path_text(sg: Graph, path: Any) -> str:
    if isinstance(path, URIRef):
        return f"<{path}>"
    inv = sg.value(path, SH.inversePath)
    if isinstance(inv, URIRef) and len(set(sg.predicate_objects(path))) == 1:
        return f"^<{inv}>"
    raise Unsupported(f"path {path!r} is neither an IRI nor an inverse IRI path")


def _compile(sg: Graph) -> list[_Shape]:
    shape_nodes: set[Any] = set(sg.subjects(RDF.type, SH.NodeShape)) | set(sg.subjects(RDF.type, SH.PropertyShape))
    shape_nodes |= set(sg.objects(None, SH.property))
    for t in _TARGETS:
        shape_nodes |= set(sg.subjects(t, None))
    for s in list(shape_nodes):
        if (s, RDF.type, RDFS.Class) in sg or (s, RDF.type, OWL.Class) in sg:
            raise Unsupported(f"{s} is an implicit class target")
    compiled: dict[Any, _Shape] = {}
    for s in shape_nodes:
        for p in sg.predicates(s, None):
            if str(p).startswith(str(SH)) and p not in _NON_VALIDATING:
                raise Unsupported(f"{s} uses {p}")
        if (s, SH.deactivated, Literal(True)) in sg:
            continue
        path = sg.value(s, SH.path)
        is_property = path is not None
        sparqls = []
        for sp in sg.objects(s, SH.sparql):
            for p in sg.predicates(sp, None):
                if p not in (RDF.type, SH.select, SH.prefixes, SH.message, SH.deactivated):
                    raise Unsupported(f"SPARQL constraint of {s} uses {p}")
            if (sp, SH.deactivated, Literal(True)) in sg:
                continue
            text = str(sg.value(sp, SH.select))
            if not _THIS.search(text):
                raise Unsupported(f"SPARQL constraint of {s} does not use $this")
            if is_property:
                text = _PATH.sub(r"\g<1>" + _path_text(sg, path).replace("\\", "\\\\"), text)
            prologue = "".join(f"PREFIX {k}: <{v}>\n" for k, v in _prefixes(sg, sp).items())
            msgs = [m for m in sg.objects(sp, SH.message) if isinstance(m, Literal)]
            sparqls.append(_Sparql(sp, f"{prologue}\n{text}", msgs))
        mc, xc = sg.value(s, SH.minCount), sg.value(s, SH.maxCount)
        for c in (mc, xc):
            if c is not None and not (isinstance(c, Literal) and isinstance(c.value, int)):
                raise Unsupported(f"{s}: a cardinality that is not an integer ({c})")
        if (mc is not None or xc is not None) and not is_property:
            raise Unsupported(f"{s}: cardinality on a node shape")
        severity = sg.value(s, SH.severity) or SH.Violation
        targets: dict[str, list[Any]] = defaultdict(list)
        for t, kind in _TARGETS.items():
            targets[kind].extend(sg.objects(s, t))
        compiled[s] = _Shape(
            node=s,
            is_property=is_property,
            path=path,
            path_text=_path_text(sg, path) if is_property else None,
            severity=severity,  # type: ignore[arg-type]
            messages=[m for m in sg.objects(s, SH.message) if isinstance(m, Literal)],
            sparqls=sparqls,
            min_count=int(mc) if mc is not None else None,
            max_count=int(xc) if xc is not None else None,
            targets=dict(targets),
        )
    for s, shape in compiled.items():
        for ps in sg.objects(s, SH.property):
            if ps in compiled:
                if compiled[ps].node == s:
                    raise Unsupported("a shape that is its own property shape")
                compiled[ps].parent_targets.append(shape.targets)
            if (s, SH.path, None) in sg:
                raise Unsupported(f"property shape {s} has nested property shapes")
    return sorted(compiled.values(), key=lambda x: str(x.node))


def meta_validate(shapes: Sequence[str | Path] | None = None) -> tuple[bool, str]:
    """Validate the shapes graph against SHACL-for-SHACL (pySHACL's meta-shapes). Returns (conforms, text)."""
    import pyshacl

    bundle = load_shapes(shapes)
    conforms, _, text = pyshacl.validate(bundle.graph, shacl_graph=_shacl_shacl())
    return bool(conforms), str(text)


@lru_cache(maxsize=1)
def _shacl_shacl() -> Graph:
    import pyshacl

    return Graph().parse(Path(pyshacl.__file__).parent / "assets" / "shacl-shacl.ttl", format="turtle")


# ====================================================================== data
@dataclass
class _Data:
    store: ox.Store
    default_graph: list[Any]
    as_of: str | None
    triples: int


def _query(store: ox.Store, query: str, **kwargs: Any) -> Any:
    """``Store.query`` typed as Any (pyoxigraph returns a union of result kinds)."""
    return store.query(query, **kwargs)


def _has(store: ox.Store, graphs: list[Any], query: str) -> bool:
    return bool(_query(store, query, default_graph=graphs))


_ONTOLOGY_ASK = "ASK { <https://w3id.org/cspgraph/def/> a <http://www.w3.org/2002/07/owl#Ontology> }"
_AS_OF_SELECT = "SELECT ?d WHERE { ?s <https://w3id.org/cspgraph/def/asOf> ?d }"


def _prepare(
    data: Any, extra_files: Sequence[str | Path], as_of: str | dt.date | None, include_ontology: bool | None
) -> _Data:
    shapes_graph = ox.NamedNode(resources.SHAPES_GRAPH)
    override = _parse_date(as_of) if as_of is not None else None
    src: ox.Store | None = None
    if isinstance(data, GraphStore):
        src = data.oxigraph()  # the embedded store itself; a copy of any other store
    elif isinstance(data, ox.Store):
        src = data
    if src is not None:
        graphs: list[Any] = [g for g in src.named_graphs() if g != shapes_graph] + [ox.DefaultGraph()]
        dates = sorted(str(s["d"].value) for s in _query(src, _AS_OF_SELECT, default_graph=graphs))
        want_ontology = include_ontology or (include_ontology is None and not _has(src, graphs, _ONTOLOGY_ASK))
        if not extra_files and override is None and len(dates) == 1 and not want_ontology:
            return _Data(src, graphs, dates[0], _count(src, graphs))
    work = ox.Store()
    target = ox.DefaultGraph()
    if src is not None:
        work.extend(ox.Quad(q.subject, q.predicate, q.object, target) for q in src if q.graph_name != shapes_graph)
    elif isinstance(data, Graph):
        work.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), target) for s, p, o in data)
    else:
        raise InputError(
            f"cannot validate a {type(data).__name__}: pass a store, an rdflib Graph or a pyoxigraph Store"
        )
    for f in extra_files:
        _load_extra(work, Path(f))
    if include_ontology or (include_ontology is None and not _has(work, [target], _ONTOLOGY_ASK)):
        for f in resources.ontology_files():
            work.load(path=str(f), format=ox.RdfFormat.TURTLE, to_graph=target)
    as_of_p = ox.NamedNode(str(CSPG.asOf))
    dates = sorted(str(getattr(q.object, "value", q.object)) for q in work.quads_for_pattern(None, as_of_p, None, None))
    if override is not None or len(dates) != 1:
        for q in list(work.quads_for_pattern(None, as_of_p, None, None)):
            work.remove(q)
        chosen = override or (dates[-1] if dates else None)
        lit = ox.Literal(chosen or OPEN_ENDED, datatype=ox.NamedNode(str(XSD.date)))
        work.add(ox.Quad(ox.NamedNode(str(DATASET_NODE)), as_of_p, lit, target))
        effective = chosen
    else:
        effective = dates[0]
    return _Data(work, [target], effective, len(work))


def _load_extra(work: ox.Store, path: Path) -> None:
    """Load an extra RDF file into the default graph, naming the file and line on bad input."""
    load_into(work, path, ox.DefaultGraph())


def _count(store: ox.Store, graphs: list[Any]) -> int:
    res = _query(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", default_graph=graphs)
    return int(next(iter(res))["n"].value)


def _parse_date(value: str | dt.date) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError as e:
        raise InputError(f"{value!r} is not a date: use YYYY-MM-DD") from e


def _as_graph(d: _Data) -> Graph:
    g = Graph()
    for q in d.store.quads_for_pattern(None, None, None, None):
        if q.graph_name in d.default_graph or isinstance(q.graph_name, ox.DefaultGraph):
            g.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))  # type: ignore[arg-type]
    return g


# ====================================================================== the Oxigraph engine
@dataclass
class _Raw:
    """One result as pySHACL would report it, before annotation."""

    focus: Any
    shape: Any
    severity: Any
    component: URIRef
    path: Any
    value: Any
    messages: list[Literal]
    constraint: Any = None


class _Focus:
    """Focus nodes of targets, computed once per validation run (as pyoxigraph terms)."""

    def __init__(self, d: _Data) -> None:
        self.d = d
        self.cache: dict[tuple[str, Any], set[Any]] = {}
        self._subclasses: dict[Any, set[Any]] | None = None

    def subclasses(self, cls: Any) -> set[Any]:
        if self._subclasses is None:
            edges: dict[Any, set[Any]] = defaultdict(set)
            res = _query(
                self.d.store,
                "SELECT ?sub ?sup WHERE { ?sub <http://www.w3.org/2000/01/rdf-schema#subClassOf> ?sup }",
                default_graph=self.d.default_graph,
            )
            for sol in res:
                edges[sol["sup"]].add(sol["sub"])
            self._subclasses = edges
        out, todo = {cls}, [cls]
        while todo:
            for sub in self._subclasses.get(todo.pop(), ()):
                if sub not in out:
                    out.add(sub)
                    todo.append(sub)
        return out

    def of(self, kind: str, value: Any) -> set[Any]:
        key = (kind, value)
        if key not in self.cache:
            self.cache[key] = self._compute(kind, to_ox(value))
        return self.cache[key]

    def _compute(self, kind: str, v: Any) -> set[Any]:
        store, graphs = self.d.store, self.d.default_graph
        if kind == "node":
            return {v}
        if kind == "class":
            out: set[Any] = set()
            for c in self.subclasses(v):
                res = _query(
                    store,
                    "SELECT ?this ?t WHERE { ?this a ?t }",
                    default_graph=graphs,
                    substitutions={ox.Variable("t"): c},
                )
                out.update(sol["this"] for sol in res)
            return out
        pattern = "?this ?p ?o" if kind == "subjectsOf" else "?s ?p ?this"
        res = _query(
            store, f"SELECT ?this ?p WHERE {{ {pattern} }}", default_graph=graphs, substitutions={ox.Variable("p"): v}
        )
        return {sol["this"] for sol in res}


def _format(msg: str, binds: dict[str, Any]) -> str:
    for var, val in binds.items():
        msg = re.sub(f"{{[?$]{var}}}", str(val), msg)
    return msg


def _run_oxigraph(d: _Data, shapes: list[_Shape], focus_nodes: set[Any] | None) -> list[_Raw]:
    raws: list[_Raw] = []
    focus_of = _Focus(d)
    wanted = {to_ox(f) for f in focus_nodes} if focus_nodes is not None else None
    for shape in shapes:
        target_sets = [shape.targets] if any(shape.targets.values()) else []
        target_sets += shape.parent_targets
        focus: set[Any] = set()
        for t in target_sets:
            for kind, values in t.items():
                for v in values:
                    focus |= focus_of.of(kind, v)
        if wanted is not None:
            focus = {f for f in focus if isinstance(f, ox.NamedNode) and f in wanted}
        if not focus:
            continue
        for sp in shape.sparqls:
            raws.extend(_run_sparql(d, shape, sp, focus))
        if shape.min_count is not None or shape.max_count is not None:
            raws.extend(_run_counts(d, shape, focus))
    return raws


def _run_sparql(d: _Data, shape: _Shape, sp: _Sparql, focus: set[Any]) -> list[_Raw]:
    res = _query(d.store, sp.query, default_graph=d.default_graph)
    names = [v.value for v in res.variables]
    seen: set[tuple[Any, ...]] = set()
    out = []
    for sol in res:
        this_ox = sol["this"]
        if this_ox is None:
            raise Unsupported(f"a solution of {shape.node}'s SPARQL constraint does not bind $this")
        if this_ox not in focus:
            continue
        row = {n: to_rdflib(sol[n]) for n in names if sol[n] is not None}
        this = row.pop("this")
        if row.pop("failure", None) is not None:
            raise Unsupported("?failure in a SPARQL constraint")
        p = row.pop("path", None)
        v = row.pop("value", None)
        sig = (this, p, v, tuple(sorted(row.items())))
        if sig in seen:
            continue
        seen.add(sig)
        value = v if v is not None else (None if shape.is_property else this)
        binds = dict(row)
        binds["this"] = this
        if p is not None:
            binds["path"] = p
        if value is not None:
            binds["value"] = value
        msgs = [m for m in sp.messages if m not in shape.messages] + list(shape.messages)
        out.append(
            _Raw(
                focus=this,
                shape=shape.node,
                severity=shape.severity,
                component=SH.SPARQLConstraintComponent,
                path=p if p is not None else shape.path,
                value=value,
                messages=[Literal(_format(str(m), binds)) for m in msgs],
                constraint=sp.node,
            )
        )
    return out


def _run_counts(d: _Data, shape: _Shape, focus: set[Any]) -> list[_Raw]:
    text = shape.path_text or ""
    pattern = f"?v {text[1:]} ?this" if text.startswith("^") else f"?this {text} ?v"
    res = _query(d.store, f"SELECT DISTINCT ?this ?v WHERE {{ {pattern} }}", default_graph=d.default_graph)
    counts: dict[Any, int] = defaultdict(int)
    for sol in res:
        counts[sol["this"]] += 1
    out = []
    for f_ox in focus:
        n = counts.get(f_ox, 0)
        f = to_rdflib(f_ox)
        for limit, bad, comp in (
            (shape.min_count, lambda n, lim: n < lim, SH.MinCountConstraintComponent),
            (shape.max_count, lambda n, lim: n > lim, SH.MaxCountConstraintComponent),
        ):
            if limit is not None and bad(n, limit):
                out.append(_Raw(f, shape.node, shape.severity, comp, shape.path, None, list(shape.messages)))
    return out


def _report_graph(raws: list[_Raw], sg: Graph) -> Graph:
    g = bind_prefixes(Graph())
    g.bind("cspsh", SHAPES_NS)
    report = BNode()
    g.add((report, RDF.type, SH.ValidationReport))
    g.add((report, SH.conforms, Literal(not raws)))
    for r in raws:
        n = BNode()
        g.add((report, SH.result, n))
        g.add((n, RDF.type, SH.ValidationResult))
        g.add((n, SH.focusNode, r.focus))
        g.add((n, SH.sourceShape, r.shape))
        g.add((n, SH.resultSeverity, r.severity))
        g.add((n, SH.sourceConstraintComponent, r.component))
        if r.constraint is not None:
            g.add((n, SH.sourceConstraint, r.constraint))
        if r.value is not None:
            g.add((n, SH.value, r.value))
        if r.path is not None:
            g.add((n, SH.resultPath, r.path))
            if isinstance(r.path, BNode):
                for t in sg.triples((r.path, None, None)):
                    g.add(t)
        for m in r.messages:
            g.add((n, SH.resultMessage, m))
    return g


# ====================================================================== annotation
def _path_string(g: Graph, path: Any) -> str | None:
    if path is None:
        return None
    if isinstance(path, URIRef):
        return str(path)
    inv = g.value(path, SH.inversePath)
    return f"^{inv}" if inv is not None else str(path)


def _describe(d: _Data, nodes: Iterable[Any]) -> dict[Any, tuple[str | None, str | None]]:
    q = (
        "SELECT ?n ?p ?o WHERE { ?n ?p ?o . FILTER(?p IN (<http://www.w3.org/2000/01/rdf-schema#label>, "
        "<http://www.w3.org/2004/02/skos/core#prefLabel>, <http://purl.org/dc/terms/identifier>, "
        "<http://www.w3.org/2004/02/skos/core#notation>)) }"
    )
    out = {}
    for n in nodes:
        if not isinstance(n, URIRef | BNode):
            continue
        labels: dict[str, list[tuple[bool, str]]] = defaultdict(list)
        for sol in _query(d.store, q, default_graph=d.default_graph, substitutions={ox.Variable("n"): to_ox(n)}):
            o = sol["o"]
            en = isinstance(o, ox.Literal) and (o.language or "en").startswith("en")
            labels[sol["p"].value].append((not en, str(o.value)))
        label = min(labels.get(str(SKOS.prefLabel)) or labels.get(str(RDFS.label)) or [(False, "")])[1] or None
        code = min(labels.get(str(DCTERMS.identifier)) or labels.get(str(SKOS.notation)) or [(False, "")])[1] or None
        out[n] = (label, code)
    return out


def _results(d: _Data, report: Graph, sg: Graph) -> list[ValidationResult]:
    rows = []
    nodes: set[Any] = set()
    for r in report.subjects(RDF.type, SH.ValidationResult):
        focus, value = report.value(r, SH.focusNode), report.value(r, SH.value)
        nodes.update(x for x in (focus, value) if x is not None)
        rows.append(r)
    described = _describe(d, nodes)
    out = []
    for r in rows:
        focus, shape, value = report.value(r, SH.focusNode), report.value(r, SH.sourceShape), report.value(r, SH.value)
        msgs = sorted(str(m) for m in report.objects(r, SH.resultMessage))
        see_also = [str(x) for x in sg.objects(shape, RDFS.seeAlso)]
        node = next((x for x in sorted(see_also) if x.startswith(str(ID["provision/"]))), None)
        legislation = sg.value(shape, DCTERMS.source)
        out.append(
            ValidationResult(
                focus_node=str(focus),
                focus_label=described.get(focus, (None, None))[0],
                focus_code=described.get(focus, (None, None))[1],
                source_shape=str(shape),
                severity=Severity.from_iri(report.value(r, SH.resultSeverity)),
                message=" ".join(msgs),
                rule=_text(sg.value(shape, RDFS.label)),
                provision=_text(sg.value(shape, DCTERMS.bibliographicCitation)),
                provision_uri=str(legislation) if legislation is not None else None,
                provision_node=node,
                fix=_text(sg.value(shape, SKOS.editorialNote)),
                path=_path_string(report, report.value(r, SH.resultPath)),
                value=str(value) if value is not None else None,
                value_label=described.get(value, (None, None))[0] if value is not None else None,
                constraint_component=str(report.value(r, SH.sourceConstraintComponent)),
            )
        )
    out.sort(key=lambda x: (x.focus_node, _SEVERITY_ORDER[x.severity], x.source_shape, x.value or "", x.message))
    return out


def _text(v: Any) -> str | None:
    return str(v) if v is not None else None


# ====================================================================== entry point
def validate(
    data: Any,
    *,
    extra_files: Sequence[str | Path] = (),
    shapes: Sequence[str | Path] | None = None,
    as_of: str | dt.date | None = None,
    focus_nodes: Iterable[str | URIRef] | None = None,
    engine: str = "oxigraph",
    include_ontology: bool | None = None,
) -> ValidationReport:
    """Validate a store or graph against the statutory shapes.

    Args:
        data: an :class:`~cspgraph.store.OxigraphStore` (fastest: validated in place, never modified), another
            ``GraphStore``, an rdflib ``Graph`` or a pyoxigraph ``Store``. The shapes graph of a store is left out
            of the data.
        extra_files: RDF files to add to the data (the store itself is not changed: the data is copied).
        shapes: shapes files or folders; by default every shapes/*.shapes.ttl (including rule 5's
            combination.shapes.ttl).
        as_of: the date the rules treat as today (``YYYY-MM-DD``); by default the data's ``cspg:asOf``.
            Memberships and bodies count as current while ``schema:validFrom <= as_of < schema:validUntil``.
        focus_nodes: restrict validation to these nodes: each is checked against the shapes that target it (as
            pySHACL's ``focus_nodes``), and only results about them are returned. Use it to check a proposal
            (say a merged CSP built on a small copy-on-write graph) without validating everything.
        engine: ``"oxigraph"`` (SPARQL on Oxigraph, the default) or ``"pyshacl"`` (plain pySHACL on rdflib).
        include_ontology: add the ontology to the data (needed for subclass tests); by default it is added when
            the data does not contain it.

    Returns:
        A :class:`ValidationReport`.

    Raises:
        InputError: an unreadable or malformed file (the message names the file and line), a bad date or engine.
    """
    if engine not in ("oxigraph", "pyshacl"):
        raise InputError(f"unknown engine {engine!r}: use 'oxigraph' or 'pyshacl'")
    bundle = load_shapes(shapes)
    d = _prepare(data, extra_files, as_of, include_ontology)
    focus = {URIRef(str(f)) for f in focus_nodes} if focus_nodes is not None else None
    notes: list[str] = []
    used = engine
    if engine == "oxigraph" and bundle.compiled is None:
        notes.append(f"Validated with pySHACL: {bundle.unsupported}.")
        used = "pyshacl"
    if used == "oxigraph":
        try:
            raws = _run_oxigraph(d, bundle.compiled or [], focus)
            report = _report_graph(raws, bundle.graph)
        except Unsupported as e:
            notes.append(f"Validated with pySHACL: {e}.")
            used = "pyshacl"
    if used == "pyshacl":
        report = _run_pyshacl(d, bundle.graph, focus)
    return ValidationReport(
        results=_results(d, report, bundle.graph),
        graph=report,
        as_of=d.as_of,
        engine=used,
        shapes=[str(Path(f).name) for f in bundle.files],
        focus_nodes=sorted(str(f) for f in focus) if focus is not None else None,
        triples=d.triples,
        notes=notes,
    )


def _run_pyshacl(d: _Data, sg: Graph, focus: set[Any] | None) -> Graph:
    import pyshacl

    kwargs: dict[str, Any] = {}
    if focus is not None:
        if not focus:
            return _report_graph([], sg)
        kwargs["focus_nodes"] = sorted(focus)
    _, report, text = pyshacl.validate(_as_graph(d), shacl_graph=sg, **kwargs)
    if not isinstance(report, Graph):
        raise InputError(f"pySHACL refused the shapes: {text}")
    return bind_prefixes(report)
