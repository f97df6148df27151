"""The pages and data routes of the web app: search, the map, profile tables, the home page and the query page."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from fastapi.testclient import TestClient

from cspgraph.api.app import NAV

DATA = Path(__file__).resolve().parents[2] / "data"

HTML = {"Accept": "text/html"}


def test_api_search(client: TestClient) -> None:
    r = client.get("/api/search", params={"q": "Safer Durham"})
    assert r.status_code == 200
    first = r.json()["results"][0]
    assert first["name"] == "Safer Durham Partnership" and first["href"] == "/doc/id/csp/E22000365"
    assert {"uri", "kind", "code", "area", "match"} <= set(first)
    assert len(client.get("/api/search", params={"q": "council", "limit": 3}).json()["results"]) == 3
    assert client.get("/api/search", params={"q": "x", "kind": "nonsense"}).status_code == 400
    assert client.get("/api/search", params={"q": "x" * 201}).status_code == 400
    assert client.get("/api/search").json()["results"] == []


def test_api_search_as_of(client: TestClient, reference_dir: Path) -> None:
    # Allerdale Borough Council was abolished on 1 April 2023, its area joining Cumberland (the ONS 2022->2023
    # local authority lookup): searched as of a day before, it is found; as of a day after, only its successor
    with (reference_dir / "geographr_lookup_ltla22_ltla23.csv").open(newline="", encoding="utf-8-sig") as fh:
        assert {r["ltla22_code"]: r["ltla23_code"] for r in csv.DictReader(fh)}["E07000026"] == "E06000063"

    def codes(q: str, day: str) -> set[str]:
        r = client.get("/api/search", params={"q": q, "as_of": day, "limit": 50})
        assert r.status_code == 200
        return {hit["uri"].rsplit("/", 1)[-1] for hit in r.json()["results"]}

    assert "E07000026" in codes("Allerdale", "2022-06-01")
    assert "E07000026" not in codes("Allerdale", "2024-06-01")
    assert "E06000063" in codes("Cumberland", "2024-06-01") and "E06000063" not in codes("Cumberland", "2022-06-01")
    assert "E07000026" in codes("Allerdale", "")  # without as_of: the whole index, as before
    assert client.get("/api/search", params={"q": "x", "as_of": "2021-02-30"}).status_code == 400


def test_search_page_escapes_and_lists(client: TestClient) -> None:
    page = client.get("/search", params={"q": "<script>durham"}).text
    assert "<script>durham" not in page and "&lt;script&gt;durham" in page
    page = client.get("/search", params={"q": "Hartlepool"}).text
    assert 'href="/doc/id/csp/E22000027"' in page


def test_every_page_has_the_menu_and_the_search_box(client: TestClient) -> None:
    hrefs = [h for h, _ in NAV]
    assert hrefs[:5] == ["/", "/map", "/network", "/search", "/browse"] and "/sparql" in hrefs and "/merger" in hrefs
    for path in ("/", "/map", "/search?q=a", "/sparql", "/merger", "/browse", "/doc/id/csp/E22000365", "/network"):
        page = client.get(path, headers=HTML).text
        assert 'id="site-q"' in page and "/static/search.js" in page, path
        for href in ("/map", "/network", "/sparql", "/merger"):
            assert f'href="{href}"' in page, (path, href)


def test_map_page(client: TestClient) -> None:
    r = client.get("/map")
    assert r.status_code == 200 and r.headers["content-security-policy"].startswith("default-src 'self'")
    page = r.text
    assert len(re.findall(r'<a href="/doc/id/police-force-area/', page)) >= 43
    assert "Contains OS data © Crown copyright and database right" in page
    assert 'class="k-mopac' in page and 'class="k-mayor' in page and 'class="k-pfcc' in page
    csp = client.get("/map", params={"layer": "csp", "area": "E23000013"}).text
    assert 'href="/doc/id/csp/E22000027"' in csp and "around Cleveland" in csp
    assert client.get("/map", params={"layer": "nope"}).status_code == 400
    assert client.get("/map", params={"area": "E99999999"}).status_code == 404


def test_profile_page_reads_as_a_briefing(client: TestClient) -> None:
    page = client.get("/doc/id/chief-officer/E23000008", headers=HTML).text
    briefing, raw = page.split('<details class="raw"', 1)
    assert "Who holds it to account" in briefing and "PRSRA 2011 s1(7)" in briefing
    assert 'href="/network?body=chief-officer/E23000008"' in briefing
    assert 'href="/map?area=E23000008"' in briefing
    assert "Statements" in raw  # the raw statements, folded at the bottom
    assert briefing.count("Durham Police, Crime and Victims&#39; Commissioner") >= 1
    assert "/api/profile/accountable-to.csv?uri=" in briefing
    # the small network names each neighbour in full, on lines of whole words
    ego = briefing[briefing.index('<svg class="ego"') : briefing.index("</svg>")]
    names = [re.sub(r"<[^>]+>", "", t) for t in re.findall(r"<text [^>]*>(.*?)</text>", ego)]
    assert "Durham Police, Crime and Victims&#39; Commissioner" in names
    assert all(names), names
    # an editor's comment on an instance is no longer the page's opening line
    sdp = client.get("/doc/id/csp/E22000365", headers=HTML).text
    assert 'class="definition"' not in sdp.split('<details class="raw"')[0]
    assert client.get("/doc/id/csp/E22000365.ttl").status_code == 200  # the RDF documents are unchanged


def test_profile_tables_as_csv_and_json(client: TestClient) -> None:
    r = client.get("/api/profile/members.csv", params={"uri": "https://w3id.org/cspgraph/id/csp/E22000365"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[0][:3] == ["member", "role", "provision"]
    assert any(row[0] == "Durham County Council" for row in rows[1:])
    data = client.get("/api/profile", params={"uri": "csp/E22000365"}).json()
    assert "members" in [t["key"] for t in data["tables"]]
    assert client.get("/api/profile/nope.csv", params={"uri": "csp/E22000365"}).status_code == 404


def test_home_page(client: TestClient) -> None:
    page = client.get("/").text
    as_of = re.search(r'cspg:asOf "([0-9-]+)"', (DATA / "metadata.ttl").read_text()).group(1)  # type: ignore[union-attr]
    assert 'id="home-q"' in page and "Data as of" in page and as_of in page
    assert "Questions people ask" in page and "/doc/id/chief-officer/E23000008#accountable-to" in page
    assert "What changed recently" in page and "integrated care board" in page
    assert re.search(r"community safety partnership</a></td><td class=\"num\">314<", page)


def test_browse_area_lists_no_dataset_record(client: TestClient) -> None:
    page = client.get("/browse/police-force-area/E23000008").text
    assert "id/dataset/" not in page


def test_query_page_predeclares_prefixes_and_fills_examples(client: TestClient) -> None:
    r = client.get(
        "/sparql", params={"query": "SELECT (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a cspg:CommunitySafetyPartnership }"}
    )
    assert r.status_code == 200 and r.json()["results"]["bindings"][0]["n"]["value"] == "314"
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s nope:p ?o }"})
    assert r.status_code == 400 and "nope:" in r.text and "\\u" not in r.text
    examples = {e["name"]: e for e in client.get("/sparql/examples").json()}
    durham = examples["trace-accountability-chain"]
    assert "<https://w3id.org/cspgraph/id/chief-officer/E23000008>" in durham["query"] and durham["filled"]
    rows = client.get("/sparql", params={"query": durham["query"]}).json()["results"]["bindings"]
    assert 0 < len(rows) < 20
    page = client.get(
        "/sparql", params={"query": "SELECT ?x WHERE { ?x a cspg:PoliceForceArea } LIMIT 2"}, headers=HTML
    )
    assert 'href="/doc/id/police-force-area/' in page.text and 'id="share-link"' in page.text


def test_map_after_may_2028(client: TestClient) -> None:
    """The announced abolition of PCCs (timeline.md, November 2025), area by area: Greater Manchester keeps its mayor,
    London its MOPAC, Lancashire (no combined authority) gets a board of council leaders, Wales is to be decided."""
    page = client.get("/map", params={"layer": "pfa-2028"}).text

    def css(code: str) -> str:
        m = re.search(rf'data-code="{code}"[^>]*><path class="([\w-]+)', page)
        assert m, code
        return m.group(1)

    assert css("E23000005") == "k-mayor" and css("E23000001") == "k-mopac" and css("E23000034") == "k-city"
    assert css("E23000003") == "k-board"
    assert {css(f"W1500000{i}") for i in range(1, 5)} == {"k-tbd"}
    assert "Policing and crime board" in page and "after May 2028 (announced)" in page
