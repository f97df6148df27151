"""Network analysis of the landscape: typed networkx views of the graph and the analyses built on them.

* :mod:`~cspgraph.network.graphs`: the accountability, membership and funding graphs, each from one SPARQL
  SELECT in ``queries/internal/network-*.rq``;
* :mod:`~cspgraph.network.analysis`: accountability chains, central bodies and structural checks
  (``cspgraph network chain|central|check``).

Examples:
    >>> from cspgraph.stores import open_store
    >>> store = open_store(shapes=False)
    >>> [row.kind for row in centrality(store, kind="csp", top=2)]
    ['csp', 'csp']
"""

from __future__ import annotations

from cspgraph.network.analysis import Centrality, Chain, ChainLink, NetworkReport, centrality, chain, check
from cspgraph.network.graphs import TERMINAL_CLASSES, accountability_graph, funding_graph, membership_graph

__all__ = [
    "TERMINAL_CLASSES",
    "Centrality",
    "Chain",
    "ChainLink",
    "NetworkReport",
    "accountability_graph",
    "centrality",
    "chain",
    "check",
    "funding_graph",
    "membership_graph",
]
