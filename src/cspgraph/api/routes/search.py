"""Search by name, alternative name or code: ``GET /api/search`` (JSON, for the search box of every page) and
``GET /search`` (the results page). Both answer from the index built at start-up (:mod:`cspgraph.search`)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse

from cspgraph.api.deps import AsOfDep, DatasetDep, DatedStoreDep, SettingsDep, StoreDep, TemplatesDep
from cspgraph.api.views import Paths
from cspgraph.errors import InputError
from cspgraph.resolve import KINDS
from cspgraph.search import as_json

router = APIRouter(tags=["search"])

TextQ = Annotated[str, Query(max_length=200, description="a name, alternative name or code (GSS or other)")]
KindQ = Annotated[str, Query(description="what to look for: " + ", ".join(KINDS))]


def _kind(kind: str) -> str:
    if kind not in KINDS:
        raise InputError(f"unknown kind {kind!r}: use one of {', '.join(KINDS)}")
    return kind


@router.get(
    "/api/search",
    summary="Bodies, partnerships and areas whose name, alternative name or code matches a text",
    responses={200: {"description": "the best matches, best first"}},
)
def api_search(
    store: StoreDep,
    dated: DatedStoreDep,
    as_of: AsOfDep,
    state: DatasetDep,
    settings: SettingsDep,
    q: TextQ = "",
    kind: KindQ = "any",
    limit: int = Query(10, ge=1, le=50, description="how many results at most"),
) -> Response:
    """Each result has the resource's URI, its page (``href``), display name, kind, code, police force area and how
    the text matched (``code``, ``name``, ``starts``, ``alias starts``, ``word`` or ``contains``). With ``as_of``,
    only the resources in force on that day (a council abolished before it, a body set up after it, are left out)."""
    hits = state.search(store).search(q, limit, _kind(kind), within=dated if as_of is not None else None)
    body = {"query": q, "results": as_json(hits, Paths(settings.base_uri))}
    return JSONResponse(body, headers={"Cache-Control": f"public, max-age={settings.cache_max_age}"})


@router.get("/search", response_class=HTMLResponse, summary="The search results page", tags=["pages"])
def search_page(
    request: Request,
    store: StoreDep,
    state: DatasetDep,
    settings: SettingsDep,
    templates: TemplatesDep,
    q: TextQ = "",
    kind: KindQ = "any",
) -> Response:
    hits = state.search(store).search(q, 100, _kind(kind)) if q.strip() else []
    ctx = {"q": q, "kind": kind, "kinds": KINDS, "results": as_json(hits, Paths(settings.base_uri))}
    return templates.TemplateResponse(request, "search.html", ctx)
