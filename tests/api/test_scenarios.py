"""Reform scenarios over HTTP: POST /api/scenario returns the CLI's report JSON; the pages list and render them."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from cspgraph.scenario import FORMAT, check_scenario, load
from cspgraph.stores import GraphStore

CUMBRIA = {
    "format": FORMAT,
    "name": "cumbria-mayor",
    "date": "2027-05-01",
    "status": "proposed",
    "changes": [
        {"op": "create", "id": "local-policing-body/cumbria-mayor", "kind": "mayor", "label": "Mayor of Cumbria",
         "authority": "combined-authority/cumbria-combined-authority"},
        {"op": "transfer-role", "role": "local-policing-body", "area": "E23000002",
         "to": "local-policing-body/cumbria-mayor"},
    ],
}  # fmt: skip


def test_api_returns_the_library_report(client: TestClient, store: GraphStore) -> None:
    from cspgraph.scenario import parse

    r = client.post("/api/scenario", json=CUMBRIA)
    assert r.status_code == 200
    assert r.json() == check_scenario(store, parse(CUMBRIA)).to_json()
    assert r.json()["allowed"] is True


def test_api_shipped_scenario_filtered_by_area(client: TestClient, store: GraphStore) -> None:
    r = client.get("/api/scenario/mayor-2027-cheshire-and-warrington", params={"area": "E23000006"})
    assert r.status_code == 200 and r.json()["allowed"] is False
    assert [i["rule"] for i in r.json()["proposal_must_change"]] == ["s107F"]


def test_api_bad_input_is_a_problem_not_a_500(client: TestClient) -> None:
    for body in (
        {"format": "nope"},
        {**CUMBRIA, "date": "soon"},
        {**CUMBRIA, "changes": [{"op": "end", "body": "x/y"}]},
    ):
        r = client.post("/api/scenario", json=body)
        assert r.status_code in (400, 404, 422), r.text
        assert r.headers["content-type"].startswith("application/problem+json")
    too_many = {**CUMBRIA, "changes": [CUMBRIA["changes"][0]] * 401}
    assert client.post("/api/scenario", json=too_many).status_code == 413
    assert client.get("/api/scenario/no-such-scenario").status_code == 404


def test_pages(client: TestClient) -> None:
    r = client.get("/scenarios")
    assert r.status_code == 200 and "pcc-abolition-2028" in r.text and "surrey-2027" in r.text
    r = client.get("/scenarios/mayor-2027-cumbria", params={"area": "E23000002"})
    assert r.status_code == 200
    assert "Cumbria police force area" in r.text and "Before and after" in r.text
    r = client.post("/scenarios", data={"text": json.dumps(CUMBRIA)})
    assert r.status_code == 200 and "Nothing in the scenario itself must change" in r.text
    r = client.post("/scenarios", data={"text": "{not json"})
    assert r.status_code == 400 and "not JSON" in r.text
    assert client.get("/scenarios/../../etc/passwd").status_code == 404


def test_shipped_names_only(client: TestClient) -> None:
    assert load("surrey-2027").name == "surrey-2027"
    r = client.get("/scenarios/surrey-2027.json")
    assert r.status_code == 404
