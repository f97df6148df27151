"""The web app as people use it, in headless Chromium (Debian's /usr/bin/chromium driven by Playwright): the
journeys people make from the home page, axe-core on every page type (no serious or critical violation), and a
screenshot of each page type in tests/artifacts/. The real app (``create_app``) serves the pages, so its
Content-Security-Policy and headers apply; every page must log no console error and send no request off 127.0.0.1.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from devkit.browser import CHROMIUM, Page, axe_violations

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed (make browser installs it)"),
]

#: one page of each type: (name of the screenshot, path)
PAGE_TYPES = [
    ("home", "/"),
    ("search", "/search?q=durham"),
    ("map", "/map"),
    ("map-csp", "/map?layer=csp&area=E23000013"),
    ("map-2028", "/map?layer=pfa-2028"),
    ("profile-csp", "/doc/id/csp/E22000365"),
    ("profile-police-area", "/doc/id/police-force-area/E23000013"),
    ("profile-chief-constable", "/doc/id/chief-officer/E23000008"),
    ("ontology-term", "/doc/def/CommunitySafetyPartnership"),
    ("sparql", "/sparql"),
    (
        "sparql-results",
        "/sparql?query=SELECT%20%3Fcsp%20WHERE%20%7B%20%3Fcsp%20a%20cspg%3ACommunitySafetyPartnership%20%7D%20LIMIT%205",
    ),
    ("merger", "/merger"),
    ("network", "/network?area=E23000008"),
    ("browse", "/browse"),
    ("browse-area", "/browse/police-force-area/E23000013"),
    ("downloads", "/dumps"),
    ("about-the-data", "/.well-known/void"),
    ("not-found", "/doc/id/csp/E22999999"),
]


@pytest.fixture
def pg(browser: Any) -> Iterator[Page]:
    page = Page(browser)
    yield page
    page.close()


def clean(pg: Page, *, not_found: bool = False) -> None:
    errors = [e for e in pg.errors if not (not_found and "404" in e)]
    assert errors == [], errors
    assert pg.external == [], pg.external


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"web-{name}.png"))


@pytest.mark.parametrize(("name", "path"), PAGE_TYPES, ids=[n for n, _ in PAGE_TYPES])
def test_every_page_type_is_accessible(pg: Page, server: str, name: str, path: str) -> None:
    page = pg.page
    page.goto(server + path)
    page.wait_for_load_state("load")
    if name == "network":
        page.wait_for_function("window.cspgraphReady !== undefined", timeout=30000)
    shot(page, name)
    assert axe_violations(page) == []
    clean(pg, not_found=name == "not-found")


def test_who_holds_the_durham_chief_constable_to_account(pg: Page, server: str) -> None:
    page = pg.page
    page.goto(server + "/")
    page.fill("#home-q", "Chief Constable of Durham")  # action 1: type
    page.wait_for_selector("#home-q-list [role=option]", timeout=10000)
    page.keyboard.press("ArrowDown")  # action 2: the first suggestion
    page.keyboard.press("Enter")  # action 3: open it
    page.wait_for_url("**/doc/id/chief-officer/E23000008")
    table = page.inner_text("#accountable-to")
    assert "Durham Police" in table and "holds it to account" in table and "PRSRA 2011 s1(7)" in table
    clean(pg)


def test_search_safer_durham_and_reach_its_profile(pg: Page, server: str) -> None:
    page = pg.page
    page.goto(server + "/")
    page.fill("#site-q", "Safer Durham")
    page.press("#site-q", "Enter")  # no suggestion chosen: the search results page
    page.wait_for_url("**/search?q=Safer+Durham")
    page.click("table.results a >> text=Safer Durham Partnership")
    page.wait_for_url("**/doc/id/csp/E22000365")
    assert page.inner_text("h1") == "Safer Durham Partnership"
    assert "Chief Constable of Durham Constabulary" in page.inner_text("#members")
    clean(pg)


def test_click_cleveland_on_the_map_and_reach_its_csps(pg: Page, server: str) -> None:
    page = pg.page
    page.goto(server + "/")
    page.click("text=Open the map")
    page.wait_for_url("**/map")
    page.locator('svg.map a[data-code="E23000013"]').click()
    page.wait_for_url("**/doc/id/police-force-area/E23000013")
    csps = page.inner_text("#in-area")
    for name in ("Hartlepool", "Middlesbrough", "Redcar and Cleveland", "Stockton"):
        assert name in csps, name
    page.click("#in-area a >> text=Hartlepool Community Safety Partnership")
    page.wait_for_url("**/doc/id/csp/E22000027")
    clean(pg)


def test_open_a_csps_network_from_its_profile(pg: Page, server: str) -> None:
    page = pg.page
    page.goto(server + "/doc/id/csp/E22000365")
    page.click("text=See in the network")
    page.wait_for_url("**/network?body=csp/E22000365")
    page.wait_for_function("window.cspgraphReady !== undefined", timeout=30000)
    shown = page.evaluate(
        "(id) => cspgraph.network.findNode(id).length === 1", "https://w3id.org/cspgraph/id/csp/E22000365"
    )
    assert shown
    clean(pg)


def test_run_an_example_and_share_it(pg: Page, server: str, browser: Any) -> None:
    page = pg.page
    page.goto(server + "/sparql")
    page.click("a.example >> text=list-csps-in-police-area")
    page.wait_for_selector("#results table.results", timeout=30000)
    rows = page.locator("#results table.results tbody tr").all_inner_texts()
    assert len(rows) == 4 and all("E23000013" in r or "Cleveland" in r or "csp" in r for r in rows)
    link = page.get_attribute("#share-link", "href")
    assert link is not None and page.url.endswith(link)
    other = Page(browser)
    other.page.goto(server + link)
    assert other.page.locator("#results table.results tbody tr").all_inner_texts() == rows
    assert other.page.get_attribute("#results a", "href").startswith("/doc/id/")  # local links
    shot(other.page, "sparql-shared")
    clean(other)
    other.close()
    clean(pg)


def test_check_a_merger_with_parties_by_name(pg: Page, server: str) -> None:
    page = pg.page
    page.goto(server + "/")
    page.click("header.site nav >> text=Merger check")
    page.fill("#csps", "Hartlepool Community Safety Partnership\nStockton-on-Tees Community Safety Partnership")
    page.fill(
        "#parties",
        "Hartlepool Borough Council\nStockton-on-Tees Borough Council\nCleveland Police and Crime Commissioner",
    )
    page.click("button >> text=Check")
    page.wait_for_load_state("load")
    assert "Cannot check this" not in page.content()
    heading = page.inner_text("main h2")
    assert "allowed" in heading
    shot(page, "merger-report")
    clean(pg)


def test_pick_an_area_and_see_its_network_before_and_after_pcc_abolition(pg: Page, server: str) -> None:
    """data/scenarios/pcc-abolition-2028.json: Lancashire's PCC is replaced by the Lancashire Policing and Crime
    Board (no combined authority covers the police area) and its police and crime panel ends."""
    page = pg.page
    page.goto(server + "/scenarios/pcc-abolition-2028")
    page.select_option("#pick-area", label="Lancashire police force area")
    page.click("button >> text=Show before and after")
    page.wait_for_url("**/scenarios/pcc-abolition-2028?area=E23000003*")
    page.wait_for_selector("#network[data-drawn]", state="attached", timeout=60000)
    assert page.get_attribute("#network", "data-drawn") == "yes", page.inner_text("#network-status")
    pcc = "https://w3id.org/cspgraph/id/local-policing-body/E23000003"
    board = "https://w3id.org/cspgraph/id/policing-and-crime-board/E23000003"
    panel = "https://w3id.org/cspgraph/id/police-and-crime-panel/E23000003"
    drawn = "([view, id]) => { const n = cspgraphScenario[view].nodes.get(id); return n ? n.label : null; }"
    assert page.evaluate(drawn, ["before", pcc]) == "Lancashire Police and Crime Commissioner (ended)"
    assert page.evaluate(drawn, ["before", panel]) == "Lancashire Police and Crime Panel (ended)"
    assert page.evaluate(drawn, ["before", board]) is None
    assert page.evaluate(drawn, ["after", board]) == "Lancashire Policing and Crime Board (new)"
    assert page.evaluate(drawn, ["after", pcc]) is None and page.evaluate(drawn, ["after", panel]) is None
    on_canvas = "([view, id]) => cspgraphScenario[view].network.getPosition(id).x !== undefined"
    assert page.evaluate(on_canvas, ["after", board]) and page.evaluate(on_canvas, ["before", pcc])
    differences = page.inner_text("#differences")
    assert "new: Lancashire Policing and Crime Board" in differences
    assert "ended: Lancashire Police and Crime Panel" in differences
    page.locator("#network").scroll_into_view_if_needed()
    shot(page, "scenario-before-after")
    assert axe_violations(page) == []
    clean(pg)


def _pick(page: Any, label: str, name: str, *, add: bool) -> None:
    """Type a body's name in a builder field, wait for the search to suggest it, and (for a list) add it."""
    box = page.get_by_label(label, exact=True)
    box.fill(name)
    page.wait_for_selector(f'#{box.get_attribute("list")} option[value="{name}"]', state="attached", timeout=10000)
    box.dispatch_event("input")  # the value now matches a suggestion: it is taken as that body
    if add:
        box.locator("xpath=following-sibling::button[1]").click()


def test_build_a_scenario_combining_two_cleveland_csps(pg: Page, server: str) -> None:
    """Hartlepool CSP and the Safer Stockton Partnership (both in the Cleveland police area) combined into one: two local
    government areas can be treated as one only under a combination agreement (CDA 1998 s5(1A)), which the scenario
    does not record, so the proposal must change; its parties (s5A) include both councils."""
    page = pg.page
    page.goto(server + "/scenarios")
    page.wait_for_selector("#builder:not([hidden])")
    page.fill("#b-name", "hartlepool-stockton")
    page.fill("#b-title", "Hartlepool and Stockton-on-Tees CSPs combined")
    page.fill("#b-date", "2026-04-01")
    page.select_option("#b-status", "proposed")
    page.fill("#b-source", "id/document/cleveland-stockton-2013")
    page.select_option("#b-op", "combine-csps")
    _pick(page, "CSPs to combine", "Hartlepool Community Safety Partnership", add=True)
    _pick(page, "CSPs to combine", "Safer Stockton Partnership", add=True)
    page.get_by_label("Id of the combined CSP (csp/ and a short name)").fill("csp/hartlepool-and-stockton")
    page.get_by_label("Name of the combined CSP").fill("Hartlepool and Stockton-on-Tees Community Safety Partnership")
    _pick(page, "Local government areas it serves", "Hartlepool", add=True)
    _pick(page, "Local government areas it serves", "Stockton-on-Tees", add=True)
    page.click("#b-add")
    built = page.input_value("#text")
    assert '"csp/E22000027"' in built and '"csp/E22000030"' in built and '"date": "2026-04-01"' in built
    assert page.get_attribute("#b-download", "download") == "hartlepool-stockton.json"
    page.click("#b-check")
    page.wait_for_selector("#b-report h3", timeout=60000)
    report = page.inner_text("#b-report")
    assert page.inner_text("#b-report h3") == "The scenario must change", report
    assert "combination agreement" in report and "CDA 1998 s5(1A)" in report
    assert "Hartlepool Borough Council" in report and "Stockton-on-Tees Borough Council" in report
    shot(page, "scenario-builder")
    assert axe_violations(page) == []
    clean(pg)
