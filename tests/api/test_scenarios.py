"""Reform scenarios over HTTP: POST /api/scenario returns the CLI's report JSON; the pages list and render them."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient

from cspgraph.scenario import FORMAT, check_scenario, load
from cspgraph.stores import GraphStore

ID = "https://w3id.org/cspgraph/id/"

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


def test_network_before_and_after_lancashire_2028(client: TestClient) -> None:
    """pcc-abolition-2028 (data/scenarios): Lancashire's PCC role passes to the Lancashire Policing and Crime Board
    and its police and crime panel ends; every Lancashire CSP's relevant local policing body is then the board."""
    r = client.get("/api/scenario/pcc-abolition-2028/network", params={"area": "Lancashire"})
    assert r.status_code == 200, r.text
    data = r.json()
    assert (data["area"], data["areaName"], data["date"]) == ("E23000003", "Lancashire", "2028-05-01")
    before = {n["id"]: n for n in data["before"]["nodes"]}
    after = {n["id"]: n for n in data["after"]["nodes"]}
    pcc, panel = ID + "local-policing-body/E23000003", ID + "police-and-crime-panel/E23000003"
    board = ID + "policing-and-crime-board/E23000003"
    assert before[pcc]["change"] == "ended" and before[pcc]["label"].endswith("(ended)")
    assert before[panel]["change"] == "ended" and pcc not in after and panel not in after and board not in before
    assert after[board]["change"] == "new" and after[board]["label"] == "Lancashire Policing and Crime Board (new)"
    assert after[board]["group"] == "policing-body" and after[board]["uri"] == ""  # not in the published data
    for n in after.values():  # the after view is placed like the before one
        if n["id"] in before:
            assert (n["x"], n["y"]) == (before[n["id"]]["x"], before[n["id"]]["y"])
    new_lpb = {
        e["from"] for e in data["after"]["edges"] if e["to"] == board and e["predicate"] == "relevantLocalPolicingBody"
    }
    old_lpb = {
        e["from"] for e in data["before"]["edges"] if e["to"] == pcc and e["predicate"] == "relevantLocalPolicingBody"
    }
    assert (
        new_lpb == old_lpb and len(new_lpb) == 14
    )  # one CSP per district: 12 in Lancashire county, Blackburn, Blackpool
    assert all(e["change"] == "new" for e in data["after"]["edges"] if e["to"] == board)
    words = {(c["change"], c["label"]) for c in data["changes"]}
    assert ("new", "Lancashire Policing and Crime Board") in words and (
        "ended",
        "Lancashire Police and Crime Panel",
    ) in words


def test_network_of_a_posted_scenario_and_bad_input(client: TestClient) -> None:
    r = client.post("/api/scenario/network", params={"area": "E23000002"}, json=CUMBRIA)
    assert r.status_code == 200
    new = [n["label"] for n in r.json()["after"]["nodes"] if n.get("change") == "new"]
    assert new == ["Mayor of Cumbria (new)"]
    for url in ("/api/scenario/pcc-abolition-2028/network?area=E99999999", "/api/scenario/nope/network?area=E23000003"):
        r = client.get(url)
        assert r.status_code == 404 and r.headers["content-type"].startswith("application/problem+json")
    assert client.get("/api/scenario/pcc-abolition-2028/network").status_code in (400, 422)


def test_network_labels_are_data_not_markup(client: TestClient) -> None:
    hostile = '<img src=x onerror="alert(1)"></script>'
    sc = json.loads(json.dumps(CUMBRIA))
    sc["changes"][0]["label"] = hostile
    r = client.post("/api/scenario/network", params={"area": "E23000002"}, json=sc)
    assert r.status_code == 200 and r.headers["content-type"] == "application/json"
    labels = [n["label"] for n in r.json()["after"]["nodes"] if n.get("change") == "new"]
    assert labels == [hostile + " (new)"]
    assert hostile in {c["label"] for c in r.json()["changes"]}
