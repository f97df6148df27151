"""A store on a remote SPARQL server: SPARQL 1.1 Protocol for queries, Graph Store Protocol for loading.

A deployment that outgrows one machine puts the dataset on an existing SPARQL server (Oxigraph server, Apache Jena
Fuseki, GraphDB, Virtuoso) and runs several stateless app workers in front of it. The server must answer queries
over the union of its named graphs by default (Oxigraph: ``oxigraph serve --union-default-graph``; Fuseki:
``tdb2:unionDefaultGraph true``), as the embedded store does.

Endpoints are derived from the URL given:

* ``http://host:7878`` (no path): the Oxigraph server layout, ``/query``, ``/update`` and ``/store``;
* ``http://host:7878/query``: the query endpoint; the Graph Store endpoint is the sibling ``store``;
* ``http://host:3030/ds/sparql`` or ``.../ds/query`` on Fuseki: pass ``gsp_url=.../ds/data`` (or set
  ``CSPGRAPH_STORE_GSP``); ``sparql`` URLs default to the sibling ``data``, as Fuseki names it.

Query parameters are bound by substituting checked constants into the query text (:mod:`cspgraph.stores.substitute`),
as the embedded store's substitution does, so both stores give the same answers.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx
import pyoxigraph as ox
from rdflib import Graph, URIRef

from cspgraph import resources
from cspgraph.errors import InputError, LoadError, QueryError, Unavailable
from cspgraph.namespaces import bind_prefixes
from cspgraph.rdfio import rdf_format_for_path
from cspgraph.stores.base import GraphStore, SelectResult
from cspgraph.stores.substitute import substitute
from cspgraph.stores.terms import from_json, to_ox
from cspgraph.version import __version__


def _sibling(url: str, name: str) -> str:
    parts = urlsplit(url)
    path = parts.path.rsplit("/", 1)[0] + "/" + name
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def endpoints(url: str, gsp_url: str | None = None, update_url: str | None = None) -> tuple[str, str, str]:
    """The query, update and Graph Store endpoint URLs for a ``--store`` URL (see the module docstring)."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - a malformed port or IPv6 address raises here
    except ValueError as e:
        raise InputError(f"--store {url!r} is not a valid URL: {e}") from e
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(f"--store {url!r} is not an http(s) URL of a SPARQL endpoint")
    if parts.path in ("", "/"):
        base = urlunsplit((parts.scheme, parts.netloc, "", "", ""))
        query, update, gsp = base + "/query", base + "/update", base + "/store"
    else:
        query = url
        update = _sibling(url, "update")
        gsp = _sibling(url, "data" if parts.path.rstrip("/").endswith("/sparql") else "store")
    gsp = gsp_url or os.environ.get("CSPGRAPH_STORE_GSP") or gsp
    return query, update_url or update, gsp


class StoreUnavailable(Unavailable):
    """The SPARQL server holding the data did not answer in time, or refused the connection."""

    title = "Store unavailable"


_COUNTS = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"  # store plumbing


class RemoteStore(GraphStore):
    """A :class:`GraphStore` on a SPARQL 1.1 Protocol / Graph Store Protocol server."""

    name = "remote"
    local = False

    def __init__(
        self,
        url: str,
        *,
        gsp_url: str | None = None,
        update_url: str | None = None,
        timeout: float = 60.0,
        connect_timeout: float = 5.0,
        client: httpx.Client | None = None,
    ) -> None:
        self.url = url
        self.query_url, self.update_url, self.gsp_url = endpoints(url, gsp_url, update_url)
        self.timeout = timeout
        self.connect_timeout = min(connect_timeout, timeout)
        limits = httpx.Limits(max_connections=64, max_keepalive_connections=32)
        self.client = client or httpx.Client(
            timeout=httpx.Timeout(timeout, connect=self.connect_timeout),
            limits=limits,
            headers={"User-Agent": f"cspgraph/{__version__}"},
        )

    # ------------------------------------------------------------ protocol
    def request_query(self, query: str, accept: str, *, timeout: float | None = None) -> httpx.Response:
        """POST a query (form-encoded, per the protocol) and return the raw response.

        Raises:
            StoreUnavailable: the server refused the connection or did not answer within the time limit (503).
        """
        limit = timeout or self.timeout
        try:
            return self.client.post(
                self.query_url,
                data={"query": query},
                headers={"Accept": accept},
                timeout=httpx.Timeout(limit, connect=min(self.connect_timeout, limit)),
            )
        except httpx.TimeoutException as e:
            raise StoreUnavailable(f"the SPARQL store {self.query_url} did not answer within {limit:g} s") from e
        except httpx.HTTPError as e:
            raise StoreUnavailable(f"the SPARQL store {self.query_url} is not reachable: {e}") from e

    def ping(self, timeout: float = 2.0) -> str | None:
        """None when the server answers a trivial query within ``timeout`` seconds, else what went wrong."""
        try:
            r = self.request_query("ASK {}", "application/sparql-results+json", timeout=timeout)
        except StoreUnavailable as e:
            return str(e)
        return None if r.status_code < 400 else f"{self.query_url} answered {r.status_code}"

    def graph_counts(self) -> dict[str, int]:
        """Triples per named graph on the server."""
        return {str(r["g"]): int(str(r["n"])) for r in self.select(_COUNTS)}

    def _query(self, query: str, bindings: Mapping[str, Any] | None, accept: str) -> httpx.Response:
        r = self.request_query(substitute(query, bindings), accept)
        if r.status_code >= 500:
            raise StoreUnavailable(
                f"the SPARQL store {self.query_url} answered {r.status_code}: {r.text.strip()[:300]}"
            )
        if r.status_code >= 400:
            raise QueryError(f"{self.query_url} answered {r.status_code}: {r.text.strip()[:500]}")
        return r

    def _json(self, query: str, bindings: Mapping[str, Any] | None) -> dict[str, Any]:
        r = self._query(query, bindings, "application/sparql-results+json")
        try:
            data: dict[str, Any] = r.json()
        except ValueError as e:
            raise QueryError(f"{self.query_url} did not answer SPARQL JSON results: {e}") from e
        return data

    def select(self, query: str, bindings: Mapping[str, Any] | None = None) -> SelectResult:
        data = self._json(query, bindings)
        if "results" not in data:
            raise QueryError("expected a SELECT query")
        variables = list(data["head"].get("vars", []))
        rows = [{v: (from_json(b[v]) if v in b else None) for v in variables} for b in data["results"]["bindings"]]
        return SelectResult(variables, rows)

    def select_terms(
        self, query: str, bindings: Mapping[str, Any] | None = None, variables: Sequence[str] | None = None
    ) -> list[tuple[Any, ...]]:
        data = self._json(query, bindings)
        if "results" not in data:
            raise QueryError("expected a SELECT query")
        names = list(variables) if variables is not None else list(data["head"].get("vars", []))
        return [tuple(to_ox(from_json(b[v])) if v in b else None for v in names) for b in data["results"]["bindings"]]

    def ask(self, query: str, bindings: Mapping[str, Any] | None = None) -> bool:
        data = self._json(query, bindings)
        if "boolean" not in data:
            raise QueryError("expected an ASK query")
        return bool(data["boolean"])

    def construct(self, query: str, bindings: Mapping[str, Any] | None = None) -> Graph:
        r = self._query(query, bindings, "application/n-triples")
        g = bind_prefixes(Graph())
        try:
            g.parse(data=r.content, format="nt")
        except Exception as e:  # rdflib raises several kinds of parser errors
            raise QueryError(f"{self.query_url} did not answer N-Triples: {e}") from e
        return g

    def __len__(self) -> int:
        res = self.select("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(res.rows[0]["n"] or 0) if res.rows else 0  # type: ignore[arg-type]

    def graph_names(self) -> list[str]:
        res = self.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
        return sorted(str(r["g"]) for r in res if isinstance(r["g"], URIRef))

    def graph(self, name: str | None = None) -> Graph:
        if name is None:
            return self.construct("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
        return self.construct("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", {"g": URIRef(name)})

    def quads(self) -> Iterator[Any]:
        rows = self.select_terms("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }", None, ("s", "p", "o", "g"))
        return (ox.Quad(*row) for row in rows)

    # ------------------------------------------------------------ Graph Store Protocol
    def _gsp(self, method: str, graph: str, body: bytes, content_type: str, source: str) -> None:
        try:
            r = self.client.request(
                method,
                self.gsp_url,
                params={"graph": graph},
                content=body,
                headers={"Content-Type": content_type},
                timeout=max(self.timeout, 300.0),
            )
        except httpx.HTTPError as e:
            raise LoadError(source, f"Graph Store endpoint {self.gsp_url} is not reachable: {e}") from e
        if r.status_code >= 400:
            raise LoadError(source, f"{self.gsp_url} answered {r.status_code}: {r.text.strip()[:300]}")

    def load_file(self, path: Path, graph: str, *, replace: bool = False) -> None:
        self.changed()
        ctype = rdf_format_for_path(path).media_type
        try:
            body = path.read_bytes()
        except OSError as e:
            raise LoadError(str(path), str(e)) from e
        self._gsp("PUT" if replace else "POST", graph, body, ctype, str(path))

    def add_graph(self, graph: Graph, name: str, *, replace: bool = False) -> None:
        self.changed()
        body = graph.serialize(format="nt", encoding="utf-8")
        self._gsp("PUT" if replace else "POST", name, body, "application/n-triples", f"<{name}>")

    def delete_graph(self, graph: str) -> None:
        """Remove one named graph from the server (Graph Store Protocol DELETE)."""
        self._gsp("DELETE", graph, b"", "application/n-triples", f"<{graph}>")

    def push_dataset(self, *, data: Path | None = None, shapes: bool = True) -> dict[str, int]:
        """Make the server's dataset graphs equal to the local files, and check that they are.

        Each graph is replaced by its files (the first file of a graph replaces it, the rest add); graphs of the
        dataset's namespace that the local files no longer have are deleted; then the server's triples per graph
        are compared with the local files' (LoadError naming the graph if they differ).

        Returns:
            The number of files loaded into each graph.
        """
        files: list[tuple[Path, str]] = [(f, resources.ONTOLOGY_GRAPH) for f in resources.ontology_files()]
        files += [(f, resources.graph_name_for(f, data)) for f in resources.data_files(data)]
        if shapes:
            files += [(f, resources.SHAPES_GRAPH) for f in resources.shapes_files()]
        done: dict[str, int] = {}
        for f, g in files:
            self.load_file(f, g, replace=g not in done)
            done[g] = done.get(g, 0) + 1
        ours = str(resources.GRAPH_NS)
        for stale in sorted(set(self.graph_counts()) - set(done)):
            if stale.startswith(ours):
                self.delete_graph(stale)
        self._verify(files)
        return done

    def _verify(self, files: list[tuple[Path, str]]) -> None:
        from cspgraph.stores.oxigraph import load_into

        local = ox.Store()
        for f, g in files:
            load_into(local, f, ox.NamedNode(g))
        want = {g.value: n for g, n in _count_graphs(local).items()}
        got = self.graph_counts()
        for g, n in sorted(want.items()):
            if got.get(g) != n:
                raise LoadError(g, f"the server holds {got.get(g, 0)} triples in this graph, the files {n}")

    def close(self) -> None:
        self.client.close()


def _count_graphs(store: ox.Store) -> dict[Any, int]:
    counts: dict[Any, int] = {}
    for q in store:
        counts[q.graph_name] = counts.get(q.graph_name, 0) + 1
    return counts
