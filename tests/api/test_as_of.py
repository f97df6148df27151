"""``?as_of=`` on the pages and API routes that read the landscape: one dependency, one meaning (the landscape in
force on that day); the dataset's own date on every page. Expected bodies from the shared timeline.md: Greater
Manchester had a PCC until 8 May 2017, then the mayor."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

HTML = {"Accept": "text/html"}
PCC = "Greater Manchester Police and Crime Commissioner"
MAYOR = "Mayor of Greater Manchester"


def _names(client: TestClient, path: str, **params: str) -> str:
    r = client.get(path, params=params, headers=HTML)
    assert r.status_code == 200, r.text[:300]
    return r.text


def test_browse_area_as_of_shows_that_day(client: TestClient) -> None:
    then = _names(client, "/browse/police-force-area/E23000005", as_of="2016-01-01")
    now = _names(client, "/browse/police-force-area/E23000005")
    assert PCC in then and f">{MAYOR}<" not in then
    assert f">{MAYOR}<" in now


def test_every_page_shows_the_dataset_date_and_the_day_shown(client: TestClient) -> None:
    for path in ("/", "/browse", "/search?q=durham", "/changes", "/doc/id/csp/E22000365"):
        assert re.search(r'id="as-of">Data as of <time datetime="\d{4}-\d\d-\d\d">', _names(client, path)), path
    page = _names(client, "/browse", as_of="2013-04-01")
    assert 'showing the landscape in force on <time datetime="2013-04-01">' in page
    assert 'href="/browse/police-force-area/E23000005?as_of=2013-04-01"' in page  # links keep the day
    assert 'href="/map?as_of=2013-04-01"' in page


def test_network_and_profile_as_of(client: TestClient) -> None:
    labels = {n["label"] for n in client.get("/network/data.json?area=E23000005&as_of=2016-01-01").json()["nodes"]}
    assert PCC in labels and MAYOR not in labels
    tables = client.get("/api/profile", params={"uri": "police-force-area/E23000005", "as_of": "2016-01-01"}).json()
    text = str(tables["tables"])
    assert PCC in text and f"'{MAYOR}'" not in text


@pytest.mark.parametrize(
    "path",
    [
        "/browse?as_of=2016-02-30",
        "/browse/police-force-area/E23000005?as_of=soon",
        "/network/data.json?as_of=2016-13-01",
        "/api/profile?uri=csp/E22000365&as_of=yesterday",
        "/map?as_of=2016-01-32",
        "/?as_of=2016-00-01",
    ],
)
def test_a_bad_day_is_a_400_problem(client: TestClient, path: str) -> None:
    r = client.get(path)
    assert r.status_code == 400 and r.headers["content-type"] == "application/problem+json"
    assert "YYYY-MM-DD" in r.json()["detail"]


def test_map_as_of_colours_the_bodies_of_that_day(client: TestClient) -> None:
    # timeline.md: the first mayor with PCC functions took office on 2017-05-08, the first PFCC on 2017-10-01;
    # today four mayors (Greater Manchester, West Yorkshire, South Yorkshire, York and North Yorkshire) and four PFCCs
    then, now = _names(client, "/map", as_of="2016-01-01"), _names(client, "/map")
    assert then.count('class="k-mayor') == 0 and then.count('class="k-pfcc') == 0
    assert now.count('class="k-mayor') == 4 and now.count('class="k-pfcc') == 4


def test_home_as_of_counts_and_colours_that_day(client: TestClient) -> None:
    # timeline.md: 43 police areas, each with one local policing body on a day after 2012-11-22 (41 PCCs, MOPAC and
    # the Common Council); no mayor with PCC functions or PFCC before May 2017
    page = _names(client, "/", as_of="2016-01-01")
    assert re.search(r'local policing body</a></td><td class="num">43<', page)
    assert page.count('class="k-mayor') == 0 and page.count('class="k-pfcc') == 0
    assert 'showing the landscape in force on <time datetime="2016-01-01">' in page


def test_a_resource_document_as_of_a_day(client: TestClient) -> None:
    """Greater Manchester's police area on 2016-01-01 names its PCC (the mayor took the functions on 8 May 2017);
    a body not yet in force on the day is a 404; each day has its own ETag."""
    then = _names(client, "/doc/id/police-force-area/E23000005", as_of="2016-01-01")
    assert PCC in then and "showing the landscape in force on" in then and "2016-01-01" in then
    now = _names(client, "/doc/id/police-force-area/E23000005")
    assert MAYOR in now and "showing the landscape" not in now
    etags = {
        client.get("/doc/id/police-force-area/E23000005.ttl", params=p).headers["etag"]
        for p in ({}, {"as_of": "2016-01-01"})
    }
    assert len(etags) == 2  # a cache never answers one day with another's document
    icb = client.get("/doc/id/integrated-care-board/E54000050", params={"as_of": "2021-01-01"}, headers=HTML)
    assert icb.status_code == 404  # integrated care boards were established on 1 July 2022
    assert client.get("/doc/id/integrated-care-board/E54000050", headers=HTML).status_code == 200
    bad = client.get("/doc/id/police-force-area/E23000005", params={"as_of": "2016-13-01"})
    assert bad.status_code == 400 and bad.headers["content-type"].startswith("application/problem+json")


def test_a_merger_check_as_of_a_day(client: TestClient) -> None:
    """Bolton and Bury combining: before 8 May 2017 the PCC is the local policing body to sign, now the mayor."""
    body = {"csps": ["E22000099", "E22000100"]}
    then = client.post("/api/merger", params={"as_of": "2016-01-01"}, json=body)
    now = client.post("/api/merger", json=body)
    assert then.status_code == 200 and now.status_code == 200
    assert PCC in then.text and MAYOR not in then.text
    assert MAYOR in now.text
    assert client.post("/api/merger", params={"as_of": "2016-02-30"}, json=body).status_code == 400


def test_the_map_has_a_date_control(client: TestClient) -> None:
    page = _names(client, "/map", as_of="2016-01-01", layer="pfa")
    assert 'id="map-as-of"' in page and 'value="2016-01-01"' in page and 'name="as_of"' in page
    assert "&amp;as_of=2016-01-01" in page  # the layer links keep the day


def test_the_district_map_of_a_day(client: TestClient) -> None:
    """Buckinghamshire's four districts became one unitary council on 1 April 2020 (mySociety's register): the map of
    a day before draws Aylesbury Vale (E07000004, from the December 2019 boundaries), not Buckinghamshire
    (E06000060); today's map the other way round."""
    then = _names(client, "/map", layer="district", as_of="2020-01-01")
    now = _names(client, "/map", layer="district")
    assert 'data-code="E07000004"' in then and 'data-code="E06000060"' not in then
    assert 'data-code="E06000060"' in now and 'data-code="E07000004"' not in now


FORMER = r'data-code="(E\d{8})" data-former="([E\d ]+)" aria-label="([^"]*)"'


def test_districts_before_april_2019_are_drawn_within_their_successor(client: TestClient) -> None:
    """Forest Heath and St Edmundsbury became West Suffolk (E07000245) on 1 April 2019 (mySociety's register); no
    boundary file has them, so on a day before the map draws West Suffolk's outline as their area, named after them
    and with no line between them; on a day after, West Suffolk itself."""
    then = _names(client, "/map", layer="district", as_of="2018-06-01")
    groups = {code: (former.split(), label) for code, former, label in re.findall(FORMER, then)}
    former, label = groups["E07000245"]
    assert former == ["E07000201", "E07000204"] and 'data-code="E07000201"' not in then
    assert label.startswith(
        "Former districts Forest Heath and St Edmundsbury (boundaries between them not in the sources; "
        "outline of West Suffolk, ONS boundaries of "
    )
    assert "<li>Former districts Forest Heath and St Edmundsbury (" in then  # the legend note
    after = _names(client, "/map", layer="district", as_of="2020-06-01")
    assert 'data-code="E07000245" aria-label="West Suffolk (district)"' in after
    assert "data-former=" not in after and 'class="map-notes"' not in after


def test_no_district_of_2017_is_left_blank(client: TestClient, reference_dir: Path) -> None:
    """Every district of the ONS January 2017 lookup is drawn on 2017-06-01, by its own boundary or within the labelled
    outline of the district that replaced it, and nothing else is drawn."""
    with (reference_dir / "ons_lad17_csp17_pfa17_jan2017_v2.csv").open(encoding="utf-8-sig", newline="") as f:
        lad17 = {r["LAD17CD"] for r in csv.DictReader(f)}
    page = _names(client, "/map", layer="district", as_of="2017-06-01")
    svg = page[page.index('<g class="areas">') : page.index("</g>")]
    own = set(re.findall(r'data-code="(E\d{8}|W\d{8})" aria-label', svg))
    within = [c for _, former, _ in re.findall(FORMER, svg) for c in former.split()]
    assert len(lad17) == 348 and len(within) == len(set(within)) == 14 and not own & set(within)
    assert own | set(within) == lad17
    assert "left blank" not in page
