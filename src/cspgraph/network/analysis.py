"""Analyses on the networkx views: accountability chains, central bodies and structural checks.

Electorates and legislatures are the ends of accountability: :func:`chain` stops there and :func:`check` reports
bodies from which no line of accountability reaches one.

Examples:
    >>> from cspgraph.stores import open_store
    >>> store = open_store(shapes=False)
    >>> found = chain(store, "https://w3id.org/cspgraph/id/chief-officer/E23000008")
    >>> found.ends, check(store).ok
    (['https://w3id.org/cspgraph/id/electorate/E23000008'], True)
"""

from __future__ import annotations

from collections import Counter, deque
from dataclasses import asdict, dataclass, field
from typing import Any

import networkx as nx

from cspgraph import resources
from cspgraph.errors import InputError
from cspgraph.labels import display_name, display_names, fallback
from cspgraph.network.graphs import accountability_graph, kind_of, membership_graph
from cspgraph.stores import GraphStore

__all__ = ["Centrality", "Chain", "ChainLink", "NetworkReport", "centrality", "chain", "check"]


# ------------------------------------------------------------------ chain
@dataclass
class ChainLink:
    """One line of accountability: ``source`` answers to ``target``.

    Attributes:
        depth: how far up the chain the line is (1: the body's own lines).
        source: the body that answers.
        source_label: its display name.
        relation: the most specific relation recorded (a property URI).
        target: the body it answers to.
        target_label: its display name.
        terminal: whether the target is an electorate or legislature (the chain ends there).
    """

    depth: int
    source: str
    source_label: str
    relation: str
    target: str
    target_label: str
    terminal: bool


@dataclass
class Chain:
    """The accountability chain above one body.

    Attributes:
        body: the body's URI.
        label: its display name.
        links: every line of the chain, breadth first.
        ends: the electorates and legislatures reached.
        open_ends: bodies in the chain with no line above them.
    """

    body: str
    label: str
    links: list[ChainLink]
    ends: list[str] = field(default_factory=list)
    open_ends: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The chain as plain data (for JSON)."""
        return asdict(self)


def chain(store: GraphStore, body: str, graph: nx.DiGraph | None = None) -> Chain:
    """The accountability chain above ``body`` in breadth-first order, up to electorates and legislatures.

    Args:
        store: the loaded store.
        body: the body's URI (resolve what a user typed with :func:`cspgraph.resolve.resolve` first).
        graph: the accountability graph, if already built.

    Returns:
        The chain; a body with no recorded line has no links and is its own open end.
    """
    g = graph if graph is not None else accountability_graph(store)
    if body not in g:
        return Chain(body, display_name(store, body), [], [], [body])
    links: list[ChainLink] = []
    depth = {body: 0}
    queue = deque([body])
    ends: list[str] = []
    open_ends: list[str] = []
    while queue:
        node = queue.popleft()
        successors = sorted(g.successors(node))
        if not successors and not g.nodes[node]["terminal"]:
            open_ends.append(node)
        for nxt in successors:
            links.append(
                ChainLink(
                    depth[node] + 1,
                    node,
                    g.nodes[node]["label"],
                    g.edges[node, nxt]["relation"],
                    nxt,
                    g.nodes[nxt]["label"],
                    g.nodes[nxt]["terminal"],
                )
            )
            if nxt not in depth:
                depth[nxt] = depth[node] + 1
                queue.append(nxt)
                if g.nodes[nxt]["terminal"]:
                    ends.append(nxt)
    return Chain(body, g.nodes[body]["label"], links, ends, open_ends)


# ------------------------------------------------------------------ centrality
@dataclass
class Centrality:
    """How central one body is.

    Attributes:
        body: its URI.
        label: its display name.
        kind: the segment after id/ of its URI.
        partnerships: the organisations it is a member of.
        members: the members it has, when it is a partnership.
        answers_to: its out-degree in the accountability view.
        answerable: its in-degree in the accountability view.
        betweenness: on the combined undirected membership + accountability network.
    """

    body: str
    label: str
    kind: str
    partnerships: int
    members: int
    answers_to: int
    answerable: int
    betweenness: float

    def as_dict(self) -> dict[str, Any]:
        """The row as plain data (for JSON)."""
        return asdict(self)


def centrality(
    store: GraphStore,
    *,
    kind: str | None = None,
    top: int = 20,
    samples: int | None = 400,
    seed: int = 0,
) -> list[Centrality]:
    """Bodies ranked by betweenness on the combined membership + accountability network, then by degree.

    Betweenness counts the shortest paths between other bodies that pass through a body: a fire and rescue
    authority or ICB on several CSPs, or a council between its committee and its electorate, scores high.
    ``samples`` pivots approximate it (seeded, so repeatable); ``None`` computes it exactly (slower).

    Args:
        store: the loaded store.
        kind: keep bodies whose URI kind (``fire-and-rescue-authority``) or class local name
            (``FireAndRescueAuthority``) matches.
        top: how many rows to return (0: all).
        samples: pivots for the betweenness approximation; None for the exact value.
        seed: the seed of the pivots.

    Returns:
        The rows, most central first.

    Raises:
        InputError: no body is of ``kind``.
    """
    acc = accountability_graph(store)
    mem = membership_graph(store, current_only=True)
    combined = nx.Graph()
    combined.add_edges_from(acc.edges())
    combined.add_edges_from(mem.edges())
    k = None if samples is None or samples >= combined.number_of_nodes() else samples
    between = nx.betweenness_centrality(combined, k=k, seed=seed, normalized=True)
    nodes = set(acc) | set(mem)
    rows = []
    for n in nodes:
        data = mem.nodes[n] if n in mem else acc.nodes[n]
        if kind and not _kind_matches(kind, n, data.get("types", set())):
            continue
        if data.get("terminal"):
            continue
        rows.append(
            Centrality(
                n,
                data.get("label", n),
                data.get("kind", kind_of(n)),
                mem.out_degree(n) if n in mem else 0,
                mem.in_degree(n) if n in mem else 0,
                acc.out_degree(n) if n in acc else 0,
                acc.in_degree(n) if n in acc else 0,
                round(between.get(n, 0.0), 6),
            )
        )
    if kind and not rows:
        raise InputError(f"no body of kind {kind!r}; use a URI kind such as csp or a class name such as Council")
    rows.sort(key=lambda r: (-r.betweenness, -(r.partnerships + r.members + r.answerable), r.body))
    return rows[:top] if top else rows


def _kind_matches(kind: str, uri: str, types: set[str]) -> bool:
    """Whether a body's URI kind or one of its classes' local names is ``kind``."""
    k = kind.strip()
    return kind_of(uri) == k.lower() or any(t.rsplit("/", 1)[-1].rsplit("#", 1)[-1] == k for t in types)


# ------------------------------------------------------------------ checks
@dataclass
class NetworkReport:
    """Structural findings: cycles in accountability lines and bodies with no route to any electorate or legislature.

    Attributes:
        cycles: the cycles found (each a list of URIs).
        unaccountable: each body with no route, as ``body``, ``label``, ``kind`` and ``reason``.
        bodies: how many bodies were checked.
        by_kind: the number of unaccountable bodies by kind, most first.
    """

    cycles: list[list[str]]
    unaccountable: list[dict[str, str]]
    bodies: int
    by_kind: dict[str, int]

    @property
    def ok(self) -> bool:
        """True when there is no cycle (bodies without a route are findings, not failures)."""
        return not self.cycles

    def as_dict(self) -> dict[str, Any]:
        """The report as plain data (for JSON)."""
        return {
            "ok": self.ok,
            "bodies": self.bodies,
            "cycles": self.cycles,
            "unaccountable": self.unaccountable,
            "unaccountable_by_kind": self.by_kind,
        }


def check(store: GraphStore, graph: nx.DiGraph | None = None, *, max_cycles: int = 100) -> NetworkReport:
    """Find cycles in the accountability view and bodies from which no line reaches an electorate or legislature.

    A body with no line at all is reported with reason ``no accountability line recorded``; one whose lines stop
    short (e.g. at a panel with no line above it) with ``line stops at ...``. These are findings about what the
    data records, not invented lines.

    Args:
        store: the loaded store.
        graph: the accountability graph, if already built.
        max_cycles: stop after finding this many cycles.

    Returns:
        The report.
    """
    g = graph if graph is not None else accountability_graph(store)
    cycles = []
    for cyc in nx.simple_cycles(g):
        cycles.append(sorted(cyc) if len(cyc) == 1 else cyc)
        if len(cycles) >= max_cycles:
            break
    terminals = [n for n, d in g.nodes(data=True) if d["terminal"]]
    reaching: set[str] = set(terminals)
    for t in terminals:
        reaching |= nx.ancestors(g, t)
    bodies = {b.value for (b,) in store.select_terms(resources.internal_query("network-bodies"), None, ("body",))}
    found: list[dict[str, str]] = []
    labels = display_names(store, bodies - set(g))
    for b in sorted(bodies):
        if b in reaching:
            continue
        if b in g and g.nodes[b]["terminal"]:
            continue
        if b not in g or g.out_degree(b) == 0:
            reason = "no accountability line recorded"
            label = g.nodes[b]["label"] if b in g else labels.get(b) or fallback(b)
        else:
            tops = sorted(n for n in nx.descendants(g, b) | {b} if g.out_degree(n) == 0)
            reason = "line stops at " + ", ".join(g.nodes[t]["label"] for t in tops)
            label = g.nodes[b]["label"]
        found.append({"body": b, "label": label, "kind": kind_of(b), "reason": reason})
    by_kind = dict(sorted(Counter(f["kind"] for f in found).items(), key=lambda kv: (-kv[1], kv[0])))
    return NetworkReport(cycles, found, len(bodies), by_kind)
