"""A store on a server that goes away, stalls or holds stale graphs: clear 503s with Retry-After, a /health that
tells the truth, a server that will not start on a dead store, and ``cspgraph load`` that makes the server equal
to the local files."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from cspgraph.api import create_app
from cspgraph.cli import main
from cspgraph.stores.remote import RemoteStore

from .conftest import OxigraphServer, settings, start_oxigraph

pytestmark = pytest.mark.slow


@pytest.fixture()
def own_server(tmp_path: Path) -> Iterator[OxigraphServer]:
    """An Oxigraph server of this test's own, which the test may pause or kill."""
    server = start_oxigraph(tmp_path / "db")
    try:
        yield server
    finally:
        if server.proc.poll() is None:
            os.kill(server.proc.pid, signal.SIGCONT)
        server.stop()


def test_a_stalled_then_dead_store_gives_503s(own_server: OxigraphServer) -> None:
    s = settings(store=own_server.url, store_timeout=2.0, page_cache=0)
    with TestClient(create_app(s), raise_server_exceptions=False) as c:
        assert c.get("/health").json()["store_reachable"] is True
        assert c.get("/doc/id/csp/E22000365.ttl").status_code == 200
        os.kill(own_server.proc.pid, signal.SIGSTOP)  # the store stalls
        start = time.monotonic()
        r = c.get("/doc/id/csp/E22000027.ttl")
        assert r.status_code == 503 and r.headers["retry-after"] and time.monotonic() - start < 10
        assert r.headers["content-type"] == "application/problem+json"
        h = c.get("/health")
        assert h.status_code == 503 and h.json()["store_reachable"] is False
        r = c.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
        assert r.status_code == 503
        os.kill(own_server.proc.pid, signal.SIGCONT)  # it comes back
        assert c.get("/health").status_code == 200
        own_server.proc.kill()  # it dies
        own_server.proc.wait(10)
        r = c.get("/doc/id/csp/E22000028.ttl")
        assert r.status_code == 503 and "not reachable" in r.json()["detail"]
        assert c.get("/health").status_code == 503


def test_serve_refuses_to_start_on_a_dead_store(capsys: pytest.CaptureFixture[str]) -> None:
    from devkit.loopback import free_port

    assert main(["serve", "--store", f"http://127.0.0.1:{free_port()}"]) == 2
    err = capsys.readouterr().err
    assert "not reachable" in err and "start the SPARQL server" in err and "Traceback" not in err


def test_load_removes_stale_graphs_and_verifies(own_server: OxigraphServer, capsys: pytest.CaptureFixture[str]) -> None:
    remote = RemoteStore(own_server.url)
    stale = "https://w3id.org/cspgraph/graph/seed/a-document-since-removed"
    remote._gsp("PUT", stale, b"<urn:x:a> <urn:x:b> <urn:x:c> .\n", "application/n-triples", "test")
    foreign = "urn:x-someone-else:graph"
    remote._gsp("PUT", foreign, b"<urn:x:a> <urn:x:b> <urn:x:c> .\n", "application/n-triples", "test")
    assert stale in remote.graph_counts()
    assert main(["load", "--store", own_server.url]) == 0
    counts = remote.graph_counts()
    assert stale not in counts  # a graph of the dataset's namespace that the files no longer have is gone
    assert foreign in counts  # graphs that are not the dataset's are left alone
    remote.close()
