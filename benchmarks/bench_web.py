"""The web app for people: search answers on the server, the map page and a profile page interactive in
headless Chromium, and the richer profile's render time, each against a named baseline measured in the same run.

* search: ``GET /api/search`` over HTTP against the same texts answered by a SPARQL ``CONTAINS`` over the labels
  through ``POST /sparql`` (what a search without an index does);
* the map and a profile page: milliseconds from navigation to the ``load`` event (every script has run) in
  Chromium, against current pages of the app that did not change (``/browse``, a browse page of one area);
* the profile's render: the resource page with its briefing (tables, neighbours, links to the map and network)
  against the page as it was (the statements and links only, legal basis by SPARQL), rendered on the server with
  no page cache, interleaved run by run.
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from .common import CHROMIUM, CHROMIUM_ARGS, Figure, ThreadServer

SEARCHES = ("Safer Durham", "durham", "E22000365", "Cleveland", "chief constable of durham", "hart", "E23000013",
            "police and crime panel", "Bournemouth", "council")  # fmt: skip
PROFILES = ("csp/E22000365", "chief-officer/E23000008", "local-policing-body/E23000008", "police-force-area/E23000013",
            "council/E06000047", "csp/E22000027")  # fmt: skip
CONTAINS = """PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?r ?l WHERE { ?r rdfs:label ?l FILTER(CONTAINS(LCASE(STR(?l)), LCASE("%s"))) } LIMIT 10"""


def _search(url: str, runs: int) -> Figure:
    import httpx

    with httpx.Client(base_url=url, timeout=30) as c:
        for q in SEARCHES:  # warm-up
            c.get("/api/search", params={"q": q})
        project, baseline = [], []
        for _ in range(runs * 5):
            for q in SEARCHES:
                t0 = time.perf_counter()
                assert c.get("/api/search", params={"q": q}).status_code == 200
                project.append(time.perf_counter() - t0)
                t0 = time.perf_counter()
                r = c.post(
                    "/sparql", data={"query": CONTAINS % q.replace('"', "")}, headers={"Accept": "application/json"}
                )
                assert r.status_code == 200
                baseline.append(time.perf_counter() - t0)
    return Figure(
        name="search: one answer on the server (HTTP, loopback)",
        project="GET /api/search (index built at start-up)",
        baseline="the same texts as a SPARQL CONTAINS over rdfs:label (POST /sparql)",
        project_median_s=statistics.median(project),
        baseline_median_s=statistics.median(baseline),
        runs=len(project),
        target="< 20 ms median",
        note=f"{len(SEARCHES)} texts (names, codes, parts of names), each {runs * 5} times",
    )


def _load_ms(browser: Any, url: str) -> float:
    from devkit.browser import Page

    pg = Page(browser)
    try:
        pg.page.goto(url, wait_until="load")
        ms = pg.page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
        assert pg.external == [] and pg.errors == [], (pg.external, pg.errors)
        return float(ms) / 1000
    finally:
        pg.close()


def _pages(url: str, runs: int) -> list[Figure]:
    from playwright.sync_api import sync_playwright

    timings: dict[str, list[float]] = {k: [] for k in ("map", "profile", "browse", "browse-area")}
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        for path in ("/map", "/browse", "/browse/police-force-area/E23000013", *(f"/doc/id/{x}" for x in PROFILES)):
            _load_ms(browser, url + path)  # warm-up: caches built per dataset
        for i in range(runs * 2):
            timings["map"].append(_load_ms(browser, f"{url}/map"))
            timings["browse"].append(_load_ms(browser, f"{url}/browse"))
            timings["profile"].append(_load_ms(browser, f"{url}/doc/id/{PROFILES[i % len(PROFILES)]}"))
            timings["browse-area"].append(_load_ms(browser, f"{url}/browse/police-force-area/E23000013"))
        browser.close()
    med = {k: statistics.median(v) for k, v in timings.items()}
    return [
        Figure(
            name="map page: time to interactive in headless Chromium",
            project="/map (SVG drawn on the server, map.js)",
            baseline="/browse (a current page, unchanged)",
            project_median_s=med["map"],
            baseline_median_s=med["browse"],
            runs=len(timings["map"]),
            target="< 1.5 s",
            note="navigation to the load event; every request on 127.0.0.1",
            extra={"runs_s": timings},
        ),
        Figure(
            name="profile page: time to interactive in headless Chromium",
            project="/doc/id/... with the briefing (no page cache: each load renders)",
            baseline="/browse/police-force-area/E23000013 (a current page, unchanged)",
            project_median_s=med["profile"],
            baseline_median_s=med["browse-area"],
            runs=len(timings["profile"]),
            target="< 1.5 s",
            note=f"{len(PROFILES)} profiles in turn: " + ", ".join(PROFILES),
        ),
    ]


def _render(runs: int) -> Figure:
    from datetime import UTC, datetime

    from cspgraph.api import resource_view
    from cspgraph.api.describe import describe
    from cspgraph.api.routes import resources as pages
    from cspgraph.api.state import DatasetState
    from cspgraph.api.views import Paths, make_templates
    from cspgraph.config import Settings
    from cspgraph.namespaces import ID
    from cspgraph.stores import open_store

    store = open_store(shapes=False)
    settings = Settings()
    templates, paths = make_templates(settings, []), Paths(settings.base_uri)
    state = DatasetState("bench", datetime.now(UTC), page_cache_size=0)
    iris = [str(ID[x]) for x in PROFILES]

    def before() -> None:  # the page as it was: statements, links, legal basis by SPARQL
        for iri in iris:
            d = describe(store, iri, settings.incoming_limit, full=True)
            templates.env.get_template("resource.html").render(**resource_view.page_context(d, paths, state))

    def now() -> None:
        for iri in iris:
            pages.render_document(store, templates, settings, state, paths, iri, "html")

    before(), now()
    new, old = [], []
    for _ in range(runs * 4):
        for fn, out in ((now, new), (before, old)):
            t0 = time.perf_counter()
            fn()
            out.append((time.perf_counter() - t0) / len(iris))
    return Figure(
        name="profile page: render on the server",
        project="the briefing page (profile by triple pattern, legal basis from it)",
        baseline="the page as it was (statements and links; legal basis by a SPARQL query)",
        project_median_s=statistics.median(new),
        baseline_median_s=statistics.median(old),
        runs=len(new),
        target="no slower (ratio >= 1)",
        note=f"{len(iris)} resources, no page cache, the two interleaved run by run",
    )


def run(runs: int = 5) -> list[Figure]:
    from cspgraph.api.app import create_app
    from cspgraph.config import Settings

    if not CHROMIUM.exists():
        raise SystemExit("bench_web needs Debian chromium at /usr/bin/chromium (make browser)")
    srv = ThreadServer(create_app(Settings(sparql_workers=1, page_cache=0))).start()
    try:
        figures = [_search(srv.url, runs), *_pages(srv.url, runs)]
    finally:
        srv.stop()
    return [*figures, _render(runs)]
