"""The index of bodies and relations the views are cut from, built from the store with SPARQL and cached per store.

Every query is a file in ``queries/internal/`` (``view-*.rq``, ``class-hierarchy.rq``, ``label-candidates.rq``,
``police-force-areas.rq``); a body's name follows the project's one rule (:func:`cspgraph.labels.pick`), and its
other names are kept for search.

Examples:
    >>> from cspgraph.stores import open_store
    >>> idx = index(open_store(shapes=False))
    >>> node = idx.nodes["https://w3id.org/cspgraph/id/csp/E22000365"]
    >>> node.group, node.code
    ('csp', 'E22000365')
    >>> idx.area_names["E23000008"]
    'Durham'
"""

from __future__ import annotations

import hashlib
import weakref
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from cspgraph import resources
from cspgraph.labels import LABEL_PREDICATES, display_names, fallback, pick
from cspgraph.namespaces import BASE
from cspgraph.stores import GraphStore
from cspgraph.visualise.model import GROUP_BY_KEY, GROUPS, PREDICATES, EdgeInfo, Index, NodeInfo

__all__ = ["build_index", "index", "rows"]

_CSPG = BASE + "def/"
_LABEL_RANK = {p: i for i, p in enumerate(LABEL_PREDICATES)}
_LOCAL = {p: fallback(p) for p in PREDICATES}
_CACHE: weakref.WeakKeyDictionary[GraphStore, tuple[int, Index]] = weakref.WeakKeyDictionary()


def rows(
    store: GraphStore, name: str, variables: Sequence[str], bindings: Mapping[str, Any] | None = None
) -> list[tuple[Any, ...]]:
    """The answer to ``queries/internal/<name>.rq`` as tuples of pyoxigraph terms, in the order of ``variables``."""
    return store.select_terms(resources.internal_query(name), bindings, variables)


def index(store: GraphStore) -> Index:
    """The store's index, built on first use and again whenever the store's size changes.

    Args:
        store: any store holding the dataset (with the ontology, for the class hierarchy).

    Returns:
        The bodies (classified into display groups, with names and codes) and every relation between them.
    """
    hit = _CACHE.get(store)
    size = store.generation
    if hit and hit[0] == size:
        return hit[1]
    idx = build_index(store)
    _CACHE[store] = (size, idx)
    return idx


def build_index(store: GraphStore) -> Index:
    """Build the index of ``store`` (uncached; see :func:`index`)."""
    nodes = _bodies(store)
    _add_names(store, nodes)
    _add_codes(store, nodes)
    edges = _relations(store, nodes) + _funding(store, nodes)
    areas, area_names = _areas(store, nodes)
    return Index(nodes, edges, areas, area_names)


def _bodies(store: GraphStore) -> dict[str, NodeInfo]:
    """Every instance of a display class, in the first group it falls in, typed with its most specific class."""
    group_of = {_CSPG + c: g.key for g in GROUPS for c in g.classes}
    rank = {g.key: i for i, g in enumerate(GROUPS)}
    groups: dict[str, str] = {}
    types: dict[str, set[str]] = defaultdict(set)
    for n, t, c in rows(store, "view-bodies", ("n", "t", "c")):
        g = group_of[c.value]
        types[n.value].add(t.value)
        if n.value not in groups or rank[g] < rank[groups[n.value]]:
            groups[n.value] = g
    sub = {(a.value, b.value) for a, b in rows(store, "class-hierarchy", ("a", "b"))}
    chosen = {n: _most_specific(types[n], g, sub) for n, g in groups.items()}
    type_names = display_names(store, set(chosen.values()))
    return {
        n: NodeInfo(n, g, fallback(chosen[n]), type_names.get(chosen[n], fallback(chosen[n])))
        for n, g in groups.items()
    }


def _most_specific(types: set[str], group: str, sub: set[tuple[str, str]]) -> str:
    """The body's class that belongs to its group and has no subclass among the body's other such classes."""
    classes = {_CSPG + c for c in GROUP_BY_KEY[group].classes}
    in_group = [t for t in types if t in classes or any((t, c) in sub for c in classes)] or sorted(types)
    specific = sorted(t for t in in_group if not any((o, t) in sub for o in in_group if o != t))
    return specific[0] if specific else sorted(in_group)[0]


def _add_names(store: GraphStore, nodes: dict[str, NodeInfo]) -> None:
    """Each body's display name (the project's rule), then its other English or untagged names, for search."""
    candidates: dict[str, list[tuple[str, Any]]] = defaultdict(list)
    for n, p, lit in rows(store, "label-candidates", ("n", "p", "l")):
        if n.value in nodes:
            candidates[n.value].append((p.value, lit))
    for uri, info in nodes.items():
        found = candidates.get(uri, [])
        info.label = pick(found) or fallback(uri)
        others = [
            lit.value
            for p, lit in sorted(found, key=lambda c: (_LABEL_RANK[c[0]], c[1].value))
            if not lit.language or lit.language.lower().startswith("en")
        ]
        info.labels = list(dict.fromkeys([info.label, *others]))


def _add_codes(store: GraphStore, nodes: dict[str, NodeInfo]) -> None:
    """Each body's code: its identifier or notation (the lowest of the longest, when it has several)."""
    for n, lit in rows(store, "view-codes", ("n", "code")):
        info = nodes.get(n.value)
        code = lit.value
        if info is not None and (not info.code or (code < info.code and len(code) >= len(info.code))):
            info.code = code


def _relations(store: GraphStore, nodes: dict[str, NodeInfo]) -> list[EdgeInfo]:
    """One edge per pair and relation, from the most telling predicate (by priority, then a direct predicate
    before an inverse one, then by name); scrutiny is shown once, not also as the accountability it is materialised as."""
    best: dict[tuple[str, str, str], EdgeInfo] = {}
    preference: dict[tuple[str, str, str], tuple[int, bool, str]] = {}
    for s_term, p_term, o_term in rows(store, "view-relations", ("s", "p", "o")):
        p = p_term.value
        relation, priority, inverse, wording = PREDICATES[p]
        s, o = (o_term.value, s_term.value) if inverse else (s_term.value, o_term.value)
        if s not in nodes or o not in nodes or s == o:
            continue
        key = (s, o, relation)
        rank = (priority, inverse, _LOCAL[p])
        if key not in best or rank < preference[key]:
            best[key] = EdgeInfo(s, o, relation, _LOCAL[p], wording, priority)
            preference[key] = rank
    for s, o, _ in [k for k in best if k[2] == "scrutiny"]:
        best.pop((s, o, "accountability"), None)
    edges = sorted(best.values(), key=lambda e: (e.relation, e.source, e.target))
    for e in edges:
        e.id = "e" + hashlib.sha1(f"{e.source} {e.relation} {e.target}".encode()).hexdigest()[:12]
    return edges


def _funding(store: GraphStore, nodes: dict[str, NodeInfo]) -> list[EdgeInfo]:
    """One edge per funding flow between two bodies: fund (by name), amount, year and statutory basis."""
    found = rows(store, "view-funding", ("f", "funder", "recipient", "fund", "amount", "year", "basis"))
    fund_names = display_names(store, {r[3].value for r in found if r[3] is not None})
    seen: set[str] = set()
    edges: list[EdgeInfo] = []
    for flow, funder, recipient, fund, amount, year, basis in found:
        s, o = funder.value, recipient.value
        fid = "f" + hashlib.sha1(flow.value.encode()).hexdigest()[:12]
        if s not in nodes or o not in nodes or fid in seen:
            continue
        seen.add(fid)
        name = "" if fund is None else fund_names.get(fund.value, fallback(fund.value))
        edges.append(
            EdgeInfo(
                s,
                o,
                "funding",
                "FundingFlow",
                f"funds ({name})" if name else "funds",
                0,
                fid,
                name,
                None if amount is None else float(amount.value),
                "" if year is None else fallback(year.value),
                "" if basis is None else basis.value,
            )
        )
    return edges


def _areas(store: GraphStore, nodes: Iterable[str]) -> tuple[dict[str, set[str]], dict[str, str]]:
    """The police force areas each body belongs to (by code), and each area's name by code."""
    wanted = set(nodes)
    areas: dict[str, set[str]] = defaultdict(set)
    for _, n, code in rows(store, "view-area-bodies", ("pfa", "n", "code")):
        if n.value in wanted:
            areas[n.value].add(code.value)
    codes = {pfa.value: code.value for pfa, code in rows(store, "police-force-areas", ("pfa", "code"))}
    names = display_names(store, codes)
    area_names: dict[str, str] = {}
    for uri in sorted(names, key=lambda u: names[u]):
        area_names.setdefault(codes[uri], names[uri].removesuffix(" police force area"))
    return areas, area_names
