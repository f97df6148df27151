"""The public server under abuse: security headers, limits on everything a stranger can send, a worker pool that
recovers and tells the truth, workers that die with their server, and no 500 for bad input."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient

from cspgraph.api import create_app
from cspgraph.stores import GraphStore

from .conftest import settings

PAGES = ["/", "/health", "/doc/id/csp/E22000365", "/sparql", "/static/style.css", "/no/such/page", "/docs"]


@pytest.mark.parametrize("path", PAGES)
def test_security_headers_on_every_response(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    assert r.headers["x-frame-options"] == "DENY"
    assert r.headers["referrer-policy"] == "no-referrer"


def test_if_none_match_star_is_not_a_304_for_nothing(client: TestClient) -> None:
    r = client.get("/doc/id/csp/E22999999.ttl", headers={"If-None-Match": "*"})
    assert r.status_code == 404
    r = client.get("/doc/id/csp/E22000365.ttl", headers={"If-None-Match": "*"})
    assert r.status_code == 304


@pytest.fixture(scope="module")
def small(store: GraphStore) -> Iterator[TestClient]:
    """The app with small limits."""
    s = settings(max_body=2000, query_max_chars=1500, client_concurrency=1, sparql_workers=1)
    with TestClient(create_app(s, store=store), raise_server_exceptions=False) as c:
        yield c


def test_body_limit(small: TestClient) -> None:
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 3000
    r = small.post("/sparql", content=big, headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413 and r.headers["content-type"] == "application/problem+json"
    r = small.post("/api/merger", json={"csps": ["E22000027"] * 400})
    assert r.status_code == 413


def test_query_length_and_nesting_limits(small: TestClient) -> None:
    r = small.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } #" + "x" * 1600})
    assert r.status_code == 413 and "1,500" in r.json()["detail"]
    deep = "SELECT * WHERE " + "{" * 200 + " ?s ?p ?o " + "}" * 200
    r = small.get("/sparql", params={"query": deep})
    assert r.status_code == 413 and "nests" in r.json()["detail"]


def test_a_huge_deeply_nested_query_is_refused_quickly(client: TestClient) -> None:
    deep = "SELECT * WHERE " + "{" * 20000 + "}" * 20000
    r = client.post("/sparql", content=deep, headers={"Content-Type": "application/sparql-query"})
    assert r.status_code == 413  # refused (too long, too deep) before any parser sees it
    assert client.get("/health").json()["sparql"]["alive"] >= 1  # no worker crashed


def test_answer_bytes_limit(store: GraphStore) -> None:
    big = 'SELECT (CONCAT(STR(?s), STR(?p), STR(?o), "{}") AS ?x) WHERE {{ ?s ?p ?o }}'.format("x" * 2000)
    with TestClient(create_app(settings(result_max_bytes=200_000, sparql_workers=1), store=store)) as c:
        r = c.get("/sparql", params={"query": big})
        assert r.status_code == 413 and "MB" in r.json()["detail"]


def test_bad_protocol_graph_iri_is_a_400(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": "ASK {}", "default-graph-uri": "a b"})
    assert r.status_code == 400 and r.headers["content-type"] == "application/problem+json"


def test_a_huge_unicode_escape_is_a_400(client: TestClient) -> None:
    r = client.get("/sparql", params={"query": 'SELECT * WHERE { ?s ?p "\\UFFFFFFFF" }'})
    assert r.status_code == 400


def test_a_killed_worker_is_replaced_and_health_tells(store: GraphStore) -> None:
    with TestClient(create_app(settings(sparql_workers=1), store=store)) as c:
        pool = c.app.state.dataset.pool  # type: ignore[attr-defined]
        (worker,) = list(pool._all)
        worker.proc.kill()
        worker.proc.wait(5)
        assert c.get("/health").json()["sparql"]["alive"] == 0
        assert c.get("/health").status_code == 503
        r = c.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})  # the dead worker is found and replaced
        assert r.status_code in (200, 503)
        deadline = time.monotonic() + 60
        while c.get("/health").json()["sparql"]["alive"] < 1 and time.monotonic() < deadline:
            time.sleep(0.2)
        h = c.get("/health").json()
        assert h["status"] == "ok" and h["sparql"]["alive"] == 1 and h["sparql"]["without_network"] is True
        assert c.get("/sparql", params={"query": "ASK { ?s ?p ?o }"}).json()["boolean"] is True


SERVER = textwrap.dedent(
    """
    import sys, time
    sys.path.insert(0, sys.argv[2])
    from devkit.loopback import ThreadServer
    from cspgraph.api import create_app
    from cspgraph.config import Settings
    srv = ThreadServer(create_app(Settings(sparql_workers=2, query_timeout=60))).start()
    print(srv.url, flush=True)
    time.sleep(600)
    """
)


def _children(pid: int) -> set[int]:
    out = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
                if int(fields[1]) == pid:
                    out.add(int(entry))
            except OSError:
                continue
    return out


@pytest.mark.slow
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux only")
def test_workers_die_with_their_server(tmp_path: object) -> None:
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    proc = subprocess.Popen([sys.executable, "-c", SERVER, "x", root], stdout=subprocess.PIPE, text=True)
    try:
        url = proc.stdout.readline().strip()  # type: ignore[union-attr]
        assert url.startswith("http://127.0.0.1:")
        workers = _children(proc.pid)
        assert len(workers) == 2
        slow = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
        with pytest.raises(httpx.HTTPError):
            httpx.get(url + "/sparql", params={"query": slow}, timeout=1.0)  # a worker is now busy with it
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
        deadline = time.monotonic() + 10
        while any(os.path.exists(f"/proc/{w}") and _state(w) != "Z" for w in workers):
            assert time.monotonic() < deadline, "a worker outlived its server"
            time.sleep(0.1)
    finally:
        if proc.poll() is None:
            proc.kill()


def _state(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/stat") as fh:
            return fh.read().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "gone"


@pytest.mark.parametrize("name", ["/etc/passwd", "../../etc/passwd", "/nonexistent", "pyproject.toml", "nope"])
def test_scenarios_are_served_by_name_only(client: TestClient, name: str) -> None:
    r = client.get("/merger", params={"scenario": name})
    assert r.status_code == 404
    assert "no shipped scenario" in r.text and "root:" not in r.text
    shipped = client.get("/merger", params={"scenario": "cleveland-single-csp"})
    assert shipped.status_code == 200 and "E22000027" in shipped.text


def test_a_dataset_without_map_files_still_serves_every_page(
    store: GraphStore, tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A dataset built without the boundary files (a synthetic one, or no --reference) has no data/maps/: the pages
    that draw maps answer 200, and the map page says why it draws nothing."""
    from cspgraph import mapsvg

    monkeypatch.setattr(mapsvg.resources, "data_dir", lambda: tmp_path)
    with TestClient(create_app(settings(), store=store), raise_server_exceptions=False) as c:
        for path in [
            "/",
            "/map",
            "/map?layer=district",
            "/doc/id/csp/E22000365",
            "/doc/id/police-force-area/E23000008",
        ]:
            r = c.get(path, headers={"accept": "text/html"})
            assert r.status_code == 200, path
        assert "has no boundaries for this layer" in c.get("/map", headers={"accept": "text/html"}).text


def test_an_unexpected_fault_is_a_problem_without_a_traceback(
    store: GraphStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cspgraph import mapsvg

    def broken(folder: object = None) -> dict[str, object]:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(mapsvg, "load_layers", broken)
    with TestClient(create_app(settings(), store=store), raise_server_exceptions=False) as c:
        r = c.get("/map", headers={"accept": "application/json"})
    assert r.status_code == 500
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["status"] == 500 and "secret" not in r.text and "Traceback" not in r.text
