"""The SPARQL 1.1 Protocol endpoint: requests, result formats, refusals, errors and limits."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef

from cspgraph.api import create_app
from cspgraph.errors import QueryError
from cspgraph.guard import QueryRefused, check_query
from cspgraph.stores import GraphStore

from .conftest import settings

CSPS_IN_DURHAM = """PREFIX cspg: <https://w3id.org/cspgraph/def/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?csp ?name WHERE {
  ?csp a cspg:CommunitySafetyPartnership ;
       cspg:policeForceArea <https://w3id.org/cspgraph/id/police-force-area/E23000008> ; rdfs:label ?name .
} ORDER BY ?csp"""
DESCRIBE = "DESCRIBE <https://w3id.org/cspgraph/id/csp/E22000365>"
SRX = "{http://www.w3.org/2005/sparql-results#}"


@pytest.fixture(scope="module")
def expected(store: GraphStore) -> set[tuple[str | None, ...]]:
    """The answer the embedded store gives directly, to compare every format against."""
    res = store.select(CSPS_IN_DURHAM)
    assert len(res) >= 2
    return res.as_set()


def test_get_json(any_client: TestClient, expected: set[tuple[str | None, ...]]) -> None:
    r = any_client.get(
        "/sparql", params={"query": CSPS_IN_DURHAM}, headers={"Accept": "application/sparql-results+json"}
    )
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    data = r.json()
    assert data["head"]["vars"] == ["csp", "name"]
    got = {(b["csp"]["value"], b["name"]["value"]) for b in data["results"]["bindings"]}
    assert got == expected
    assert data["results"]["bindings"][0]["name"]["xml:lang"] == "en"


def test_post_form_xml(any_client: TestClient, expected: set[tuple[str | None, ...]]) -> None:
    r = any_client.post("/sparql", data={"query": CSPS_IN_DURHAM}, headers={"Accept": "application/sparql-results+xml"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/sparql-results+xml")
    root = ET.fromstring(r.content)
    rows = set()
    for result in root.iter(SRX + "result"):
        b = {x.get("name"): x[0].text for x in result.iter(SRX + "binding")}
        rows.add((b["csp"], b["name"]))
    assert rows == expected


def test_post_direct_csv_and_tsv(any_client: TestClient, expected: set[tuple[str | None, ...]]) -> None:
    r = any_client.post(
        "/sparql", content=CSPS_IN_DURHAM, headers={"Content-Type": "application/sparql-query", "Accept": "text/csv"}
    )
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[0] == ["csp", "name"]
    assert {tuple(x) for x in rows[1:]} == expected
    r = any_client.get("/sparql", params={"query": CSPS_IN_DURHAM}, headers={"Accept": "text/tab-separated-values"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/tab-separated-values")
    lines = r.text.strip().split("\n")
    assert lines[0].split("\t") == ["?csp", "?name"]
    first = lines[1].split("\t")
    assert first[0].startswith("<https://w3id.org/cspgraph/id/csp/") and first[1].endswith('"@en')


def test_ask(any_client: TestClient) -> None:
    q = "ASK { <https://w3id.org/cspgraph/id/csp/E22000365> a <https://w3id.org/cspgraph/def/CommunitySafetyPartnership> }"
    assert any_client.get("/sparql", params={"query": q}).json()["boolean"] is True
    r = any_client.get("/sparql", params={"query": q}, headers={"Accept": "application/sparql-results+xml"})
    assert ET.fromstring(r.content).find(SRX + "boolean").text == "true"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("accept", "parser"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/rdf+xml", "xml"),
        ("application/ld+json", "json-ld"),
    ],
)
def test_describe_in_each_rdf_format(any_client: TestClient, store: GraphStore, accept: str, parser: str) -> None:
    r = any_client.get("/sparql", params={"query": DESCRIBE}, headers={"Accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
    g = Graph().parse(data=r.content, format=parser)
    direct = store.construct(DESCRIBE)
    assert {t for t in g} == {t for t in direct}


def test_format_parameter(any_client: TestClient) -> None:
    r = any_client.get("/sparql", params={"query": CSPS_IN_DURHAM, "format": "csv"})
    assert r.headers["content-type"].startswith("text/csv")


@pytest.mark.parametrize(
    "query",
    [
        "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }",
        "PREFIX ex: <http://example.org/> DELETE WHERE { ?s ?p ?o }",
        "LOAD <http://example.org/data.ttl>",
        "CLEAR ALL",
        "DROP GRAPH <https://w3id.org/cspgraph/graph/landscape>",
        "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "select * where { service silent <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
        "SELECT * WHERE { SERV\\u0049CE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    ],
)
def test_update_load_and_service_are_refused(client: TestClient, query: str) -> None:
    for r in (
        client.get("/sparql", params={"query": query}),
        client.post("/sparql", data={"query": query}),
        client.post("/sparql", content=query, headers={"Content-Type": "application/sparql-query"}),
    ):
        assert r.status_code == 403, r.text
        assert "refused" in r.text


def test_update_operation_is_refused(client: TestClient, store: GraphStore) -> None:
    before = len(store)
    u = "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"
    assert client.post("/sparql", data={"update": u}).status_code == 403
    assert client.post("/sparql", content=u, headers={"Content-Type": "application/sparql-update"}).status_code == 403
    assert client.get("/sparql", params={"update": u}).status_code == 403
    assert len(store) == before


def test_check_query_is_not_fooled_by_strings_comments_or_iris() -> None:
    assert check_query('SELECT ?x WHERE { ?x <http://e/p> "SERVICE INSERT" } # LOAD SERVICE').form == "SELECT"
    assert check_query("PREFIX load: <http://e/load#> SELECT ?service WHERE { ?service load:x <http://e/SERVICE> }")
    assert check_query("ASK { ?s ?p '''DROP\nALL''' }").form == "ASK"
    with pytest.raises(QueryRefused, match="SERVICE"):
        check_query("SELECT * WHERE { ?a ?b ?c . SERVICE ?endpoint { ?s ?p ?o } }")
    with pytest.raises(QueryRefused, match="Update"):
        check_query("WITH <http://e/g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }")
    with pytest.raises(QueryError):
        check_query("HELLO WORLD")


def test_malformed_query_gets_the_parser_message(any_client: TestClient) -> None:
    r = any_client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})
    assert r.status_code == 400
    assert "line:column 1:" in r.text  # the parser's position
    r = any_client.post("/sparql", content=b"\xff\xfe", headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 400
    assert any_client.post("/sparql", content="x", headers={"Content-Type": "text/plain"}).status_code == 415


def test_query_page_and_service_description(client: TestClient) -> None:
    r = client.get("/sparql", headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert '<textarea id="query"' in r.text and "/static/sparql.js" in r.text
    assert "https://" not in r.text.split('<main id="content">')[1].split("Examples")[0].replace(
        "https://w3id.org/", ""
    )
    r = client.get("/sparql", headers={"Accept": "text/turtle"})
    sd = Graph().parse(data=r.content, format="turtle")
    endpoint = next(sd.objects(None, URIRef("http://www.w3.org/ns/sparql-service-description#endpoint")))
    assert str(endpoint).endswith("/sparql")


def test_examples_are_the_named_queries_and_run(client: TestClient) -> None:
    from cspgraph import resources

    examples = client.get("/sparql/examples").json()
    names = {e["name"] for e in examples}
    rq = {f.stem for f in resources.queries_dir().glob("*.rq")}
    assert names == rq or not rq
    page = client.get("/sparql", headers={"Accept": "text/html"}).text
    for e in examples:
        assert e["name"] in page


def test_static_assets_are_local(client: TestClient) -> None:
    js = client.get("/static/sparql.js")
    assert js.status_code == 200 and "http://" not in js.text and "https://" not in js.text
    assert client.get("/static/style.css").status_code == 200


def test_result_limit(store: GraphStore) -> None:
    with TestClient(create_app(settings(result_limit=5, sparql_workers=1), store=store)) as c:
        r = c.get("/sparql", params={"query": "SELECT ?s WHERE { ?s a ?c } LIMIT 100"})
        assert r.status_code == 413 and "more than 5 results" in r.text
        r = c.get("/sparql", params={"query": "SELECT ?s WHERE { ?s a ?c } LIMIT 5"})
        assert r.status_code == 200 and len(r.json()["results"]["bindings"]) == 5
        r = c.get("/sparql", params={"query": DESCRIBE})
        assert r.status_code == 413


def test_get_results_are_cacheable(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": CSPS_IN_DURHAM})
    etag = r.headers["etag"]
    again = client.get("/sparql", params={"query": CSPS_IN_DURHAM}, headers={"If-None-Match": etag})
    assert again.status_code == 304
    json.loads(r.content)


def test_an_empty_query_is_a_400_not_a_crash(client: TestClient) -> None:
    for q in ("", "   \n"):
        r = client.get("/sparql", params={"query": q}, headers={"Accept": "application/sparql-results+json"})
        assert r.status_code == 400 and "empty" in r.json()["detail"]


def test_filled_examples_answer_as_the_bound_queries(store: GraphStore) -> None:
    """An example with its parameters written in answers exactly as the named query run with them bound."""
    from cspgraph.api.sparql_examples import examples
    from cspgraph.queries import default_registry

    registry = default_registry()
    filled = [e for e in examples(store) if e["filled"]]
    assert filled  # the library has parameterised queries with examples
    for e in filled:
        q = registry.get(e["name"])
        if q.form != "SELECT":
            continue
        bound = registry.run(store, q.name, **q.example)
        assert store.select(e["query"]).as_set() == bound.as_set(), e["name"]
