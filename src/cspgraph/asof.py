"""The dataset on one day: what was in force, by the one rule of validity the whole project uses.

Validity has one meaning (ontology/change.ttl and data/README.md state it too):

* A **resource** is in force on day D when it has no ``schema:validFrom`` or validFrom <= D, and no
  ``schema:validUntil`` or D < validUntil: validUntil is the first day on which it no longer holds. A resource with
  neither (a provision, a document, a change event, a body whose start predates the data) is always in force.
* A **statement** (s p o) holds on D when every dated resource it links (s, and o when o is a resource) is in force
  on D and, if the statement is qualified, at least one of its qualifying nodes is in force on D. A statement is
  qualified by a ``cspg:Relationship`` (s cspg:qualifiedRelationship r . r cspg:relation p ; cspg:object o); a
  membership shortcut (``org:hasMember``, ``org:memberOf``, ``cspg:responsibleAuthority``) is qualified by the
  ``org:Membership`` nodes of its organisation and member (for cspg:responsibleAuthority, the memberships with the
  responsible-authority role).

:func:`in_force` applies the rule to a whole store and returns a view of the dataset on that day: a filtered copy
in an in-memory Oxigraph store, in which ``cspg:asOf`` is the day shown. :func:`latest` is the dataset's own as-of
date, the latest date its sources cover, and :func:`latest_view` the landscape in force on it: the default of
the command line, which opens it as its own read-only on-disk store, built once per dataset version
(:func:`open_latest`).

Examples:
    >>> holds(dt.date(2017, 5, 8), start=dt.date(2017, 5, 8), end=None)
    True
    >>> holds(dt.date(2017, 5, 8), start=None, end=dt.date(2017, 5, 8))
    False
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from cspgraph.errors import InputError
from cspgraph.iris import CSPG, ROLE, SCHEMA
from cspgraph.stores.base import GraphStore
from cspgraph.stores.disk import ensure_derived_store, open_disk_store, open_read_only
from cspgraph.stores.oxigraph import OxigraphStore

__all__ = ["as_date", "holds", "in_force", "latest", "latest_view", "open_latest"]

_ORG = "http://www.w3.org/ns/org#"
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
_FROM, _UNTIL = ox.NamedNode(SCHEMA + "validFrom"), ox.NamedNode(SCHEMA + "validUntil")
_QUALIFIED = ox.NamedNode(CSPG + "qualifiedRelationship")
_RELATION, _OBJECT = ox.NamedNode(CSPG + "relation"), ox.NamedNode(CSPG + "object")
_ORGANIZATION, _MEMBER = ox.NamedNode(_ORG + "organization"), ox.NamedNode(_ORG + "member")
_ROLE = ox.NamedNode(_ORG + "role")
_HAS_MEMBER, _MEMBER_OF = ox.NamedNode(_ORG + "hasMember"), ox.NamedNode(_ORG + "memberOf")
_RA = ox.NamedNode(CSPG + "responsibleAuthority")
_RA_KINDS = {ox.NamedNode(CSPG + "ResponsibleAuthorityMembership"), ox.NamedNode(ROLE + "responsible-authority")}
_AS_OF = ox.NamedNode(CSPG + "asOf")
_VIEWS_PER_STORE = 16
_LATEST_SUFFIX = "-latest"

_CACHE: weakref.WeakKeyDictionary[GraphStore, dict[tuple[int, dt.date], GraphStore]] = weakref.WeakKeyDictionary()
_VIEW_DAY: weakref.WeakKeyDictionary[GraphStore, dt.date] = weakref.WeakKeyDictionary()


def as_date(value: dt.date | str) -> dt.date:
    """A day given as a date or as ``YYYY-MM-DD``.

    Raises:
        InputError: the value is not a date.

    Examples:
        >>> as_date("2021-06-26")
        datetime.date(2021, 6, 26)
    """
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError as e:
        raise InputError(f"{value!r} is not a date: use YYYY-MM-DD") from e


def holds(day: dt.date, start: dt.date | None, end: dt.date | None) -> bool:
    """The rule itself: in force on ``day`` given its validFrom ``start`` and validUntil ``end`` (None when absent).

    Examples:
        >>> holds(dt.date(2024, 5, 6), dt.date(2024, 5, 7), None), holds(dt.date(2030, 1, 1), None, None)
        (False, True)
    """
    return (start is None or start <= day) and (end is None or day < end)


def _literal_date(term: Any) -> dt.date | None:
    """The date of an xsd:date (or ISO-formatted) literal; None for anything else."""
    if not isinstance(term, ox.Literal):
        return None
    try:
        return dt.date.fromisoformat(term.value[:10])
    except ValueError:
        return None


def _dates(store: GraphStore, predicate: ox.NamedNode) -> dict[Any, list[dt.date]]:
    out: dict[Any, list[dt.date]] = defaultdict(list)
    for q in store.match(None, predicate, None):
        d = _literal_date(q.object)
        if d is not None:
            out[q.subject].append(d)
    return out


def _not_in_force(store: GraphStore, day: dt.date) -> set[Any]:
    """Every resource of ``store`` that is not in force on ``day`` (a resource with several dates of one kind takes
    the latest start and the earliest end)."""
    starts, ends = _dates(store, _FROM), _dates(store, _UNTIL)
    out = set()
    for s in set(starts) | set(ends):
        start = max(starts[s]) if s in starts else None
        end = min(ends[s]) if s in ends else None
        if not holds(day, start, end):
            out.add(s)
    return out


def _pairs(store: GraphStore, first: ox.NamedNode, second: ox.NamedNode) -> list[tuple[Any, Any, Any]]:
    """(node, its ``first`` value, its ``second`` value) for every node with both."""
    seconds: dict[Any, list[Any]] = defaultdict(list)
    for q in store.match(None, second, None):
        seconds[q.subject].append(q.object)
    return [(q.subject, q.object, o) for q in store.match(None, first, None) for o in seconds.get(q.subject, ())]


def _qualifiers(store: GraphStore) -> dict[tuple[Any, Any, Any], list[Any]]:
    """(s, p, o) -> the nodes that qualify the statement: its cspg:Relationship nodes, and for membership shortcuts
    the org:Membership nodes of the pair."""
    out: dict[tuple[Any, Any, Any], list[Any]] = defaultdict(list)
    subjects: dict[Any, list[Any]] = defaultdict(list)
    for q in store.match(None, _QUALIFIED, None):
        subjects[q.object].append(q.subject)
    for rel, p, o in _pairs(store, _RELATION, _OBJECT):
        for s in subjects.get(rel, ()):
            out[(s, p, o)].append(rel)
    roles: dict[Any, set[Any]] = defaultdict(set)
    for pred in (_ROLE, _RDF_TYPE):
        for q in store.match(None, pred, None):
            if q.object in _RA_KINDS:
                roles[q.subject].add(q.object)
    for m, organisation, member in _pairs(store, _ORGANIZATION, _MEMBER):
        out[(organisation, _HAS_MEMBER, member)].append(m)
        out[(member, _MEMBER_OF, organisation)].append(m)
        if roles.get(m):
            out[(organisation, _RA, member)].append(m)
    return out


def _filtered(store: GraphStore, day: dt.date) -> Iterable[Any]:
    """The quads of ``store`` that hold on ``day``, with cspg:asOf set to ``day``."""
    out = _not_in_force(store, day)
    qualifiers = _qualifiers(store)
    stamp = ox.Literal(day.isoformat(), datatype=_XSD_DATE)
    for q in store.quads():
        s, p, o = q.subject, q.predicate, q.object
        if s in out or o in out:
            continue
        nodes = qualifiers.get((s, p, o))
        if nodes and all(n in out for n in nodes):
            continue
        if p == _AS_OF:
            q = ox.Quad(s, p, stamp, q.graph_name)
        yield q


def in_force(store: GraphStore, day: dt.date | str) -> GraphStore:
    """The dataset as it was on ``day``: every resource in force and every statement that holds (see the module).

    The view is a filtered copy in an in-memory Oxigraph store, cached per store and day (and rebuilt when the store
    changes: :attr:`GraphStore.generation`); the view of a day, asked for that day again, is itself. Undated resources (provisions, documents, change events, the ontology and shapes) are kept, and
    the dataset's ``cspg:asOf`` becomes ``day``. A day outside the span of the data is allowed: it shows what the
    data says of that day (before the earliest recorded change, the bodies whose start the sources do not give).

    Args:
        store: the whole dataset.
        day: the day, as a date or ``YYYY-MM-DD``.

    Returns:
        A store holding the dataset on that day.

    Raises:
        InputError: ``day`` is not a date.
    """
    day = as_date(day)
    if _VIEW_DAY.get(store) == day:
        return store
    views = _CACHE.setdefault(store, {})
    key = (store.generation, day)
    view = views.get(key)
    if view is None:
        st = ox.Store()
        st.bulk_extend(_filtered(store, day))
        view = OxigraphStore(store=st)
        _VIEW_DAY[view] = day
        if len(views) >= _VIEWS_PER_STORE:
            views.pop(next(iter(views)))
        views[key] = view
    return view


def latest(store: GraphStore) -> dt.date | None:
    """The dataset's own as-of date (``cspg:asOf`` in its metadata): the latest date its sources cover.

    Returns:
        The latest ``cspg:asOf`` date in the store, or None when it has none.
    """
    days = [d for q in store.match(None, _AS_OF, None) if (d := _literal_date(q.object)) is not None]
    return max(days) if days else None


def latest_view(store: GraphStore) -> GraphStore:
    """The landscape in force on the dataset's own as-of date (:func:`latest`); ``store`` itself when it has none."""
    day = latest(store)
    return store if day is None else in_force(store, day)


def open_latest(data: Path | None = None, shapes: bool = True) -> OxigraphStore:
    """The landscape in force on the dataset's latest date as a read-only on-disk store.

    It is built once per dataset version from the dataset's on-disk store (:mod:`cspgraph.stores.disk`) and kept
    beside it (its key plus ``-latest``, built and renamed into place the same way), so a command reads it without
    filtering the dataset again; a changed dataset gives a new key and so a new view. Its quads are those of
    :func:`in_force` on :func:`latest` (the whole dataset when it has no ``cspg:asOf``).
    """

    def fill(target: ox.Store) -> None:
        base = open_disk_store(data, shapes)
        day = latest(base)
        target.bulk_extend(base.quads() if day is None else _filtered(base, day))

    view = open_read_only(ensure_derived_store(_LATEST_SUFFIX, fill, data, shapes))
    day = latest(view)
    if day is not None:
        _VIEW_DAY[view] = day  # asked for its own day, the view is itself
    return view
