"""rdflib's in-memory ``Dataset`` with its pure-Python SPARQL engine: the reference the tests compare against."""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Dataset, Graph, URIRef
from rdflib.term import Variable

from cspgraph.errors import LoadError, QueryError
from cspgraph.namespaces import bind_prefixes
from cspgraph.rdfio import rdf_format_for_path
from cspgraph.stores.base import GraphStore, SelectResult
from cspgraph.stores.oxigraph import line_of
from cspgraph.stores.terms import to_ox, to_rdflib


@functools.lru_cache(maxsize=256)
def _prepared(query: str) -> Any:
    """A query parsed once by rdflib (the named queries run many times)."""
    from rdflib.plugins.sparql import prepareQuery

    from cspgraph.namespaces import PREFIXES

    return prepareQuery(query, initNs=PREFIXES)


class RdflibStore(GraphStore):
    """rdflib's ``Dataset`` whose default graph is the union of the named graphs."""

    name = "rdflib"

    def __init__(self) -> None:
        self.dataset = Dataset(default_union=True)
        bind_prefixes(self.dataset)

    def load_file(self, path: Path, graph: str) -> None:
        self.changed()
        fmt = rdf_format_for_path(path)
        if not path.is_file():
            raise LoadError(str(path), "no such file")
        try:
            self.dataset.graph(URIRef(graph)).parse(path, format=fmt.rdflib)
        except Exception as e:  # rdflib raises many kinds of parser errors
            raise LoadError(str(path), f"malformed RDF: {e}", line_of(str(e))) from e

    def add_graph(self, graph: Graph, name: str) -> None:
        self.changed()
        target = self.dataset.graph(URIRef(name))
        for t in graph:
            target.add(t)

    def _run(self, query: str, bindings: Mapping[str, Any] | None) -> Any:
        init = {Variable(k): to_rdflib(v) for k, v in (bindings or {}).items()}
        try:
            return self.dataset.query(_prepared(query), initBindings=init)  # type: ignore[arg-type]
        except Exception as e:  # rdflib raises parse and evaluation errors of many kinds
            raise QueryError(f"SPARQL failed: {e}") from e

    def select(self, query: str, bindings: Mapping[str, Any] | None = None) -> SelectResult:
        res = self._run(query, bindings)
        variables = [str(v) for v in res.vars or []]
        rows = [{v: r[i] for i, v in enumerate(variables)} for r in res]
        return SelectResult(variables, rows)

    def ask(self, query: str, bindings: Mapping[str, Any] | None = None) -> bool:
        return bool(self._run(query, bindings).askAnswer)

    def construct(self, query: str, bindings: Mapping[str, Any] | None = None) -> Graph:
        res = self._run(query, bindings)
        g = bind_prefixes(Graph())
        for t in res:
            g.add(t)
        return g

    def quads(self) -> Iterator[Any]:
        for s, p, o, c in self.dataset.quads((None, None, None, None)):
            name = str(getattr(c, "identifier", c)) if c is not None else ""
            if name and name != "urn:x-rdflib:default":
                yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), ox.NamedNode(name))

    def __len__(self) -> int:
        return sum(len(g) for g in self.dataset.graphs())

    def graph_names(self) -> list[str]:
        return sorted(str(g.identifier) for g in self.dataset.graphs() if len(g))
