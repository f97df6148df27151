"""Dumps of the whole dataset: Turtle, N-Triples (gzip), N-Quads (gzip) and JSON-LD, built once per version."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from cspgraph.api.deps import AsOfDep, DatasetDep, SettingsDep, StoreDep, TemplatesDep, dated_store
from cspgraph.api.limits import compute
from cspgraph.api.state import DUMPS, build_dump
from cspgraph.api.views import cache_headers, cached_response
from cspgraph.errors import NotFound

router = APIRouter(tags=["dumps"])


@router.get("/dumps", response_class=HTMLResponse, summary="The list of dumps")
def dump_index(request: Request, templates: TemplatesDep) -> Response:
    rows = [(name, mt, enc) for name, (mt, enc) in DUMPS.items()]
    return templates.TemplateResponse(request, "dumps.html", {"dumps": rows})


@router.get(
    "/dumps/{name}",
    summary="One dump of the whole dataset",
    response_class=Response,
    responses={200: {"content": {mt: {} for mt, _ in DUMPS.values()}}, 404: {"description": "no such dump"}},
)
async def dump(
    name: str, request: Request, store: StoreDep, settings: SettingsDep, state: DatasetDep, day: AsOfDep
) -> Response:
    """The dump; with ``?as_of=`` the landscape in force on that day (computed under the compute limits, not kept:
    the days asked for are unbounded, the ETag is the day's)."""
    if name not in DUMPS:
        raise NotFound(f"no dump named {name!r}; the dumps are {', '.join(DUMPS)}")
    mt, enc = DUMPS[name]
    etag = state.etag("dump", name, *([day.isoformat()] if day else []))
    cached = cached_response(request, state, settings, etag)
    if cached is not None:
        return cached
    if day is None:
        body = await run_in_threadpool(state.dump, store, name)
    else:
        body = await compute(request, lambda: build_dump(dated_store(request, day), name))
    headers = cache_headers(state, settings, etag)
    stem, dot, ext = name.partition(".")
    filename = f"{stem}-{day.isoformat()}{dot}{ext}" if day else name
    headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    # a gzip file is served as itself (application/gzip is what a browser saves); the inner type is in the name
    media_type = "application/gzip" if enc else mt
    return Response(body, media_type=media_type, headers=headers)
