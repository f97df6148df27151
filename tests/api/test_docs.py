"""The API explorer (/docs) and reference (/redoc) work offline: vendored files, rendered in headless Chromium with
no request leaving 127.0.0.1; the vendored files are the ones their READMEs name."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import Any

import pytest
from devkit.browser import Page
from fastapi.testclient import TestClient

from cspgraph import resources

VENDOR = resources.root() / "src" / "cspgraph" / "api" / "static" / "vendor"
ARTIFACTS = Path(__file__).resolve().parent.parent / "artifacts"


def test_docs_pages_name_only_local_assets(client: TestClient) -> None:
    for path in ("/docs", "/redoc"):
        html = client.get(path).text
        assert "cdn." not in html and "fonts.googleapis" not in html
        for url in re.findall(r'(?:src|href)="([^"]+)"', html):
            assert url.startswith("/"), (path, url)
            assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("name", ["swagger-ui", "redoc", "codemirror"])
def test_vendored_files_match_their_readme(name: str) -> None:
    readme = (VENDOR / name / "README.md").read_text()
    pairs = re.findall(r"`([\w.-]+\.(?:js|css))` `([0-9a-f]{64})`", readme)
    if not pairs:  # a single file: "| sha256 (as shipped) | `<digest>` |"
        digest = re.search(r"`([0-9a-f]{64})`", readme)
        assert digest is not None
        pairs = [("redoc.standalone.js", digest.group(1))]
    for file, digest in pairs:
        assert hashlib.sha256((VENDOR / name / file).read_bytes()).hexdigest() == digest, file


@pytest.mark.slow
@pytest.mark.parametrize(("path", "selector"), [("/docs", ".opblock-tag"), ("/redoc", "[data-section-id]")])
def test_docs_render_offline(live: Any, browser: Any, path: str, selector: str) -> None:
    page = Page(browser)
    try:
        page.page.goto(live.url + path)
        page.page.wait_for_selector(selector, timeout=30000)
        assert "sparql" in page.page.content().lower()
        ARTIFACTS.mkdir(exist_ok=True)
        page.page.screenshot(path=str(ARTIFACTS / f"api{path.replace('/', '-')}.png"))
        assert page.external == []
        assert page.errors == []
    finally:
        page.close()
