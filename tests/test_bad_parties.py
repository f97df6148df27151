"""What a user types for a body (a code, a name, a URI) goes through the one resolver and bad input gets the one
error shape, through every door: the command line, the JSON API and the form.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from cspgraph.api import create_app
from cspgraph.cli import main
from cspgraph.config import Settings
from cspgraph.stores import GraphStore

CLEVELAND = ["E22000027", "E22000028", "E22000029", "E22000030"]


@pytest.fixture(scope="module")
def app_client(store: GraphStore) -> Iterator[TestClient]:
    """The app on the embedded store, with its lifespan (the SPARQL workers) running."""
    with TestClient(create_app(Settings(sparql_workers=1), store=store), raise_server_exceptions=False) as c:
        yield c


AWKWARD = ['Durham "County" Council', "<script>alert(1)</script>", "Middlesbrough Council, ", "Nowhere Council"]


@pytest.mark.parametrize("party", AWKWARD)
def test_party_by_name_on_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str], party: str) -> None:
    parties = tmp_path / "parties.txt"
    parties.write_text(f"{party}\nE23000013 # not a party: ambiguous between the PCC and the chief constable\n")
    args = ["merger", "check", *sum((["--csp", c] for c in CLEVELAND), []), "--parties", str(parties)]
    assert main(args) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "error:" in err


def test_a_party_named_in_full_is_found(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    parties = tmp_path / "parties.txt"
    parties.write_text("Middlesbrough Borough Council\nlocal-policing-body/E23000013\n")
    args = ["merger", "check", *sum((["--csp", c] for c in CLEVELAND), []), "--parties", str(parties)]
    assert main([*args, "--format", "json"]) in (0, 1)
    out = capsys.readouterr().out
    assert '"name": "Middlesbrough Borough Council"' in out and '"extraParties": []' in out


def test_a_party_by_name_on_the_api(app_client: TestClient) -> None:
    r = app_client.post("/api/merger", json={"csps": CLEVELAND, "parties": ["Durham County Council"]})
    assert r.status_code == 200
    assert [p["uri"].rsplit("/", 2)[-2:] for p in r.json()["extraParties"]] == [["council", "E06000047"]]


@pytest.mark.parametrize("party", AWKWARD)
def test_bad_party_names_on_the_api(app_client: TestClient, party: str) -> None:
    r = app_client.post("/api/merger", json={"csps": CLEVELAND, "parties": [party]})
    assert r.status_code in (400, 404), r.text
    assert r.headers["content-type"] == "application/problem+json"
    problem = r.json()
    assert set(problem) >= {"type", "title", "status", "detail", "instance"}
    assert problem["status"] == r.status_code and problem["instance"] == "/api/merger"


def test_party_names_with_spaces_survive_the_form(app_client: TestClient) -> None:
    form = {"csps": "\n".join(CLEVELAND), "parties": "Middlesbrough Borough Council\nlocal-policing-body/E23000013"}
    r = app_client.post("/merger", data=form)
    assert r.status_code == 200, r.text
    assert "Middlesbrough Borough Council" in r.text
    r = app_client.post("/merger", data={"csps": "\n".join(CLEVELAND), "parties": '<b>"Durham"</b>'})
    assert r.status_code in (400, 404) and "<b>" not in r.text and "&lt;b&gt;" in r.text


def test_validate_focus_accepts_codes_and_refuses_unknown_iris(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--focus", "E23000008", "--format", "json"]) in (0, 1)
    assert "police-force-area/E23000008" in capsys.readouterr().out
    assert main(["validate", "--focus", "https://example.org/nothing"]) == 2
    err = capsys.readouterr().err
    assert "no such resource" in err and "Traceback" not in err


BAD_INPUT = [
    ("GET", "/network", {"area": "E23999999"}, None),
    ("GET", "/network/data.json", {"kind": "dragons"}, None),
    ("GET", "/network/data.json", {"csp": "nowhere"}, None),
    ("GET", "/sparql", {"query": "SELECT * WHERE { ?s ?p }"}, None),
    ("GET", "/sparql", {"query": "SELECT * WHERE { ?s ?p ?o }", "format": "pdf"}, None),
    ("POST", "/api/merger", None, {"csps": ["E22000027"]}),
    ("POST", "/api/merger", None, {"csp": "not a list"}),
    ("GET", "/doc/id/csp/E22999999.ttl", None, None),
    ("GET", "/dumps/passwords.txt", None, None),
    ("GET", "/browse/police-force-area/E23999999", None, None),
    ("GET", "/no/such/page", None, None),
]


@pytest.mark.parametrize(("method", "path", "params", "body"), BAD_INPUT)
def test_one_problem_shape_on_every_route(
    app_client: TestClient, method: str, path: str, params: dict[str, str] | None, body: object
) -> None:
    r = app_client.request(method, path, params=params, json=body, headers={"Accept": "application/json"})
    assert 400 <= r.status_code < 500, (path, r.status_code)
    assert r.headers["content-type"] == "application/problem+json", (path, r.headers["content-type"])
    problem = r.json()
    assert problem["status"] == r.status_code and problem["title"] and problem["detail"]


def test_the_command_line_never_shows_a_traceback_for_a_bad_focus() -> None:
    p = subprocess.run(
        [sys.executable, "-m", "cspgraph", "validate", "--focus", "not a thing at all"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert p.returncode == 2 and "Traceback" not in p.stderr
