"""The application factory: health and home page."""

from __future__ import annotations

from fastapi.testclient import TestClient

from cspgraph.api import create_app
from cspgraph.stores import GraphStore


def test_health(store: GraphStore) -> None:
    with TestClient(create_app(store=store)) as client:
        r = client.get("/health")
        assert r.status_code == 200
        assert r.json()["quads"] == len(store)


def test_home_shows_counts(store: GraphStore) -> None:
    with TestClient(create_app(store=store)) as client:
        r = client.get("/")
        assert r.status_code == 200
        assert "CommunitySafetyPartnership" in r.text and "314" in r.text
