"""The merger check over HTTP: POST /api/merger returns the CLI's report JSON; GET/POST /merger is a form."""

from __future__ import annotations

from fastapi.testclient import TestClient

from cspgraph.merger import check_merger
from cspgraph.stores import GraphStore

CLEVELAND = ["E22000027", "E22000028", "E22000029", "E22000030"]
ID = "https://w3id.org/cspgraph/id/"


def test_api_returns_the_library_report(client: TestClient, store: GraphStore) -> None:
    r = client.post("/api/merger", json={"csps": CLEVELAND})
    assert r.status_code == 200
    data = r.json()
    assert data == check_merger(store, CLEVELAND).to_json()
    assert data["allowed"] is True
    assert f"{ID}local-policing-body/E23000013" in {p["uri"] for p in data["requiredParties"]}


def test_api_not_allowed_and_parties(client: TestClient) -> None:
    r = client.post("/api/merger", json={"csps": ["W14000001", "W14000002"]})
    assert r.status_code == 200 and r.json()["allowed"] is False
    r = client.post(
        "/api/merger",
        json={
            "csps": ["E22000030", "E22000072"],
            "parties": ["E06000004", "E06000005"],
            "cooperation_arrangements": False,
        },
    )
    data = r.json()
    assert data["allowed"] is False
    rules = {v["sourceShape"].rsplit("/", 1)[-1] for v in data["violations"]}
    assert {
        "CombinationAgreementShape-party-secretaryOfState",
        "CombinationAgreementShape-cooperationArrangements",
    } <= rules


def test_api_names_a_party_from_outside_the_neighbourhood(client: TestClient) -> None:
    r = client.post("/api/merger", json={"csps": CLEVELAND, "parties": ["Durham County Council"]})
    (extra,) = r.json()["extraParties"]
    assert (extra["name"], extra["code"]) == ("Durham County Council", "E06000047")


def test_api_bad_input_is_a_problem_naming_the_code(client: TestClient) -> None:
    r = client.post("/api/merger", json={"csps": ["E22000027", "E06000001"]})
    assert r.status_code == 400
    assert r.headers["content-type"].startswith("application/problem+json")
    assert "E06000001" in r.json()["detail"] and "E22000027" in r.json()["detail"]
    r = client.post("/api/merger", json={"csps": ["E22000027"]})
    assert r.status_code == 400 and "at least 2" in r.json()["detail"]
    r = client.post("/api/merger", json={"csp": ["E22000027"]})
    assert r.status_code == 400 and r.headers["content-type"].startswith("application/problem+json")  # one error shape


def test_form_and_rendered_report(client: TestClient) -> None:
    r = client.get("/merger")
    assert r.status_code == 200 and "<form" in r.text and 'name="csps"' in r.text
    r = client.get("/merger", params={"scenario": "north-wales-anglesey-gwynedd"})
    assert "W14000001\nW14000002" in r.text
    r = client.post("/merger", data={"csps": " ".join(CLEVELAND), "cooperation_arrangements": "yes"})
    assert r.status_code == 200
    assert "allowed" in r.text and "Cleveland Police and Crime Commissioner" in r.text
    r = client.post("/merger", data={"csps": "W14000001 W14000002"})
    assert "not allowed" in r.text and "CDA 1998 s5(1A)" in r.text


def test_form_escapes_what_it_echoes(client: TestClient) -> None:
    evil = "<script>alert(1)</script>"
    r = client.post("/merger", data={"csps": f"E22000027 {evil}", "name": evil})
    assert r.status_code == 400
    assert evil not in r.text and "&lt;script&gt;" in r.text
    r = client.post("/merger", data={"csps": "E22000027 E22000029", "name": evil})
    assert r.status_code == 200
    assert evil not in r.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in r.text
