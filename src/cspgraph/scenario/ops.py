"""What each op of a scenario does to the landscape, written into an :class:`~cspgraph.scenario.edit.Edit`.

* ``create``: a new body (``kind`` from :data:`KINDS`) named ``id``, labelled, in force from the scenario's date;
  a ``mayor`` is the mayor of its ``authority``; ``members`` join it; a ``unitary-council`` with ``districts`` gets
  a new area made of those districts (in their police area and country), and ``replaces`` ends the bodies it
  replaces with their areas.
* ``end``: a body ends, with every relation to it; a body the law requires (it cites a ``cspg:statutoryBasis``)
  ending with no ``successor`` is a gap in the law.
* ``merge``: ``bodies`` end and their relations pass to ``into``.
* ``transfer-role`` (``role`` ``local-policing-body``): the police ``area``'s local policing body ends and every
  relation it held (the CSPs' s7 reports and regard, co-operation, funding, the chief officer, scrutiny) passes
  to ``to``; when ``to`` is not a local policing body under today's law, each relation's provision is a gap.
* ``combine-csps``: ``csps`` end and one CSP serving ``areas`` takes their responsible authorities that survive the
  scenario, plus ``councils``.
* ``change-membership``: members ``add``-ed to or ``remove``-d from an ``organisation``.
* ``to-be-decided``: the ``area`` is flagged; nothing changes. ``keep``: the ``area`` is listed as unchanged.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pyoxigraph as ox

from cspgraph.errors import InputError
from cspgraph.namespaces import ID, ROLE
from cspgraph.resolve import Resolver
from cspgraph.scenario.edit import RDF_TYPE, VALID_FROM, Edit, N
from cspgraph.scenario.model import Change

__all__ = ["KINDS", "Context", "apply_change"]

_ORG = "http://www.w3.org/ns/org#"
_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
_REPLACES = ox.NamedNode("http://purl.org/dc/terms/replaces")
_HAS_MEMBER, _MEMBER_OF = ox.NamedNode(_ORG + "hasMember"), ox.NamedNode(_ORG + "memberOf")
_MEMBER, _ORGANIZATION = ox.NamedNode(_ORG + "member"), ox.NamedNode(_ORG + "organization")
_ROLE, _MEMBERSHIP = ox.NamedNode(_ORG + "role"), ox.NamedNode(_ORG + "Membership")
_RA_ROLE = ox.NamedNode(str(ROLE["responsible-authority"]))
_COUNCIL_BASIS = ox.NamedNode(str(ID["provision/cda-1998-s5-1-a"]))
_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
_ID = re.compile(r"[a-z][a-z-]*/[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?")

#: kind -> the classes a created body has
KINDS: dict[str, tuple[ox.NamedNode, ...]] = {
    "mayor": (N.MayorWithPCCFunctions,),
    "policing-and-crime-board": (N.PolicingAndCrimeBoard,),
    "unitary-council": (N.UnitaryCouncil,),
    "combined-authority": (N.CombinedAuthority,),
}


class Context:
    """What the ops share: the edit, the resolver, the day, and the ids of the bodies created so far."""

    def __init__(self, edit: Edit, resolver: Resolver, day: dt.date) -> None:
        self.edit, self.resolver, self.day = edit, resolver, day
        self.ids: dict[str, ox.NamedNode] = {}

    def node(self, value: str, kind: str = "body") -> ox.NamedNode:
        """A body named by a created id, a code, a URI, ``kind/code`` or a label."""
        if not isinstance(value, str):
            raise InputError(f"expected a body code, name or id, not {value!r}")
        if value in self.ids:
            return self.ids[value]
        return ox.NamedNode(str(self.resolver.resolve(value, kind)))

    def nodes(self, values: Any, kind: str = "body") -> list[ox.NamedNode]:
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            raise InputError(f"expected a list of body codes or ids, not {values!r}")
        return [self.node(v, kind) for v in values]

    def stamp(self) -> ox.Literal:
        return ox.Literal(self.day.isoformat(), datatype=_DATE)


def mint(value: Any) -> ox.NamedNode:
    """The IRI of a body a scenario creates, from its ``id`` (``kind/slug``)."""
    if not isinstance(value, str) or not _ID.fullmatch(value):
        raise InputError(
            f"an id is kind/slug in lower case, digits, dots and hyphens (policing-and-crime-board/x), not {value!r}"
        )
    return ox.NamedNode(str(ID[value]))


def _create(ctx: Context, c: Change, i: int) -> None:
    kind = c.get("kind")
    if kind not in KINDS:
        raise InputError(f"change {i + 1}: kind must be one of {', '.join(KINDS)}")
    new = mint(c.get("id"))
    ctx.ids[str(c.get("id"))] = new
    e = ctx.edit
    e.created.add(new)
    for cls in KINDS[kind]:
        e.add(new, RDF_TYPE, cls, i)
    e.add(new, _LABEL, ox.Literal(str(c.get("label")), language="en"), i)
    e.add(new, VALID_FROM, ctx.stamp(), i)
    if c.get("authority"):
        e.add(new, N.mayorOf, ctx.node(c.get("authority")), i)
    if c.get("area"):
        e.add(new, N.coversArea, ctx.node(c.get("area"), "area"), i)
    for m in ctx.nodes(c.get("members") or []):
        e.add(new, _HAS_MEMBER, m, i)
        e.add(m, _MEMBER_OF, new, i)
    if c.get("districts"):
        _new_area(ctx, new, c, i)
    for old in ctx.nodes(c.get("replaces") or []):
        e.add(new, _REPLACES, old, i)
        for area in e.objects(old, N.councilFor) if c.get("districts") else []:
            e.end(area, i)
        e.end(old, i)


def _new_area(ctx: Context, council: ox.NamedNode, c: Change, i: int) -> None:
    """A unitary council's new area, made of the districts given: it lies where they lay (but in no county)."""
    e = ctx.edit
    area = ox.NamedNode(str(ID[f"local-authority-district/{str(c.get('id')).rsplit('/', 1)[-1]}"]))
    ctx.ids[area.value.split("/id/", 1)[1]] = area
    e.created.add(area)
    e.add(area, RDF_TYPE, N.UnitaryAuthorityArea, i)
    e.add(area, _LABEL, ox.Literal(f"{c.get('label')} area", language="en"), i)
    e.add(area, VALID_FROM, ctx.stamp(), i)
    for d in ctx.nodes(c.get("districts"), "area"):
        for within in e.objects(d, N.withinArea):
            if not e.is_a(within, N.CountyArea):
                e.add(area, N.withinArea, within, i)
    e.add(council, N.councilFor, area, i)
    e.add(council, N.coversArea, area, i)


def _end(ctx: Context, c: Change, i: int) -> None:
    body = ctx.node(c.get("body"))
    if c.get("successor"):
        ctx.edit.move(body, ctx.node(c.get("successor")), i, statutory=True)
    else:
        ctx.edit.end_gap(body, i)
    ctx.edit.end(body, i)


def _merge(ctx: Context, c: Change, i: int) -> None:
    into = ctx.node(c.get("into"))
    for b in ctx.nodes(c.get("bodies")):
        ctx.edit.move(b, into, i, statutory=True)
        ctx.edit.add(into, _REPLACES, b, i)
        ctx.edit.end(b, i)


def _transfer(ctx: Context, c: Change, i: int) -> None:
    if c.get("role") != "local-policing-body":
        raise InputError(f'change {i + 1}: the role that can be transferred is "local-policing-body"')
    e = ctx.edit
    area = ctx.node(c.get("area"), "pfa")
    to = ctx.node(c.get("to"))
    statutory = e.is_a(to, N.LocalPolicingBody)
    for old in e.objects(area, N.localPolicingBody):
        e.move(old, to, i, statutory=statutory)
        e.add(to, _REPLACES, old, i)
        e.end(old, i)
    e.add(area, N.localPolicingBody, to, i)


def _combine(ctx: Context, c: Change, i: int) -> None:
    e = ctx.edit
    csps = ctx.nodes(c.get("csps"), "csp")
    new = mint(c.get("id"))
    ctx.ids[str(c.get("id"))] = new
    e.created.add(new)
    e.add(new, RDF_TYPE, N.CommunitySafetyPartnership, i)
    e.add(new, _LABEL, ox.Literal(str(c.get("label")), language="en"), i)
    e.add(new, VALID_FROM, ctx.stamp(), i)
    areas = ctx.nodes(c.get("areas"), "area")
    for a in areas:
        e.add(new, N.servesArea, a, i)
        for pfa in e.objects(a, N.withinArea):
            if e.is_a(pfa, N.PoliceForceArea):
                e.add(new, N.policeForceArea, pfa, i)
                for lpb in e.objects(pfa, N.localPolicingBody):
                    e.add(new, N.relevantLocalPolicingBody, lpb, i)
                    e.add(new, N.mustHaveRegardTo, lpb, i)
    members: dict[Any, Any] = {}
    for old in csps:
        for m in e.subjects(_ORGANIZATION, old):
            if _RA_ROLE in e.objects(m, _ROLE):
                for who in e.objects(m, _MEMBER):
                    members.setdefault(who, next(iter(e.objects(m, N.statutoryBasis)), None))
    for council in ctx.nodes(c.get("councils") or []):
        members[council] = _COUNCIL_BASIS
    slug = str(c.get("id")).rsplit("/", 1)[-1]
    for n, (who, basis) in enumerate(sorted(members.items(), key=lambda kv: str(kv[0]))):
        m = ox.NamedNode(str(ID[f"membership/{slug}/{n}"]))
        for p, o in ((RDF_TYPE, _MEMBERSHIP), (RDF_TYPE, N.ResponsibleAuthorityMembership), (_MEMBER, who)):
            e.add(m, p, o, i)
        e.add(m, _ORGANIZATION, new, i)
        e.add(m, _ROLE, _RA_ROLE, i)
        if basis is not None:
            e.add(m, N.statutoryBasis, basis, i)
        e.add(new, _HAS_MEMBER, who, i)
        e.add(new, N.responsibleAuthority, who, i)
    for old in csps:
        e.add(new, _REPLACES, old, i)
        e.end(old, i)


def _membership(ctx: Context, c: Change, i: int) -> None:
    org = ctx.node(c.get("organisation"))
    for m in ctx.nodes(c.get("add") or []):
        ctx.edit.add(org, _HAS_MEMBER, m, i)
        ctx.edit.add(m, _MEMBER_OF, org, i)
    for m in ctx.nodes(c.get("remove") or []):
        for t in list(ctx.edit.triples(org, None, m)) + list(ctx.edit.triples(m, None, org)):
            ctx.edit.remove(t, i)
        for ms in ctx.edit.subjects(_ORGANIZATION, org):
            if m in ctx.edit.objects(ms, _MEMBER):
                ctx.edit.end(ms, i)


def _flag(ctx: Context, c: Change, i: int) -> None:
    ctx.edit.touch(ctx.node(c.get("area"), "pfa"), i)


_OPS: dict[str, Callable[[Context, Change, int], None]] = {
    "create": _create,
    "end": _end,
    "merge": _merge,
    "transfer-role": _transfer,
    "combine-csps": _combine,
    "change-membership": _membership,
    "to-be-decided": _flag,
    "keep": _flag,
}


def apply_change(ctx: Context, change: Change, index: int) -> None:
    """Apply one change (see the module); bad names raise InputError saying which change to fix."""
    try:
        _OPS[change.op](ctx, change, index)
    except InputError as e:
        raise InputError(f"change {index + 1} ({change.op}): {e}") from e
