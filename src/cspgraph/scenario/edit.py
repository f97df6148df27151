"""The copy-on-write edit a scenario makes: triples removed and added over the landscape as in force on its date.

:class:`Edit` never changes the store it reads; it records removals and additions, the nodes each change touched,
and the relations a change moved onto a body of a kind no statute provides for (or ended with no successor):
the provisions behind those relations are what the law would have to amend. :meth:`Edit.view` builds the small
in-memory view the shapes run on after the changes, from the touched nodes and their neighbours.
"""

from __future__ import annotations

import weakref
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from cspgraph.namespaces import CSPG, SCHEMA
from cspgraph.stores.base import GraphStore

__all__ = ["Edit", "LawGap", "N", "touched_share"]


class _Terms:
    """The Oxigraph terms the engine writes and reads."""

    def __getattr__(self, name: str) -> ox.NamedNode:
        node = ox.NamedNode(str(getattr(CSPG, name)))
        setattr(self, name, node)  # the next lookup finds it without coming here
        return node


N = _Terms()
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
SUBCLASS = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")
VALID_FROM = ox.NamedNode(str(SCHEMA.validFrom))
#: what stays with a body when its roles pass to another: who it is, not what it does
IDENTITY = {
    RDF_TYPE,
    ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
    ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel"),
    ox.NamedNode("http://www.w3.org/2004/02/skos/core#prefLabel"),
    ox.NamedNode("http://www.w3.org/2004/02/skos/core#notation"),
    ox.NamedNode("http://purl.org/dc/terms/identifier"),
    ox.NamedNode("http://purl.org/dc/terms/replaces"),
    ox.NamedNode("http://www.w3.org/2002/07/owl#sameAs"),
    ox.NamedNode("http://www.w3.org/ns/org#resultedFrom"),
    VALID_FROM,
    ox.NamedNode(str(SCHEMA.validUntil)),
    N.electedBy,
    N.knownAs,
    N.dateNote,
    N.gssCode,
    N.mayorOf,
}
_ELECTORATE = "https://w3id.org/cspgraph/id/electorate/"
#: links to shared hubs (a country, a provision, a kind): following them back would reach half the graph
HUBS = {
    N.inCountry,
    N.statutoryBasis,
    N.partnershipKind,
    N.extent,
    N.confidence,
    ox.NamedNode("http://purl.org/dc/terms/source"),
    ox.NamedNode("http://www.w3.org/ns/org#role"),
    ox.NamedNode("http://www.w3.org/ns/prov#wasDerivedFrom"),
}


@dataclass(frozen=True)
class LawGap:
    """A statutory relation the scenario moves onto (or ends with no successor) a body the statute does not know.

    Attributes:
        change: the index of the change in the scenario.
        subject, predicate, obj: the relation (IRIs).
        provision: the provision node behind it (``id/provision/...``).
        body: the body the relation would now need the law to recognise (or the body ended).
    """

    change: int
    subject: str
    predicate: str
    obj: str
    provision: str
    body: str


class Edit:
    """Removals and additions over ``base`` (the landscape in force on the scenario's date); see the module."""

    def __init__(self, base: GraphStore) -> None:
        self.base = base
        raw = getattr(base, "store", None)  # an OxigraphStore's pyoxigraph Store: read it directly (hot path)
        self._raw = raw.quads_for_pattern if isinstance(raw, ox.Store) else None
        self.removed: set[ox.Triple] = set()
        self.added: dict[ox.Triple, None] = {}
        self._by_s: dict[Any, list[ox.Triple]] = defaultdict(list)
        self._by_o: dict[Any, list[ox.Triple]] = defaultdict(list)
        self.touched: dict[Any, list[int]] = defaultdict(list)
        self._touches: set[tuple[Any, int]] = set()
        self.ended: set[Any] = set()
        self.created: set[Any] = set()
        self.gaps: list[LawGap] = []

    # ------------------------------------------------------------ reading the state after the edits so far
    def match(self, s: Any = None, p: Any = None, o: Any = None) -> Iterable[Any]:
        """The base's quads matching the pattern (before any edit)."""
        if self._raw is not None:
            return self._raw(s, p, o, None)
        return self.base.match(s, p, o)

    def triples(self, s: Any = None, p: Any = None, o: Any = None) -> Iterator[ox.Triple]:
        """The triples matching the pattern in the edited landscape."""
        for q in self.match(s, p, o):
            t = q.triple
            if t not in self.removed:
                yield t
        pool: Iterable[ox.Triple] = (
            self._by_s.get(s, ()) if s is not None else self._by_o.get(o, ()) if o is not None else self.added
        )
        for t in list(pool):
            same = (p is None or t.predicate == p) and (o is None or t.object == o) and (s is None or t.subject == s)
            if same and t in self.added:
                yield t

    def objects(self, s: Any, p: Any) -> list[Any]:
        return [t.object for t in self.triples(s, p, None)]

    def subjects(self, p: Any, o: Any) -> list[Any]:
        return [t.subject for t in self.triples(None, p, o)]

    def is_a(self, node: Any, cls: ox.NamedNode) -> bool:
        """Whether ``node`` has ``cls`` or a subclass of it as a type (subclass axioms read from the base)."""
        todo, seen = list(self.objects(node, RDF_TYPE)), set()
        while todo:
            c = todo.pop()
            if c == cls:
                return True
            if c not in seen:
                seen.add(c)
                todo.extend(q.object for q in self.match(c, SUBCLASS, None))
        return False

    # ------------------------------------------------------------ writing
    def add(self, s: Any, p: Any, o: Any, change: int) -> None:
        t = ox.Triple(s, p, o)
        self.removed.discard(t)
        if t not in self.added:
            self.added[t] = None
            self._by_s[s].append(t)
            self._by_o[o].append(t)
        self.touch(s, change)

    def remove(self, t: ox.Triple, change: int) -> None:
        self.added.pop(t, None)
        self.removed.add(t)
        self.touch(t.subject, change)
        if isinstance(t.object, ox.NamedNode) and t.predicate not in HUBS and t.predicate not in IDENTITY:
            self.touch(t.object, change)

    def touch(self, node: Any, change: int) -> None:
        if (node, change) not in self._touches:  # a set: a shared body is touched by every area's changes
            self._touches.add((node, change))
            self.touched[node].append(change)

    def end(self, node: Any, change: int) -> None:
        """The body ends: every triple about it or pointing to it goes (as the dated view drops ended bodies)."""
        for t in list(self.triples(node)) + list(self.triples(None, None, node)):
            self.remove(t, change)
        self.ended.add(node)

    def move(self, old: Any, new: Any, change: int, *, statutory: bool) -> None:
        """Every relation of ``old`` (but its identity) passes to ``new``; a qualified relation whose provision
        ``new`` does not fit (``statutory`` False) is recorded as a gap in the law."""
        for t in list(self.triples(old)):
            if t.predicate in IDENTITY or _v(t.object).startswith(_ELECTORATE):
                continue
            if t.predicate == N.qualifiedRelationship and any(
                r in IDENTITY for r in self.objects(t.object, N.relation)
            ):
                if not statutory:  # an elected office's election does not pass to an unelected body
                    self._gap(t.object, N.object, new, change)
                continue
            self.remove(t, change)
            self.add(new, t.predicate, t.object, change)
            if not statutory and t.predicate == N.qualifiedRelationship:
                self._gap(t.object, N.object, new, change)
        for t in list(self.triples(None, None, old)):
            if t.predicate in IDENTITY:
                continue
            self.remove(t, change)
            self.add(t.subject, t.predicate, new, change)
            if not statutory:
                self._gap(t.subject, t.predicate, new, change)

    def _gap(self, s: Any, p: Any, new: Any, change: int) -> None:
        """Record the provisions behind (s p new): s's own basis if s is a qualifying node, else its qualifiers."""
        qualifiers = [s] if p == N.object else []
        for q in qualifiers:
            relation = next(iter(self.objects(q, N.relation)), None)
            for prov in self.objects(q, N.statutoryBasis):
                owner = next(iter(self.subjects(N.qualifiedRelationship, q)), new)
                target = next(iter(self.objects(q, N.object)), new)
                self.gaps.append(LawGap(change, _v(owner), _v(relation), _v(target), _v(prov), _v(new)))
        if p == ox.NamedNode("https://schema.org/fundedItem"):
            for prov in self.objects(s, N.statutoryBasis):
                self.gaps.append(LawGap(change, _v(s), _v(p), _v(new), _v(prov), _v(new)))

    def end_gap(self, node: Any, change: int) -> None:
        """A body the law requires ends with no successor: its own statutory basis is a gap."""
        for prov in self.objects(node, N.statutoryBasis):
            self.gaps.append(LawGap(change, _v(node), "", "", _v(prov), _v(node)))

    # ------------------------------------------------------------ the views
    def neighbourhood(self, extra: Iterable[Any] = ()) -> set[Any]:
        """The touched nodes, the nodes they link to or from (before and after), and those nodes' objects."""
        index = _index(self.base)
        out = index.out.get if index else lambda n: [q.triple for q in self.match(n, None, None)]
        into = index.into.get if index else lambda n: [q.triple for q in self.match(None, None, n)]
        core = {n for n in self.touched if isinstance(n, ox.NamedNode)} | set(extra)
        hop: set[Any] = set(core)
        for n in core:
            hop.update(t.object for t in out(n) or ())
            hop.update(t.subject for t in into(n) or () if t.predicate not in HUBS)
        for t in self.added:
            hop.add(t.subject)
            hop.add(t.object)
        two = set(hop)
        for n in hop:
            if isinstance(n, ox.NamedNode) and n not in core:
                two.update(t.object for t in out(n) or () if t.predicate != RDF_TYPE)
        return {n for n in two if isinstance(n, ox.NamedNode)}

    def view(self, fixed: Sequence[Any]) -> ox.Store:
        """The after view: the neighbourhood's triples from the base with the edits applied, and ``fixed``."""
        after = ox.Store()
        index = _index(self.base)
        if index is not None:  # the base's triples per subject, read once per dated landscape
            after.bulk_extend(q for n in self.neighbourhood() for q in index.quads.get(n, ()))
            for t in self.removed:
                after.remove(ox.Quad(t.subject, t.predicate, t.object))
        else:
            removed = self.removed
            after.extend(
                ox.Quad(t.subject, t.predicate, t.object)
                for n in self.neighbourhood()
                for q in self.match(n, None, None)
                if (t := q.triple) not in removed
            )
        after.extend(fixed)
        after.extend(ox.Quad(t.subject, t.predicate, t.object) for t in self.added)
        return after


class _Index:
    """A dated landscape's triples by subject and by object (and as default-graph quads by subject)."""

    def __init__(self, store: ox.Store) -> None:
        quads: dict[Any, dict[ox.Quad, None]] = defaultdict(dict)
        into: dict[Any, list[ox.Triple]] = defaultdict(list)
        for q in store.quads_for_pattern(None, None, None, None):
            quads[q.subject][ox.Quad(q.subject, q.predicate, q.object)] = None
            into[q.object].append(q.triple)
        self.quads = {s: list(qs) for s, qs in quads.items()}
        self.out = {s: [q.triple for q in qs] for s, qs in self.quads.items()}
        self.into = dict(into)
        self.size = sum(len(qs) for qs in self.quads.values())


def touched_share(edit: Edit) -> float | None:
    """The share of the landscape's triples that are about the nodes ``edit`` touched (None: no index)."""
    index = _index(edit.base)
    if index is None or not index.size:
        return None
    return sum(len(index.quads.get(n, ())) for n in edit.touched) / index.size


_INDEX: weakref.WeakKeyDictionary[GraphStore, tuple[int, _Index]] = weakref.WeakKeyDictionary()


def _index(base: GraphStore) -> _Index | None:
    """The index of ``base`` when it is an embedded Oxigraph store (kept with it while its generation holds)."""
    raw = getattr(base, "store", None)
    if not isinstance(raw, ox.Store):
        return None
    kept = _INDEX.get(base)
    if kept is None or kept[0] != base.generation:
        kept = _INDEX[base] = (base.generation, _Index(raw))
    return kept[1]


def _v(term: Any) -> str:
    """The IRI or lexical value of a term."""
    return str(getattr(term, "value", term))
