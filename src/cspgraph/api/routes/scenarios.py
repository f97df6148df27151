"""Reform what-ifs over HTTP: ``POST /api/scenario`` (a scenario as JSON in, the report JSON out),
``GET /api/scenario/{name}`` (a shipped one), ``GET /api/scenario/{name}/network`` and ``POST /api/scenario/network``
(an area's network before and after), and the pages ``/scenarios`` (the list and a form for a scenario
written by hand) and ``/scenarios/{name}`` (the area table, the CSPs, the issues, and before/after of any area)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Body, Form, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from cspgraph.api.deps import StoreDep
from cspgraph.api.limits import compute
from cspgraph.errors import InputError, NotFound, TooLarge
from cspgraph.scenario import Scenario, ScenarioReport, check_scenario, load, parse, scenario_files
from cspgraph.visualise.scenario import scenario_view

router = APIRouter(tags=["scenarios"])

#: changes in one scenario sent to the server (413 above): the largest shipped one has 113
MAX_CHANGES = 400
_CACHE: dict[tuple[int, int, str], ScenarioReport] = {}
_LOCK = threading.Lock()
_NETWORKS: dict[tuple[int, int, str, str], dict[str, Any]] = {}
#: before/after networks of shipped scenarios kept (the oldest goes first)
MAX_NETWORKS = 32
AreaQ = Annotated[str, Query(description="the police force area: code, URI or name, e.g. E23000003")]

_EXAMPLE = {
    "format": "cspgraph-scenario/1",
    "name": "cumbria-mayor",
    "date": "2027-05-01",
    "status": "proposed",
    "changes": [
        {"op": "create", "id": "local-policing-body/cumbria-mayor", "kind": "mayor", "label": "Mayor of Cumbria",
         "authority": "combined-authority/cumbria-combined-authority"},
        {"op": "transfer-role", "role": "local-policing-body", "area": "E23000002",
         "to": "local-policing-body/cumbria-mayor"},
    ],
}  # fmt: skip


def _shipped(name: str) -> Scenario:
    """A shipped scenario by name only (never a path on the server)."""
    files = {p.stem: p for p in scenario_files()}
    if name not in files:
        raise NotFound(f"no shipped scenario is called {name!r}; they are: {', '.join(sorted(files)) or 'none'}")
    return load(files[name])


def _parse(data: Any) -> Scenario:
    if isinstance(data, dict) and isinstance(data.get("changes"), list) and len(data["changes"]) > MAX_CHANGES:
        raise TooLarge(f"{len(data['changes'])} changes is more than the {MAX_CHANGES} one check takes")
    return parse(data, "scenario")


def _report(store: Any, sc: Scenario, areas: list[str] | None, *, cache: bool) -> ScenarioReport:
    """Check a scenario; shipped ones are cached per store and version (areas only filter the report)."""
    if not cache or areas:
        return check_scenario(store, sc, areas=areas)
    return _memo(_CACHE, (id(store), store.generation, sc.name), lambda: check_scenario(store, sc))  # type: ignore[no-any-return]


@router.post("/api/scenario", summary="Check a reform scenario against the law")
async def api_scenario(
    request: Request,
    store: StoreDep,
    scenario: Annotated[dict[str, Any], Body(description="a scenario (data/scenarios/README.md)", examples=[_EXAMPLE])],
    area: Annotated[list[str] | None, Query(description="only these police areas in the report")] = None,
) -> Response:
    """The same report as ``cspgraph scenario check FILE --format json``; a problem body naming the bad input."""
    sc = _parse(scenario)
    report = await compute(request, lambda: _report(store, sc, area, cache=False))
    return JSONResponse(report.to_json())


@router.get("/api/scenario/{name}", summary="The report of a shipped scenario")
async def api_shipped(
    request: Request,
    name: str,
    store: StoreDep,
    area: Annotated[list[str] | None, Query(description="only these police areas in the report")] = None,
) -> Response:
    sc = _shipped(name)
    report = await compute(request, lambda: _report(store, sc, area, cache=True))
    return JSONResponse(report.to_json())


def _network(store: Any, sc: Scenario, area: str, *, cache: bool) -> dict[str, Any]:
    """An area's network before and after a scenario; shipped ones are kept per store, version and area."""
    if not cache:
        return scenario_view(store, sc, area)
    key = (id(store), store.generation, sc.name, area)
    return _memo(_NETWORKS, key, lambda: scenario_view(store, sc, area), MAX_NETWORKS)  # type: ignore[no-any-return]


def _memo(table: dict[Any, Any], key: Any, build: Callable[[], Any], limit: int | None = None) -> Any:
    """``table[key]``, built by ``build()`` outside the lock on first use (the oldest entry dropped past ``limit``)."""
    with _LOCK:
        found = table.get(key)
    if found is None:
        found = build()
        with _LOCK:
            if limit is not None and len(table) >= limit:
                table.pop(next(iter(table)))
            table[key] = found
    return found


@router.post("/api/scenario/network", summary="A police area's network before and after a scenario")
async def api_network(
    request: Request,
    store: StoreDep,
    area: AreaQ,
    scenario: Annotated[dict[str, Any], Body(description="a scenario (data/scenarios/README.md)", examples=[_EXAMPLE])],
) -> Response:
    """The area view of the network page, of the landscape on the scenario's date and with its changes made, each
    body and relation that differs marked (``change``, ``changeText``) and listed in ``changes``."""
    sc = _parse(scenario)
    return JSONResponse(await compute(request, lambda: _network(store, sc, area, cache=False)))


@router.get("/api/scenario/{name}/network", summary="A police area's network before and after a shipped scenario")
async def api_shipped_network(request: Request, name: str, store: StoreDep, area: AreaQ) -> Response:
    """As ``POST /api/scenario/network``, for a shipped scenario."""
    sc = _shipped(name)
    return JSONResponse(await compute(request, lambda: _network(store, sc, area, cache=True)))


def _page(request: Request, name: str, ctx: dict[str, Any], status: int = 200) -> HTMLResponse:
    templates = request.app.state.templates
    return templates.TemplateResponse(request, name, ctx, status_code=status)  # type: ignore[no-any-return]


def _listing() -> list[dict[str, Any]]:
    out = []
    for p in scenario_files():
        sc = load(p)
        out.append({"name": sc.name, "title": sc.title, "date": sc.date.isoformat(), "status": sc.status,
                    "changes": len(sc.changes)})  # fmt: skip
    return out


@router.get("/scenarios", response_class=HTMLResponse, summary="The reform scenarios and a form to check one")
def scenarios_page(request: Request) -> HTMLResponse:
    import json

    return _page(request, "scenarios.html", {"scenarios": _listing(), "text": json.dumps(_EXAMPLE, indent=1)})


@router.post("/scenarios", response_class=HTMLResponse, summary="Check a scenario written in the form")
async def scenarios_submit(request: Request, store: StoreDep, text: Annotated[str, Form()] = "") -> HTMLResponse:
    import json

    ctx: dict[str, Any] = {"scenarios": _listing(), "text": text}
    try:
        try:
            data = json.loads(text)
        except ValueError as e:
            raise InputError(f"the scenario is not JSON: {e}") from None
        sc = _parse(data)
        report = await compute(request, lambda: _report(store, sc, None, cache=False))
    except InputError as e:
        return _page(request, "scenarios.html", {**ctx, "error": str(e)}, status=400)
    return _page(request, "scenario.html", {"report": report.to_json(), "area": None, "bodies": [], "network": None})


@router.get("/scenarios/{name}", response_class=HTMLResponse, summary="A shipped scenario's report")
async def scenario_page(request: Request, name: str, store: StoreDep, area: str | None = None) -> HTMLResponse:
    sc = _shipped(name)  # a bad name or area is answered by the problem handler (404 / 400)
    report = await compute(request, lambda: _report(store, sc, None, cache=True))
    bodies: list[Any] = []
    network: dict[str, Any] | None = None
    if area:
        focused = await compute(request, lambda: _report(store, sc, [area], cache=False))
        bodies = [b.to_json() for b in focused.bodies]
        network = await compute(request, lambda: _network(store, sc, area, cache=True))
    ctx = {"report": report.to_json(), "area": area, "bodies": bodies, "network": network}
    return _page(request, "scenario.html", ctx)
