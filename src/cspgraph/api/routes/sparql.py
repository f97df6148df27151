"""The SPARQL 1.1 Protocol endpoint at /sparql: read-only, time- and size-limited (see :mod:`..sparql_exec`).

* ``GET /sparql?query=...`` and ``POST /sparql`` with a form (``query=``) or an ``application/sparql-query`` body;
  ``default-graph-uri`` / ``named-graph-uri`` as the protocol defines them (by default the union of all graphs).
* SELECT and ASK answer SPARQL JSON, XML, CSV or TSV; CONSTRUCT and DESCRIBE Turtle, N-Triples, RDF/XML or JSON-LD,
  by the Accept header or ``?format=``.
* Update (form ``update=``, ``application/sparql-update`` or update text as a query), LOAD and SERVICE: 403.
  A malformed query: 400 with the parser's message. Past the time limit: 503. Past the result limit: 400.
* ``GET /sparql`` without a query: the HTML query page for a browser, else the SPARQL service description.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import PlainTextResponse

from cspgraph import rdfio
from cspgraph.api import conneg
from cspgraph.api.deps import DatasetDep, SettingsDep, StoreDep, TemplatesDep
from cspgraph.api.limits import in_pool, pools
from cspgraph.api.sparql_examples import examples
from cspgraph.api.sparql_exec import (
    Answer,
    check_query,
)
from cspgraph.api.sparql_worker import GRAPH_KEYS
from cspgraph.api.views import cache_headers, not_modified
from cspgraph.config import Settings
from cspgraph.errors import NotFound, QueryError, Refused, TooLarge, Unavailable
from cspgraph.namespaces import PREFIXES, sparql_prologue
from cspgraph.stores import GraphStore
from cspgraph.stores.terms import valid_iri

router = APIRouter(tags=["sparql"])

RESULTS_OFFERS = rdfio.offers(rdfio.RESULTS_FORMATS)
GRAPH_OFFERS = rdfio.offers(GRAPH_KEYS)
MEDIA_TYPES = [f.media_type for f in rdfio.RESULTS_FORMATS.values()] + [
    rdfio.RDF_FORMATS[k].media_type for k in GRAPH_KEYS
]
PLAIN = "text/plain; charset=utf-8"


def _page(store: GraphStore, state: Any, query: str, ran: bool, **extra: Any) -> dict[str, Any]:
    """What sparql.html shows: the query, the examples (kept per dataset), the predeclared prefixes."""
    kept = getattr(state, "kept", None)
    listed = kept("sparql-examples", lambda: examples(store)) if kept else examples(store)
    return {"query": query, "examples": listed, "prefixes": PREFIXES, "ran": ran, "result": None, "text": None} | extra


def _formats(request: Request, fmt: str | None) -> tuple[str, str, bool]:
    """(results format, graph format, whether a browser asked for an HTML page)."""
    if fmt:
        if fmt.strip().lower() in ("html", "text/html"):
            return "json", "ttl", True
        key = rdfio.format_key(fmt, [*RESULTS_OFFERS, *GRAPH_OFFERS])
        if key in RESULTS_OFFERS:  # a results format; a graph answer then gets the graph format of the same family
            return key, {"json": "jsonld", "xml": "rdf"}.get(key, "ttl"), False
        if key is not None:
            return "json", key, False
        raise QueryError(f"unknown format {fmt!r}: use json, xml, csv, tsv, ttl, nt, rdf, jsonld or html")
    accept = request.headers.get("accept")
    results = conneg.negotiate(accept, RESULTS_OFFERS, "json") or "json"
    graph = conneg.negotiate(accept, GRAPH_OFFERS, "ttl") or "ttl"
    html = (
        "text/html" in (accept or "")
        and conneg.negotiate(accept, {"html": ("text/html",), **RESULTS_OFFERS, **GRAPH_OFFERS}, "json") == "html"
    )
    if html:  # the page shows SELECT results as a table, read from SPARQL JSON (a browser also accepts XML)
        return "json", "ttl", True
    return results, graph, html


class UnsupportedMediaType(QueryError):
    """A POST body of a type the SPARQL protocol does not define."""

    status = 415
    title = "Unsupported media type"


_UPDATE_REFUSED = "SPARQL Update is refused: this endpoint is read-only"
_STATUS_ERRORS = {403: Refused, 413: TooLarge, 404: NotFound}


def _raise_for(ans: Answer) -> None:
    """Turn a worker's (or remote server's) error answer into the error the problem handler reports."""
    detail = ans.body.decode("utf-8", "replace").strip()[:2000] or f"the query failed ({ans.status})"
    if ans.status >= 500:
        raise Unavailable(f"the query could not be answered: {detail}")
    raise _STATUS_ERRORS.get(ans.status, QueryError)(detail)


def answer_query(
    store: GraphStore,
    state: Any,
    settings: Settings,
    query: str,
    results_fmt: str,
    graph_fmt: str,
    default_graphs: list[str],
    named_graphs: list[str],
) -> Answer:
    """Check and run one public query (blocking; call it from a worker thread).

    With a local store the worker process checks the query (:func:`cspgraph.guard.check_query`) and runs it; a
    query for a remote store is checked here before it is forwarded.
    """
    if state.pool is not None:
        return state.pool.run(  # type: ignore[no-any-return]
            settings.query_timeout,
            query=query,
            results_fmt=results_fmt,
            graph_fmt=graph_fmt,
            limit=settings.result_limit,
            default_graphs=default_graphs or None,
            named_graphs=named_graphs or None,
            prefixes=PREFIXES,
            max_chars=settings.query_max_chars,
            max_depth=settings.query_max_depth,
            max_bytes=settings.result_max_bytes,
        )
    prologue = sparql_prologue()
    check_query(query, max_chars=settings.query_max_chars, max_depth=settings.query_max_depth, prologue=prologue)
    return _forward(store, settings, prologue + query, results_fmt, graph_fmt)


def _forward(store: Any, settings: Settings, query: str, results_fmt: str, graph_fmt: str) -> Answer:
    """Send a checked query on to the remote store's endpoint, under the same time limit (503 past it, or when the
    store does not answer; the answer cut off at the byte limit)."""
    accept = f"{rdfio.RESULTS_FORMATS[results_fmt].media_type}, {rdfio.RDF_FORMATS[graph_fmt].media_type};q=0.9"
    r = store.request_query(query, accept, timeout=settings.query_timeout)
    mt = r.headers.get("content-type", "application/octet-stream")
    if r.status_code >= 400:
        return Answer(400 if r.status_code < 500 else 503, PLAIN, r.content)
    if len(r.content) > settings.result_max_bytes:
        return Answer(413, PLAIN, b"the answer is larger than the limit of this endpoint: add a LIMIT")
    return Answer(200, mt, r.content)


async def _respond(
    request: Request,
    store: GraphStore,
    state: Any,
    settings: Settings,
    templates: Any,
    query: str,
    fmt: str | None,
    default_graphs: list[str],
    named_graphs: list[str],
    cacheable: bool,
) -> Response:
    results_fmt, graph_fmt, html = _formats(request, fmt)
    etag = state.etag("sparql", query, results_fmt, graph_fmt, str(html), *default_graphs, "|", *named_graphs)
    vary = "Accept"
    if cacheable and not_modified(request, etag):
        return Response(status_code=304, headers=cache_headers(state, settings, etag, vary))
    for g in [*default_graphs, *named_graphs]:
        if not valid_iri(g):
            raise QueryError(f"the graph {g!r} (default-graph-uri or named-graph-uri) is not an absolute IRI")
    ans = await in_pool(
        pools(request).sparql,
        2 * settings.query_timeout + 1,
        answer_query,
        store,
        state,
        settings,
        query,
        results_fmt,
        graph_fmt,
        default_graphs,
        named_graphs,
    )
    if ans.status != 200:
        _raise_for(ans)
    headers = cache_headers(state, settings, etag, vary) if cacheable else {"Vary": vary}
    if html:
        return _html_results(request, templates, store, state, query, ans)
    return Response(ans.body, media_type=ans.media_type, headers=headers)


def _html_results(request: Request, templates: Any, store: GraphStore, state: Any, query: str, ans: Answer) -> Response:
    ctx: dict[str, Any] = _page(store, state, query, True)
    if ans.media_type.startswith("application/sparql-results+json"):
        data = json.loads(ans.body)
        if "boolean" in data:
            ctx["text"] = "true" if data["boolean"] else "false"
        else:
            ctx["result"] = {"vars": data["head"]["vars"], "rows": data["results"]["bindings"]}
    else:
        ctx["text"] = ans.body.decode("utf-8", "replace")
    return templates.TemplateResponse(request, "sparql.html", ctx)


def service_description(public: str) -> str:
    """The SPARQL 1.1 Service Description of this endpoint, in Turtle."""
    results = " , ".join(
        f"<http://www.w3.org/ns/formats/{n}>"
        for n in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV")
    )
    graphs = " , ".join(f"<http://www.w3.org/ns/formats/{n}>" for n in ("Turtle", "N-Triples", "RDF_XML", "JSON-LD"))
    return f"""@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .
@prefix void: <http://rdfs.org/ns/void#> .

<{public}sparql#service> a sd:Service ;
    sd:endpoint <{public}sparql> ;
    sd:supportedLanguage sd:SPARQL11Query ;
    sd:feature sd:UnionDefaultGraph ;
    sd:resultFormat {results} , {graphs} ;
    sd:defaultDataset [ a sd:Dataset ; void:sparqlEndpoint <{public}sparql> ;
        sd:defaultGraph [ a sd:Graph ] ] .
"""


@router.get(
    "/sparql",
    summary="SPARQL 1.1 Protocol query via GET (or, without a query, the query page / service description)",
    response_class=Response,
    responses={
        200: {"content": {mt: {} for mt in [*MEDIA_TYPES, "text/html"]}},
        400: {"description": "malformed query, or the answer exceeds the result limit"},
        403: {"description": "SPARQL Update, LOAD or SERVICE (refused)"},
        413: {"description": "the query is longer or nested deeper than the endpoint's limits"},
        503: {"description": "the query ran past the time limit and was cancelled"},
    },
)
async def sparql_get(
    request: Request,
    store: StoreDep,
    state: DatasetDep,
    settings: SettingsDep,
    templates: TemplatesDep,
    query: str | None = Query(None, description="a SPARQL 1.1 query (SELECT, CONSTRUCT, DESCRIBE or ASK)"),
    default_graph_uri: list[str] = Query([], alias="default-graph-uri"),
    named_graph_uri: list[str] = Query([], alias="named-graph-uri"),
    format: str | None = Query(None, description="json, xml, csv, tsv, ttl, nt, rdf, jsonld or html"),
) -> Response:
    if "update" in request.query_params:
        raise Refused(_UPDATE_REFUSED)
    if query is None:
        wants_html = conneg.negotiate(
            request.headers.get("accept"), {"html": ("text/html",), "ttl": ("text/turtle",)}, "html"
        )
        if wants_html == "html" and format in (None, "html"):
            ctx = _page(store, state, "", False)
            ctx["query"] = ctx["examples"][0]["query"]
            return templates.TemplateResponse(request, "sparql.html", ctx)
        return Response(service_description(str(request.base_url)), media_type="text/turtle")
    return await _respond(
        request, store, state, settings, templates, query, format, default_graph_uri, named_graph_uri, True
    )


@router.post(
    "/sparql",
    summary="SPARQL 1.1 Protocol query via POST (form-encoded, or an application/sparql-query body)",
    response_class=Response,
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {
                "application/x-www-form-urlencoded": {
                    "schema": {
                        "type": "object",
                        "properties": {
                            "query": {"type": "string"},
                            "default-graph-uri": {"type": "string"},
                            "named-graph-uri": {"type": "string"},
                        },
                    }
                },
                "application/sparql-query": {"schema": {"type": "string"}},
            },
        }
    },
    responses={
        200: {"content": {mt: {} for mt in MEDIA_TYPES}},
        400: {"description": "malformed query, or the answer exceeds the result limit"},
        403: {"description": "SPARQL Update, LOAD or SERVICE (refused)"},
        413: {"description": "the query is longer or nested deeper than the endpoint's limits"},
        415: {"description": "unsupported request content type"},
        503: {"description": "the query ran past the time limit and was cancelled"},
    },
)
async def sparql_post(
    request: Request,
    store: StoreDep,
    state: DatasetDep,
    settings: SettingsDep,
    templates: TemplatesDep,
    format: str | None = Query(None, description="json, xml, csv, tsv, ttl, nt, rdf, jsonld or html"),
) -> Response:
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    params = request.query_params
    default_graphs = params.getlist("default-graph-uri")
    named_graphs = params.getlist("named-graph-uri")
    if ctype == "application/sparql-query":
        raw = await request.body()
        try:
            query = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise QueryError("the query is not UTF-8 text") from None
    elif ctype == "application/sparql-update":
        raise Refused(_UPDATE_REFUSED)
    elif ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        try:
            form = await request.form()
        except TooLarge:
            raise
        except Exception:  # malformed form bodies raise several kinds of errors
            raise QueryError("the form body could not be read") from None
        if "update" in form:
            raise Refused(_UPDATE_REFUSED)
        value = form.get("query")
        if not isinstance(value, str):
            raise QueryError("missing 'query' form field (a SPARQL query)")
        query = value
        default_graphs += [str(v) for v in form.getlist("default-graph-uri")]
        named_graphs += [str(v) for v in form.getlist("named-graph-uri")]
        format = format or (str(form["format"]) if isinstance(form.get("format"), str) else None)
    else:
        raise UnsupportedMediaType(
            "send the query as application/x-www-form-urlencoded (query=...) or application/sparql-query"
        )
    return await _respond(
        request, store, state, settings, templates, query, format, default_graphs, named_graphs, False
    )


@router.get("/sparql/examples", summary="The example queries shown on the query page", tags=["sparql"])
def sparql_examples(store: StoreDep, state: DatasetDep) -> list[dict[str, str]]:
    """Each example: its name, summary, query text (parameters filled in) and which parameters were filled."""
    return _page(store, state, "", False)["examples"]  # type: ignore[no-any-return]


@router.get("/sparql/prefixes", response_class=PlainTextResponse, summary="PREFIX lines for the project's namespaces")
def prefixes() -> str:
    return sparql_prologue()
