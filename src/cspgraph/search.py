"""Search as you type: the bodies, partnerships and areas whose names, alternative names or codes match a text.

The index is built once per dataset (the app builds it at start-up and keeps it in its dataset state) from the
resolver's index of labels, codes and types (:func:`cspgraph.resolve.resolver`), so search and resolution agree on
what a resource is called. Each entry has its display name (:mod:`cspgraph.labels`), its kind (the display name of
its most specific class), its code and its police force area. Matches are ranked: a code, then a whole name, then
the start of the display name, the start of any name, the start of a word, anywhere in a name; ties go to the
shorter name. A search may be limited to the resources of a dated view (``within``, the landscape in force on a
day, :func:`cspgraph.asof.in_force`): the index is the dataset's, the view says which resources were in force.

Examples:
    >>> from cspgraph.stores import open_store
    >>> hits = SearchIndex.build(open_store(shapes=False)).search("Safer Durham")
    >>> hits[0].name, hits[0].kind
    ('Safer Durham Partnership', 'community safety partnership')
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

import pyoxigraph as ox

from cspgraph import resources
from cspgraph.labels import display_names, fallback
from cspgraph.namespaces import CSPG, ID
from cspgraph.resolve import KINDS, Resolver, resolver
from cspgraph.stores import GraphStore

__all__ = ["Hit", "SearchIndex"]

#: kinds of resource under id/ that are parts of other resources, not things people look for
HIDDEN_KINDS = ("membership", "relationship", "funding-flow")
MATCHES = ("code", "name", "starts", "alias starts", "word", "contains")
_ID = str(ID)
one = sys.intern  # each string once: kinds, areas and codes repeat across entries, URIs across the resolver
_CSPG = str(CSPG)


def _norm(text: str) -> str:
    return " ".join(text.strip().strip("\"'“”‘’").split()).casefold()


@dataclass(frozen=True)
class Hit:
    """One search result."""

    uri: str
    name: str
    kind: str
    code: str
    area: str
    match: str

    def as_dict(self) -> dict[str, str]:
        return asdict(self)


@dataclass
class _Entry:
    uri: str
    name: str
    kind: str
    code: str
    area: str
    codes: set[str] = field(default_factory=set)
    names: list[str] = field(default_factory=list)  # normalised; the display name first


@dataclass
class SearchIndex:
    """The searchable entries of one dataset."""

    entries: list[_Entry]
    resolver: Resolver

    @classmethod
    def build(cls, store: GraphStore) -> SearchIndex:
        """Index every named resource under id/ (not memberships, relationship nodes or funding flows)."""
        r = resolver(store)
        counts = Counter(t for ts in r.types.values() for t in ts)
        aliases: dict[str, list[str]] = {}
        for key, uris in r.labels.items():
            for uri in uris:
                aliases.setdefault(uri, []).append(key)
        codes: dict[str, set[str]] = {}
        for key, uris in r.codes.items():
            for uri in uris:
                codes.setdefault(uri, set()).add(key)
        pfa_of: dict[str, str] = {}
        for res, pfa in store.select_terms(resources.internal_query("search-areas")):
            pfa_of.setdefault(res.value, pfa.value)
        wanted = [u for u in r.names if u.startswith(_ID) and u[len(_ID) :].split("/", 1)[0] not in HIDDEN_KINDS]
        kind_of = {u: _kind(r.types.get(u, set()), counts) for u in wanted}
        names = display_names(store, [*wanted, *kind_of.values(), *pfa_of.values()])
        entries = []
        pfas = set(pfa_of.values())  # a set: testing each URI against the dict's values grew with the square
        for uri in wanted:
            name = names.get(uri) or r.names[uri]
            pfa = pfa_of.get(uri, uri if uri in pfas else "")
            code = sorted(codes.get(uri, ()), key=lambda c: (len(c) != 9, c))
            entries.append(
                _Entry(
                    uri=one(uri),
                    name=name,
                    kind=one(names.get(kind_of[uri], fallback(kind_of[uri])) if kind_of[uri] else ""),
                    code=one(code[0] if code else fallback(uri)),
                    area=one(names.get(pfa, "") if pfa else ""),
                    codes={one(c) for c in codes.get(uri, set()) | {fallback(uri).upper()}},
                    names=[one(n) for n in dict.fromkeys([_norm(name), *sorted(aliases.get(uri, []))])],
                )
            )
        entries.sort(key=lambda e: (len(e.name), e.name))
        return cls(entries, r)

    def __len__(self) -> int:
        return len(self.entries)

    def search(self, text: str, limit: int = 10, kind: str = "any", within: GraphStore | None = None) -> list[Hit]:
        """The best ``limit`` matches of ``text`` among resources of ``kind`` (one of :data:`cspgraph.resolve.KINDS`),
        and with ``within`` (a dated view of the dataset) only among the resources that are in it."""
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}: use one of {', '.join(KINDS)}")
        q = _norm(text)
        if not q:
            return []
        upper = q.upper()
        ranked: list[tuple[int, int, _Entry]] = []
        for i, e in enumerate(self.entries):
            rank = _rank(e, q, upper)
            if rank is None or not (kind == "any" or self.resolver.fits(e.uri, kind)):
                continue
            if within is None or within.match(ox.NamedNode(e.uri), None, None, limit=1):  # in force on its day
                ranked.append((rank, i, e))
        ranked.sort(key=lambda t: (t[0], t[1]))
        return [Hit(e.uri, e.name, e.kind, e.code, e.area, MATCHES[rank]) for rank, _, e in ranked[:limit]]


def _rank(e: _Entry, q: str, upper: str) -> int | None:
    """The rank of an entry's best match (an index of :data:`MATCHES`), or None."""
    if upper in e.codes:
        return 0
    if q in e.names:
        return 1
    if e.names[0].startswith(q):
        return 2
    best: int | None = None
    for n in e.names:
        if n.startswith(q):
            return 3
        if best is None and q in n:
            best = 4 if (" " + q) in (" " + n) else 5
    if best is None and len(upper) >= 3 and any(c.startswith(upper) for c in e.codes):
        return 3
    return best


def _kind(types: set[str], counts: Counter[str]) -> str:
    """The most specific of a resource's classes in the project's ontology: the one with fewest instances."""
    own = [t for t in types if t.startswith(_CSPG)]
    return min(own, key=lambda t: (counts[t], t)) if own else ""


def as_json(hits: list[Hit], paths: Any) -> list[dict[str, str]]:
    """Hits as the API answers them, each with the app's link to its page (``href``)."""
    return [h.as_dict() | {"href": paths.link(h.uri)} for h in hits]
