"""The graph JSON of a view, cut from the index: nodes, edges, the area menu and the legend.

Nodes carry ``id`` (the URI), ``uri``, ``path`` (on the app), ``label``, ``labels`` (every name, for search),
``type``/``typeLabel`` (the most specific class), ``group``, ``code``, ``area`` (the code of the one police area the
body belongs to, else None) and ``x``/``y``. Edges carry ``id``, ``from``, ``to``, ``relation``, ``predicate``,
``wording`` and, for funding, ``fund``, ``amount``, ``year`` and a ``label`` with the amount.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from cspgraph.namespaces import BASE
from cspgraph.visualise.layout import Position, small_layout
from cspgraph.visualise.model import EdgeInfo, Index, NodeInfo, legend

__all__ = ["assemble", "edge_json", "link", "node_json"]


def link(uri: str) -> str:
    """The path of a resource's page on the app, for URIs in the dataset's space.

    >>> link("https://w3id.org/cspgraph/id/csp/E22000365")
    '/id/csp/E22000365'
    >>> link("https://example.org/x")
    'https://example.org/x'
    """
    return "/" + uri[len(BASE) :] if uri.startswith(BASE) else uri


def node_json(info: NodeInfo, idx: Index, **extra: Any) -> dict[str, Any]:
    """One body as the page reads it, with ``extra`` fields (``focus``, ``merging``, ``highlight``...)."""
    areas = idx.areas.get(info.uri, set())
    d: dict[str, Any] = {
        "id": info.uri,
        "uri": info.uri,
        "path": link(info.uri),
        "label": info.label,
        "labels": info.labels,
        "type": info.type,
        "typeLabel": info.type_label,
        "group": info.group,
        "code": info.code,
        "area": next(iter(areas)) if len(areas) == 1 else None,
    }
    d.update(extra)
    return d


def edge_json(e: EdgeInfo) -> dict[str, Any]:
    """One relation as the page reads it.

    >>> edge_json(EdgeInfo("a", "b", "funding", "FundingFlow", "funds", 0, "f1", "Grant", 1500.0, "2024-25"))["label"]
    '£1,500'
    """
    d: dict[str, Any] = {
        "id": e.id,
        "from": e.source,
        "to": e.target,
        "relation": e.relation,
        "predicate": e.predicate,
        "wording": e.wording,
    }
    if e.relation == "funding":
        d["fund"] = e.fund
        d["amount"] = e.amount
        d["year"] = e.year
        if e.amount is not None:
            d["label"] = f"£{e.amount:,.0f}"
    if e.basis:
        d["basis"] = e.basis
    return d


def assemble(
    idx: Index,
    view: str,
    title: str,
    node_ids: Iterable[str],
    kinds: set[str],
    relations: set[str],
    positions: Mapping[str, Position] | None = None,
    extra: Mapping[str, dict[str, Any]] | None = None,
    extra_edges: Sequence[dict[str, Any]] = (),
    extra_nodes: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    """The view's JSON: the bodies of ``node_ids`` of the kinds asked for, the relations between them.

    Args:
        idx: the index.
        view: the view's name (``area``, ``country``, ``chain``, ``merger``).
        title: its title.
        node_ids: the bodies it may show; those of other kinds are left out.
        kinds: the body kinds shown.
        relations: the relations shown.
        positions: precomputed positions (default: :func:`~.layout.small_layout` of what is shown).
        extra: body -> fields added to its node.
        extra_edges: edges added as they are (the merger's proposal).
        extra_nodes: nodes added as they are (the merger's proposal).
    """
    keep = {n for n in node_ids if n in idx.nodes and idx.nodes[n].group in kinds}
    edges = [edge_json(e) for e in idx.edges if e.relation in relations and e.source in keep and e.target in keep]
    if positions is None:
        positions = small_layout(keep, [(e["from"], e["to"]) for e in edges])
    nodes = []
    for n in sorted(keep, key=lambda u: (idx.nodes[u].group, idx.nodes[u].label)):
        d = node_json(idx.nodes[n], idx, **(extra or {}).get(n, {}))
        if n in positions:
            d["x"], d["y"] = round(positions[n][0], 1), round(positions[n][1], 1)
        nodes.append(d)
    return {
        "view": view,
        "title": title,
        "nodes": nodes + list(extra_nodes),
        "edges": edges + list(extra_edges),
        "areas": [{"code": c, "label": n} for c, n in sorted(idx.area_names.items(), key=lambda kv: kv[1])],
        "kinds": sorted(kinds),
        "relationsShown": sorted(relations),
        **legend(),
    }
