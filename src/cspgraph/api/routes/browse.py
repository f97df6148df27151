"""Index pages to browse without SPARQL: police force areas -> their CSPs -> the bodies in each, and every kind."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse
from rdflib import URIRef

from cspgraph import resources
from cspgraph.api.deps import AsOfDep, DatasetDep, SettingsDep, StoreDep, TemplatesDep
from cspgraph.api.views import cache_headers, cached_response
from cspgraph.asof import in_force, latest_view
from cspgraph.errors import NotFound
from cspgraph.labels import curie
from cspgraph.labels import display_names as labels_for
from cspgraph.namespaces import ID
from cspgraph.stores import GraphStore

router = APIRouter(tags=["pages"])
PAGE_SIZE = 200

AREAS_QUERY = resources.internal_query("browse-areas")
BODIES_QUERY = resources.internal_query("browse-area-bodies")
CSPS_QUERY = resources.internal_query("browse-area-csps")


def _today(store: GraphStore, as_of: dt.date | None = None) -> GraphStore:
    """The dataset on ``?as_of=`` or else its own as-of date: the browse pages show one day (cspgraph.asof)."""
    return in_force(store, as_of) if as_of else latest_view(store)


def _page(request: Request, templates: Any, settings: Any, state: Any, name: str, key: str, build: Any) -> Response:
    etag = state.etag("browse", key)
    cached = cached_response(request, state, settings, etag)
    if cached is not None:
        return cached
    ctx = build()
    if ctx is None:
        raise NotFound(f"nothing to browse at {key}")
    return templates.TemplateResponse(request, name, ctx, headers=cache_headers(state, settings, etag))


@router.get("/browse", response_class=HTMLResponse, summary="Police force areas, with their bodies and CSPs")
def areas(
    request: Request,
    store: StoreDep,
    templates: TemplatesDep,
    settings: SettingsDep,
    state: DatasetDep,
    as_of: AsOfDep = None,
) -> Response:
    def build() -> dict[str, Any]:
        today = _today(store, as_of)
        rows = today.select(AREAS_QUERY).rows
        labels = labels_for(store, {str(v) for r in rows for v in (r["pfa"], r["lpb"]) if v is not None})
        items: list[dict[str, Any]] = [
            {
                "code": str(r["pfa"]).rsplit("/", 1)[-1],
                "pfa": str(r["pfa"]),
                "label": labels.get(str(r["pfa"]), str(r["pfa"])),
                "lpb": str(r["lpb"]) if r["lpb"] else "",
                "lpb_label": labels.get(str(r["lpb"]), "") if r["lpb"] else "",
                "n": int(str(r["n"] or 0)),
            }
            for r in rows
        ]
        items.sort(key=lambda i: i["label"])
        return {"areas": items, "kinds": _kinds(store, settings, state)}

    return _page(request, templates, settings, state, "browse_index.html", _key("index", as_of), build)


@router.get(
    "/browse/police-force-area/{code}",
    response_class=HTMLResponse,
    summary="One police force area: its policing bodies and panel, and each CSP with its responsible authorities",
)
def area(
    code: str,
    request: Request,
    store: StoreDep,
    templates: TemplatesDep,
    settings: SettingsDep,
    state: DatasetDep,
    as_of: AsOfDep = None,
) -> Response:
    whole = store

    def build() -> dict[str, Any] | None:
        if not re.fullmatch(r"[A-Za-z0-9-]{1,40}", code):
            return None
        pfa = URIRef(str(ID[f"police-force-area/{code}"]))
        store = _today(whole, as_of)
        if not store.ask(resources.internal_query("is-police-force-area"), {"pfa": pfa}):
            return None
        bodies: dict[str, set[str]] = {}
        for r in store.select(BODIES_QUERY, {"pfa": pfa}):
            bodies.setdefault(str(r["b"]), set()).add(str(r["type"]))
        csps: dict[str, list[str]] = {}
        for r in store.select(CSPS_QUERY, {"pfa": pfa}):
            csps.setdefault(str(r["csp"]), [])
            if r["ra"] is not None:
                csps[str(r["csp"])].append(str(r["ra"]))
        iris = {str(pfa), *bodies, *csps, *(ra for ras in csps.values() for ra in ras)}
        iris |= {t for ts in bodies.values() for t in ts}
        labels = labels_for(store, iris)

        def lab(i: str) -> str:
            return labels.get(i) or curie(i)

        body_rows: list[dict[str, Any]] = [
            {"iri": b, "label": lab(b), "types": sorted(lab(t) for t in ts)} for b, ts in bodies.items()
        ]
        body_rows.sort(key=lambda x: str(x["label"]))
        csp_rows: list[dict[str, Any]] = []
        for c, ms in csps.items():
            members = sorted(({"iri": m, "label": lab(m)} for m in set(ms)), key=lambda x: x["label"])
            csp_rows.append({"iri": c, "label": lab(c), "members": members})
        csp_rows.sort(key=lambda x: str(x["label"]))
        return {"pfa": str(pfa), "label": lab(str(pfa)), "code": code, "bodies": body_rows, "csps": csp_rows}

    return _page(request, templates, settings, state, "browse_area.html", _key(f"area/{code}", as_of), build)


def _key(key: str, as_of: dt.date | None) -> str:
    """The cache key of a page, with the day it shows when ``?as_of=`` is given."""
    return key if as_of is None else f"{key}@{as_of.isoformat()}"


def _kinds(store: GraphStore, settings: Any, state: Any) -> list[tuple[str, int]]:
    prefix = settings.base_uri + "id/"
    counts: dict[str, int] = {}
    for s in state.subjects(store, settings.base_uri):
        if s.startswith(prefix) and "/" in s[len(prefix) :]:
            kind = s[len(prefix) :].split("/", 1)[0]
            counts[kind] = counts.get(kind, 0) + 1
    return sorted(counts.items())


@router.get("/browse/kind/{kind}", response_class=HTMLResponse, summary="Every resource of one kind (id/<kind>/...)")
def kind(
    kind: str,
    request: Request,
    store: StoreDep,
    templates: TemplatesDep,
    settings: SettingsDep,
    state: DatasetDep,
    page: int = Query(1, ge=1, le=10_000, description="page number, 200 resources a page"),
) -> Response:
    def build() -> dict[str, Any] | None:
        prefix = f"{settings.base_uri}id/{kind}/"
        members = [s for s in state.subjects(store, settings.base_uri) if s.startswith(prefix)]
        if not members:
            return None
        pages = (len(members) + PAGE_SIZE - 1) // PAGE_SIZE
        if page > pages:
            return None
        chunk = members[(page - 1) * PAGE_SIZE : page * PAGE_SIZE]
        labels = labels_for(store, chunk)
        rows = [{"iri": s, "code": s[len(prefix) :], "label": labels.get(s, "")} for s in chunk]
        return {"kind": kind, "rows": rows, "page": page, "pages": pages, "total": len(members)}

    return _page(request, templates, settings, state, "browse_kind.html", f"kind/{kind}/{page}", build)
