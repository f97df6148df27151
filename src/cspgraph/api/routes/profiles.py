"""The briefing tables of a resource's page as data: ``GET /api/profile?uri=...`` (every table, JSON) and
``GET /api/profile/{table}.csv?uri=...`` (one table as CSV, the download link under each table of the page)."""

from __future__ import annotations

import csv
import io
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse

from cspgraph import profile
from cspgraph.api.deps import AsOfDep, DatasetDep, DatedStoreDep, SettingsDep
from cspgraph.api.limits import compute
from cspgraph.api.views import Paths, cache_headers, cached_response
from cspgraph.errors import NotFound
from cspgraph.resolve import resolve
from cspgraph.stores import GraphStore

router = APIRouter(tags=["linked data"])
UriQ = Annotated[
    str, Query(max_length=500, description="the resource: its URI, kind/code, a code or a name (csp/E22000365)")
]


def _profile(store: GraphStore, uri: str) -> profile.Profile:
    iri = uri if uri.startswith(("http://", "https://")) and store.exists(uri) else str(resolve(store, uri, "any"))
    return profile.build(store, iri)


@router.get("/api/profile", summary="The briefing tables of a resource's page (JSON)")
async def profile_json(
    request: Request,
    store: DatedStoreDep,
    settings: SettingsDep,
    state: DatasetDep,
    uri: UriQ,
    as_of: AsOfDep = None,
) -> Response:
    """Each table: its key, title, columns and rows; a cell is ``{"text": ..., "uri": ...}``. With ``as_of``, the
    tables of the landscape in force on that day."""
    etag = state.etag("profile", uri, str(as_of or ""))
    cached = cached_response(request, state, settings, etag)
    if cached is not None:
        return cached
    p = await compute(request, _profile, store, uri)
    paths = Paths(settings.base_uri)

    def cell(c: profile.Cell) -> dict[str, Any]:
        return {"text": c.text, "uri": c.iri, "href": paths.link(c.iri) if c.iri else ""}

    body = {
        "uri": p.iri,
        "kind": p.kind,
        "tables": [
            {"key": t.key, "title": t.title, "columns": list(t.columns), "rows": [[cell(c) for c in r] for r in t.rows]}
            for t in p.tables
        ],
    }
    return JSONResponse(body, headers=cache_headers(state, settings, etag))


@router.get(
    "/api/profile/{table}.csv",
    summary="One briefing table of a resource's page, as CSV",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}, 404: {"description": "no such table for this resource"}},
)
async def profile_csv(
    request: Request,
    table: str,
    store: DatedStoreDep,
    settings: SettingsDep,
    state: DatasetDep,
    uri: UriQ,
    as_of: AsOfDep = None,
) -> Response:
    etag = state.etag("profile-csv", table, uri, str(as_of or ""))
    cached = cached_response(request, state, settings, etag)
    if cached is not None:
        return cached
    p = await compute(request, _profile, store, uri)
    found = [t for t in p.tables if t.key == table]
    if not found:
        keys = ", ".join(t.key for t in p.tables) or "none"
        raise NotFound(f"{p.iri} has no table {table!r} (it has: {keys})")
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(found[0].csv_rows())
    name = f"{p.iri.rstrip('/').rsplit('/', 2)[-2]}-{p.iri.rsplit('/', 1)[-1]}-{table}.csv"
    headers = cache_headers(state, settings, etag) | {"Content-Disposition": f'attachment; filename="{name}"'}
    return Response(buf.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)
