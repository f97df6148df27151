"""Debian's Chromium, headless and offline, driven by Playwright; a page that refuses every request off loopback."""

from __future__ import annotations

from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")  # Debian's package (make browser installs it)
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-background-networking", "--disable-gpu"]


class Page:
    """A page that records console errors and blocks (and records) every request not to 127.0.0.1."""

    def __init__(self, browser: Any, width: int = 1400, height: int = 900) -> None:
        self.page = browser.new_page(viewport={"width": width, "height": height})
        self.errors: list[str] = []
        self.external: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.route("**/*", self._route)

    def _route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith(("http://127.0.0.1:", "data:", "about:", "blob:")):
            route.continue_()
        else:
            self.external.append(url)
            route.abort()

    def close(self) -> None:
        self.page.close()


AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"  # see its README (version, checksum)


def axe_violations(page: Any, impacts: tuple[str, ...] = ("serious", "critical")) -> list[dict[str, Any]]:
    """The accessibility violations axe-core finds in the page, of the impacts given (id, impact, help, targets).

    axe is evaluated through the DevTools protocol, which the page's Content-Security-Policy does not govern, so the
    page is tested as the app serves it; nothing is fetched.
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8"))
    found = page.evaluate(
        "async () => (await axe.run(document, {resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help, targets: v.nodes.slice(0, 5).map(n => n.target)}))"
    )
    return [v for v in found if v["impact"] in impacts]
