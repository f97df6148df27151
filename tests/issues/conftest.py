"""Fixtures for the regression tests of each issue."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from cspgraph.api import create_app
from cspgraph.config import Settings
from cspgraph.stores import GraphStore


@pytest.fixture(scope="module")
def app_client(store: GraphStore) -> Iterator[TestClient]:
    """The app on the embedded store, with its lifespan (the SPARQL workers) running."""
    with TestClient(create_app(Settings(sparql_workers=1), store=store), raise_server_exceptions=False) as c:
        yield c
