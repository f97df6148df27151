"""The tables of a scenario report: police areas, CSPs, the bodies that must act, before/after of each body."""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from cspgraph.scenario.describe import describe, is_a_kind, types_of, worst
from cspgraph.scenario.edit import N
from cspgraph.scenario.finding import Finding
from cspgraph.scenario.report import AreaVerdict, BeforeAfter, CspVerdict

if TYPE_CHECKING:
    from cspgraph.scenario.check import Applied
    from cspgraph.scenario.describe import Names

__all__ = ["area_rows", "bodies", "csp_rows", "must_act"]

_ORG = "http://www.w3.org/ns/org#"
_ORGANIZATION, _MEMBER = ox.NamedNode(_ORG + "organization"), ox.NamedNode(_ORG + "member")


def _by_focus(issues: list[Finding]) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = {}
    for i in issues:
        out.setdefault(i.focus, []).append(i)
    return out


def area_rows(applied: Applied, issues: list[Finding], name: Names, keep: set[str] | None) -> list[AreaVerdict]:
    """One row per police area the scenario touches (or flags), in code order."""
    edit, ctx = applied.edit, applied.context
    notes: dict[str, str | None] = {}
    flagged: set[str] = set()
    for c in applied.scenario.changes:
        if c.op in ("transfer-role", "to-be-decided"):
            uri = ctx.node(c.get("area"), "pfa").value
            notes[uri] = c.note or notes.get(uri)
            if c.op == "to-be-decided":
                flagged.add(uri)
    areas = scenario_areas(applied)
    found = _by_focus(issues)
    out = []
    for uri in sorted(areas):
        if keep is not None and uri not in keep:
            continue
        node = ox.NamedNode(uri)
        before = [q.object for q in edit.match(node, N.localPolicingBody, None)]
        after = edit.objects(node, N.localPolicingBody)
        mine = found.get(uri, []) + [i for b in after for i in found.get(b.value, [])]
        out.append(AreaVerdict(uri, name(node), worst(mine, uri in flagged), sorted(map(name, before)),
                               sorted(map(name, after)), note=notes.get(uri)))  # fmt: skip
    return out


def scenario_areas(applied: Applied) -> set[str]:
    """The police areas a scenario touches or names (in a transfer, a flag or a keep); worked out once per
    applied scenario (the area and CSP tables both read them)."""
    found = _AREAS.get(applied)
    if found is None:
        edit, ctx = applied.edit, applied.context
        named = {ctx.node(c.get("area"), "pfa").value for c in applied.scenario.changes if c.op in _AREA_OPS}
        found = _AREAS[applied] = {n.value for n in edit.touched if N.PoliceForceArea in types_of(edit, n)} | named
    return set(found)


_AREAS: weakref.WeakKeyDictionary[Applied, set[str]] = weakref.WeakKeyDictionary()


_AREA_OPS = ("transfer-role", "to-be-decided", "keep")


def _pfas(applied: Applied, csp: ox.NamedNode) -> set[str]:
    edit = applied.edit
    return {q.object.value for q in edit.match(csp, N.policeForceArea, None)} | {
        o.value for o in edit.objects(csp, N.policeForceArea)
    }


def csp_rows(applied: Applied, issues: list[Finding], name: Names, keep: set[str] | None) -> list[CspVerdict]:
    """One row per CSP the scenario touches: its relevant local policing body (CDA 1998 s7) before and after."""
    edit = applied.edit
    found = _by_focus(issues)
    csps = {n for n in edit.touched if N.CommunitySafetyPartnership in types_of(edit, n)}
    for area in scenario_areas(applied):  # and every CSP of the areas the scenario names
        for q in edit.match(None, N.policeForceArea, ox.NamedNode(area)):
            if N.CommunitySafetyPartnership in types_of(edit, q.subject):
                csps.add(q.subject)
    out = []
    for node in sorted(csps, key=lambda n: n.value):
        if keep is not None and not _pfas(applied, node) & keep:
            continue
        before = [q.object for q in edit.match(node, N.relevantLocalPolicingBody, None)]
        after = edit.objects(node, N.relevantLocalPolicingBody)
        status = "ended" if node in edit.ended else "created" if node in edit.created else "changed"
        verdict = worst(found.get(node.value, []))
        out.append(CspVerdict(node.value, name(node), verdict, sorted(map(name, before)), sorted(map(name, after)),
                              status))  # fmt: skip
    return out


def must_act(applied: Applied, name: Names, keep: set[str] | None) -> list[dict[str, str]]:
    """The bodies that must act or sign for each change, and why."""
    edit, ctx, out = applied.edit, applied.context, []
    for i, c in enumerate(applied.scenario.changes):
        if keep is not None and not any(n.value in keep for n in edit.touched if i in edit.touched[n]):
            continue
        rows: list[tuple[Any, str]] = []
        if c.op == "create" and c.get("kind") == "mayor":
            why = "its mayor consents to the order giving the mayor the PCC functions (LDEDCA 2009 s107F)"
            rows = [(ctx.node(c.get("authority")), why)]
        elif c.op == "create" and c.get("kind") == "policing-and-crime-board":
            rows = [(m, f"its leader sits on {c.get('label')}") for m in ctx.nodes(c.get("members") or [])]
        elif c.op == "combine-csps":
            new = ctx.ids[str(c.get("id"))]
            members = {who for m in edit.subjects(_ORGANIZATION, new) for who in edit.objects(m, _MEMBER)}
            members |= set(edit.objects(new, N.relevantLocalPolicingBody))
            why = f"party to the agreement forming {c.get('label')} (CDA 1998 s5A)"
            rows = [(m, why) for m in sorted(members, key=lambda n: n.value)]
        out += [{"uri": b.value, "name": name(b), "why": w, "change": str(i + 1)} for b, w in rows]
    return out


def bodies(applied: Applied, name: Names, keep: set[str] | None) -> list[BeforeAfter]:
    """Before/after of each touched body (police areas, local policing bodies, panels, CSPs, councils, chiefs)."""
    edit, out = applied.edit, []
    kept_changes = None
    if keep is not None:
        kept_changes = {i for k in keep for i in edit.touched.get(ox.NamedNode(k), ())}
    for node in sorted(edit.touched, key=lambda n: str(n)):
        if not isinstance(node, ox.NamedNode) or not is_a_kind(node.value):
            continue
        if kept_changes is not None and not set(edit.touched[node]) & kept_changes:
            continue
        status = "ended" if node in edit.ended else "created" if node in edit.created else "changed"
        before = {} if node in edit.created else describe(edit, node, name, after=False)
        after = {} if node in edit.ended else describe(edit, node, name, after=True)
        out.append(BeforeAfter(node.value, name(node), status, before, after))
    return out
