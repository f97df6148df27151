"""Where the server reads its pages from (``--pages-store``): a copy in memory, or the shared read-only on-disk store.

Both apps serve the project's dataset (no store given), each with its own empty store cache; ``auto`` with a
threshold of 0 MiB stands for a dataset too large to keep in memory.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from rdflib import Graph
from rdflib.compare import isomorphic

from cspgraph.api import create_app
from cspgraph.api.state import choose_pages_store
from cspgraph.cli import main
from cspgraph.errors import InputError
from cspgraph.merger import check_merger
from cspgraph.stores import GraphStore

from .conftest import settings

CLEVELAND = ["E22000027", "E22000028", "E22000029", "E22000030"]


def _statements(html: str) -> tuple[Counter[str], Counter[str], Graph]:
    """What a page says, in any order: its links (target and label), its pieces of text and its JSON-LD graph."""
    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    graph = Graph()
    for data in scripts:
        graph.parse(data=data, format="json-ld")
    html = re.sub(r"<script[^>]*>.*?</script>", "", html, flags=re.S)
    links = Counter(re.findall(r"<a [^>]*>[^<]*</a>", html))
    texts = Counter(t.strip(" ;,\n") for t in re.findall(r">([^<]+)<", html))
    return links, texts, graph


def _app(tmp: Path, **kw: object) -> Iterator[TestClient]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CSPGRAPH_CACHE_DIR", str(tmp))
        with TestClient(create_app(settings(sparql_workers=1, **kw))) as c:
            yield c


@pytest.fixture(scope="module")
def in_memory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    yield from _app(tmp_path_factory.mktemp("cache-memory"))  # auto, the default threshold


@pytest.fixture(scope="module")
def on_disk(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    yield from _app(tmp_path_factory.mktemp("cache-disk"), pages_store_max_mb=0.0)  # auto, above the threshold


def test_auto_keeps_the_real_dataset_in_memory_and_a_large_one_on_disk() -> None:
    mode, mib = choose_pages_store(settings(), default_dataset=True)
    assert mode == "memory" and 0 < mib < settings().pages_store_max_mb
    assert choose_pages_store(settings(pages_store_max_mb=mib / 2), default_dataset=True) == ("disk", mib)
    assert choose_pages_store(settings(pages_store="disk"), default_dataset=True)[0] == "disk"
    assert choose_pages_store(settings(pages_store="memory", pages_store_max_mb=0.0), default_dataset=True)[0] == (
        "memory"
    )
    # a store the app is given, or on a SPARQL server, is the only one there is
    assert choose_pages_store(settings(pages_store="disk"), default_dataset=False)[0] == "memory"


def test_health_says_which_store_pages_come_from(in_memory: TestClient, on_disk: TestClient) -> None:
    assert in_memory.get("/health").json()["pages_store"] == "memory"
    assert on_disk.get("/health").json()["pages_store"] == "disk"
    assert on_disk.app.state.store.read_only  # type: ignore[attr-defined]
    assert in_memory.get("/health").json()["quads"] == on_disk.get("/health").json()["quads"]


def test_a_turtle_document_has_the_same_statements(in_memory: TestClient, on_disk: TestClient) -> None:
    for path in ("/doc/id/csp/E22000027.ttl", "/doc/id/police-force-area/E23000013.ttl"):
        mem, disk = in_memory.get(path), on_disk.get(path)
        assert mem.status_code == disk.status_code == 200
        assert isomorphic(Graph().parse(data=mem.text, format="turtle"), Graph().parse(data=disk.text, format="turtle"))
        # the bytes may differ (statement order), so the same ETag must not name both
        assert mem.headers["etag"] != disk.headers["etag"]


def test_a_page_says_the_same(in_memory: TestClient, on_disk: TestClient) -> None:
    mem, disk = in_memory.get("/doc/id/csp/E22000027"), on_disk.get("/doc/id/csp/E22000027")
    assert mem.status_code == disk.status_code == 200
    assert "Cleveland" in mem.text
    (mem_links, mem_texts, mem_graph), (disk_links, disk_texts, disk_graph) = map(_statements, (mem.text, disk.text))
    assert mem_links == disk_links and mem_texts == disk_texts
    assert len(mem_graph) > 10 and isomorphic(mem_graph, disk_graph)


def test_the_merger_check_answers_the_same(in_memory: TestClient, on_disk: TestClient, store: GraphStore) -> None:
    expected = check_merger(store, CLEVELAND).to_json()
    for client in (in_memory, on_disk):
        r = client.post("/api/merger", json={"csps": CLEVELAND})
        assert r.status_code == 200 and r.json() == expected
    as_of = [
        c.post("/api/merger", params={"as_of": "2016-01-01"}, json={"csps": CLEVELAND}) for c in (in_memory, on_disk)
    ]
    assert as_of[0].status_code == 200 and as_of[0].json() == as_of[1].json()


def test_a_scenario_check_answers_the_same(in_memory: TestClient, on_disk: TestClient) -> None:
    path, params = "/api/scenario/mayor-2027-cheshire-and-warrington", {"area": "E23000006"}
    mem, disk = in_memory.get(path, params=params), on_disk.get(path, params=params)
    assert mem.status_code == disk.status_code == 200
    assert [i["rule"] for i in disk.json()["proposal_must_change"]] == ["s107F"]
    assert mem.json() == disk.json()


def test_search_answers_the_same(in_memory: TestClient, on_disk: TestClient) -> None:
    mem, disk = (c.get("/api/search", params={"q": "Cleveland", "limit": 50}) for c in (in_memory, on_disk))
    assert mem.status_code == disk.status_code == 200
    assert "https://w3id.org/cspgraph/id/police-force-area/E23000013" in {r["uri"] for r in mem.json()["results"]}
    assert mem.json() == disk.json()


def test_a_bad_pages_store_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--pages-store", "fast"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "--pages-store 'fast'" in err and "auto, memory, disk" in err
    with pytest.raises(InputError, match="use auto, memory, disk"):
        choose_pages_store(settings(pages_store="fast"), default_dataset=True)
