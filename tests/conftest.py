"""Session fixtures: the dataset in the embedded store and in rdflib, and the shared folder when present."""

from __future__ import annotations

from pathlib import Path

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
