"""``cspgraph changes``, ``GET /api/changes`` and ``/changes``: what changed between two days, with its event.

Expected answers come from the shared timeline.md (the local policing bodies' changes and their days, as in the
table of tests/test_history.py) and from a plain scan of the store's change events, not from the module tested."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from cspgraph.asof import latest
from cspgraph.changes import changes
from cspgraph.cli import main
from cspgraph.stores import GraphStore

ID = "https://w3id.org/cspgraph/id/"
DCT_DATE = ox.NamedNode("http://purl.org/dc/terms/date")
CHANGE_EVENT = ox.NamedNode("http://www.w3.org/ns/org#ChangeEvent")
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

# timeline.md, policing table: the local policing bodies that took office after the first PCCs (2012-11-22), by day
LATER_LOCAL_POLICING_BODIES = {
    ("2017-05-08", "E23000005"),  # Mayor of Greater Manchester
    ("2017-10-01", "E23000028"),  # Essex PFCC
    ("2018-08-01", "E23000015"),  # Staffordshire PFCC
    ("2018-11-15", "E23000009"),  # North Yorkshire PFCC
    ("2019-01-01", "E23000022"),  # Northamptonshire PFCC
    ("2021-05-10", "E23000010"),  # Mayor of West Yorkshire
    ("2023-04-01", "E23000002"),  # Cumbria PFCC
    ("2024-05-07", "E23000011"),  # Mayor of South Yorkshire
    ("2024-05-07", "E23000009"),  # Mayor of York and North Yorkshire
}


def _events_between(store: GraphStore, first: str, last: str) -> set[str]:
    """Every org:ChangeEvent dated from ``first`` to ``last``, by a plain scan of the store."""
    events = {q.subject.value for q in store.match(None, RDF_TYPE, CHANGE_EVENT)}
    out = set()
    for q in store.match(None, DCT_DATE, None):
        if q.subject.value in events and first <= q.object.value[:10] <= last:
            out.add(q.subject.value)
    return out


@pytest.fixture(scope="module")
def everything(store: GraphStore) -> object:
    return changes(store, "2012-11-22")


def test_from_the_first_commissioners_lists_every_event_with_date_status_and_source(
    store: GraphStore, everything: object
) -> None:
    last = latest(store)
    assert last is not None
    report = everything
    assert report.end == last.isoformat()  # type: ignore[attr-defined]
    listed = {e.uri for e in report.events}  # type: ignore[attr-defined]
    assert listed == _events_between(store, "2012-11-22", last.isoformat())
    for e in report.events:  # type: ignore[attr-defined]
        assert e.date and e.status and e.sources, e


def test_announced_and_proposed_events_are_listed_with_their_status(store: GraphStore) -> None:
    report = changes(store, "2012-11-22", "2030-12-31")
    assert {e.uri for e in report.events} == _events_between(store, "2012-11-22", "2030-12-31")
    statuses = {e.uri.split("/change/", 1)[1]: e.status.rsplit("/", 1)[-1] for e in report.events if e.status}
    assert statuses["2027-05-01/mayoral-policing-2027"] == "announced"  # timeline.md: announced
    assert statuses["2028-04-01/unitaries-2028"] == "proposed"
    assert not [c for c in report.changes if c.date > "2026-02-24" and c.date >= "2027-01-01"]  # events only


def test_local_policing_bodies_created_after_2012_are_the_timelines(everything: object) -> None:
    created = {
        (c.date, c.uri.removeprefix(ID + "local-policing-body/").split("/", 1)[0])
        for c in everything.changes  # type: ignore[attr-defined]
        if c.what == "created" and c.kind == "local-policing-body" and c.date > "2012-11-22"
    }
    assert created == LATER_LOCAL_POLICING_BODIES
    for c in everything.changes:  # type: ignore[attr-defined]
        if c.kind in ("local-policing-body", "police-authority"):
            assert c.policing and c.events, c  # each policing-body change has its change event


def test_the_greater_manchester_mayor_day(store: GraphStore) -> None:
    report = changes(store, "2017-05-08", "2017-05-08")
    assert [e.uri for e in report.events] == [ID + "change/2017-05-08/local-policing-body-E23000005"]
    event = report.events[0]
    assert "http://www.legislation.gov.uk/uksi/2017/470" in event.instruments
    ended = {c.uri for c in report.changes if c.what == "ended"}
    assert ID + "local-policing-body/E23000005/2012-11-22" in ended
    created = {c.uri for c in report.changes if c.what == "created"}
    assert ID + "local-policing-body/E23000005" in created


def test_ccgs_lost_and_icbs_gained_on_1_july_2022(store: GraphStore) -> None:
    report = changes(store, "2022-07-01", "2022-07-01")
    lost = {c.member for c in report.changes if c.what == "lost"}
    gained = {c.member for c in report.changes if c.what == "gained"}
    assert lost and all(m and "clinical-commissioning-group" in m for m in lost)
    assert gained and all(m and "/integrated-care-board/" in m for m in gained)


def test_area_and_body_filters(store: GraphStore) -> None:
    gm = changes(store, "2012-11-22", area="Greater Manchester")
    assert {e.uri.rsplit("/", 1)[-1] for e in gm.events} >= {"local-policing-body-E23000005"}
    assert all("E23000009" not in e.uri for e in gm.events)
    one = changes(store, "2012-11-22", body="local-policing-body/E23000005")
    assert {c.uri for c in one.changes if c.what == "created"} == {ID + "local-policing-body/E23000005"}


@pytest.mark.parametrize(
    "args",
    [
        ["changes", "--from", "2017-13-01"],
        ["changes", "--from", "2017-01-01", "--to", "nope"],
        ["changes", "--from", "2018-01-01", "--to", "2017-01-01"],
        ["changes", "--from", "2017-01-01", "--area", "Atlantis"],
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "error:" in err


def test_cli_formats(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["changes", "--from", "2017-05-08", "--to", "2017-05-08", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["counts"]["events"] == 1 and data["from"] == "2017-05-08"
    assert main(["changes", "--from", "2017-05-08", "--to", "2017-05-08", "--format", "csv"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("date,what,kind") and len(lines) == 1 + len(data["changes"])
    assert main(["changes", "--from", "2017-05-08", "--to", "2017-05-08"]) == 0
    assert "Mayor of Greater Manchester" in capsys.readouterr().out


def test_api_and_page(store: GraphStore) -> None:
    from fastapi.testclient import TestClient

    from cspgraph.api.app import create_app

    with TestClient(create_app(store=store)) as client:
        r = client.get("/api/changes", params={"from": "2017-05-08", "to": "2017-05-08"})
        assert r.status_code == 200 and r.json()["counts"]["events"] == 1
        for bad in ({"from": "2017-02-30"}, {}, {"from": "2018-01-01", "to": "2017-01-01"}):
            r = client.get("/api/changes", params=bad)
            assert r.status_code == 400 and r.headers["content-type"] == "application/problem+json", bad
        html = {"Accept": "text/html"}
        r = client.get("/changes", params={"from": "2017-05-08", "area": "<script>x"}, headers=html)
        assert r.status_code == 404 and "<script>x" not in r.text and "&lt;script&gt;x" in r.text
        r = client.get("/changes", params={"from": "2017-05-08", "to": "2017-05-08"})
        assert r.status_code == 200 and "Mayor of Greater Manchester" in r.text and 'id="as-of"' in r.text
