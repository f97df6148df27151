"""From an applied scenario and its validation results to the :class:`~cspgraph.scenario.report.ScenarioReport`:
issues (proposal or law), verdicts per police area and per CSP, the bodies that must act, before/after."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from cspgraph.labels import fallback
from cspgraph.scenario.describe import Names
from cspgraph.scenario.edit import Edit, LawGap, N
from cspgraph.scenario.finding import Finding
from cspgraph.scenario.report import ScenarioReport
from cspgraph.scenario.tables import area_rows, bodies, csp_rows, must_act

if TYPE_CHECKING:
    from cspgraph.scenario.check import Applied

__all__ = ["summarise"]

_S107F = "https://w3id.org/cspgraph/id/provision/ldedca-2009-s107f"


def _provision(edit: Edit, node: str) -> tuple[str | None, str | None]:
    n = ox.NamedNode(node)
    cites = [q.object.value for q in edit.match(n, N.citation, None)]
    laws = [q.object.value for q in edit.match(n, N.legislation, None)]
    return (cites[0] if cites else fallback(node)), (laws[0] if laws else None)


def _issues(applied: Applied, before: Sequence[Any], after: Sequence[Any], name: Names) -> list[Finding]:
    edit = applied.edit
    old = {(r.source_shape, r.focus_node, r.value) for r in before if r.severity.value == "Violation"}
    gap_changes = {g.change for g in edit.gaps}
    out = []
    for r in after:
        if r.severity.value != "Violation" or (r.source_shape, r.focus_node, r.value) in old:
            continue
        touched_by = set(edit.touched.get(ox.NamedNode(r.focus_node), ()))
        kind = "law" if touched_by & gap_changes else "proposal"
        out.append(
            Finding(
                "violation",
                r.rule or "",
                r.message,
                r.focus_node,
                r.source_shape,
                value=r.value,
                provision=r.provision,
                provision_uri=r.provision_node,
                legislation=r.provision_uri,
                fix=r.fix,
                kind=kind,
                focus_name=name(r.focus_node),
            )
        )
    out += [_gap_issue(edit, g, name) for g in _unique(edit.gaps)]
    out += _mayor_issues(applied, name)
    return out


def _unique(gaps: Iterable[LawGap]) -> list[LawGap]:
    return list(dict.fromkeys(gaps))


def _gap_issue(edit: Edit, g: LawGap, name: Names) -> Finding:
    cite, law = _provision(edit, g.provision)
    if g.predicate:
        what = f"{name(g.subject)}: {fallback(g.predicate)} {name(g.obj)}"
        msg = f"{what} rests on {cite}, which does not provide for a body of this kind ({name(g.body)})"
    else:
        msg = f"{name(g.body)} ends with no successor, but {cite} requires it"
    return Finding(
        "violation",
        "gap",
        msg,
        g.subject,
        value=g.body,
        provision=cite,
        provision_uri=g.provision,
        legislation=law,
        kind="law",
        focus_name=name(g.subject),
    )


def _mayor_issues(applied: Applied, name: Names) -> list[Finding]:
    """LDEDCA 2009 s107F: a mayor takes a police area's PCC functions only where the authority's area is the
    police area (queries/mayoral-coverage.rq on the scenario's date)."""
    from cspgraph.scenario.coverage import coverage_on

    edit, out = applied.edit, []
    for c in applied.scenario.changes:
        if c.op != "transfer-role":
            continue
        to = applied.context.node(c.get("to"))
        for authority in edit.objects(to, N.mayorOf):
            area = applied.context.node(c.get("area"), "pfa")
            rows = [r for r in coverage_on(applied.store, applied.scenario.date) if r.pfa == area.value]
            if any(r.authority == authority.value and r.coverage == "coterminous" for r in rows):
                continue
            cite, law = _provision(edit, _S107F)
            how = ", ".join(sorted({r.coverage for r in rows if r.authority == authority.value})) or "outside"
            msg = (f"the mayor of {name(authority)} cannot take the PCC functions of {name(area)}: the authority's "
                   f"area is not the police area ({how})")  # fmt: skip
            out.append(
                Finding(
                    "violation",
                    "s107F",
                    msg,
                    area.value,
                    value=authority.value,
                    provision=cite,
                    provision_uri=_S107F,
                    legislation=law,
                    kind="proposal",
                    focus_name=name(area),
                )
            )
    return out


def summarise(
    applied: Applied, before: Sequence[Any], after: Sequence[Any], *, areas: Sequence[str] | None = None
) -> ScenarioReport:
    """The report of an applied scenario (see the module)."""

    name = Names(applied.edit)
    issues = _issues(applied, before, after, name)
    keep = None if areas is None else {applied.context.node(a, "pfa").value for a in areas}
    area_list = area_rows(applied, issues, name, keep)
    csp_list = csp_rows(applied, issues, name, keep)
    if keep is not None:
        kept = keep | {c.uri for c in csp_list} | {a.uri for a in area_list}
        issues = [i for i in issues if i.focus in kept or i.value in kept or _near(applied, i, kept)]
    sc = applied.scenario
    return ScenarioReport(
        name=sc.name,
        title=sc.title,
        date=sc.date,
        status=sc.status,
        source=sc.source,
        areas=area_list,
        csps=csp_list,
        issues=issues,
        must_act=must_act(applied, name, keep),
        bodies=bodies(applied, name, keep),
        notes=list(sc.notes),
    )


def _near(applied: Applied, issue: Finding, kept: set[str]) -> bool:
    """Whether the issue's node was touched by a change that also touched a kept node."""
    touched = applied.edit.touched
    mine = set(touched.get(ox.NamedNode(issue.focus), ()))
    return any(mine & set(touched.get(ox.NamedNode(k), ())) for k in kept)
