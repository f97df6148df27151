"""The store abstraction: an embedded Oxigraph store by default, rdflib's in-memory engine as the reference.

Both backends hold the ontology, the data files and the shapes in named graphs, and answer SPARQL over the union
of those graphs by default. Query parameters are bound with ``bindings`` (Oxigraph substitutions / rdflib
``initBindings``), never pasted into query text.
"""

from __future__ import annotations

import abc
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.term import Node, Variable

from cspgraph import resources
from cspgraph.errors import LoadError, QueryError
from cspgraph.namespaces import bind_prefixes

RDFTerm = URIRef | BNode | Literal

_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".trig": ox.RdfFormat.TRIG,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
}
_LINE = re.compile(r"line (\d+)|(\d+):\d+|on line (\d+)", re.IGNORECASE)


def _line_of(message: str) -> int | None:
    m = _LINE.search(message)
    if not m:
        return None
    return int(next(g for g in m.groups() if g))


# ---------------------------------------------------------------- term conversion
def to_ox(term: Node) -> Any:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {term!r}")


def to_rdflib(term: Any) -> RDFTerm:
    """A pyoxigraph term as an rdflib term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        if dt == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(dt))
    raise TypeError(f"cannot convert {term!r}")


@dataclass
class SelectResult:
    """The answer to a SELECT query: variable names and rows of rdflib terms (None where unbound)."""

    variables: list[str]
    rows: list[dict[str, RDFTerm | None]]

    def __iter__(self) -> Iterator[dict[str, RDFTerm | None]]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def as_set(self) -> set[tuple[str | None, ...]]:
        """The rows as a set of tuples of strings, for order-insensitive comparison."""
        return {tuple(None if r.get(v) is None else str(r[v]) for v in self.variables) for r in self.rows}


class GraphStore(abc.ABC):
    """A quad store holding the cspgraph dataset."""

    name = "abstract"
    local = True  # the data is in this process (False for a store on a SPARQL server)

    @abc.abstractmethod
    def load_file(self, path: Path, graph: str) -> None:
        """Parse an RDF file into the named graph; raise LoadError naming the file and line on bad input."""

    @abc.abstractmethod
    def add_graph(self, graph: Graph, name: str) -> None:
        """Add the triples of an rdflib graph into the named graph."""

    @abc.abstractmethod
    def select(self, query: str, bindings: Mapping[str, Node] | None = None) -> SelectResult:
        """Run a SELECT query over the union of the graphs."""

    @abc.abstractmethod
    def ask(self, query: str, bindings: Mapping[str, Node] | None = None) -> bool:
        """Run an ASK query."""

    @abc.abstractmethod
    def construct(self, query: str, bindings: Mapping[str, Node] | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE query and return the triples as an rdflib graph."""

    @abc.abstractmethod
    def __len__(self) -> int:
        """The number of quads in the store."""

    @abc.abstractmethod
    def graph_names(self) -> list[str]:
        """The named graphs in the store."""

    @abc.abstractmethod
    def graph(self, name: str | None = None) -> Graph:
        """A copy of one named graph (or of the union of all of them) as an rdflib graph."""

    # ------------------------------------------------------------ shared helpers
    def count_instances(self, class_iri: str) -> int:
        """How many distinct resources are typed with the class (no inference)."""
        res = self.select(
            "SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c } GROUP BY ?c",
            {"c": URIRef(class_iri)},
        )
        return int(res.rows[0]["n"] or 0) if res.rows else 0  # type: ignore[arg-type]

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


class OxigraphStore(GraphStore):
    """The embedded default: a pyoxigraph ``Store``, in memory, or on disk when ``path`` is given."""

    name = "oxigraph"

    def __init__(self, path: str | Path | None = None) -> None:
        self.store = ox.Store(str(path)) if path else ox.Store()

    def load_file(self, path: Path, graph: str) -> None:
        fmt = _FORMATS.get(path.suffix.lower())
        if fmt is None:
            raise LoadError(str(path), f"unknown RDF file extension {path.suffix!r} (use .ttl, .nt, .nq, .trig, .rdf)")
        try:
            self.store.load(path=str(path), format=fmt, to_graph=ox.NamedNode(graph))
        except FileNotFoundError as e:
            raise LoadError(str(path), "no such file") from e
        except SyntaxError as e:
            raise LoadError(str(path), f"malformed RDF: {e}", _line_of(str(e))) from e
        except (OSError, ValueError) as e:
            raise LoadError(str(path), str(e)) from e

    def load_bytes(self, data: bytes, fmt: Any, graph: str, source: str = "<input>") -> None:
        try:
            self.store.load(data, format=fmt, to_graph=ox.NamedNode(graph))
        except SyntaxError as e:
            raise LoadError(source, f"malformed RDF: {e}", _line_of(str(e))) from e

    def add_graph(self, graph: Graph, name: str) -> None:
        g = ox.NamedNode(name)
        self.store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), g) for s, p, o in graph)

    def _run(self, query: str, bindings: Mapping[str, Node] | None) -> Any:
        subs = {ox.Variable(k): to_ox(v) for k, v in (bindings or {}).items()}
        try:
            return self.store.query(query, use_default_graph_as_union=True, substitutions=subs or None)
        except SyntaxError as e:
            raise QueryError(f"malformed SPARQL: {e}") from e
        except RuntimeError as e:  # e.g. a substituted variable that the query does not project
            raise QueryError(str(e)) from e

    def raw_query(self, query: str, bindings: Mapping[str, Node] | None = None) -> Any:
        """The pyoxigraph result object (for serialising results without converting terms)."""
        return self._run(query, bindings)

    def select(self, query: str, bindings: Mapping[str, Node] | None = None) -> SelectResult:
        res = self._run(query, bindings)
        if not isinstance(res, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        variables = [v.value for v in res.variables]
        rows = []
        for sol in res:
            row: dict[str, RDFTerm | None] = {}
            for v in variables:
                t = sol[v]
                row[v] = None if t is None else to_rdflib(t)
            rows.append(row)
        return SelectResult(variables, rows)

    def ask(self, query: str, bindings: Mapping[str, Node] | None = None) -> bool:
        res = self._run(query, bindings)
        if not isinstance(res, ox.QueryBoolean):
            raise QueryError("expected an ASK query")
        return bool(res)

    def construct(self, query: str, bindings: Mapping[str, Node] | None = None) -> Graph:
        res = self._run(query, bindings)
        if not isinstance(res, ox.QueryTriples):
            raise QueryError("expected a CONSTRUCT or DESCRIBE query")
        g = bind_prefixes(Graph())
        for t in res:
            g.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))  # type: ignore[arg-type]
        return g

    def __len__(self) -> int:
        return len(self.store)

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))

    def graph(self, name: str | None = None) -> Graph:
        g = bind_prefixes(Graph())
        gn = ox.NamedNode(name) if name else None
        for q in self.store.quads_for_pattern(None, None, None, gn):
            if name is None and isinstance(q.graph_name, ox.DefaultGraph):
                pass
            g.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))  # type: ignore[arg-type]
        return g

    def dump(self, fmt: Any, graph: str | None = None) -> bytes:
        """Serialise a named graph, or with ``graph=None`` the whole dataset (as quads for N-Quads/TriG)."""
        out = io.BytesIO()
        if graph is not None:
            self.store.dump(out, format=fmt, from_graph=ox.NamedNode(graph))
        elif fmt in (ox.RdfFormat.N_QUADS, ox.RdfFormat.TRIG):
            self.store.dump(out, format=fmt)
        else:
            triples = ox.Store()
            triples.extend(ox.Quad(q.subject, q.predicate, q.object) for q in self.store)
            triples.dump(out, format=fmt, from_graph=ox.DefaultGraph())
        return out.getvalue()


class RdflibStore(GraphStore):
    """rdflib's in-memory ``Dataset`` with its pure-Python SPARQL engine: the baseline and a cross-check."""

    name = "rdflib"

    def __init__(self) -> None:
        self.dataset = Dataset(default_union=True)
        bind_prefixes(self.dataset)

    def load_file(self, path: Path, graph: str) -> None:
        if not path.is_file():
            raise LoadError(str(path), "no such file")
        try:
            self.dataset.graph(URIRef(graph)).parse(path, format=_rdflib_format(path))
        except Exception as e:  # rdflib raises many kinds of parser errors
            raise LoadError(str(path), f"malformed RDF: {e}", _line_of(str(e))) from e

    def add_graph(self, graph: Graph, name: str) -> None:
        target = self.dataset.graph(URIRef(name))
        for t in graph:
            target.add(t)

    def _run(self, query: str, bindings: Mapping[str, Node] | None) -> Any:
        try:
            init = {Variable(k): v for k, v in (bindings or {}).items()}
            return self.dataset.query(query, initBindings=init)  # type: ignore[arg-type]
        except Exception as e:
            raise QueryError(f"SPARQL failed: {e}") from e

    def select(self, query: str, bindings: Mapping[str, Node] | None = None) -> SelectResult:
        res = self._run(query, bindings)
        variables = [str(v) for v in res.vars]
        rows = [{v: r[i] for i, v in enumerate(variables)} for r in res]
        return SelectResult(variables, rows)

    def ask(self, query: str, bindings: Mapping[str, Node] | None = None) -> bool:
        return bool(self._run(query, bindings).askAnswer)

    def construct(self, query: str, bindings: Mapping[str, Node] | None = None) -> Graph:
        res = self._run(query, bindings)
        g = bind_prefixes(Graph())
        for t in res:
            g.add(t)
        return g

    def __len__(self) -> int:
        return sum(len(g) for g in self.dataset.graphs())

    def graph_names(self) -> list[str]:
        return sorted(str(g.identifier) for g in self.dataset.graphs() if len(g))

    def graph(self, name: str | None = None) -> Graph:
        g = bind_prefixes(Graph())
        src: Iterable[Any] = self.dataset.graph(URIRef(name)) if name else self.dataset.triples((None, None, None))
        for t in src:
            g.add(t)
        return g


def _rdflib_format(path: Path) -> str:
    return {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig", ".rdf": "xml", ".jsonld": "json-ld"}.get(
        path.suffix.lower(), "turtle"
    )


def open_store(kind: str = "oxigraph", *, data: Path | None = None, shapes: bool = True) -> GraphStore:
    """A store of the given kind ("oxigraph" or "rdflib") with the whole dataset loaded, or a remote endpoint.

    Args:
        kind: ``"oxigraph"`` (the embedded default), ``"rdflib"``, or the http(s) URL of a SPARQL 1.1 endpoint
            (a :class:`cspgraph.remote.RemoteStore`; nothing is loaded: ``cspgraph load --store URL`` pushes the data).
        data: a data folder other than the project's data/.
        shapes: also load shapes/ into the shapes graph.

    Returns:
        The loaded store.
    """
    store: GraphStore
    if kind.startswith(("http://", "https://")):  # a SPARQL 1.1 endpoint that already holds the dataset
        from cspgraph.remote import RemoteStore

        return RemoteStore(kind)
    if kind == "oxigraph":
        store = OxigraphStore()
    elif kind == "rdflib":
        store = RdflibStore()
    else:
        from cspgraph.errors import InputError

        raise InputError(f"unknown store kind {kind!r}: use 'oxigraph' or 'rdflib' (or a SPARQL endpoint URL)")
    return store.load_dataset(data=data, shapes=shapes)
