"""Rules through time: a shape applies only from the day the provision it enforces came into force.

Each statutory shape names its provision with ``rdfs:seeAlso`` (``id/provision/...``); the provision's
``cspg:inForceFrom`` is in the data's legislation graph (data/legislation.ttl). On a day before that date the rule
was not yet law, so the shape (a node shape, or a property shape) is deactivated (``sh:deactivated true``) for the
run, and the report lists it as not in force. A shape citing several provisions applies once all are in force. A
shape whose provision has no date, or data without the legislation graph, is always applied.

Examples:
    >>> from cspgraph.validate.shapes import load_shapes
    >>> icb = "https://w3id.org/cspgraph/id/provision/cda-1998-s5-1-e"
    >>> bundle, skipped = in_force_bundle(load_shapes(), {icb: "2022-07-01"}, "2021-04-01")
    >>> sorted({p.rsplit("/", 1)[-1] for n in skipped for p in n.provisions})
    ['cda-1998-s5-1-e']
"""

from __future__ import annotations

import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS, SH

from cspgraph.namespaces import CSPG
from cspgraph.validate.shapes import ShapesBundle, bundle_of

__all__ = ["NotInForce", "in_force_bundle", "provision_dates"]

_IN_FORCE_FROM = ox.NamedNode(str(CSPG.inForceFrom))


@dataclass(frozen=True)
class NotInForce:
    """A shape skipped on a day: its provisions and the day the last of them came into force."""

    shape: str
    provisions: tuple[str, ...]
    in_force_from: str

    def note(self, day: str) -> str:
        names = ", ".join(p.rsplit("/", 1)[-1] for p in self.provisions)
        return f"Not in force on {day}: {self.shape.rsplit('/', 1)[-1]} ({names}, in force from {self.in_force_from})."


def provision_dates(store: ox.Store) -> dict[str, str]:
    """provision IRI -> its ``cspg:inForceFrom`` (``YYYY-MM-DD``), read from every graph of ``store``."""
    out: dict[str, str] = {}
    for q in store.quads_for_pattern(None, _IN_FORCE_FROM, None, None):
        if isinstance(q.subject, ox.NamedNode) and isinstance(q.object, ox.Literal):
            out[q.subject.value] = q.object.value[:10]
    return out


def _cited(sg: Graph) -> dict[Any, set[str]]:
    """shape -> the IRIs it cites with rdfs:seeAlso."""
    out: dict[Any, set[str]] = {}
    for s, o in sg.subject_objects(RDFS.seeAlso):
        if isinstance(o, URIRef):
            out.setdefault(s, set()).add(str(o))
    return out


def in_force_bundle(
    bundle: ShapesBundle, dates: Mapping[str, str], day: str | None
) -> tuple[ShapesBundle, list[NotInForce]]:
    """The shapes that apply on ``day``, and the ones skipped because their provision was not yet in force.

    Args:
        bundle: the shapes.
        dates: provision IRI -> the day it came into force (:func:`provision_dates`).
        day: the day (``YYYY-MM-DD``); None applies every shape.

    Returns:
        The bundle to run (``bundle`` itself when nothing is skipped) and the shapes skipped, by IRI.
    """
    if day is None or not dates:
        return bundle, []
    skipped = []
    for shape, cited in _cited(bundle.graph).items():
        known = sorted(p for p in cited if p in dates)
        if not known:
            continue
        start = max(dates[p] for p in known)
        if start > day:
            skipped.append(NotInForce(str(shape), tuple(known), start))
    if not skipped:
        return bundle, []
    skipped.sort(key=lambda n: n.shape)
    return _deactivated(bundle, tuple(n.shape for n in skipped)), skipped


_CACHE: weakref.WeakKeyDictionary[Graph, dict[tuple[str, ...], ShapesBundle]] = weakref.WeakKeyDictionary()


def _deactivated(bundle: ShapesBundle, shapes: tuple[str, ...]) -> ShapesBundle:
    """A copy of the bundle with these shapes deactivated (compiled once per shapes graph and set of shapes)."""
    kept = _CACHE.setdefault(bundle.graph, {})
    if shapes not in kept:
        kept[shapes] = _copy_without(bundle, shapes)
    return kept[shapes]


def _copy_without(bundle: ShapesBundle, shapes: tuple[str, ...]) -> ShapesBundle:
    g = Graph()
    for prefix, ns in bundle.graph.namespaces():
        g.bind(prefix, ns)
    for t in bundle.graph:
        g.add(t)
    for s in shapes:
        g.set((URIRef(s), SH.deactivated, Literal(True)))
    return bundle_of(g, list(bundle.files))
