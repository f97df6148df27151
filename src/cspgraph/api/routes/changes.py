"""What changed between two days: ``GET /api/changes`` (JSON) and ``GET /changes`` (the page with its form).

Both answer :func:`cspgraph.changes.changes` over the whole dataset, in the compute pool: the change events of the
days asked for, with status, sources and instruments, and the bodies created and ended, memberships gained and lost
and local policing body changes of those days, each with the events that explain it.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse

from cspgraph.api.deps import SettingsDep, StoreDep, TemplatesDep
from cspgraph.api.limits import compute
from cspgraph.changes import ChangeReport, changes

router = APIRouter(tags=["changes"])

FromQ = Annotated[str | None, Query(alias="from", max_length=40, description="the first day, YYYY-MM-DD")]
ToQ = Annotated[
    str | None, Query(alias="to", max_length=40, description="the last day (default: the dataset's as-of date)")
]
AreaQ = Annotated[str | None, Query(max_length=200, description="only one police force area (code, URI or name)")]
BodyQ = Annotated[str | None, Query(max_length=500, description="only one body or area (code, URI, kind/code or name)")]


def _blank(value: str | None) -> str | None:
    return value if value is not None and value.strip() else None


@router.get(
    "/api/changes",
    summary="Change events, bodies created and ended, memberships gained and lost between two days",
    responses={200: {"description": "the events and changes, in date order"}},
)
async def api_changes(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    start: FromQ = None,
    end: ToQ = None,
    area: AreaQ = None,
    body: BodyQ = None,
) -> Response:
    """``from`` is required; ``to`` defaults to the dataset's own as-of date. Each change names the change events
    of its day that explain it (empty when none does); each event has its date, status, sources and instruments."""
    report: ChangeReport = await compute(
        request, _changes, store, _blank(start) or "", _blank(end), _blank(area), _blank(body)
    )
    return JSONResponse(report.as_dict(), headers={"Cache-Control": f"public, max-age={settings.cache_max_age}"})


def _changes(store: Any, start: str, end: str | None, area: str | None, body: str | None) -> ChangeReport:
    if not start:
        from cspgraph.errors import InputError

        raise InputError("give the first day: ?from=YYYY-MM-DD")
    return changes(store, start, end, area=area, body=body)


@router.get("/changes", response_class=HTMLResponse, summary="The changes page", tags=["pages"])
async def changes_page(
    request: Request,
    store: StoreDep,
    templates: TemplatesDep,
    start: FromQ = None,
    end: ToQ = None,
    area: AreaQ = None,
    body: BodyQ = None,
) -> Response:
    """The form; with ``from`` given, the events and the changes each explains, as tables."""
    form = {"from": start or "", "to": end or "", "area": area or "", "body": body or ""}
    report = None
    if _blank(start):
        report = await compute(request, _changes, store, start or "", _blank(end), _blank(area), _blank(body))
    ctx: dict[str, Any] = {"form": form, "report": report, "grouped": _grouped(report) if report else {}}
    return templates.TemplateResponse(request, "changes.html", ctx)


def _grouped(report: ChangeReport) -> dict[str, list[Any]]:
    """Event URI -> the changes it explains; ``""`` -> the changes no event explains."""
    out: dict[str, list[Any]] = {}
    for c in report.changes:
        for e in c.events or ("",):
            out.setdefault(e, []).append(c)
    return out
