"""The whole dated landscape with a scenario's edits made in place, for a scenario that touches much of it.

When the touched nodes' neighbourhood is most of the landscape, copying it into a fresh store costs more than
editing a kept copy. Each dated landscape keeps one working copy (its triples in the default graph, with the fixed
triples every view holds); a check makes its removals and additions on it, validates the touched nodes there, and
puts it back as it was (the removed triples in, the added ones out) before anyone else may use it. A lock guards
the copy: a check that finds it in use gets ``None`` and builds its own view instead.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import pyoxigraph as ox

from cspgraph.scenario.edit import Edit, touched_share
from cspgraph.stores.base import GraphStore

__all__ = ["BROAD", "edited", "is_broad"]

#: the share of the landscape's triples the touched nodes hold above which the working copy is used
BROAD = 1 / 8
_AS_OF = ox.NamedNode("https://w3id.org/cspgraph/def/asOf")


class _Working:
    """A dated landscape's triples in one default-graph store, with the fixed triples, and its lock."""

    def __init__(self, base: ox.Store, fixed: Sequence[Any]) -> None:
        self.store = ox.Store()
        self.store.bulk_extend(
            ox.Quad(q.subject, q.predicate, q.object)
            for q in base.quads_for_pattern(None, None, None, None)
            if q.predicate != _AS_OF  # the view's one cspg:asOf is among the fixed triples
        )
        self.fixed = set(fixed)
        self.store.extend(self.fixed)
        self.lock = threading.Lock()


_COPIES: weakref.WeakKeyDictionary[GraphStore, tuple[int, _Working]] = weakref.WeakKeyDictionary()
_MAKING = threading.Lock()


def _working(base: GraphStore, raw: ox.Store, fixed: Sequence[Any]) -> _Working:
    with _MAKING:
        kept = _COPIES.get(base)
        if kept is None or kept[0] != base.generation:
            kept = _COPIES[base] = (base.generation, _Working(raw, fixed))
        return kept[1]


def is_broad(edit: Edit) -> bool:
    """Whether the edit touches enough of its landscape for the working copy to beat a view of its own."""
    share = touched_share(edit)
    return share is not None and share > BROAD


@contextmanager
def edited(edit: Edit, fixed: Sequence[Any]) -> Iterator[ox.Store | None]:
    """The working copy of ``edit``'s landscape with the edit made, while the block runs (``None`` if in use)."""
    raw = getattr(edit.base, "store", None)
    if not isinstance(raw, ox.Store):
        yield None
        return
    work = _working(edit.base, raw, fixed)
    if not work.lock.acquire(blocking=False):
        yield None
        return
    try:
        store = work.store
        gone = [q for t in edit.removed if (q := _quad(t)) in store and q not in work.fixed]
        new = [q for t in edit.added if (q := _quad(t)) not in store]
        for q in gone:
            store.remove(q)
        store.extend(new)
        try:
            yield store
        finally:
            for q in new:
                store.remove(q)
            store.extend(gone)
    finally:
        work.lock.release()


def _quad(t: ox.Triple) -> ox.Quad:
    return ox.Quad(t.subject, t.predicate, t.object)
