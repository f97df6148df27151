"""The store interface: what every store of the dataset can do, so that no caller needs to know which one it has.

Three stores implement it: the embedded Oxigraph store (the default), rdflib's in-memory engine (the reference),
and a SPARQL 1.1 server. Queries run over the union of the named graphs; parameters are bound (Oxigraph
substitutions, rdflib ``initBindings``, checked constants on a server), never pasted into query text by a caller.
Besides SPARQL, a store answers triple patterns (:meth:`GraphStore.match`) and lists its quads, in pyoxigraph
terms, so that pages and dumps need no term conversion.
"""

from __future__ import annotations

import abc
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from cspgraph import resources
from cspgraph.stores.terms import to_ox, to_rdflib

if TYPE_CHECKING:
    from rdflib import Graph

    from cspgraph.stores.terms import RDFTerm

_MATCH = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"  # store plumbing: a triple pattern


class SelectResult:
    """The answer to a SELECT query: variable names and rows.

    A store makes it from rows of pyoxigraph terms (``terms``, tuples in the order of ``variables``) or of rdflib
    terms (``rows``, dicts by variable); each form is made from the other when first asked for, so a caller that
    only formats the answer (:func:`cspgraph.queries.render`) never converts a term, nor loads rdflib.
    """

    def __init__(
        self,
        variables: list[str],
        rows: list[dict[str, RDFTerm | None]] | None = None,
        *,
        terms: list[tuple[Any, ...]] | None = None,
    ) -> None:
        if (rows is None) == (terms is None):
            raise TypeError("a SelectResult is made from rows or from terms, one of them")
        self.variables = variables
        self._rows = rows
        self._terms = terms

    @property
    def rows(self) -> list[dict[str, RDFTerm | None]]:
        """The rows as dicts of rdflib terms by variable name (None where unbound)."""
        if self._rows is None:
            names = self.variables
            self._rows = [
                {v: None if t is None else to_rdflib(t) for v, t in zip(names, row, strict=True)}
                for row in self._terms or ()
            ]
        return self._rows

    @property
    def terms(self) -> list[tuple[Any, ...]]:
        """The rows as tuples of pyoxigraph terms in the order of :attr:`variables` (None where unbound)."""
        if self._terms is None:
            names = self.variables
            self._terms = [tuple(None if r.get(v) is None else to_ox(r[v]) for v in names) for r in self._rows or ()]
        return self._terms

    def __iter__(self) -> Iterator[dict[str, RDFTerm | None]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self._rows if self._rows is not None else self._terms or ())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, SelectResult):
            return NotImplemented
        return self.variables == other.variables and self.terms == other.terms

    __hash__ = None  # type: ignore[assignment]  # mutable, like the dataclass it replaces

    def __repr__(self) -> str:
        return f"SelectResult(variables={self.variables!r}, {len(self)} rows)"

    def as_set(self) -> set[tuple[str | None, ...]]:
        """The rows as a set of tuples of strings, for order-insensitive comparison."""
        return {tuple(None if t is None else t.value for t in row) for row in self.terms}


class GraphStore(abc.ABC):
    """A quad store holding the cspgraph dataset."""

    #: the store's kind, shown by ``/health`` and ``cspgraph info``
    name = "abstract"
    #: True when the data lives in this process (lookups are cheap and never block on a network)
    local = True
    #: how many times the data was changed through this object (caches of derived indexes compare it)
    generation = 0

    def changed(self) -> None:
        """Record a change of the data (the load methods call it; call it after writing to an engine directly)."""
        self.generation += 1

    # ------------------------------------------------------------ loading
    @abc.abstractmethod
    def load_file(self, path: Path, graph: str) -> None:
        """Parse an RDF file into the named graph; raise LoadError naming the file and line on bad input."""

    @abc.abstractmethod
    def add_graph(self, graph: Graph, name: str) -> None:
        """Add the triples of an rdflib graph into the named graph."""

    def load_dataset(self, *, data: Path | None = None, shapes: bool = True) -> GraphStore:
        """Load the ontology, every data file and (optionally) the shapes into their named graphs."""
        for f in resources.ontology_files():
            self.load_file(f, resources.ONTOLOGY_GRAPH)
        for f in resources.data_files(data):
            self.load_file(f, resources.graph_name_for(f, data))
        if shapes:
            for f in resources.shapes_files():
                self.load_file(f, resources.SHAPES_GRAPH)
        return self

    # ------------------------------------------------------------ SPARQL
    @abc.abstractmethod
    def select(self, query: str, bindings: Mapping[str, Any] | None = None) -> SelectResult:
        """Run a SELECT query over the union of the graphs."""

    @abc.abstractmethod
    def ask(self, query: str, bindings: Mapping[str, Any] | None = None) -> bool:
        """Run an ASK query."""

    @abc.abstractmethod
    def construct(self, query: str, bindings: Mapping[str, Any] | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE query and return the triples as an rdflib graph."""

    def select_terms(
        self, query: str, bindings: Mapping[str, Any] | None = None, variables: Sequence[str] | None = None
    ) -> list[tuple[Any, ...]]:
        """A SELECT answer as tuples of pyoxigraph terms (None where unbound), in the order of ``variables``."""
        res = self.select(query, bindings)
        if variables is None or list(variables) == res.variables:
            return res.terms
        at = [res.variables.index(v) if v in res.variables else None for v in variables]
        return [tuple(None if i is None else row[i] for i in at) for row in res.terms]

    # ------------------------------------------------------------ triples and quads
    def match(self, s: Any = None, p: Any = None, o: Any = None, *, limit: int | None = None) -> list[Any]:
        """The quads matching a pattern of pyoxigraph terms (None is a wildcard), at most ``limit`` of them."""
        pattern = {"s": s, "p": p, "o": o}
        bound = {k: v for k, v in pattern.items() if v is not None}
        query = _MATCH + (f" LIMIT {int(limit)}" if limit else "")
        return [ox.Quad(*row) for row in self.select_terms(query, bound, ("s", "p", "o", "g"))]

    def match_many(self, subjects: Sequence[Any], predicates: Sequence[Any]) -> list[Any]:
        """The quads whose subject is one of ``subjects`` and predicate one of ``predicates`` (pyoxigraph terms)."""
        from cspgraph.stores.terms import n3

        out: list[Any] = []
        preds = " ".join(n3(p) for p in predicates)
        for i in range(0, len(subjects), 200):
            subs = " ".join(n3(x) for x in subjects[i : i + 200])
            query = (
                f"SELECT ?s ?p ?o ?g WHERE {{ VALUES ?s {{ {subs} }} VALUES ?p {{ {preds} }} GRAPH ?g {{ ?s ?p ?o }} }}"
            )
            out.extend(ox.Quad(*row) for row in self.select_terms(query, None, ("s", "p", "o", "g")))
        return out

    def exists(self, iri: str) -> bool:
        """Whether the store has any statement with ``iri`` as subject or object."""
        node = ox.NamedNode(iri)
        return bool(self.match(node, limit=1) or self.match(None, None, node, limit=1))

    @abc.abstractmethod
    def quads(self) -> Iterator[Any]:
        """Every quad of the named graphs, as pyoxigraph quads (dumps, digests, worker snapshots)."""

    @abc.abstractmethod
    def __len__(self) -> int:
        """The number of quads in the store."""

    @abc.abstractmethod
    def graph_names(self) -> list[str]:
        """The named graphs in the store."""

    def graph(self, name: str | None = None) -> Graph:
        """A copy of one named graph (or of the union of all of them) as an rdflib graph."""
        from rdflib import Graph

        from cspgraph.namespaces import bind_prefixes

        g = bind_prefixes(Graph())
        for q in self.quads():
            if name is None or (isinstance(q.graph_name, ox.NamedNode) and q.graph_name.value == name):
                g.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))  # type: ignore[arg-type]
        return g

    def oxigraph(self) -> ox.Store:
        """The data in a pyoxigraph Store, for engines that need one (validation): the store itself or a copy."""
        st = ox.Store()
        st.extend(self.quads())
        return st

    # ------------------------------------------------------------ helpers on top
    def count_instances(self, class_iri: str) -> int:
        """How many distinct resources are typed with the class (no inference)."""
        res = self.select(
            "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c",
            {"c": ox.NamedNode(class_iri)},
        )
        n = res.terms[0][res.variables.index("n")] if len(res) else None
        return int(n.value) if n is not None else 0

    def close(self) -> None:  # noqa: B027 - optional for subclasses
        """Release connections or files (nothing to do for an in-memory store)."""
