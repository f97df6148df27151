"""The typed networkx views of the graph, each built from one SPARQL SELECT in ``queries/internal/``.

* accountability (``network-accountability.rq``): a DiGraph, edge ``a -> b`` when ``a`` answers to ``b``
  (org:reportsTo and its sub-properties), with the most specific relation recorded as ``relation``;
* membership (``network-membership.rq``): a bipartite DiGraph, edge ``member -> organisation`` for every
  org:Membership (``role``, ``basis``, ``current``) and org:memberOf;
* funding (``network-funding.rq``): a MultiDiGraph, edge ``funder -> recipient`` per cspg:FundingFlow (``fund``,
  ``year``, ``amount`` where recorded); a flow that names no recipient ends at its intermediary.

Nodes carry ``label`` (the display name, :func:`cspgraph.labels.display_names`), ``types`` (class URIs, from
``resolver-types.rq``), ``kind`` (the segment after id/ in the URI, e.g. ``csp``) and ``terminal`` (an electorate
or a legislature: the end of accountability).

Examples:
    >>> from cspgraph.stores import open_store
    >>> g = accountability_graph(open_store(shapes=False))
    >>> g.nodes["https://w3id.org/cspgraph/id/electorate/E23000008"]["terminal"]
    True
"""

from __future__ import annotations

from typing import Any

import networkx as nx

from cspgraph import resources
from cspgraph.labels import display_names, fallback
from cspgraph.namespaces import CSPG, ID
from cspgraph.stores import GraphStore

__all__ = ["TERMINAL_CLASSES", "accountability_graph", "funding_graph", "kind_of", "membership_graph"]

#: the classes of the bodies accountability ends at
TERMINAL_CLASSES = (str(CSPG.Electorate), str(CSPG.Legislature))


def kind_of(uri: str) -> str:
    """The segment after id/ of a dataset URI, else ``""``.

    >>> kind_of("https://w3id.org/cspgraph/id/csp/E22000365"), kind_of("https://example.org/x")
    ('csp', '')
    """
    rest = uri.removeprefix(str(ID))
    return rest.split("/", 1)[0] if rest != uri else ""


def _select(store: GraphStore, name: str) -> list[dict[str, Any]]:
    """The rows of ``queries/internal/<name>.rq``."""
    return store.select(resources.internal_query(name)).rows


def _annotate(store: GraphStore, g: nx.Graph) -> None:
    """Give every node its display name, classes, kind and whether it ends accountability."""
    types: dict[str, set[str]] = {}
    for node, typ in store.select_terms(resources.internal_query("resolver-types"), None, ("r", "type")):
        if node.value in g:
            types.setdefault(node.value, set()).add(typ.value)
    names = display_names(store, g.nodes)
    for n, data in g.nodes(data=True):
        data["types"] = types.get(n, set())
        data["label"] = names.get(n) or fallback(n)
        data["kind"] = kind_of(n)
        data["terminal"] = bool(data["types"] & set(TERMINAL_CLASSES))


def accountability_graph(store: GraphStore) -> nx.DiGraph:
    """Who answers to whom.

    Args:
        store: the loaded store.

    Returns:
        A DiGraph with an edge ``a -> b`` when ``a`` answers to ``b``; ``relation`` is the most specific property
        recorded, ``relations`` every one.
    """
    g = nx.DiGraph(name="accountability")
    for row in _select(store, "network-accountability"):
        a, b, rel = str(row["from"]), str(row["to"]), str(row["relation"])
        if g.has_edge(a, b):
            g.edges[a, b]["relations"].add(rel)
        else:
            g.add_edge(a, b, relations={rel})
    for _, _, data in g.edges(data=True):
        data["relation"] = sorted(data["relations"], key=_specificity)[0]
    _annotate(store, g)
    return g


def _specificity(rel: str) -> int:
    """0 for a specific relation, 1 for cspg:accountableTo, 2 for org:reportsTo."""
    if rel.endswith("/accountableTo"):
        return 1
    if rel.endswith("#reportsTo"):
        return 2
    return 0


def membership_graph(store: GraphStore, *, current_only: bool = False) -> nx.DiGraph:
    """Who is a member of what.

    Args:
        store: the loaded store.
        current_only: leave out memberships that have ended (``schema:validUntil``).

    Returns:
        A bipartite DiGraph with an edge ``member -> organisation`` (``role``, ``basis``, ``current``,
        ``responsible_authority``); the node attribute ``bipartite`` is 0 for members and 1 for organisations.
    """
    g = nx.DiGraph(name="membership")
    for row in _select(store, "network-membership"):
        current = row.get("until") is None
        if current_only and not current:
            continue
        m, o = str(row["member"]), str(row["organization"])
        g.add_edge(
            m,
            o,
            role=None if row.get("role") is None else str(row["role"]),
            basis=None if row.get("basis") is None else str(row["basis"]),
            current=current,
            responsible_authority=str(row.get("ra")) == "true",
        )
    for n in g:
        g.nodes[n]["bipartite"] = 1 if g.in_degree(n) else 0
    _annotate(store, g)
    return g


def funding_graph(store: GraphStore) -> nx.MultiDiGraph:
    """Who funds whom.

    Args:
        store: the loaded store.

    Returns:
        A MultiDiGraph with an edge ``funder -> recipient`` per funding flow and party, keyed by the flow's URI
        (``fund``, ``year``, ``amount`` where recorded).
    """
    g = nx.MultiDiGraph(name="funding")
    for row in _select(store, "network-funding"):
        amount = row.get("amount")
        g.add_edge(
            str(row["funder"]),
            str(row["recipient"]),
            key=str(row["flow"]),
            fund=None if row.get("fund") is None else str(row["fund"]),
            year=None if row.get("year") is None else str(row["year"]),
            amount=None if amount is None else float(str(amount)),
        )
    _annotate(store, g)
    return g
