"""Typed networkx views of the graph (accountability, membership, funding) and the analyses built on them.

Each view is built from a SPARQL SELECT on the store, not from a dump of every triple:

* accountability: a DiGraph, edge ``a -> b`` when ``a`` answers to ``b`` (org:reportsTo and its sub-properties),
  with the most specific relation recorded as ``relation``;
* membership: a bipartite DiGraph, edge ``member -> organisation`` for every org:Membership (``role``, ``basis``,
  ``current``) and org:memberOf;
* funding: a MultiDiGraph, edge ``funder -> recipient`` per cspg:FundingFlow (``fund``, ``year``, ``amount`` where
  recorded); a flow that names no recipient ends at its intermediary (cspg:viaIntermediary).

Nodes carry ``label``, ``types`` (class URIs) and ``kind`` (the segment after id/ in the URI, e.g. ``csp``).
Electorates and legislatures are the ends of accountability: ``chain`` stops there and ``check`` reports bodies
from which no line of accountability reaches one.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

import networkx as nx

from cspgraph.errors import InputError
from cspgraph.namespaces import CSPG, ID
from cspgraph.stores import GraphStore

PREFIXES = """PREFIX cspg: <https://w3id.org/cspgraph/def/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <https://schema.org/>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
"""

ACCOUNTABILITY_EDGES = (
    PREFIXES
    + """
SELECT DISTINCT ?from ?to ?relation WHERE {
  ?from org:reportsTo|cspg:accountableTo|cspg:reportsTo ?to .
  OPTIONAL {
    VALUES ?specific { cspg:heldToAccountBy cspg:scrutinisedBy cspg:electedBy cspg:reportsTo }
    ?from ?specific ?to .
  }
  OPTIONAL { ?from cspg:accountableTo ?to . BIND(cspg:accountableTo AS ?general) }
  BIND(COALESCE(?specific, ?general, org:reportsTo) AS ?relation)
}
"""
)

MEMBERSHIP_EDGES = (
    PREFIXES
    + """
SELECT DISTINCT ?member ?organization ?role ?basis ?until ?ra WHERE {
  {
    ?m org:member ?member ; org:organization ?organization .
    OPTIONAL { ?m org:role ?role }
    OPTIONAL { ?m cspg:statutoryBasis ?basis }
    OPTIONAL { ?m schema:validUntil ?until }
    BIND(EXISTS { ?m a cspg:ResponsibleAuthorityMembership } AS ?ra)
  }
  UNION
  {
    ?member org:memberOf ?organization .
    MINUS { ?any org:member ?member ; org:organization ?organization }
  }
}
"""
)

FUNDING_EDGES = (
    PREFIXES
    + """
SELECT DISTINCT ?flow ?funder ?recipient ?fund ?year ?amount WHERE {
  ?flow a cspg:FundingFlow ; schema:funder ?funder .
  { ?flow cspg:recipient ?recipient }
  UNION
  { ?flow cspg:viaIntermediary ?recipient . FILTER NOT EXISTS { ?flow cspg:recipient ?named } }
  OPTIONAL { ?flow cspg:fund ?fund }
  OPTIONAL { ?flow cspg:financialYear ?year }
  OPTIONAL { ?flow cspg:amountGBP ?amount }
}
"""
)

NODES = (
    PREFIXES
    + """
SELECT ?node ?type ?label WHERE {
  ?node a ?type .
  FILTER(STRSTARTS(STR(?node), "https://w3id.org/cspgraph/id/"))
  OPTIONAL { ?node skos:prefLabel ?pref }
  OPTIONAL { ?node rdfs:label ?rdfsLabel }
  BIND(COALESCE(?pref, ?rdfsLabel) AS ?label)
}
"""
)

# Bodies: resources typed with a class under one of these roots (the ontology is in the store).
BODIES = (
    PREFIXES
    + """
SELECT DISTINCT ?body WHERE {
  VALUES ?root { org:Organization org:FormalOrganization org:OrganizationalUnit org:OrganizationalCollaboration
                 cspg:PublicBody }
  ?class rdfs:subClassOf* ?root .
  ?body a ?class .
  FILTER(STRSTARTS(STR(?body), "https://w3id.org/cspgraph/id/"))
}
"""
)

TERMINAL_CLASSES = (str(CSPG.Electorate), str(CSPG.Legislature))


def _kind(uri: str) -> str:
    rest = uri.removeprefix(str(ID))
    return rest.split("/", 1)[0] if rest != uri else ""


def _annotate(store: GraphStore, g: nx.Graph, nodes: Iterable[str] | None = None) -> None:
    wanted = set(g.nodes) if nodes is None else set(nodes)
    for row in store.select(NODES):
        n = str(row["node"])
        if n not in wanted:
            continue
        if n not in g:
            g.add_node(n)
        data = g.nodes[n]
        data.setdefault("types", set()).add(str(row["type"]))
        if row.get("label") is not None and "label" not in data:
            data["label"] = str(row["label"])
    for n, data in g.nodes(data=True):
        data.setdefault("types", set())
        data.setdefault("label", n.removeprefix(str(ID)))
        data["kind"] = _kind(n)
        data["terminal"] = bool(data["types"] & set(TERMINAL_CLASSES))


def accountability_graph(store: GraphStore) -> nx.DiGraph:
    """Edge ``a -> b`` when ``a`` answers to ``b``; ``relation`` is the most specific property recorded."""
    g = nx.DiGraph(name="accountability")
    for row in store.select(ACCOUNTABILITY_EDGES):
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
    if rel.endswith("/accountableTo"):
        return 1
    if rel.endswith("#reportsTo"):
        return 2
    return 0


def membership_graph(store: GraphStore, *, current_only: bool = False) -> nx.DiGraph:
    """Bipartite: edge ``member -> organisation``; ``bipartite`` is 0 for members and 1 for organisations."""
    g = nx.DiGraph(name="membership")
    for row in store.select(MEMBERSHIP_EDGES):
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
    """Edge ``funder -> recipient`` per funding flow, keyed by the flow's URI."""
    g = nx.MultiDiGraph(name="funding")
    for row in store.select(FUNDING_EDGES):
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


# ------------------------------------------------------------------ chain
@dataclass
class ChainLink:
    """One line of accountability: ``source`` answers to ``target`` (``depth`` 1 = the body's own lines)."""

    depth: int
    source: str
    source_label: str
    relation: str
    target: str
    target_label: str
    terminal: bool


@dataclass
class Chain:
    body: str
    label: str
    links: list[ChainLink]
    ends: list[str] = field(default_factory=list)  # the electorates and legislatures reached
    open_ends: list[str] = field(default_factory=list)  # bodies in the chain with no line above them

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def chain(store: GraphStore, body: str, graph: nx.DiGraph | None = None) -> Chain:
    """The accountability chain above ``body`` in breadth-first order, up to electorates and legislatures."""
    g = graph if graph is not None else accountability_graph(store)
    if body not in g:
        label = body.removeprefix(str(ID))
        return Chain(body, label, [], [], [body])
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
    body: str
    label: str
    kind: str
    partnerships: int  # organisations the body is a member of
    members: int  # members the body has, when it is a partnership
    answers_to: int  # out-degree in the accountability view
    answerable: int  # in-degree in the accountability view
    betweenness: float  # on the combined undirected membership + accountability network

    def as_dict(self) -> dict[str, Any]:
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
    ``kind`` keeps bodies whose URI kind (``fire-and-rescue-authority``) or class local name
    (``FireAndRescueAuthority``) matches.
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
                data.get("kind", _kind(n)),
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
    k = kind.strip()
    return _kind(uri) == k.lower() or any(t.rsplit("/", 1)[-1].rsplit("#", 1)[-1] == k for t in types)


# ------------------------------------------------------------------ checks
@dataclass
class NetworkReport:
    """Structural findings: cycles in accountability lines and bodies with no route to any electorate or legislature."""

    cycles: list[list[str]]
    unaccountable: list[dict[str, str]]  # body, label, kind, reason
    bodies: int
    by_kind: dict[str, int]

    @property
    def ok(self) -> bool:
        return not self.cycles

    def as_dict(self) -> dict[str, Any]:
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
    bodies = {str(r["body"]) for r in store.select(BODIES)}
    found: list[dict[str, str]] = []
    labels = _labels(store, bodies - set(g))
    for b in sorted(bodies):
        if b in reaching:
            continue
        if b in g and g.nodes[b]["terminal"]:
            continue
        if b not in g or g.out_degree(b) == 0:
            reason = "no accountability line recorded"
            label = g.nodes[b]["label"] if b in g else labels.get(b, b.removeprefix(str(ID)))
        else:
            tops = sorted(n for n in nx.descendants(g, b) | {b} if g.out_degree(n) == 0)
            reason = "line stops at " + ", ".join(g.nodes[t]["label"] for t in tops)
            label = g.nodes[b]["label"]
        found.append({"body": b, "label": label, "kind": _kind(b), "reason": reason})
    by_kind = dict(sorted(Counter(f["kind"] for f in found).items(), key=lambda kv: (-kv[1], kv[0])))
    return NetworkReport(cycles, found, len(bodies), by_kind)


def _labels(store: GraphStore, uris: set[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    if not uris:
        return out
    for row in store.select(NODES):
        n = str(row["node"])
        if n in uris and row.get("label") is not None:
            out.setdefault(n, str(row["label"]))
    return out
