"""Session fixtures: the dataset in the embedded store and in rdflib, the shared folder when present, and for the
browser tests the whole app on a loopback port and Debian's Chromium."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cspgraph import resources
from cspgraph.stores import GraphStore, open_store

SHARED = resources.root().parent / "shared"


@pytest.fixture(scope="session")
def store() -> GraphStore:
    """The whole dataset (ontology, data, shapes) in the embedded Oxigraph store."""
    return open_store("oxigraph")


@pytest.fixture(scope="session")
def rdflib_store() -> GraphStore:
    """The same dataset in rdflib's in-memory engine."""
    return open_store("rdflib")


@pytest.fixture(scope="session")
def reference_dir() -> Path:
    """../shared/reference; tests that need it skip when it is absent."""
    d = resources.default_reference_dir()
    if not (d / "geographr_lookup_ltla24_csp24_pfa24.csv").is_file():
        pytest.skip(f"reference data not found at {d} (tests of the build need ../shared beside the checkout)")
    return d


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    d = resources.default_seeds_dir()
    if not d.is_dir():
        pytest.skip(f"seed documents not found at {d} (needs ../shared beside the checkout)")
    return d


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-snapshots",
        action="store_true",
        default=False,
        help="rewrite the golden files in tests/__snapshots__ instead of comparing with them",
    )


@pytest.fixture(scope="session")
def update_snapshots(request: pytest.FixtureRequest) -> bool:
    """True when pytest runs with --update-snapshots."""
    return bool(request.config.getoption("--update-snapshots"))


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    """The whole app, as ``cspgraph serve`` runs it (one SPARQL worker), under uvicorn on a loopback port."""
    from devkit.loopback import ThreadServer

    from cspgraph.api.app import create_app
    from cspgraph.config import Settings

    srv = ThreadServer(create_app(Settings(sparql_workers=1))).start()
    yield srv.url
    srv.stop()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Debian's Chromium, headless and offline, driven by Playwright."""
    from devkit.browser import CHROMIUM, CHROMIUM_ARGS

    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is not installed (make browser installs it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed (pip install -e .[dev])")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()
