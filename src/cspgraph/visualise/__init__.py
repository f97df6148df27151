"""The interactive network of the landscape: graph JSON cut from an index built with SPARQL, and offline HTML pages
to browse it.

The modules, one job each:

* :mod:`~cspgraph.visualise.model`: the display groups of bodies, the kinds of relation and the predicates drawn;
* :mod:`~cspgraph.visualise.index`: the index of bodies and relations, built from the store and cached per store
  (``index.index(store)``);
* :mod:`~cspgraph.visualise.views`: the area, country, chain and merger views (:func:`view` picks one);
* :mod:`~cspgraph.visualise.assemble`: the graph JSON of a view (nodes, edges, legend);
* :mod:`~cspgraph.visualise.layout`: node positions (networkx, and its own force layout for large graphs);
* :mod:`~cspgraph.visualise.html`: the standalone page, its assets, and the offline check;
* :mod:`~cspgraph.visualise.pyvis`: the pyvis export, post-processed so that nothing is loaded from the internet.

Examples:
    >>> from cspgraph.stores import open_store
    >>> data = view(open_store(shapes=False), csps=["E22000365", "E22000072"])
    >>> data["view"], len(data["csps"]), external_links(render_html(data))
    ('merger', 2, [])
"""

from __future__ import annotations

from cspgraph.visualise.html import (
    ASSETS,
    STATIC_DIR,
    VENDOR_DIR,
    VIS_NETWORK_SHA256,
    VIS_NETWORK_VERSION,
    asset_bytes,
    external_links,
    render_html,
    safe_json,
)
from cspgraph.visualise.model import (
    COUNTRY_KINDS,
    GROUP_BY_KEY,
    GROUPS,
    PREDICATES,
    RELATION_BY_KEY,
    RELATIONS,
    EdgeInfo,
    Group,
    Index,
    NodeInfo,
    Relation,
)
from cspgraph.visualise.pyvis import make_offline, render_pyvis
from cspgraph.visualise.views import area_view, chain_view, country_view, merger_view, resolve_area, view

__all__ = [
    "ASSETS",
    "COUNTRY_KINDS",
    "GROUPS",
    "GROUP_BY_KEY",
    "PREDICATES",
    "RELATIONS",
    "RELATION_BY_KEY",
    "STATIC_DIR",
    "VENDOR_DIR",
    "VIS_NETWORK_SHA256",
    "VIS_NETWORK_VERSION",
    "EdgeInfo",
    "Group",
    "Index",
    "NodeInfo",
    "Relation",
    "area_view",
    "asset_bytes",
    "chain_view",
    "country_view",
    "external_links",
    "make_offline",
    "merger_view",
    "render_html",
    "render_pyvis",
    "resolve_area",
    "safe_json",
    "view",
]
