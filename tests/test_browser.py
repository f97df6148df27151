"""The network pages in headless Chromium (Debian's /usr/bin/chromium driven by Playwright; no downloaded browser).

Each page must draw the expected bodies, log no console error and send no request off 127.0.0.1; screenshots are
saved in tests/artifacts/. ``make test`` installs Chromium first (``make browser``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from devkit.browser import CHROMIUM
from devkit.browser import Page as BrowserPage

from cspgraph.namespaces import ID
from cspgraph.stores import GraphStore, open_store

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
SAFER_DURHAM = str(ID["csp/E22000365"])
DARLINGTON = str(ID["csp/E22000072"])

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium is not installed (make browser installs it)"),
]


@pytest.fixture(scope="module")
def store() -> GraphStore:
    """The dataset without the SHACL shapes (the network does not use them)."""
    return open_store("oxigraph", shapes=False)


class Page(BrowserPage):
    """A page that refuses every request off loopback, opened when the network has drawn."""

    def open(self, url: str) -> Any:
        self.page.goto(url)
        self.page.wait_for_function("window.cspgraphReady !== undefined", timeout=30000)
        return self.page


def visible(page: Any, uri: str) -> bool:
    """The node is in the rendered network, not folded into a cluster, and has a position on the canvas."""
    return bool(
        page.evaluate(
            "(id) => { const n = cspgraph.network; const p = n.findNode(id);"
            " return p.length === 1 && n.body.nodes[id] !== undefined && n.getPosition(id).x !== undefined; }",
            uri,
        )
    )


def test_durham_area(browser: Any, server: str) -> None:
    pg = Page(browser)
    page = pg.open(f"{server}/network?area=E23000008")
    assert visible(page, SAFER_DURHAM) and visible(page, DARLINGTON)
    label = page.evaluate("(id) => cspgraph.nodes.get(id).label", SAFER_DURHAM)
    assert label in ("Safer Durham Partnership", "County Durham Community Safety Partnership")
    # hover shows name, type and code, as text
    xy = page.evaluate(
        "(id) => { const n = cspgraph.network; const p = n.canvasToDOM(n.getPosition(id));"
        " const r = document.getElementById('network').getBoundingClientRect(); return [p.x + r.left, p.y + r.top]; }",
        DARLINGTON,
    )
    page.mouse.move(xy[0], xy[1])
    page.wait_for_selector("#hover-tip:not([hidden])", timeout=5000)
    assert "E22000072" in page.inner_text("#hover-tip")
    # search, select and show the body's link to its linked-data page
    page.fill("#search", "Darlington Community")
    page.press("#search", "Enter")
    assert page.evaluate("cspgraph.network.getSelectedNodes()") == [DARLINGTON]
    assert page.get_attribute("#node-link", "href") == "/id/csp/E22000072"
    assert "E22000072" in page.inner_text("#details")
    # the body-type filter hides nodes
    page.uncheck("#legend-groups input[value='csp']")
    assert page.evaluate("(id) => cspgraph.nodes.get(id).hidden", SAFER_DURHAM) is True
    ARTIFACTS.mkdir(exist_ok=True)
    page.check("#legend-groups input[value='csp']")
    page.screenshot(path=str(ARTIFACTS / "network-durham.png"))
    assert pg.errors == []
    assert pg.external == []
    page.close()


def test_country_aggregated_then_expanded(browser: Any, server: str) -> None:
    pg = Page(browser)
    page = pg.open(f"{server}/network")
    # aggregated: Durham is one cluster node; its CSPs are inside it
    assert page.evaluate("cspgraph.network.isCluster('area:E23000008')") is True
    assert not visible(page, SAFER_DURHAM)
    assert page.evaluate("cspgraph.data.nodes.length") > 900
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "network-country.png"))
    # a search expands the area that holds the body
    page.fill("#search", "E22000365")
    page.press("#search", "Enter")
    assert visible(page, SAFER_DURHAM) and visible(page, DARLINGTON)
    assert page.evaluate("cspgraph.network.getSelectedNodes()") == [SAFER_DURHAM]
    page.click("#expand-all")
    assert (
        page.evaluate(
            "Object.keys(cspgraph.network.body.nodes).some(id => id.startsWith('area:') "
            "&& cspgraph.network.body.nodeIndices.includes(id))"
        )
        is False
    )
    page.screenshot(path=str(ARTIFACTS / "network-country-expanded.png"))
    assert pg.errors == []
    assert pg.external == []
    page.close()


def test_merger_and_chain(browser: Any, server: str) -> None:
    pg = Page(browser)
    page = pg.open(f"{server}/network?csp=E22000365&csp=E22000072")
    assert visible(page, str(ID["council/E06000047"]))
    assert page.evaluate("(id) => cspgraph.nodes.get(id).borderWidth", str(ID["council/E06000047"])) > 1
    page.screenshot(path=str(ARTIFACTS / "network-merger.png"))
    page = pg.open(f"{server}/network?body=csp/E22000365")
    assert visible(page, str(ID["local-policing-body/E23000008"]))
    assert pg.errors == []
    assert pg.external == []
    page.close()


def test_hostile_labels_stay_text(browser: Any, store: GraphStore) -> None:
    import json

    from cspgraph import visualise

    data = json.loads(json.dumps(visualise.area_view(store, "E23000008")))
    hostile = '</script><img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>'
    data["nodes"][0]["label"] = hostile
    data["nodes"][0]["labels"] = [hostile]
    data["nodes"][0]["typeLabel"] = hostile
    pg = Page(browser)
    page = pg.page
    page.set_content(visualise.render_html(data, inline=True))
    page.wait_for_function("window.cspgraphReady !== undefined", timeout=30000)
    node_id = data["nodes"][0]["id"]
    page.evaluate("(id) => cspgraph.focus(id)", node_id)
    assert hostile in page.inner_text("#details")
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#details img").count() == 0
    assert pg.external == []
    page.close()
