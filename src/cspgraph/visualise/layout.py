"""Node positions, computed in Python so that the browser runs no physics.

Every force-directed layout goes through :func:`spring`. networkx's ``spring_layout`` needs scipy for a graph of
500 nodes or more (it switches to a sparse solver), and scipy is not a dependency of cspgraph; :func:`spring` hands
smaller graphs to networkx and lays out larger ones itself with the same Fruchterman-Reingold forces in numpy,
in blocks of rows so that memory grows with the number of nodes, not its square.

Examples:
    >>> import networkx as nx
    >>> pos = spring(nx.path_graph(600), seed=1, iterations=5)
    >>> len(pos), all(-1.0 <= x <= 1.0 and -1.0 <= y <= 1.0 for x, y in pos.values())
    (600, True)
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported where used, so that a command that draws nothing does not load them
    import networkx as nx
    import numpy as np

__all__ = ["NETWORKX_LIMIT", "country_layout", "level_layout", "small_layout", "spring"]

#: networkx's spring_layout uses scipy from this many nodes on
NETWORKX_LIMIT = 500
_BLOCK = 256  # rows of the repulsion matrix computed at once
Position = tuple[float, float]
Pair = tuple[str, str]


def spring(
    g: nx.Graph, *, seed: int, k: float | None = None, iterations: int = 50, weight: str | None = "weight"
) -> dict[Hashable, Position]:
    """A deterministic force-directed layout of ``g`` in [-1, 1] x [-1, 1], without scipy.

    Args:
        g: the graph (directions are ignored).
        seed: the seed of the initial positions.
        k: the optimal distance between nodes (default ``1 / sqrt(n)``).
        iterations: the number of steps.
        weight: the edge attribute that holds the edge's weight (1 where absent), or None for 1 on every edge.

    Returns:
        Node -> (x, y).

    >>> import networkx as nx
    >>> spring(nx.Graph([(1, 2)]), seed=7)[1] != (0.0, 0.0)
    True
    """
    import networkx as nx

    if len(g) < NETWORKX_LIMIT:
        pos = nx.spring_layout(g, seed=seed, k=k, iterations=iterations, weight=weight)
        return {n: (float(p[0]), float(p[1])) for n, p in pos.items()}
    return _fruchterman_reingold(g, seed=seed, k=k, iterations=iterations, weight=weight)


def _fruchterman_reingold(
    g: nx.Graph, *, seed: int, k: float | None, iterations: int, weight: str | None, threshold: float = 1e-4
) -> dict[Hashable, Position]:
    """networkx's dense Fruchterman-Reingold (same forces, cooling and scaling), with the attraction summed over
    the edges and the repulsion computed in blocks of rows."""
    import numpy as np

    nodes = list(g)
    n = len(nodes)
    at = {v: i for i, v in enumerate(nodes)}
    edges = [(at[a], at[b], float(d.get(weight, 1.0)) if weight else 1.0) for a, b, d in g.edges(data=True) if a != b]
    src = np.array([e[0] for e in edges], dtype=np.intp)
    dst = np.array([e[1] for e in edges], dtype=np.intp)
    w = np.array([e[2] for e in edges], dtype=float)
    pos = np.random.RandomState(seed).rand(n, 2)
    k = math.sqrt(1.0 / n) if k is None else k
    t = float(max(np.ptp(pos[:, 0]), np.ptp(pos[:, 1]))) * 0.1
    dt = t / (iterations + 1)
    for _ in range(iterations):
        displacement = _repulsion(pos, k)
        delta = pos[src] - pos[dst]
        pull = delta * (w * np.maximum(np.hypot(delta[:, 0], delta[:, 1]), 0.01) / k)[:, None]
        np.subtract.at(displacement, src, pull)
        np.add.at(displacement, dst, pull)
        length = np.maximum(np.hypot(displacement[:, 0], displacement[:, 1]), 0.01)
        step = displacement * (t / length)[:, None]
        pos += step
        t -= dt
        if np.linalg.norm(step) / n < threshold:
            break
    pos -= pos.mean(axis=0)
    lim = float(np.abs(pos).max())
    if lim > 0:
        pos /= lim
    return {v: (float(x), float(y)) for v, (x, y) in zip(nodes, pos, strict=True)}


def _repulsion(pos: np.ndarray, k: float) -> np.ndarray:
    """The repulsive displacement of every node from every other: k² / d along the line between them (the
    distance taken as at least 0.01)."""
    import numpy as np

    x, y = pos[:, 0], pos[:, 1]
    out = np.empty_like(pos)
    for start in range(0, len(pos), _BLOCK):
        stop = start + _BLOCK
        dx = x[start:stop, None] - x[None, :]
        dy = y[start:stop, None] - y[None, :]
        force = dx * dx + dy * dy
        np.maximum(force, 1e-4, out=force)
        np.divide(k * k, force, out=force)
        out[start:stop, 0] = (dx * force).sum(axis=1)
        out[start:stop, 1] = (dy * force).sum(axis=1)
    return out


def small_layout(nodes: set[str], edges: Iterable[Pair]) -> dict[str, Position]:
    """Positions in pixels for a view of up to a few hundred nodes (an area, a merger): one spring layout.

    >>> sorted(small_layout({"a", "b"}, [("a", "b")]))
    ['a', 'b']
    """
    import networkx as nx

    g = nx.Graph()
    g.add_nodes_from(sorted(nodes))
    g.add_edges_from((a, b) for a, b in edges if a in nodes and b in nodes)
    if not g:
        return {}
    pos = spring(g, seed=7, k=1.6 / math.sqrt(max(len(g), 1)), iterations=80)
    scale = 90.0 * math.sqrt(len(g))
    return {str(n): (x * scale, y * scale) for n, (x, y) in pos.items()}


def country_layout(areas: Mapping[str, set[str]], keep: set[str], edges: Sequence[Pair]) -> dict[str, Position]:
    """Two levels: police areas (and the bodies shared between areas) placed by a spring layout of the area-level
    graph, then each area's own bodies by a spring layout around its centre.

    Args:
        areas: body -> the codes of the police areas it belongs to (one code: the body is the area's own).
        keep: the bodies to place.
        edges: (source, target) pairs between them.
    """
    home = {n: next(iter(areas[n])) if len(areas.get(n, ())) == 1 else None for n in keep}
    members: dict[str, list[str]] = defaultdict(list)
    for n in sorted(keep):
        if home[n]:
            members[str(home[n])].append(n)
    top = _area_graph(home, keep, edges)
    pos_top = spring(top, seed=11, k=2.2 / math.sqrt(max(len(top), 1)), iterations=120, weight="weight")
    spread = 420.0 * math.sqrt(len(top))
    out: dict[str, Position] = {}
    for key, (x, y) in pos_top.items():
        cx, cy = x * spread, y * spread
        if key not in members:
            out[str(key)] = (cx, cy)
            continue
        for n, (dx, dy) in _area_layout(members[str(key)], edges).items():
            out[n] = (cx + dx, cy + dy)
    return out


def _area_graph(home: Mapping[str, str | None], keep: set[str], edges: Sequence[Pair]) -> nx.Graph:
    """The graph of areas and shared bodies, edges weighted by the log of the number of relations between them."""
    import networkx as nx

    top = nx.Graph()
    for n in sorted(keep):
        top.add_node(home[n] or n)
    weights: dict[tuple[str, str], int] = defaultdict(int)
    for a, b in edges:
        ka: str = home[a] or a
        kb: str = home[b] or b
        if ka != kb:
            weights[(min(ka, kb), max(ka, kb))] += 1
    for (ka, kb), count in sorted(weights.items()):
        top.add_edge(ka, kb, weight=math.log1p(count))
    return top


def _area_layout(members: list[str], edges: Sequence[Pair]) -> dict[str, Position]:
    """The offsets of one area's bodies from its centre: bigger areas get more room."""
    import networkx as nx

    if len(members) == 1:
        return {members[0]: (0.0, 0.0)}
    sub = nx.Graph()
    sub.add_nodes_from(members)
    inner = set(members)
    sub.add_edges_from((a, b) for a, b in edges if a in inner and b in inner)
    r = 28.0 * math.sqrt(len(members))
    return {str(n): (dx * r, dy * r) for n, (dx, dy) in spring(sub, seed=3, iterations=40).items()}


def level_layout(focus: str, nodes: Sequence[str], edges: Iterable[Pair]) -> dict[str, Position]:
    """Rows by distance from ``focus`` along the edges: 0 for it, one row up per step, -1 for nodes that do not
    reach it; within a row, in the order of ``nodes``.

    >>> level_layout("a", ["a", "b", "c"], [("a", "b"), ("c", "a")])
    {'a': (0.0, 0.0), 'b': (0.0, -150.0), 'c': (0.0, 150.0)}
    """
    import networkx as nx

    g = nx.DiGraph()
    g.add_nodes_from(nodes)
    g.add_edges_from(edges)
    dist = nx.single_source_shortest_path_length(g, focus)
    rows: dict[int, list[str]] = defaultdict(list)
    for n in nodes:
        rows[dist.get(n, -1)].append(n)
    return {n: ((i - (len(ns) - 1) / 2) * 190.0, -lv * 150.0) for lv, ns in rows.items() for i, n in enumerate(ns)}
