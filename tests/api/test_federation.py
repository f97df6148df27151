"""No public query can make cspgraph send a request anywhere: every federation and update trick, on every path.

A loopback listener stands in for any server an attacker would aim at. Each query below is sent through the
``/sparql`` endpoint on the embedded store and on a remote (Oxigraph server) store, through ``run_sparql`` (the
library path of ``cspgraph sparql``) and, for a sample, through the ``cspgraph sparql`` command itself; the listener
must see nothing. The second wall is tested on its own: with the checker bypassed, a process that called
:func:`cspgraph.sandbox.deny_network` still cannot reach the listener, while the same queries without the wall do.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest
from fastapi.testclient import TestClient

from cspgraph.errors import QueryError
from cspgraph.queries import run_sparql
from cspgraph.stores import GraphStore

from .conftest import Listener


def federated(url: str) -> dict[str, str]:
    """Queries that would send a request to ``url`` if they ran: each must be refused (403) or rejected (400)."""
    esc_url = url.replace(":", "\\u003A")
    return {
        "plain": f"SELECT * WHERE {{ SERVICE <{url}sparql> {{ ?s ?p ?o }} }}",
        "lower-case": f"select * where {{ service <{url}> {{ ?s ?p ?o }} }}",
        "mixed-case": f"SELECT * WHERE {{ SeRvIcE <{url}> {{ ?s ?p ?o }} }}",
        "silent": f"SELECT * WHERE {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }}",
        "values-endpoint": f"SELECT * WHERE {{ VALUES ?e {{ <{url}> }} SERVICE ?e {{ ?s ?p ?o }} }}",
        "bound-endpoint": f"SELECT * WHERE {{ BIND(<{url}> AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}",
        "iri-function-endpoint": f'SELECT * WHERE {{ BIND(IRI("{url}") AS ?e) SERVICE ?e {{ ?s ?p ?o }} }}',
        "empty-prefix-glued": f"PREFIX : <{url}> SELECT * WHERE {{ SERVICE:x {{ ?s ?p ?o }} }}",
        "lower-case-glued": f"PREFIX : <{url}> SELECT * WHERE {{ service:x {{ ?s ?p ?o }} }}",
        "prefix-named-service": f"PREFIX service: <{url}> SELECT * WHERE {{ service:x {{ ?s ?p ?o }} }}",
        "prefixed-endpoint": f"PREFIX e: <{url}> SELECT * WHERE {{ SERVICE e:sparql {{ ?s ?p ?o }} }}",
        "escaped-hash-before": (
            f"PREFIX a: <http://example.org/> PREFIX : <{url}> "
            "SELECT * WHERE { ?s a:b\\#c ?o . SERVICE:x { ?s ?p ?o } }"
        ),
        "escaped-quote-before": (
            f"PREFIX a: <http://example.org/> SELECT * WHERE {{ ?s a:b\\'c ?o . SERVICE <{url}> {{ ?s ?p ?o }} }}"
        ),
        "unicode-escaped-keyword": f"SELECT * WHERE {{ \\u0053ERVICE <{url}> {{ ?s ?p ?o }} }}",
        "unicode-escaped-tail": f"SELECT * WHERE {{ SERVIC\\u0045 <{url}> {{ ?s ?p ?o }} }}",
        "long-unicode-escape": f"SELECT * WHERE {{ \\U00000053ERVICE <{url}> {{ ?s ?p ?o }} }}",
        "escaped-iri": f"SELECT * WHERE {{ SERVICE <{esc_url}> {{ ?s ?p ?o }} }}",
        "comment-between": f"SELECT * WHERE {{ SERVICE # a comment\n <{url}> {{ ?s ?p ?o }} }}",
        "hash-in-string-before": f'SELECT * WHERE {{ ?s ?p "#" . SERVICE <{url}> {{ ?s ?p ?o }} }}',
        "quote-in-iri-before": f"SELECT * WHERE {{ ?s <http://e/'> ?o . SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "newlines-and-tabs": f"SELECT * WHERE {{\n\tSERVICE\n\t<{url}>\n{{ ?s ?p ?o }} }}",
        "in-exists": f"SELECT * WHERE {{ ?s ?p ?o FILTER EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} LIMIT 1",
        "in-not-exists": f"ASK {{ ?s ?p ?o FILTER NOT EXISTS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        "in-optional": f"SELECT * WHERE {{ ?s ?p ?o OPTIONAL {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} LIMIT 1",
        "in-minus": f"SELECT * WHERE {{ ?s ?p ?o MINUS {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} LIMIT 1",
        "in-union": f"SELECT * WHERE {{ {{ ?s ?p ?o }} UNION {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} LIMIT 1",
        "in-graph": f"SELECT * WHERE {{ GRAPH ?g {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }}",
        "in-subquery": f"SELECT * WHERE {{ {{ SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}",
        "in-nested-subquery": (
            f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }} }} }}"
        ),
        "in-construct": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "in-ask": f"ASK {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "in-describe": f"DESCRIBE ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
        "base-relative": f"BASE <{url}> SELECT * WHERE {{ SERVICE <sparql> {{ ?s ?p ?o }} }}",
        "load": f"LOAD <{url}data.ttl>",
        "load-into": f"LOAD SILENT <{url}data.ttl> INTO GRAPH <urn:x-test:g>",
        "update-then-query": f"INSERT DATA {{ <urn:a> <urn:b> <urn:c> }} ; LOAD <{url}>",
        "lower-case-load": f"load <{url}data.ttl>",
    }


def harmless(url: str) -> dict[str, str]:
    """Queries that name ``url`` without federation: they may run, and must not reach it either."""
    return {
        "from": f"SELECT * FROM <{url}g> WHERE {{ ?s ?p ?o }} LIMIT 1",
        "from-named": f"SELECT * FROM NAMED <{url}g> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }} LIMIT 1",
        "describe-remote-iri": f"DESCRIBE <{url}x>",
        "service-in-a-string": f'SELECT * WHERE {{ ?s ?p "SERVICE <{url}> {{ ?s ?p ?o }}" }} LIMIT 1',
        "service-in-a-comment": f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT 1 # SERVICE <{url}> {{ }}",
        "service-as-a-variable": f"SELECT ?service WHERE {{ ?service ?p <{url}> }} LIMIT 1",
    }


FEDERATED = sorted(federated("http://x/"))
HARMLESS = sorted(harmless("http://x/"))


@pytest.fixture(params=["embedded", pytest.param("remote", marks=pytest.mark.slow)])
def public(request: pytest.FixtureRequest) -> TestClient:
    """The public endpoint on the embedded store and in front of a remote Oxigraph server."""
    c: TestClient = request.getfixturevalue("client" if request.param == "embedded" else "remote_client")
    return c


@pytest.mark.parametrize("case", FEDERATED)
def test_endpoint_refuses_federation(public: TestClient, listener: Listener, case: str) -> None:
    before = len(listener.hits)
    q = federated(listener.url)[case]
    for r in (public.get("/sparql", params={"query": q}), public.post("/sparql", data={"query": q})):
        assert r.status_code in (400, 403), (case, r.status_code, r.text)
    r = public.post("/sparql", content=q.encode(), headers={"Content-Type": "application/sparql-query"})
    assert r.status_code in (400, 403), (case, r.status_code, r.text)
    assert listener.hits[before:] == []


@pytest.mark.parametrize("case", HARMLESS)
def test_endpoint_runs_harmless_queries_without_reaching_out(public: TestClient, listener: Listener, case: str) -> None:
    before = len(listener.hits)
    r = public.get("/sparql", params={"query": harmless(listener.url)[case]})
    assert r.status_code == 200, (case, r.text)
    assert listener.hits[before:] == []


def test_protocol_graph_parameters_do_not_reach_out(public: TestClient, listener: Listener) -> None:
    before = len(listener.hits)
    q = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
    r = public.get("/sparql", params={"query": q, "default-graph-uri": listener.url + "g"})
    assert r.status_code in (200, 400)
    r = public.get("/sparql", params={"query": q, "named-graph-uri": listener.url + "g"})
    assert r.status_code in (200, 400)
    assert listener.hits[before:] == []


@pytest.mark.parametrize("case", FEDERATED)
def test_library_refuses_federation(store: GraphStore, listener: Listener, case: str) -> None:
    """``run_sparql`` (what ``cspgraph sparql`` runs): this process has no wall, so only the check stands."""
    before = len(listener.hits)
    with pytest.raises(QueryError):
        run_sparql(store, federated(listener.url)[case])
    assert listener.hits[before:] == []


@pytest.mark.slow
def test_command_refuses_federation(listener: Listener) -> None:
    before = len(listener.hits)
    queries = federated(listener.url)
    for case in ("plain", "empty-prefix-glued", "unicode-escaped-keyword", "in-exists", "load"):
        p = subprocess.run(
            [sys.executable, "-m", "cspgraph", "sparql", queries[case]], capture_output=True, text=True, timeout=120
        )
        assert p.returncode == 2, (case, p.stdout, p.stderr)
        assert "Traceback" not in p.stderr
    assert listener.hits[before:] == []


WALL_PROBE = textwrap.dedent(
    """
    import json, sys
    import pyoxigraph as ox
    from cspgraph.sandbox import deny_network
    queries = json.loads(sys.argv[1])
    walled = sys.argv[2] == "wall" and deny_network()
    store = ox.Store()
    outcomes = {}
    for name, q in queries.items():
        try:
            res = store.query(q)
            outcomes[name] = "ran" if isinstance(res, ox.QueryBoolean) else len(list(res))
        except Exception as e:
            outcomes[name] = type(e).__name__
    print(json.dumps({"walled": walled, "outcomes": outcomes}))
    """
)


@pytest.mark.parametrize("wall", ["wall", "no-wall"])
def test_second_wall_stops_the_engine_itself(listener: Listener, wall: str) -> None:
    """With the checker bypassed, the engine reaches the listener unless the process walled itself off."""
    queries = {k: v for k, v in federated(listener.url).items() if k in ("plain", "silent", "in-optional", "in-ask")}
    before = len(listener.hits)
    p = subprocess.run(
        [sys.executable, "-c", WALL_PROBE, json.dumps(queries), wall], capture_output=True, text=True, timeout=120
    )
    assert p.returncode == 0, p.stderr
    report = json.loads(p.stdout)
    if wall == "wall":
        assert report["walled"] is True
        assert listener.hits[before:] == []
    else:
        assert len(listener.hits) > before  # the test can fail: without the wall the engine does reach out


def test_workers_run_walled_off(client: TestClient) -> None:
    assert client.get("/health").json()["sparql_workers_without_network"] is True
