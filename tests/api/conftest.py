"""Fixtures for the server tests: the app on the embedded store, a real uvicorn server on a loopback port, and a
real Oxigraph server (the ``oxigraph`` package) holding the same dataset, with the app in front of it."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from devkit.loopback import ThreadServer as LiveServer
from devkit.loopback import free_port
from fastapi.testclient import TestClient

from cspgraph.api import create_app
from cspgraph.config import Settings
from cspgraph.stores import GraphStore


def settings(**kw: object) -> Settings:
    base = {"query_timeout": 10.0, "result_limit": 10000, "sparql_workers": 2, "store": "oxigraph"}
    base.update(kw)
    return Settings(**base)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def client(store: GraphStore) -> Iterator[TestClient]:
    """The app on the embedded store (the whole dataset)."""
    with TestClient(create_app(settings(), store=store)) as c:
        yield c


@pytest.fixture(scope="session")
def live(store: GraphStore) -> Iterator[LiveServer]:
    """A real uvicorn server on 127.0.0.1 with a 1-second SPARQL time limit."""
    server = LiveServer(create_app(settings(query_timeout=1.0), store=store)).start()
    yield server
    server.stop()


def oxigraph_binary() -> str | None:
    local = Path(sys.executable).parent / "oxigraph"
    return str(local) if local.exists() else shutil.which("oxigraph")


class OxigraphServer:
    """A real Oxigraph server (the ``oxigraph`` package) on a loopback port, holding the dataset."""

    def __init__(self, binary: str, location: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [binary, "serve", "--location", str(location), "--bind", f"127.0.0.1:{self.port}", "--union-default-graph"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def wait(self, timeout: float = 60) -> OxigraphServer:
        deadline = time.monotonic() + timeout
        while True:
            try:
                httpx.get(self.url + "/query", params={"query": "ASK {}"}, timeout=2)
                return self
            except httpx.HTTPError:
                if time.monotonic() > deadline or self.proc.poll() is not None:
                    raise RuntimeError("the oxigraph server did not start") from None
                time.sleep(0.2)

    def load(self) -> OxigraphServer:
        from cspgraph.stores.remote import RemoteStore

        remote = RemoteStore(self.url)
        remote.push_dataset()
        remote.close()
        return self

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()


def start_oxigraph(location: Path) -> OxigraphServer:
    binary = oxigraph_binary()
    if binary is None:
        pytest.skip("the oxigraph server binary is not installed (pip install oxigraph; it is in the dev extra)")
    return OxigraphServer(binary, location).wait().load()


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Oxigraph server on a loopback port, loaded with the dataset by ``RemoteStore.push_dataset``."""
    server = start_oxigraph(tmp_path_factory.mktemp("oxigraph"))
    try:
        yield server.url
    finally:
        server.stop()


@pytest.fixture(scope="session")
def remote_client(oxigraph_server: str) -> Iterator[TestClient]:
    """The app in front of the Oxigraph server (``--store URL``)."""
    with TestClient(create_app(settings(store=oxigraph_server))) as c:
        yield c


@pytest.fixture(params=["embedded", pytest.param("remote", marks=pytest.mark.slow)])
def any_client(request: pytest.FixtureRequest) -> TestClient:
    """The same API tests on the embedded store and on the Oxigraph server."""
    name = "client" if request.param == "embedded" else "remote_client"
    c: TestClient = request.getfixturevalue(name)
    return c


class Listener:
    """A TCP listener on a loopback port that records every connection made to it (and answers 404)."""

    def __init__(self) -> None:
        import socket
        import threading

        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port: int = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self.hits: list[bytes] = []
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(2)
                try:
                    self.hits.append(conn.recv(4096))
                    conn.sendall(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                except OSError:
                    self.hits.append(b"")

    def close(self) -> None:
        self.sock.close()


@pytest.fixture(scope="session")
def listener() -> Iterator[Listener]:
    """A loopback listener that no public query may ever reach (the tests assert it saw nothing)."""
    lst = Listener()
    yield lst
    lst.close()
