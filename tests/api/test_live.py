"""The endpoint with real clients against a real uvicorn server on loopback: SPARQLWrapper, rdflib's SPARQLStore,
curl; and the time limit: a runaway query is cancelled with a clear error while other requests keep answering."""

from __future__ import annotations

import shutil
import subprocess
import threading
import time
import urllib.error

import httpx
import pytest
from rdflib import Graph, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV, JSON, TSV, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

from cspgraph.stores import GraphStore

from .conftest import LiveServer

pytestmark = pytest.mark.slow

CSPS = """PREFIX cspg: <https://w3id.org/cspgraph/def/>
SELECT ?csp WHERE { ?csp a cspg:CommunitySafetyPartnership ;
  cspg:policeForceArea <https://w3id.org/cspgraph/id/police-force-area/E23000008> } ORDER BY ?csp"""
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def expected_csps(store: GraphStore) -> set[str]:
    return {str(r["csp"]) for r in store.select(CSPS)}


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_json(live: LiveServer, store: GraphStore, method: str) -> None:
    sw = SPARQLWrapper(live.url + "/sparql")
    sw.setQuery(CSPS)
    sw.setMethod(method)
    sw.setReturnFormat(JSON)
    data = sw.queryAndConvert()
    assert {b["csp"]["value"] for b in data["results"]["bindings"]} == expected_csps(store)  # type: ignore[index]


@pytest.mark.parametrize("fmt", [XML, CSV, TSV])
def test_sparqlwrapper_other_result_formats(live: LiveServer, store: GraphStore, fmt: str) -> None:
    sw = SPARQLWrapper(live.url + "/sparql")
    sw.setQuery(CSPS)
    sw.setReturnFormat(fmt)
    res = sw.query()
    body = res.response.read().decode()
    for csp in expected_csps(store):
        assert csp in body


def test_sparqlwrapper_construct_and_errors(live: LiveServer) -> None:
    sw = SPARQLWrapper(live.url + "/sparql")
    sw.setQuery("DESCRIBE <https://w3id.org/cspgraph/id/csp/E22000365>")
    sw.setReturnFormat(TURTLE)
    g = Graph().parse(data=sw.query().response.read(), format="turtle")
    assert (URIRef("https://w3id.org/cspgraph/id/csp/E22000365"), None, None) in g
    sw.setQuery("SELECT * WHERE { ?s ?p }")
    sw.setReturnFormat(JSON)
    with pytest.raises(QueryBadFormed):
        sw.query()
    sw.setQuery("INSERT DATA { <http://e/a> <http://e/b> <http://e/c> }")
    with pytest.raises(urllib.error.HTTPError) as refused:  # SPARQLWrapper has no class of its own for 403
        sw.query()
    assert refused.value.code == 403
    sw.setQuery(RUNAWAY)
    with pytest.raises(urllib.error.HTTPError) as cancelled:
        sw.query()
    assert cancelled.value.code == 503


def test_rdflib_sparqlstore(live: LiveServer, store: GraphStore) -> None:
    remote = Graph(store=SPARQLStore(live.url + "/sparql"))
    rows = {str(r[0]) for r in remote.query(CSPS)}  # type: ignore[index]
    assert rows == expected_csps(store)
    csp = URIRef("https://w3id.org/cspgraph/id/csp/E22000365")
    assert remote.query(f"ASK {{ <{csp}> ?p ?o }}").askAnswer is True
    g = remote.query(f"CONSTRUCT {{ <{csp}> ?p ?o }} WHERE {{ <{csp}> ?p ?o }}").graph
    assert g is not None and len(g) == len(store.construct(f"CONSTRUCT {{ <{csp}> ?p ?o }} WHERE {{ <{csp}> ?p ?o }}"))
    assert (csp, None, None) in remote  # triple-pattern access through the protocol


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl(live: LiveServer) -> None:
    def curl(*args: str) -> str:
        return subprocess.run(
            ["curl", "-s", "--max-time", "20", *args], capture_output=True, text=True, check=True
        ).stdout

    head = curl("-D", "-", "-o", "/dev/null", "-H", "Accept: text/turtle", live.url + "/id/csp/E22000365")
    assert head.startswith("HTTP/1.1 303") and "location: /doc/id/csp/e22000365.ttl" in head.lower()
    ttl = curl("-L", "-H", "Accept: text/turtle", live.url + "/id/csp/E22000365")
    assert "Safer Durham Partnership" in ttl and "@prefix cspg:" in ttl
    out = curl("-H", "Accept: text/csv", "--data-urlencode", f"query={CSPS}", live.url + "/sparql")
    assert out.splitlines()[0] == "csp" and "id/csp/E22000365" in out
    out = curl("-H", "Content-Type: application/sparql-query", "--data-binary", CSPS, live.url + "/sparql")
    assert '"bindings"' in out
    status = curl("-o", "/dev/null", "-w", "%{http_code}", "--data-urlencode", "update=CLEAR ALL", live.url + "/sparql")
    assert status == "403"


def test_runaway_query_is_cancelled_without_stalling_others(live: LiveServer) -> None:
    """A cartesian product over the whole graph, with a 1 s limit: a clear 503 in about a second, and meanwhile
    /health and a resource page keep answering quickly."""
    result: dict[str, object] = {}

    def runaway() -> None:
        t0 = time.perf_counter()
        r = httpx.get(live.url + "/sparql", params={"query": RUNAWAY}, timeout=30)
        result["status"], result["text"], result["s"] = r.status_code, r.text, time.perf_counter() - t0

    t = threading.Thread(target=runaway)
    t.start()
    time.sleep(0.2)  # the runaway query is now burning a worker
    latencies = []
    with httpx.Client(base_url=live.url, timeout=10) as c:
        while t.is_alive() and len(latencies) < 50:
            for path in ("/health", "/doc/id/csp/E22000365.ttl"):
                t0 = time.perf_counter()
                assert c.get(path).status_code == 200
                latencies.append(time.perf_counter() - t0)
    t.join(30)
    assert result["status"] == 503
    assert "time limit of 1 s" in str(result["text"])
    assert float(result["s"]) < 5  # type: ignore[arg-type]
    assert latencies and max(latencies) < 0.75, latencies
    # the killed worker is replaced: the endpoint answers again
    deadline = time.monotonic() + 30
    while True:
        r = httpx.get(live.url + "/sparql", params={"query": CSPS}, timeout=30)
        if r.status_code == 200 or time.monotonic() > deadline:
            break
    assert r.status_code == 200
