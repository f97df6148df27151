"""Dereferenceable URIs: ``/id/...``, ``/def/...`` and ``/graph/...`` answer 303 See Other to the document that
describes the resource, ``/doc/...`` serves that document in the negotiated format (with Content-Location naming the
format-specific document), and ``/doc/....ttl`` (``.nt``, ``.jsonld``, ``.rdf``, ``.html``) serves one format.

This follows "Cool URIs for the Semantic Web" (W3C note, section 4.3, 303 URIs forwarding to different
documents): a request for a resource URI is answered with 303 and ``Vary: Accept``, never with the resource itself.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.concurrency import run_in_threadpool

from cspgraph import resources
from cspgraph.api import conneg, profile_view
from cspgraph.api.deps import AsOfDep, DatasetDep, SettingsDep, StoreDep, TemplatesDep, dated_view
from cspgraph.api.describe import Description, describe
from cspgraph.api.problems import problem
from cspgraph.api.resource_view import kept, page_context
from cspgraph.api.views import Paths, cache_headers, cached_response, dataset_day
from cspgraph.labels import NameTable, curie
from cspgraph.namespaces import PREFIXES
from cspgraph.rdfio import serialize
from cspgraph.stores import GraphStore
from cspgraph.stores.terms import valid_iri

router = APIRouter(tags=["linked data"])

FORMAT_HELP = "Override content negotiation: html, ttl, jsonld, rdf or nt (or a media type)."


def exists(store: GraphStore, iri: str) -> bool:
    """Whether the store has any statement with ``iri`` as subject or object."""
    return valid_iri(iri) and store.exists(iri)


def not_found(request: Request, templates: Any, store: GraphStore, iri: str, fmt: str | None) -> Response:
    """A 404 that helps: an HTML page with the URI patterns and near matches, or one line of text."""
    if fmt not in (None, "html"):
        return problem(request, 404, f"the graph has nothing about <{iri}>")
    suggestions = _suggest(store, iri)
    return templates.TemplateResponse(
        request, "notfound.html", {"iri": iri, "suggestions": suggestions}, status_code=404
    )


def _suggest(store: GraphStore, iri: str) -> list[tuple[str, str]]:
    """Resources whose URI ends with the same code (e.g. the body of another kind for the same GSS code)."""
    code = iri.rstrip("/").rsplit("/", 1)[-1]
    if not code or len(code) > 40 or not code.replace("-", "").isalnum():
        return []
    from rdflib import Literal

    rows = store.select(resources.internal_query("same-code"), {"code": Literal(code)})
    return [(str(r["r"]), str(r["l"])) for r in rows]


def _choose(request: Request, fmt_param: str | None, offers: dict[str, tuple[str, ...]]) -> str | None:
    override = conneg.format_override(fmt_param, list(offers))
    if override:
        return override
    return conneg.negotiate(request.headers.get("accept"), offers, "html")


def _not_acceptable(request: Request) -> Response:
    offered = ", ".join(mt[0] for mt in conneg.PAGE_FORMATS.values())
    return problem(request, 406, f"this resource is available as {offered}")


def _dereference(
    request: Request, path: str, store: GraphStore, templates: Any, settings: Any, state: Any, fmt: str | None
) -> Response:
    paths = Paths(settings.base_uri)
    iri = paths.iri_for(path)
    chosen = _choose(request, fmt, conneg.PAGE_FORMATS)
    if chosen is None:
        return _not_acceptable(request)
    if not exists(store, iri):
        return not_found(request, templates, store, iri, chosen)
    target = paths.doc(iri, None if chosen == "html" else chosen) or "/"
    headers = {"Vary": "Accept", "Cache-Control": f"public, max-age={settings.cache_max_age}"}
    return RedirectResponse(target, status_code=303, headers=headers)


def _dereferencer(prefix: str) -> Any:
    """The route that dereferences the URIs under ``/<prefix>/``: a 303 to the resource's document."""

    def dereference(
        request: Request,
        path: str,
        store: StoreDep,
        templates: TemplatesDep,
        settings: SettingsDep,
        state: DatasetDep,
        format: str | None = Query(None, description=FORMAT_HELP),
    ) -> Response:
        return _dereference(request, f"{prefix}/{path}", store, templates, settings, state, format)

    dereference.__name__ = f"dereference_{prefix}"
    return dereference


for _prefix, _what in (
    ("id", "an instance URI"),
    ("def", "an ontology or vocabulary term"),
    ("graph", "a named graph URI"),
):
    router.add_api_route(
        f"/{_prefix}/{{path:path}}",
        _dereferencer(_prefix),
        methods=["GET"],
        summary=f"Dereference {_what} (303 to its document)",
        status_code=303,
    )


@router.get(
    "/doc/{path:path}",
    summary="The document describing a resource, in the negotiated format",
    response_class=HTMLResponse,
    responses={
        200: {"content": {mt[0]: {} for mt in conneg.PAGE_FORMATS.values()}},
        404: {"description": "the graph has nothing about the resource"},
        406: {"description": "no acceptable format"},
    },
)
async def document(
    request: Request,
    path: str,
    as_of: AsOfDep,
    format: str | None = Query(None, description=FORMAT_HELP),
) -> Response:
    # the app's parts read here rather than as dependencies: this is the busiest route, and each dependency costs
    # FastAPI more per request than reading the attribute does
    app = request.app.state
    settings, state, templates, whole = app.settings, app.dataset, app.templates, app.store
    paths = Paths(settings.base_uri)
    # with ?as_of= the resource as it was on that day (404 when it was not in force then); the page also shows the
    # dataset's own date, read from the whole store
    store, day = await dated_view(request, as_of), as_of.isoformat() if as_of else ""
    fixed = None
    stem, dot, ext = path.rpartition(".")
    if dot and ext in conneg.PAGE_FORMATS and "/" not in ext:
        fixed, path = ext, stem
    negotiated = fixed is None and not format
    chosen = fixed or _choose(request, format, conneg.PAGE_FORMATS)
    if chosen is None:
        return _not_acceptable(request)
    iri = paths.iri_for(path)
    vary = "Accept" if negotiated else None
    etag = state.etag("doc", iri, chosen, *((day,) if day else ()))
    cached = cached_response(request, state, settings, etag, vary, exists=lambda: exists(store, iri))
    if cached is not None:
        return cached
    headers = cache_headers(state, settings, etag, vary)
    if negotiated:
        headers["Content-Location"] = paths.doc(iri, chosen) or ""
    key = ("doc", iri, chosen, day)
    hit = state.page(key)
    if hit is not None:
        return Response(hit[0], media_type=hit[1], headers=headers)
    if not valid_iri(iri):
        return not_found(request, templates, store, iri, chosen)
    if store.local:  # in-process and fast: no need for a thread
        rendered = render_document(store, templates, settings, state, paths, iri, chosen, whole, request)
    else:  # a remote store blocks on the network
        rendered = await run_in_threadpool(
            render_document, store, templates, settings, state, paths, iri, chosen, whole, request
        )
    if rendered is None:
        return not_found(request, templates, store, iri, chosen)
    if not day:  # a page of any day is computed, not kept: requests for arbitrary days cannot grow the memory
        state.keep_page(key, *rendered)
    return Response(rendered[0], media_type=rendered[1], headers=headers)


def render_document(
    store: GraphStore,
    templates: Any,
    settings: Any,
    state: Any,
    paths: Paths,
    iri: str,
    fmt: str,
    whole: GraphStore | None = None,
    request: Request | None = None,
) -> tuple[bytes, str] | None:
    """The document about ``iri`` in one format, as (body, media type); None when the store knows nothing.

    ``store`` may be the landscape of one day (``?as_of=``): ``whole`` is then the dataset, whose own date the page
    shows, and ``request`` the request, whose day the page shows beside it."""
    names, provisions = None, None
    if fmt == "html" and (whole is None or whole is store):  # kept per dataset (a day's view reads its own)
        names = kept(state, "display-names", lambda: NameTable(store))
        provisions = kept(state, "provision-facts", dict)
    d = describe(store, iri, settings.incoming_limit, full=fmt == "html", with_citations=False, names=names)
    if not d.exists:
        return None
    if fmt == "html":
        from cspgraph import profile

        p = profile.build(store, d.iri, d.out, d.inc, d.labels, names, provisions)
        d.citations = p.citations
        ctx = page_context(d, paths, state) | briefing(store, d, p, paths, state)
        ctx["data_as_of"] = dataset_day(state, whole if whole is not None else store)
        if request is not None:
            ctx["request"] = request
        html = templates.env.get_template("resource.html").render(**ctx)
        return html.encode(), "text/html; charset=utf-8"
    return rdf_bytes(d, fmt), conneg.media_type(fmt)


def rdf_bytes(d: Description, fmt: str) -> bytes:
    """The description in one RDF format, with the project's prefixes (Turtle) or as its context (JSON-LD)."""
    return serialize(d.triples(), fmt, PREFIXES)


def briefing(store: GraphStore, d: Description, p: Any, paths: Paths, state: Any) -> dict[str, Any]:
    """The profile's tables (each with its CSV link), the small network, and where to see the resource."""
    from cspgraph import mapsvg

    layers = kept(state, "map-layers", mapsvg.load_layers)
    codes = kept(state, "map-codes", lambda: {k: set(layer.by_code()) for k, layer in layers.items()})
    bodies = kept(state, "network-bodies", lambda: profile_view.network_bodies(store))
    uri = quote(d.iri, safe="")
    cells = kept(state, "cell-html", dict)
    tables = [
        {"t": t, "rows": profile_view.rows_html(t, paths, cells), "csv": f"/api/profile/{t.key}.csv?uri={uri}"}
        for t in p.tables
    ]
    name = d.label() or curie(d.iri)
    return {
        "kind": p.kind,
        "tables": tables,
        "ego": profile_view.neighbourhood(p, name, paths),
        "see": profile_view.see_links(p, d.iri, codes, bodies),
        "profile_json": f"/api/profile?uri={uri}",
    }
