"""What changed in the landscape between two days, from the data's own dates and change events.

:func:`changes` lists, for the days from ``start`` to ``end`` (both included):

* the **change events** (``org:ChangeEvent``) dated then, each with its status (in force, enacted, announced,
  proposed), sources, instruments and confidence, including those that start or end nothing (announced changes);
* the **bodies and areas created and ended** (a resource whose ``schema:validFrom`` or ``schema:validUntil``, the
  first day it no longer holds, falls in the window), the local policing bodies and police authorities among them
  marked as **policing-body changes**;
* the **memberships gained and lost** (``org:Membership`` nodes starting or ending then), with organisation and
  member.

Each body or membership change carries the change events of its day that name it (the event it points to with
``org:resultedFrom`` / ``org:changedBy``, or an event of the same day that ended or created it, its member or its
organisation); a change no event explains says so (``events`` is empty) rather than guessing one. Qualified
relationships and funding flows follow the bodies they link and are not listed. The SPARQL is
``queries/internal/changes-events.rq`` and ``changes-dated.rq``, with the two days bound.

Examples:
    >>> from cspgraph.stores import open_store
    >>> report = changes(open_store(), "2017-05-08", "2017-05-08")
    >>> [e.label for e in report.events]
    ['The Mayor of Greater Manchester takes the functions of the Greater Manchester Police and Crime Commissioner']
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from rdflib import Literal
from rdflib.namespace import XSD

from cspgraph import resources
from cspgraph.asof import as_date, latest
from cspgraph.errors import InputError
from cspgraph.labels import display_names, fallback
from cspgraph.namespaces import ID
from cspgraph.resolve import resolve
from cspgraph.stores import GraphStore

__all__ = ["Change", "ChangeReport", "Event", "changes"]

#: the kinds of resource (``id/<kind>/...``) whose start or end is not listed: they follow the bodies they link
_FOLLOWERS = {"relationship", "funding-flow"}
#: the kinds whose changes are policing-body changes
POLICING_KINDS = ("local-policing-body", "police-authority")
_START = {"membership": "gained", "other": "created"}
_END = {"membership": "lost", "other": "ended"}


@dataclass(frozen=True)
class Event:
    """One change event: its URI, day, label, status, sources, instruments and confidence."""

    uri: str
    date: str
    label: str
    status: str | None
    sources: tuple[str, ...]
    instruments: tuple[str, ...]
    confidence: str | None

    def as_dict(self) -> dict[str, Any]:
        return {
            "event": self.uri,
            "date": self.date,
            "label": self.label,
            "status": _last(self.status),
            "sources": [_last(s) for s in self.sources],
            "instruments": list(self.instruments),
            "confidence": _last(self.confidence),
        }


@dataclass(frozen=True)
class Change:
    """A body, area or membership that starts or ends on ``date``, with the events that explain it."""

    date: str
    what: str  # created, ended (bodies and areas), gained, lost (memberships)
    kind: str  # the <kind> of id/<kind>/...
    uri: str
    label: str
    policing: bool
    organisation: str | None = None
    organisation_label: str | None = None
    member: str | None = None
    member_label: str | None = None
    events: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.__dict__.items()}


@dataclass
class ChangeReport:
    """The changes from ``start`` to ``end`` (both included) and the dataset's own as-of date."""

    start: str
    end: str
    dataset_as_of: str | None
    events: list[Event] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        """How many events, bodies created and ended, memberships gained and lost, policing-body changes."""
        out = {"events": len(self.events), "created": 0, "ended": 0, "gained": 0, "lost": 0, "policing": 0}
        for c in self.changes:
            out[c.what] += 1
            out["policing"] += c.policing
        return out

    def as_dict(self) -> dict[str, Any]:
        return {
            "from": self.start,
            "to": self.end,
            "dataset_as_of": self.dataset_as_of,
            "counts": self.counts(),
            "events": [e.as_dict() for e in self.events],
            "changes": [c.as_dict() for c in self.changes],
        }


def _text(term: Any) -> str | None:
    """The IRI or lexical form of a term (pyoxigraph or rdflib), None when unbound."""
    return None if term is None else str(getattr(term, "value", term))


def _last(iri: str | None) -> str | None:
    return None if iri is None else iri.rstrip("/").rsplit("/", 1)[-1]


def _kind(iri: str) -> str:
    return iri[len(str(ID)) :].split("/", 1)[0] if iri.startswith(str(ID)) else "other"


def _day(value: dt.date | str) -> Literal:
    return Literal(as_date(value).isoformat(), datatype=XSD.date)


def _window(store: GraphStore, start: dt.date | str | None, end: dt.date | str | None) -> tuple[dt.date, dt.date]:
    """The two days (``end`` defaults to the dataset's as-of date); InputError if they are not dates or in order."""
    first = as_date(start) if start is not None else None
    last = as_date(end) if end is not None else latest(store)
    if first is None:
        raise InputError("give the first day with --from YYYY-MM-DD")
    if last is None:
        raise InputError("the dataset has no as-of date; give the last day with --to YYYY-MM-DD")
    if last < first:
        raise InputError(f"--to {last} is before --from {first}; give the earlier day first")
    return first, last


def _events(store: GraphStore, bindings: dict[str, Any]) -> tuple[list[Event], dict[tuple[str, str], set[str]]]:
    """The events of the window, and (day, node) -> the events of that day that ended or created the node."""
    names = ["event", "date", "label", "status", "source", "instrument", "confidence", "node"]
    rows = store.select_terms(resources.internal_query("changes-events"), bindings, names)
    parts: dict[str, dict[str, Any]] = {}
    touches: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in rows:
        r = dict(zip(names, (_text(t) for t in row), strict=True))
        uri, date = str(r["event"]), str(r["date"])
        e = parts.setdefault(uri, {"date": date, "label": None, "status": None, "src": set(), "ins": set(), "c": None})
        e["label"] = e["label"] or r["label"]
        e["status"] = e["status"] or r["status"]
        e["c"] = e["c"] or r["confidence"]
        for key, var in (("src", "source"), ("ins", "instrument")):
            if r[var] is not None:
                e[key].add(r[var])
        if r["node"] is not None:
            touches[(date, r["node"])].add(uri)
    events = [
        Event(
            u,
            p["date"],
            p["label"] or fallback(u),
            p["status"],
            tuple(sorted(p["src"])),
            tuple(sorted(p["ins"])),
            p["c"],
        )
        for u, p in parts.items()
    ]
    events.sort(key=lambda e: (e.date, e.uri))
    return events, touches


def _dated(store: GraphStore, bindings: dict[str, Any]) -> dict[tuple[str, str, str], dict[str, Any]]:
    """(thing, edge, day) -> its organisation, member and the events it points to, for every dated resource."""
    out: dict[tuple[str, str, str], dict[str, Any]] = {}
    names = ["thing", "edge", "date", "organisation", "member", "event"]
    for row in store.select_terms(resources.internal_query("changes-dated"), bindings, names):
        thing, edge, date, organisation, member, event = (_text(t) for t in row)
        if thing is None or _kind(thing) in _FOLLOWERS:
            continue
        entry = out.setdefault((thing, str(edge), str(date)), {"organisation": None, "member": None, "events": set()})
        if organisation is not None:
            entry["organisation"], entry["member"] = organisation, member
        if event is not None:
            entry["events"].add(event)
    return out


def _explained(
    entry: dict[str, Any], thing: str, date: str, touches: dict[tuple[str, str], set[str]], in_window: set[str]
) -> tuple[str, ...]:
    """The events of ``date`` that explain a change: those it points to, or that touched it, its member or org."""
    found = {e for e in entry["events"] if e in in_window and e.split("/change/", 1)[-1].startswith(date)}
    for node in (thing, entry["member"], entry["organisation"]):
        if not found and node is not None:
            found |= touches.get((date, node), set())
    return tuple(sorted(found))


def _filter_nodes(store: GraphStore, area: str | None, body: str | None) -> set[str] | None:
    """The resources an --area (a police force area: its bodies at any time) or --body keeps; None keeps all."""
    if area is None and body is None:
        return None
    keep: set[str] = set()
    if area is not None:
        pfa = resolve(store, area, "pfa")
        keep.add(str(pfa))
        rows = store.select(resources.internal_query("view-area-bodies"), {"pfa": pfa}).rows
        keep |= {str(r["n"]) for r in rows}
        rows = store.select(resources.internal_query("changes-area-nodes"), {"pfa": pfa}).rows
        keep |= {str(r["n"]) for r in rows}
    if body is not None:
        keep.add(str(resolve(store, body, "any")))
    return keep


def changes(
    store: GraphStore,
    start: dt.date | str | None,
    end: dt.date | str | None = None,
    *,
    area: str | None = None,
    body: str | None = None,
) -> ChangeReport:
    """The changes to the landscape from ``start`` to ``end`` (both included).

    Args:
        store: the whole dataset (not a dated view).
        start: the first day (``YYYY-MM-DD``).
        end: the last day; by default the dataset's own as-of date.
        area: only the changes of one police force area (code, URI or name): its local policing bodies, police
            authority, force, panel, CSPs and their members at any time, its districts and their councils.
        body: only the changes of one body or area (code, URI, ``kind/code`` or name) and its memberships.

    Returns:
        A :class:`ChangeReport`, events and changes in date order.

    Raises:
        InputError: a bad or reversed date, or an area or body that cannot be resolved.
    """
    first, last = _window(store, start, end)
    keep = _filter_nodes(store, area, body)
    bindings = {"from": _day(first), "to": _day(last)}
    events, touches = _events(store, bindings)
    in_window = {e.uri for e in events}
    found: list[Change] = []
    for (thing, edge, date), entry in _dated(store, bindings).items():
        nodes = {thing, entry["member"], entry["organisation"]}
        if keep is not None and not (nodes & keep):
            continue
        kind = _kind(thing)
        what = (_START if edge == "start" else _END)["membership" if entry["member"] else "other"]
        found.append(
            Change(
                date, what, kind, thing, "", kind in POLICING_KINDS,
                entry["organisation"], None, entry["member"], None,
                _explained(entry, thing, date, touches, in_window),
            )
        )  # fmt: skip
    if keep is not None:
        used = {e for c in found for e in c.events}
        events = [e for e in events if e.uri in used or any(n in keep for (_, n), es in touches.items() if e.uri in es)]
    report = ChangeReport(first.isoformat(), last.isoformat(), _iso(latest(store)), events, _labelled(store, found))
    report.changes.sort(key=lambda c: (c.date, c.what, c.kind, c.uri))
    return report


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _labelled(store: GraphStore, found: list[Change]) -> list[Change]:
    # a membership is named from its member and organisation: only those, and the bodies and areas, are looked up
    iris = {i for c in found for i in ((c.organisation, c.member) if c.member else (c.uri,)) if i is not None}
    names = display_names(store, iris)

    def name(iri: str | None) -> str | None:
        return None if iri is None else names.get(iri) or fallback(iri)

    out = []
    for c in found:
        label = names.get(c.uri) or (f"{name(c.member)} in {name(c.organisation)}" if c.member else fallback(c.uri))
        out.append(
            Change(
                c.date, c.what, c.kind, c.uri, label, c.policing, c.organisation, name(c.organisation),
                c.member, name(c.member), c.events,
            )
        )  # fmt: skip
    return out
