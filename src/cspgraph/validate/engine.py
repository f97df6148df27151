"""The default engine: the compiled shapes evaluated with SPARQL on Oxigraph.

A SPARQL constraint runs once over the whole store with ``$this`` unbound, the solutions kept for the shape's focus
nodes, where :func:`cspgraph.validate.sparql.plan` proves that equivalent to SHACL's pre-binding; otherwise once per
focus node with ``$this`` bound (the same query text, the focus node passed as a bound value).
``sh:minCount``/``sh:maxCount`` are counted with one query per path.

The constraints are independent queries on a store that is only read, so they run on a small pool of threads (as
many as the machine has cores, at most 4: :data:`WORKERS`): much of a query's work in Oxigraph is done without
holding Python's lock. The results are gathered in the constraints' order, so a run gives the same list of results
on one thread or several.
"""

from __future__ import annotations

import os
import threading
from collections import defaultdict
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF

from cspgraph.namespaces import SH
from cspgraph.stores import to_ox, to_rdflib
from cspgraph.validate.compile import SHAPES_GRAPH_IRI, Shape, Sparql, Unsupported
from cspgraph.validate.data import Data, query
from cspgraph.validate.focus import Focus
from cspgraph.validate.shapes import SHAPES_NS

__all__ = ["WORKERS", "Raw", "report_graph", "run_oxigraph"]

#: the threads a run uses for its queries: the machine's cores, at most 4 (1: every query on the calling thread)
WORKERS = min(4, os.cpu_count() or 1)


@dataclass
class Raw:
    """One result as SHACL reports it, before annotation."""

    focus: Any
    shape: Any
    severity: Any
    component: URIRef
    path: Any
    value: Any
    messages: list[Literal]
    constraint: Any = None


def format_message(msg: str, binds: dict[str, Any]) -> str:
    """A message with ``{?var}`` / ``{$var}`` replaced by the solution's values.

    >>> format_message("{$this} has {?n} members", {"this": "ex:a", "n": 3})
    'ex:a has 3 members'
    """
    for var, val in binds.items():
        msg = msg.replace(f"{{?{var}}}", str(val)).replace(f"{{${var}}}", str(val))
    return msg


def _focus_of(shape: Shape, focus_of: Focus, wanted: set[Any] | None) -> set[Any]:
    target_sets = [shape.targets] if any(shape.targets.values()) else []
    target_sets += shape.parent_targets
    focus: set[Any] = set()
    for t in target_sets:
        for kind, values in t.items():
            for v in values:
                focus |= focus_of.of(kind, v)
    if wanted is not None:
        focus = {f for f in focus if isinstance(f, ox.NamedNode) and f in wanted}
    return focus


class _Stores:
    """The data store, and (made when a constraint uses ``$shapesGraph``) a copy with the shapes graph in it."""

    def __init__(self, d: Data, sg: Graph | None) -> None:
        self.d, self.sg = d, sg
        self._with_shapes: ox.Store | None = None
        self._lock = threading.Lock()  # the copy is made once, whichever thread asks first

    def for_query(self, sp: Sparql) -> tuple[ox.Store, list[Any] | None]:
        """The store a constraint runs on and its default graph (None: the store's own, which Oxigraph reads fastest)."""
        if not sp.uses_shapes_graph:
            graphs = self.d.default_graph
            return self.d.store, None if graphs == [ox.DefaultGraph()] else graphs
        with self._lock:
            return self._shapes_copy(), None

    def _shapes_copy(self) -> ox.Store:
        if self._with_shapes is None:
            st, target, graphs = ox.Store(), ox.DefaultGraph(), set(self.d.default_graph)
            st.extend(ox.Quad(q.subject, q.predicate, q.object, target) for q in self.d.store if q.graph_name in graphs)
            shapes = ox.NamedNode(SHAPES_GRAPH_IRI)
            st.extend(ox.Quad(to_ox(a), to_ox(b), to_ox(c), shapes) for a, b, c in self.sg or ())
            self._with_shapes = st
        return self._with_shapes


def run_oxigraph(d: Data, shapes: list[Shape], focus_nodes: set[Any] | None, sg: Graph | None = None) -> list[Raw]:
    """The results of the compiled shapes over the data (only about ``focus_nodes`` when given).

    ``sg`` is the shapes graph, for constraints that read it through ``$shapesGraph``.

    Raises:
        Unsupported: a constraint gave a solution the engine cannot report (pySHACL is used instead).
    """
    stores = _Stores(d, sg)
    focus_of = Focus(d)
    wanted = {to_ox(f) for f in focus_nodes} if focus_nodes is not None else None
    jobs: list[Callable[[], list[Raw]]] = []
    for shape in shapes:
        focus = _focus_of(shape, focus_of, wanted)
        if not focus:
            continue
        jobs += [partial(_run_sparql, stores, shape, sp, focus) for sp in shape.sparqls]
        if shape.min_count is not None or shape.max_count is not None:
            jobs.append(partial(_run_counts, d, shape, focus))
    return [raw for part in _gathered(jobs) for raw in part]


_POOL: dict[tuple[int, int], ThreadPoolExecutor] = {}
_POOL_LOCK = threading.Lock()


def _gathered(jobs: list[Callable[[], list[Raw]]]) -> list[list[Raw]]:
    """Each job's results, in the jobs' order: on the pool's threads when :data:`WORKERS` is more than one."""
    if WORKERS < 2 or len(jobs) < 2:
        return [job() for job in jobs]
    key = (os.getpid(), WORKERS)  # a forked child does not inherit its parent's threads: it starts its own pool
    with _POOL_LOCK:
        pool = _POOL.get(key)
        if pool is None:
            _POOL.clear()
            pool = _POOL[key] = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="cspgraph-validate")
    return list(pool.map(lambda job: job(), jobs))


def _solutions(stores: _Stores, sp: Sparql, focus: set[Any]) -> Iterator[tuple[list[str], Any]]:
    """The solutions of a constraint: one unbound run, or one run per focus node with ``$this`` bound."""
    store, graphs = stores.for_query(sp)
    if sp.mode == "unbound":
        res = query(store, sp.query, default_graph=graphs)
        names = [v.value for v in res.variables]
        yield from ((names, sol) for sol in res)
        return
    this = ox.Variable("this")
    for f in sorted(focus, key=str):
        res = query(store, sp.query, default_graph=graphs, substitutions={this: f})
        names = [v.value for v in res.variables]
        yield from ((names, sol) for sol in res)


def _run_sparql(stores: _Stores, shape: Shape, sp: Sparql, focus: set[Any]) -> list[Raw]:
    seen: set[tuple[Any, ...]] = set()
    out = []
    for names, sol in _solutions(stores, sp, focus):
        this_ox = sol["this"]
        if this_ox is None:
            raise Unsupported(f"a solution of {shape.node}'s SPARQL constraint does not bind $this")
        if this_ox not in focus:
            continue
        row = {n: to_rdflib(sol[n]) for n in names if sol[n] is not None}
        raw = _raw_of_row(shape, sp, row)
        sig = (raw.focus, raw.path, raw.value, tuple(sorted(row.items())))
        if sig not in seen:
            seen.add(sig)
            out.append(raw)
    return out


def _raw_of_row(shape: Shape, sp: Sparql, row: dict[str, Any]) -> Raw:
    """The result of one solution: ``?path`` and ``?value`` as SHACL says; other variables fill the messages."""
    row = dict(row)
    this = row.pop("this")
    if row.pop("failure", None) is not None:
        raise Unsupported("?failure in a SPARQL constraint")
    p = row.pop("path", None)
    v = row.pop("value", None)
    value = v if v is not None else (None if shape.is_property else this)
    binds = dict(row)
    binds["this"] = this
    if p is not None:
        binds["path"] = p
    if value is not None:
        binds["value"] = value
    msgs = [m for m in sp.messages if m not in shape.messages] + list(shape.messages)
    return Raw(
        focus=this,
        shape=shape.node,
        severity=shape.severity,
        component=SH.SPARQLConstraintComponent,
        path=p if p is not None else shape.path,
        value=value,
        messages=[Literal(format_message(str(m), binds)) for m in msgs],
        constraint=sp.node,
    )


def _run_counts(d: Data, shape: Shape, focus: set[Any]) -> list[Raw]:
    text = shape.path_text or ""
    pattern = f"?v {text[1:]} ?this" if text.startswith("^") else f"?this {text} ?v"
    res = query(d.store, f"SELECT DISTINCT ?this ?v WHERE {{ {pattern} }}", default_graph=d.default_graph)
    counts: dict[Any, int] = defaultdict(int)
    for sol in res:
        counts[sol["this"]] += 1
    out = []
    for f_ox in focus:
        n = counts.get(f_ox, 0)
        f = to_rdflib(f_ox)
        if shape.min_count is not None and n < shape.min_count:
            out.append(
                Raw(
                    f,
                    shape.node,
                    shape.severity,
                    SH.MinCountConstraintComponent,
                    shape.path,
                    None,
                    list(shape.messages),
                )
            )
        if shape.max_count is not None and n > shape.max_count:
            out.append(
                Raw(
                    f,
                    shape.node,
                    shape.severity,
                    SH.MaxCountConstraintComponent,
                    shape.path,
                    None,
                    list(shape.messages),
                )
            )
    return out


def report_graph(raws: list[Raw], sg: Graph) -> Graph:
    """The SHACL validation report graph of the results (paths that are blank nodes copied from the shapes).

    Only the core prefixes are bound here (binding rdflib's default set costs more than a small validation): the
    report binds the project's when it is written (:meth:`cspgraph.validate.report.ValidationReport.to_turtle`).
    """
    g = Graph(bind_namespaces="core")
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
