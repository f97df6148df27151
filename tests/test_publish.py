"""Static publishing: the published tree behind the real nginx answers as the app does.

The resources of one police force area (Durham, E23000008: its police force area, local policing body, chief
officer, panel, force and office, with their dated predecessors), the Safer Durham Partnership and County Durham
Council, an ontology term and a seed document's graph are published; nginx from Debian is started on a free
loopback port with the generated configuration, and every URI is asked of both with several Accept headers. Status,
body bytes and the headers a client acts on must be the same.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from rdflib import Graph, URIRef

from cspgraph.api import conneg
from cspgraph.api.app import create_app
from cspgraph.api.limits import SECURITY_HEADERS
from cspgraph.config import Settings
from cspgraph.errors import InputError
from cspgraph.namespaces import GRAPH
from cspgraph.publish import check_base_url, check_listen, publish
from cspgraph.publish.walk import resource_paths
from cspgraph.stores import GraphStore, OxigraphStore

BASE = "https://w3id.org/cspgraph/"
#: one police force area, by its GSS code (README: id/police-force-area/E23000008)
AREA = "E23000008"
NAMED = [
    "id/csp/E22000365",  # Safer Durham Partnership
    "id/council/E06000047",  # County Durham
    "id/fire-and-rescue-authority/E31000013",
    "def/CommunitySafetyPartnership",
    "def/",  # the ontology's namespace
    "def/ChangeStatus",  # a class, and a property whose name differs only in case
    "def/changeStatus",
]
ACCEPTS: list[str | None] = [
    None,
    "text/html",
    "text/turtle",
    "application/ld+json",
    "application/n-triples",
    "*/*",
    "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "application/ld+json;q=0.8, text/html;q=0.2",  # not listed exactly: the regular expressions choose
    "image/png",
]
#: the headers compared (besides the status and the body)
HEADERS = (
    "content-type",
    "location",
    "vary",
    "cache-control",
    "etag",
    "last-modified",
    "content-location",
    "content-disposition",
    "access-control-allow-origin",
    "access-control-expose-headers",
    *(k.decode() for k, _ in SECURITY_HEADERS),
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _subset(store: GraphStore) -> list[str]:
    paths = resource_paths(store, BASE, tuple(conneg.PAGE_FORMATS)).paths
    area = [p for p in paths if p.split("/")[2:3] == [AREA]]
    seed = [p for p in paths if p.startswith("graph/seed/")][:1]
    assert len(area) >= 6 and seed, "the dataset should hold the Durham police bodies and a seed document's graph"
    return area + NAMED + seed


@pytest.fixture(scope="module")
def nginx_bin() -> str:
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
    if found is None:
        pytest.skip("nginx is not installed (make webserver installs Debian's nginx-light)")
    return found


@pytest.fixture(scope="module")
def app_client(store: GraphStore) -> Iterator[Any]:
    from fastapi.testclient import TestClient

    with TestClient(create_app(Settings(sparql_workers=1), store)) as client:
        del client.headers["accept"]
        yield client


@pytest.fixture(scope="module")
def published(
    tmp_path_factory: pytest.TempPathFactory, store: GraphStore, app_client: Any
) -> tuple[Path, list[str], int]:
    out = tmp_path_factory.mktemp("published") / "site-out"
    port = _free_port()
    only = _subset(store)
    # the app the answers are compared with is the one copied: its ETags hold for one run of the app
    publish(out, base_url="http://testserver/", listen=f"127.0.0.1:{port}", only=only, client=app_client)
    return out, only, port


@pytest.fixture(scope="module")
def server(published: tuple[Path, list[str], int], nginx_bin: str) -> Iterator[httpx.Client]:
    out, _, port = published
    globals_ = "daemon off;" + (" user root;" if os.geteuid() == 0 else "")
    cmd = [nginx_bin, "-e", "stderr", "-p", str(out), "-c", "nginx/nginx.conf", "-g", globals_]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    output = proc.stdout.read().decode() if proc.stdout else ""
                    pytest.fail(f"nginx did not start: {output}")
                time.sleep(0.1)
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
            del client.headers["accept"]
            yield client
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _get(client: Any, url: str, accept: str | None, **headers: str) -> Any:
    if accept is not None:
        headers["Accept"] = accept
    return client.get(url, headers=headers, follow_redirects=False)


def _same(app: Any, web: Any, url: str, accept: str | None, **headers: str) -> None:
    a = _get(app, url, accept, **headers)
    w = _get(web, url, accept, **headers)
    where = f"{url} (Accept: {accept})"
    assert w.status_code == a.status_code, where
    if a.status_code == 404:
        return  # the app's 404 page suggests near matches; nginx says only that there is nothing
    assert w.content == a.content, where
    for h in HEADERS:
        assert w.headers.get(h) == a.headers.get(h), f"{where}: {h}"


@pytest.mark.slow
def test_resources_answer_as_the_app(published: Any, server: httpx.Client, app_client: Any) -> None:
    _, only, _ = published
    for path in only:
        for accept in ACCEPTS:
            _same(app_client, server, f"/{path}", accept)
            _same(app_client, server, f"/doc/{path}", accept)
        for fmt in conneg.PAGE_FORMATS:
            _same(app_client, server, f"/doc/{path}.{fmt}", "image/png")


@pytest.mark.slow
def test_format_parameter_answers_as_the_app(server: httpx.Client, app_client: Any) -> None:
    values = ["ttl", "JSONLD", "html", "nt", "rdf", "turtle", "text/turtle", "text%2Fturtle", "application%2Fld%2Bjson"]
    for value in [*values, "bogus", ""]:
        for url in ["/id/csp/E22000365", "/doc/id/csp/E22000365", "/doc/id/csp/E22000365.nt", "/.well-known/void"]:
            for accept in ["text/html", None, "image/png"]:
                _same(app_client, server, f"{url}?format={value}", accept)


@pytest.mark.slow
def test_site_pages_answer_as_the_app(server: httpx.Client, app_client: Any) -> None:
    for url in ["/", "/dumps", "/sitemap.xml", "/robots.txt", "/static/style.css", "/static/map.js"]:
        _same(app_client, server, url, None)
    for name in ["cspgraph.ttl", "cspgraph.nt.gz", "cspgraph.nq.gz", "cspgraph.jsonld"]:
        _same(app_client, server, f"/dumps/{name}", None)
    for accept in ACCEPTS:
        _same(app_client, server, "/.well-known/void", accept)
    for url in ["/id/csp/E22000365", "/doc/id/csp/E22000365", "/doc/id/csp/E22000365.ttl", "/", "/.well-known/void"]:
        _same(app_client, server, url, "text/turtle", Origin="https://elsewhere.example")
    for url in ["/id/csp/E99999999", "/doc/id/csp/E99999999", "/nothing/here", "/.see-other", "/.well-known/void.ttl"]:
        _same(app_client, server, url, "text/turtle")


@pytest.mark.slow
def test_conditional_requests_answer_as_the_app(server: httpx.Client, app_client: Any) -> None:
    for url in ["/doc/id/csp/E22000365.ttl", "/doc/id/csp/E22000365.html", "/", "/static/style.css"]:
        etag = _get(app_client, url, None).headers["etag"]
        a = _get(app_client, url, None, **{"If-None-Match": etag})
        w = _get(server, url, None, **{"If-None-Match": etag})
        assert (w.status_code, w.headers.get("etag")) == (a.status_code, a.headers.get("etag")) == (304, etag), url
    negotiated = _get(app_client, "/doc/id/csp/E22000365", "text/turtle")
    w = _get(server, "/doc/id/csp/E22000365", "text/turtle", **{"If-None-Match": negotiated.headers["etag"]})
    assert w.status_code == 304


def test_full_publish_writes_every_resource_in_every_format(tmp_path: Path, store: GraphStore) -> None:
    """A small dataset published whole: one file per resource (every IRI under the base in a statement) per
    format; the resources are counted here from the triples, not by the publisher's query."""
    small = OxigraphStore()
    g = Graph()
    for path in ("id/csp/E22000365", "id/police-force-area/E23000008"):
        g += store.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", {"s": URIRef(BASE + path)})
    small.add_graph(g, str(GRAPH["landscape"]))
    expected = {
        str(t)[len(BASE) :]
        for triple in g
        for t in (triple[0], triple[2])
        if isinstance(t, URIRef)
        and str(t).startswith(BASE)
        and str(t)[len(BASE) :].split("/")[0] in ("id", "def", "graph")
    }
    out = tmp_path / "out"
    result = publish(out, store=small)
    written = {p.relative_to(out / "site" / "doc").as_posix() for p in (out / "site" / "doc").rglob("*") if p.is_file()}
    assert written == {f"{p}.{fmt}" for p in expected for fmt in conneg.PAGE_FORMATS}
    assert result.resources == len(expected)
    assert (out / "nginx" / "nginx.conf").is_file() and (out / "site" / "sitemap.xml").is_file()


def test_output_is_refused_unless_new_or_forced(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("mine")
    with pytest.raises(InputError, match="not empty"):
        publish(tmp_path / "out")
    assert (tmp_path / "out" / "keep.txt").read_text() == "mine"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "no temporary folder is left behind"


def test_bad_addresses_are_refused() -> None:
    with pytest.raises(InputError, match="--base-url"):
        check_base_url("https://example.org/cspgraph/")
    with pytest.raises(InputError, match="--base-url"):
        check_base_url("ftp://example.org/")
    with pytest.raises(InputError, match="--listen"):
        check_listen("127.0.0.1:80; evil")
    assert check_listen("[::1]:8080") == "[::1]:8080"


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--base-url", "https://example.org/cspgraph/"], "--base-url"),
        (["--listen", "localhost:80;"], "--listen"),
    ],
)
def test_cli_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], says: str
) -> None:
    from cspgraph.cli import main

    assert main(["publish", "-o", str(tmp_path / "out"), *args]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and says in err[0] and "Traceback" not in err[0]
    assert not (tmp_path / "out").exists()


def test_every_resource_of_the_dataset_has_a_file_name(store: GraphStore) -> None:
    walk = resource_paths(store, BASE, tuple(conneg.PAGE_FORMATS))
    assert walk.skipped == []
    assert "id/csp/E22000365" in walk.paths and "id/police-force-area/E23000008" in walk.paths
