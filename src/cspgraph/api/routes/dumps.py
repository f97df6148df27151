"""Dumps of the whole dataset: Turtle, N-Triples (gzip), N-Quads (gzip) and JSON-LD, built once per version."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse
from starlette.concurrency import run_in_threadpool

from cspgraph.api.deps import DatasetDep, SettingsDep, StoreDep, TemplatesDep
from cspgraph.api.state import DUMPS
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
async def dump(name: str, request: Request, store: StoreDep, settings: SettingsDep, state: DatasetDep) -> Response:
    if name not in DUMPS:
        raise NotFound(f"no dump named {name!r}; the dumps are {', '.join(DUMPS)}")
    mt, enc = DUMPS[name]
    etag = state.etag("dump", name)
    cached = cached_response(request, state, settings, etag)
    if cached is not None:
        return cached
    body = await run_in_threadpool(state.dump, store, name)
    headers = cache_headers(state, settings, etag)
    headers["Content-Disposition"] = f'attachment; filename="{name}"'
    # a gzip file is served as itself (application/gzip is what a browser saves); the inner type is in the name
    media_type = "application/gzip" if enc else mt
    return Response(body, media_type=media_type, headers=headers)
