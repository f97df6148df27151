"""Reading the description of one resource: its statements, incoming links, labels and legal citations.

The embedded store is read directly by triple pattern (no SPARQL parsing per page); any other store through
SPARQL with bound parameters. Terms are pyoxigraph terms, so serialising RDF needs no conversion.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef

from cspgraph import resources
from cspgraph.labels import display_names
from cspgraph.stores import GraphStore

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"

CITATIONS_QUERY = resources.internal_query("legal-basis")


@dataclass
class Description:
    """Everything the app shows about one resource."""

    iri: str
    out: list[tuple[Any, Any, str]]  # (predicate, object, graph)
    inc: list[tuple[Any, Any, str]]  # (subject, predicate, graph)
    more_incoming: bool
    labels: dict[str, str] = field(default_factory=dict)
    citations: list[dict[str, str]] = field(default_factory=list)

    @property
    def exists(self) -> bool:
        return bool(self.out or self.inc)

    def triples(self) -> list[Any]:
        """The statements about the resource and the links to it, without duplicates across graphs."""
        s = ox.NamedNode(self.iri)
        ts = dict.fromkeys(ox.Triple(s, p, o) for p, o, _ in self.out)
        ts.update(dict.fromkeys(ox.Triple(x, p, s) for x, p, _ in self.inc))
        return list(ts)

    def label(self) -> str | None:
        return self.labels.get(self.iri)


def _iris(d: Description) -> set[str]:
    found = {d.iri}
    for a, b, _ in d.out + d.inc:
        for t in (a, b):
            if isinstance(t, ox.NamedNode):
                found.add(t.value)
    return found


def describe(
    store: GraphStore,
    iri: str,
    incoming_limit: int = 500,
    *,
    full: bool = True,
    with_citations: bool = True,
    names: Callable[[Iterable[str]], dict[str, str]] | None = None,
) -> Description:
    """The description of ``iri`` (empty when the store knows nothing about it).

    With ``full=False`` only the statements and links are read (enough for an RDF representation); labels and
    legal citations are what the HTML page adds (``with_citations=False``: the caller finds them itself, as the
    resource page does from its profile, :func:`cspgraph.profile.build`). ``names`` answers the display names of
    IRIs (a :class:`cspgraph.labels.NameTable` of the same store); by default they are read from the store.
    """
    node = ox.NamedNode(iri)
    out = [(q.predicate, q.object, _gname(q.graph_name)) for q in store.match(node)]
    found = store.match(None, None, node, limit=incoming_limit + 1)
    inc = [(q.subject, q.predicate, _gname(q.graph_name)) for q in found[:incoming_limit]]
    d = Description(iri, out, inc, len(found) > incoming_limit)
    if full:
        d.labels = names(_iris(d)) if names is not None else display_names(store, _iris(d))
        if d.exists and with_citations:
            d.citations = citations(store, iri)
    return d


def _gname(g: Any) -> str:
    return g.value if isinstance(g, ox.NamedNode) else ""


def citations(store: GraphStore, iri: str) -> list[dict[str, str]]:
    """The provisions of law behind the resource and its qualified relations and memberships."""
    rows = store.select(CITATIONS_QUERY, {"r": URIRef(iri)})
    out = [{k: str(v) for k, v in r.items() if v is not None and k != "r"} for r in rows]
    out.sort(key=lambda c: (c.get("citation", c["prov"]), c.get("via", ""), c.get("node", "")))
    return out
