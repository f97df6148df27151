"""The embedded default store: a pyoxigraph ``Store``, in memory, or on disk when a path is given."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from cspgraph.errors import LoadError, QueryError
from cspgraph.rdfio import rdf_format_for_path
from cspgraph.stores.base import GraphStore, SelectResult
from cspgraph.stores.terms import to_ox, to_rdflib

if TYPE_CHECKING:
    from rdflib import Graph

_LINE = re.compile(r"line (\d+)|(\d+):\d+|on line (\d+)", re.IGNORECASE)


def line_of(message: str) -> int | None:
    """The line number a parser's message names, if any."""
    m = _LINE.search(message)
    if not m:
        return None
    return int(next(g for g in m.groups() if g))


def load_into(store: ox.Store, path: Path, graph: Any, *, bulk: bool = False, lenient: bool = False) -> None:
    """Parse an RDF file into one graph of a pyoxigraph Store; LoadError naming the file and line on bad input.

    ``bulk`` uses ``Store.bulk_load`` (no transaction: for a store being built that nobody reads yet); ``lenient``
    skips the validation of IRIs and language tags (for a file already parsed strictly, see
    :func:`cspgraph.stores.disk.load_checked`).
    """
    fmt = rdf_format_for_path(path)
    try:
        if bulk:
            store.bulk_load(path=str(path), format=fmt.oxigraph, to_graph=graph, lenient=lenient)
        else:
            store.load(path=str(path), format=fmt.oxigraph, to_graph=graph, lenient=lenient)
    except FileNotFoundError as e:
        raise LoadError(str(path), "no such file") from e
    except IsADirectoryError as e:
        raise LoadError(str(path), "is a folder, not a file") from e
    except SyntaxError as e:
        raise LoadError(str(path), f"malformed RDF: {e}", line_of(str(e))) from e
    except UnicodeDecodeError as e:
        raise LoadError(str(path), "is not UTF-8 text") from e
    except (OSError, ValueError) as e:
        raise LoadError(str(path), str(e)) from e


class OxigraphStore(GraphStore):
    """A pyoxigraph ``Store``: in memory by default; ``path`` opens (or creates) an on-disk store."""

    name = "oxigraph"

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        store: ox.Store | None = None,
        read_only: bool = False,
        location: Path | None = None,
    ) -> None:
        self.store = store if store is not None else (ox.Store(str(path)) if path else ox.Store())
        #: True for the shared on-disk copy (:mod:`cspgraph.stores.disk`): loading into it is refused
        self.read_only = read_only
        #: the folder of an on-disk store, None in memory
        self.location = location if location is not None else (Path(path) if path else None)

    def changed(self) -> None:
        if self.read_only:
            raise LoadError(str(self.location), "this store is the shared read-only copy of the dataset")
        super().changed()

    def load_file(self, path: Path, graph: str) -> None:
        self.changed()
        load_into(self.store, path, ox.NamedNode(graph))

    def load_bytes(self, data: bytes, fmt: Any, graph: str, source: str = "<input>") -> None:
        self.changed()
        try:
            self.store.load(data, format=fmt, to_graph=ox.NamedNode(graph))
        except SyntaxError as e:
            raise LoadError(source, f"malformed RDF: {e}", line_of(str(e))) from e

    def add_graph(self, graph: Graph, name: str) -> None:
        self.changed()
        g = ox.NamedNode(name)
        self.store.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), g) for s, p, o in graph)

    def _run(self, query: str, bindings: Mapping[str, Any] | None) -> Any:
        subs = {ox.Variable(k): to_ox(v) for k, v in (bindings or {}).items()}
        try:
            return self.store.query(query, use_default_graph_as_union=True, substitutions=subs or None)
        except SyntaxError as e:
            raise QueryError(f"malformed SPARQL: {e}") from e
        except RuntimeError as e:  # e.g. a substituted variable that the query does not project
            raise QueryError(str(e)) from e

    def select(self, query: str, bindings: Mapping[str, Any] | None = None) -> SelectResult:
        res = self._run(query, bindings)
        if not isinstance(res, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        variables = [v.value for v in res.variables]
        return SelectResult(variables, terms=[tuple(sol[v] for v in variables) for sol in res])

    def select_terms(
        self, query: str, bindings: Mapping[str, Any] | None = None, variables: Sequence[str] | None = None
    ) -> list[tuple[Any, ...]]:
        res = self._run(query, bindings)
        if not isinstance(res, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        names = list(variables) if variables is not None else [v.value for v in res.variables]
        return [tuple(sol[v] for v in names) for sol in res]

    def ask(self, query: str, bindings: Mapping[str, Any] | None = None) -> bool:
        res = self._run(query, bindings)
        if not isinstance(res, ox.QueryBoolean):
            raise QueryError("expected an ASK query")
        return bool(res)

    def construct(self, query: str, bindings: Mapping[str, Any] | None = None) -> Graph:
        res = self._run(query, bindings)
        if not isinstance(res, ox.QueryTriples):
            raise QueryError("expected a CONSTRUCT or DESCRIBE query")
        from rdflib import Graph

        from cspgraph.namespaces import bind_prefixes

        g = bind_prefixes(Graph())
        for t in res:
            g.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))  # type: ignore[arg-type]
        return g

    def match(self, s: Any = None, p: Any = None, o: Any = None, *, limit: int | None = None) -> list[Any]:
        default = ox.DefaultGraph
        quads = self.store.quads_for_pattern(s, p, o, None)
        if limit is None:  # a comprehension: every page matches a few dozen patterns
            return [q for q in quads if not isinstance(q.graph_name, default)]
        out = []
        for q in quads:
            if isinstance(q.graph_name, default):
                continue
            out.append(q)
            if len(out) >= limit:
                break
        return out

    def match_many(self, subjects: Sequence[Any], predicates: Sequence[Any]) -> list[Any]:
        find = self.store.quads_for_pattern  # called directly: this is the look-up behind every page's labels
        default = ox.DefaultGraph
        return [
            q
            for s in subjects
            for p in predicates
            for q in find(s, p, None, None)
            if not isinstance(q.graph_name, default)
        ]

    def quads(self) -> Iterator[Any]:
        return (q for q in self.store if not isinstance(q.graph_name, ox.DefaultGraph))

    def __len__(self) -> int:
        return len(self.store)

    def graph_names(self) -> list[str]:
        return sorted(g.value for g in self.store.named_graphs() if isinstance(g, ox.NamedNode))

    def oxigraph(self) -> ox.Store:
        return self.store
