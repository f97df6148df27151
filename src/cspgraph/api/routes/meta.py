"""The home page, /health, the VoID and DCAT description at /.well-known/void, robots.txt and sitemap.xml."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, PlainTextResponse
from rdflib import RDF, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, VOID
from starlette.concurrency import run_in_threadpool

from cspgraph import resources
from cspgraph.api import conneg
from cspgraph.api.deps import AsOfDep, DatasetDep, DatedStoreDep, SettingsDep, StoreDep, TemplatesDep
from cspgraph.api.state import DUMPS
from cspgraph.api.views import Paths, cache_headers, cached_response
from cspgraph.labels import curie
from cspgraph.namespaces import GRAPH, ID, bind_prefixes
from cspgraph.stores import GraphStore
from cspgraph.version import __version__

router = APIRouter(tags=["meta"])

DATASET = ID["dataset/cspgraph"]
CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")
COUNT_QUERY = resources.internal_query("home-class-counts")
CLASS_PARTITION_QUERY = resources.internal_query("class-partition")
SUBJECTS_QUERY = resources.internal_query("distinct-subjects")
MEDIA = "https://www.iana.org/assignments/media-types/"


@router.get(
    "/health",
    summary="Liveness: the version, the number of quads served, and how queries are walled off",
    responses={503: {"description": "degraded: no SPARQL worker is alive, or the store does not answer (Retry-After)"}},
)
async def health(request: Request, store: StoreDep, state: DatasetDep) -> Response:
    """``ok``, or 503 ``degraded`` when no SPARQL worker is alive; what each part of the server reports."""
    pool = state.pool
    sparql = None if pool is None else pool.health()
    ok = sparql is None or sparql["alive"] > 0
    store_problem = None if store.local else await run_in_threadpool(store.ping)  # type: ignore[attr-defined]
    ok = ok and store_problem is None
    body = {
        "status": "ok" if ok else "degraded",
        "version": __version__,
        "quads": sum(state.graph_counts.values()),
        "store": store.name,
        "pages_store": state.pages_store,
        "store_reachable": store_problem is None,
        "store_problem": store_problem,
        "sparql": sparql,
        "sparql_workers_without_network": None if sparql is None else sparql["without_network"],
    }
    return JSONResponse(body, status_code=200 if ok else 503, headers=None if ok else {"Retry-After": "5"})


@router.get("/", response_class=HTMLResponse, summary="The home page", tags=["pages"])
def home(
    request: Request,
    store: StoreDep,
    dated: DatedStoreDep,
    templates: TemplatesDep,
    settings: SettingsDep,
    state: DatasetDep,
    as_of: AsOfDep = None,
) -> Response:
    """With ``as_of``, the counts and the map are those of the landscape in force on that day."""
    day = as_of.isoformat() if as_of else ""
    etag = state.etag("home", day)
    cached = cached_response(request, state, settings, etag)
    if cached is not None:
        return cached

    def counts() -> list[dict[str, Any]]:
        from cspgraph.labels import display_names as labels_for

        rows = dated.select(COUNT_QUERY).rows
        labels = labels_for(store, [str(r["class"]) for r in rows])
        out: list[dict[str, Any]] = []
        for r in rows:
            iri = str(r["class"])
            out.append({"iri": iri, "n": int(str(r["n"] or 0)), "label": labels.get(iri) or curie(iri)})
        return out

    from cspgraph import mapsvg
    from cspgraph.api import home_facts
    from cspgraph.api.routes.maps import police_areas

    layers = state.kept("map-layers", mapsvg.load_layers)
    # a dated page is computed, not kept: the days asked for are unbounded (the dated view itself is cached, bounded)
    kinds = police_areas(dated) if day else state.kept("map-police-areas", lambda: police_areas(store))
    ctx = {
        "counts": counts() if day else state.kept("home", counts),
        "as_of": state.kept("as-of", lambda: home_facts.as_of(store)),
        "recent": state.kept("recent", lambda: home_facts.recent(store)),
        "questions": home_facts.QUESTIONS,
        "map_shapes": [{"d": f.d, "css": kinds.get(f.code, {}).get("css", "k-none")} for f in layers["pfa"].features],
        "map_box": mapsvg.view_box(None),
    }
    return templates.TemplateResponse(request, "home.html", ctx, headers=cache_headers(state, settings, etag))


@router.get("/robots.txt", response_class=PlainTextResponse, include_in_schema=False)
def robots() -> str:
    return "User-agent: *\nDisallow: /sparql\nSitemap: /sitemap.xml\n"


def void_graph(store: GraphStore, state: Any, public: str) -> Graph:
    """The VoID and DCAT description: the build's metadata graph, the served counts, the endpoint and the dumps."""
    g = bind_prefixes(Graph())
    for t in store.graph(str(GRAPH["metadata"])):
        g.add(t)
    g.remove((DATASET, VOID.triples, None))  # the build records the landscape's count; here: what is served
    g.add((DATASET, VOID.triples, Literal(sum(state.graph_counts.values()), datatype=XSD.integer)))
    subjects = state.kept("subjects", lambda: int(store.select(SUBJECTS_QUERY).rows[0]["n"]))  # type: ignore[arg-type]
    g.add((DATASET, VOID.distinctSubjects, Literal(subjects, datatype=XSD.integer)))
    g.add((DATASET, DCTERMS.modified, Literal(state.last_modified.date().isoformat(), datatype=XSD.date)))
    g.add((DATASET, DCTERMS.license, CC_BY))
    sparql = URIRef(public + "sparql")
    g.add((DATASET, VOID.sparqlEndpoint, sparql))
    g.add((DATASET, VOID.uriLookupEndpoint, URIRef(public + "doc/")))
    service = URIRef(public + "sparql#service")
    g.add((service, RDF.type, DCAT.DataService))
    g.add((service, DCAT.endpointURL, sparql))
    g.add((service, DCAT.servesDataset, DATASET))
    g.add((service, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")))
    g.add((service, DCTERMS.title, Literal("cspgraph SPARQL endpoint (read-only)", lang="en")))
    for name, (mt, enc) in DUMPS.items():
        url = URIRef(public + "dumps/" + name)
        g.add((DATASET, VOID.dataDump, url))
        g.add((DATASET, DCAT.distribution, url))
        g.add((url, RDF.type, DCAT.Distribution))
        g.add((url, DCAT.downloadURL, url))
        g.add((url, DCAT.mediaType, URIRef(MEDIA + mt)))
        if enc:
            g.add((url, DCAT.compressFormat, URIRef(MEDIA + "application/gzip")))
        g.add((url, DCTERMS.license, CC_BY))
        g.add((url, DCTERMS.title, Literal(f"the whole dataset ({name})", lang="en")))
    for gname, n in state.graph_counts.items():
        sub = URIRef(gname)
        g.add((DATASET, VOID.subset, sub))
        g.add((sub, RDF.type, VOID.Dataset))
        g.add((sub, VOID.triples, Literal(n, datatype=XSD.integer)))
    partitions = state.kept(
        "classes", lambda: [(str(r["c"]), int(str(r["n"]))) for r in store.select(CLASS_PARTITION_QUERY)]
    )
    for i, (cls, n) in enumerate(partitions):
        part = URIRef(f"{public}.well-known/void#class-{i}")
        g.add((DATASET, VOID.classPartition, part))
        g.add((part, VOID["class"], URIRef(cls)))
        g.add((part, VOID.entities, Literal(n, datatype=XSD.integer)))
    return g


@router.get(
    "/.well-known/void",
    summary="VoID and DCAT description of the dataset: sources, licences, counts, endpoint, dumps",
    responses={200: {"content": {mt[0]: {} for mt in conneg.PAGE_FORMATS.values()}}},
)
def void(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    state: DatasetDep,
    templates: TemplatesDep,
    format: str | None = Query(None, description="html, ttl, jsonld, rdf or nt"),
) -> Response:
    fmt = conneg.format_override(format, list(conneg.PAGE_FORMATS)) or conneg.negotiate(
        request.headers.get("accept"), {**conneg.RDF_FORMATS, "html": conneg.PAGE_FORMATS["html"]}, "ttl"
    )
    if fmt is None:
        return Response("Not acceptable\n", 406, media_type="text/plain")
    public = str(request.base_url)
    etag = state.etag("void", fmt, public)
    cached = cached_response(request, state, settings, etag, "Accept")
    if cached is not None:
        return cached
    g = void_graph(store, state, public)
    headers = cache_headers(state, settings, etag, "Accept")
    if fmt == "html":
        paths = Paths(settings.base_uri)
        meta = _void_view(g, paths)
        return templates.TemplateResponse(request, "void.html", meta, headers=headers)
    rdflib_fmt = {"ttl": "turtle", "jsonld": "json-ld", "rdf": "xml", "nt": "nt"}[fmt]
    kw: dict[str, Any] = {"context": dict(g.namespaces()), "auto_compact": True} if fmt == "jsonld" else {}
    body = g.serialize(format=rdflib_fmt, encoding="utf-8", **kw)
    return Response(body, media_type=conneg.media_type(fmt), headers=headers)


def _void_view(g: Graph, paths: Paths) -> dict[str, Any]:
    def one(s: Any, p: Any) -> str:
        v = g.value(s, p)
        return "" if v is None else str(v)

    sources = []
    for src in sorted(g.objects(DATASET, DCTERMS.source), key=str):
        sources.append(
            {
                "iri": str(src),
                "title": one(src, DCTERMS.title),
                "publisher": one(src, DCTERMS.publisher),
                "licence": one(src, DCTERMS.license),
                "rights": one(src, DCTERMS.rights),
                "page": one(src, DCAT.landingPage),
            }
        )
    dumps = [
        (str(u), one(u, DCAT.mediaType).removeprefix(MEDIA)) for u in sorted(g.objects(DATASET, VOID.dataDump), key=str)
    ]
    subsets = sorted((str(s), one(s, VOID.triples)) for s in g.objects(DATASET, VOID.subset))
    return {
        "dataset": str(DATASET),
        "title": one(DATASET, DCTERMS.title),
        "description": one(DATASET, DCTERMS.description),
        "rights": one(DATASET, DCTERMS.rights),
        "licence": one(DATASET, DCTERMS.license),
        "triples": one(DATASET, VOID.triples),
        "subjects": one(DATASET, VOID.distinctSubjects),
        "sparql": one(DATASET, VOID.sparqlEndpoint),
        "sources": sources,
        "dumps": dumps,
        "subsets": subsets,
    }


@router.get("/sitemap.xml", summary="A sitemap of every resource page", response_class=Response)
def sitemap(request: Request, store: StoreDep, settings: SettingsDep, state: DatasetDep) -> Response:
    etag = state.etag("sitemap", str(request.base_url))
    cached = cached_response(request, state, settings, etag)
    if cached is not None:
        return cached
    from xml.sax.saxutils import escape

    paths = Paths(settings.base_uri)
    public = str(request.base_url).rstrip("/")

    urls = [u for u in state.subjects(store, settings.base_uri) if "/membership/" not in u][:50000]
    lastmod = state.last_modified.date().isoformat()
    body = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    body += [f"<url><loc>{escape(public + (paths.doc(u) or ''))}</loc><lastmod>{lastmod}</lastmod></url>" for u in urls]
    body.append("</urlset>\n")
    return Response("\n".join(body), media_type="application/xml", headers=cache_headers(state, settings, etag))
