"""The four views of the network, each a dict ``{"view", "title", "nodes", "edges", "groups", "relations", ...}``
(see :mod:`cspgraph.visualise.assemble` for the fields).

* :func:`area_view`: one police force area: its policing body, force, panel, CSPs and their responsible
  authorities, councils, crime and disorder committees, sub-groups and the funding flows of each;
* :func:`country_view`: the whole of England and Wales, every node tagged with its police area so that the page
  can show it aggregated by area and expand an area on click; positions are precomputed;
* :func:`chain_view`: the accountability chain of one body (everything it answers to, and what answers to it);
* :func:`merger_view`: a proposed merger of CSPs, with the bodies that would join the merged partnership marked.

What a user types to name an area, a body or a CSP goes through :func:`cspgraph.resolve.resolve`.

Examples:
    >>> from cspgraph.stores import open_store
    >>> store = open_store(shapes=False)
    >>> area = view(store, area="Durham", kinds=["csp"])
    >>> area["title"], sorted(n["code"] for n in area["nodes"])
    ('Durham police force area', ['E22000072', 'E22000365'])
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from rdflib import URIRef

from cspgraph.config import NETWORK_MAX_CSPS
from cspgraph.errors import InputError, TooLarge
from cspgraph.labels import fallback
from cspgraph.resolve import resolve, resolve_many
from cspgraph.stores import GraphStore
from cspgraph.visualise.assemble import assemble
from cspgraph.visualise.index import index, rows
from cspgraph.visualise.layout import country_layout, level_layout
from cspgraph.visualise.model import (
    ATTACHED,
    COUNTRY_KINDS,
    GROUP_BY_KEY,
    Index,
    check_kinds,
    check_relations,
)

__all__ = ["area_view", "chain_view", "country_view", "merger_view", "resolve_area", "view"]


def resolve_area(store: GraphStore, area: str) -> tuple[str, str]:
    """A police force area from anything :func:`cspgraph.resolve.resolve` accepts, as ``(uri, code)``.

    >>> from cspgraph.stores import open_store
    >>> resolve_area(open_store(shapes=False), "Durham")
    ('https://w3id.org/cspgraph/id/police-force-area/E23000008', 'E23000008')
    """
    uri = str(resolve(store, area, "pfa"))
    return uri, fallback(uri)


def view(
    store: GraphStore,
    *,
    area: str | None = None,
    body: str | None = None,
    csps: Sequence[str] = (),
    kinds: Iterable[str] | None = None,
    relations: Iterable[str] | None = None,
    max_csps: int = NETWORK_MAX_CSPS,
) -> dict[str, Any]:
    """The view the parameters ask for: a merger (``csps``), a chain (``body``), an area, or the whole country.

    Args:
        store: the loaded store.
        area: a police force area, for :func:`area_view`.
        body: a body, for :func:`chain_view`.
        csps: the CSPs of a merger, for :func:`merger_view`.
        kinds: body kinds to show (empty values are ignored); default that view's.
        relations: relations to show (empty values are ignored); default that view's.
        max_csps: the most CSPs a merger view takes.

    Raises:
        InputError: more than one view is asked for, or a parameter is bad.
    """
    given = sum(bool(x) for x in (area, body, csps))
    if given > 1:
        raise InputError("ask for one view at a time: an area, a body (chain) or CSPs (merger)")
    kinds = [k for k in (kinds or []) if k] or None
    relations = [r for r in (relations or []) if r] or None
    if csps:
        return merger_view(store, list(csps), kinds, relations, max_csps=max_csps)
    if body:
        return chain_view(store, body, kinds, relations)
    if area:
        return area_view(store, area, kinds, relations)
    return country_view(store, kinds, relations)


def area_view(
    store: GraphStore,
    pfa: str,
    kinds: Iterable[str] | None = None,
    relations: Iterable[str] | None = None,
) -> dict[str, Any]:
    """One police force area: its bodies, their partnerships, scrutiny, accountability and funding.

    Args:
        store: the loaded store.
        pfa: the police force area: its GSS code (``E23000008``), URI or name.
        kinds: body kinds (keys of :data:`~.model.GROUPS`) to show; default all.
        relations: relation kinds (keys of :data:`~.model.RELATIONS`) to show; default all.

    Raises:
        NotFound: nothing is called ``pfa``.
        InputError: ``pfa`` names something else, or a kind or relation is unknown.
    """
    uri, code = resolve_area(store, pfa)
    ks, rs = check_kinds(kinds, GROUP_BY_KEY), check_relations(relations)
    idx = index(store)
    core = {n.value for _, n, _ in rows(store, "view-area-bodies", ("pfa", "n", "code"), {"pfa": URIRef(uri)})}
    core = {n for n in core | {uri} if n in idx.nodes}
    nodes = set(core)
    # sub-groups, offices, units and committees attached to the area's bodies
    for _ in range(2):
        for e in idx.edges:
            if e.relation == "structure" and e.target in nodes and e.predicate in ATTACHED:
                nodes.add(e.source)
    # one step outwards along accountability and scrutiny, and the other end of each funding flow
    for e in idx.edges:
        if e.source in core and e.relation in ("accountability", "scrutiny", "funding"):
            nodes.add(e.target)
        if e.target in core and e.relation == "funding":
            nodes.add(e.source)
    name = idx.area_names.get(code, code)
    return assemble(idx, "area", f"{name} police force area", nodes, ks, rs) | {"area": code}


def country_view(
    store: GraphStore,
    kinds: Iterable[str] | None = None,
    relations: Iterable[str] | None = None,
) -> dict[str, Any]:
    """The whole of England and Wales, aggregated by police area in the page; positions precomputed.

    Args:
        store: the loaded store.
        kinds: body kinds to show; default :data:`~.model.COUNTRY_KINDS` (no electorates, committees or offices).
        relations: relations to show; default all.
    """
    ks, rs = check_kinds(kinds, COUNTRY_KINDS), check_relations(relations)
    idx = index(store)
    keep = {n for n, i in idx.nodes.items() if i.group in ks}
    pairs = [(e.source, e.target) for e in idx.edges if e.relation in rs and e.source in keep and e.target in keep]
    positions = country_layout(idx.areas, keep, pairs)
    data = assemble(idx, "country", "England and Wales", keep, ks, rs, positions)
    data["aggregate"] = True
    return data


def chain_view(
    store: GraphStore,
    body: str,
    kinds: Iterable[str] | None = None,
    relations: Iterable[str] | None = None,
) -> dict[str, Any]:
    """The accountability chain of one body: everything it answers to, transitively, and what answers to it.

    Args:
        store: the loaded store.
        body: the body (URI, ``kind/code``, code or name).
        kinds: body kinds to show; default all (the body's own kind is always shown).
        relations: relations to show; default accountability, scrutiny and co-operation.

    Raises:
        NotFound: nothing is called ``body``.
        InputError: ``body`` is ambiguous, or is not a body the network shows.
    """
    uri = str(resolve(store, body, "any"))
    ks = check_kinds(kinds, GROUP_BY_KEY)
    rs = check_relations(relations or ("accountability", "scrutiny", "cooperation"))
    idx = index(store)
    bound = {"body": URIRef(uri)}
    linked = {n.value for _, n in rows(store, "view-chain-up", ("body", "n"), bound)}
    linked |= {n.value for _, n in rows(store, "view-chain-down", ("body", "n"), bound)}
    if uri not in idx.nodes:
        raise InputError(f"{uri} is not a body that the network shows (it is not an organisation, area or electorate)")
    nodes = linked & set(idx.nodes)
    ks.add(idx.nodes[uri].group)
    ordered = sorted(nodes, key=lambda u: (idx.nodes[u].group, idx.nodes[u].label))
    pairs = [(e.source, e.target) for e in idx.edges if e.source in nodes and e.target in nodes and e.relation in rs]
    positions = level_layout(uri, ordered, pairs)
    title = f"Accountability chain of {idx.nodes[uri].label}"
    return assemble(idx, "chain", title, nodes, ks, rs, positions, {uri: {"focus": True}}) | {"body": uri}


def merger_view(
    store: GraphStore,
    csps: Sequence[str],
    kinds: Iterable[str] | None = None,
    relations: Iterable[str] | None = None,
    *,
    max_csps: int = NETWORK_MAX_CSPS,
) -> dict[str, Any]:
    """A proposed merger of CSPs: the partnerships, their responsible authorities and areas, and the proposal.

    A body that is a member of some but not all of the merging CSPs would join a partnership with the others:
    such bodies are marked ``joins`` (and highlighted in the page), as are the merging CSPs themselves.

    Args:
        store: the loaded store.
        csps: two or more CSPs (codes, URIs or names; an area stands for the CSP that serves it).
        kinds: body kinds to show; default all.
        relations: relations to show; default all.
        max_csps: the most CSPs one view takes.

    Raises:
        TooLarge: more than ``max_csps`` CSPs are given.
        NotFound: a value names nothing.
        InputError: fewer than two different CSPs, or a value is not a CSP.
    """
    if len(csps) > max_csps:
        raise TooLarge(f"a merger view takes at most {max_csps} CSPs; {len(csps)} were given")
    if len(csps) < 2:
        raise InputError("a merger needs at least two CSPs (--csp CODE --csp CODE)")
    ks, rs = check_kinds(kinds, GROUP_BY_KEY), check_relations(relations)
    idx = index(store)
    uris = [str(u) for u in resolve_many(store, csps, "csp")]
    if len(uris) < 2:
        raise InputError("a merger needs at least two different CSPs")
    members, nodes = _merger_parties(store, uris)
    union = set().union(*members.values())
    joining = {m for m in union if any(m not in ms for ms in members.values())}
    extra: dict[str, dict[str, Any]] = {u: {"merging": True, "highlight": True} for u in uris}
    for m in union:
        extra[m] = {"joins": m in joining, "highlight": m in joining}
    proposal = _proposal(idx, uris)
    extra_edges = _proposal_edges(idx, uris, union, joining, proposal["id"], ks, rs)
    title = "Proposed merger of " + " and ".join(idx.nodes[u].label for u in uris)
    data = assemble(idx, "merger", title, nodes, ks, rs, None, extra, extra_edges, [proposal])
    ids = {n["id"] for n in data["nodes"]}
    data["edges"] = [e for e in data["edges"] if e["from"] in ids and e["to"] in ids]
    data["joining"] = sorted(j for j in joining if j in ids)
    data["csps"] = uris
    return data


def _merger_parties(store: GraphStore, uris: Sequence[str]) -> tuple[dict[str, set[str]], set[str]]:
    """Each CSP's members, and every body the view shows: the CSPs, their members, areas, policing bodies,
    scrutineers and sub-groups."""
    members: dict[str, set[str]] = {}
    nodes: set[str] = set(uris)
    for uri in uris:
        found = rows(store, "view-merger-csp", ("csp", "n", "how"), {"csp": URIRef(uri)})
        members[uri] = {n.value for _, n, how in found if how.value == "member"}
        nodes |= {n.value for _, n, _ in found}
    return members, nodes


def _proposal(idx: Index, uris: Sequence[str]) -> dict[str, Any]:
    """The node of the proposed merged partnership (not a body: no URI, no page)."""
    return {
        "id": "urn:cspgraph:proposal:" + "+".join(fallback(u) for u in uris),
        "uri": "",
        "path": "",
        "label": "Proposed merged partnership",
        "labels": ["Proposed merged partnership", *(idx.nodes[u].label for u in uris)],
        "type": "Proposal",
        "typeLabel": "proposed merger (not a body)",
        "group": "csp",
        "code": " + ".join(fallback(u) for u in uris),
        "area": None,
        "proposed": True,
        "highlight": True,
    }


def _proposal_edges(
    idx: Index,
    uris: Sequence[str],
    union: set[str],
    joining: set[str],
    proposal_id: str,
    kinds: set[str],
    relations: set[str],
) -> list[dict[str, Any]]:
    """The CSPs merging into the proposal and, with memberships shown, each member joining or staying."""
    edges: list[dict[str, Any]] = [
        {
            "id": f"m{i}",
            "from": u,
            "to": proposal_id,
            "relation": "structure",
            "predicate": "mergesInto",
            "wording": "would merge into",
        }
        for i, u in enumerate(uris)
    ]
    if "membership" not in relations:
        return edges
    return edges + [
        {
            "id": f"j{i}",
            "from": m,
            "to": proposal_id,
            "relation": "membership",
            "predicate": "wouldBeMemberOf",
            "wording": "would join" if m in joining else "would stay a member",
            "highlight": m in joining,
        }
        for i, m in enumerate(sorted(union))
        if m in idx.nodes and idx.nodes[m].group in kinds
    ]
