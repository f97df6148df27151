"""The interactive page of a view, its assets, and the checks that keep pages offline.

The page uses the vendored vis-network (``src/cspgraph/api/static/vendor/vis-network/``) and the project's
script and CSS (``src/cspgraph/api/static/network/``): inline in a standalone file, or linked from the app's
``/network/assets/``. The view's JSON is embedded with ``<``, ``>`` and ``&`` escaped, so no label can end the
script element.

Examples:
    >>> safe_json({"label": "</script>"})
    '{"label":"\\\\u003c/script\\\\u003e"}'
    >>> external_links('<script src="https://cdn.example/x.js"></script><a href="/id/x">x</a>')
    ['src="https://']
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from cspgraph.errors import NotFound

__all__ = [
    "ASSETS",
    "STATIC_DIR",
    "VENDOR_DIR",
    "VIS_NETWORK_SHA256",
    "VIS_NETWORK_VERSION",
    "asset_bytes",
    "asset_text",
    "external_links",
    "inline_script",
    "render_html",
    "safe_json",
]

VIS_NETWORK_VERSION = "10.1.5"
VIS_NETWORK_SHA256 = "b427322ad953d70ab75d1b798ebb8349863502f244e02de3e12a4ab7dfeddf2c"
_API = Path(__file__).resolve().parent.parent / "api"
VENDOR_DIR = _API / "static" / "vendor" / "vis-network"
STATIC_DIR = _API / "static" / "network"
#: the page's assets by name: (file, media type)
ASSETS: dict[str, tuple[Path, str]] = {
    "vis-network.min.js": (VENDOR_DIR / "vis-network.min.js", "text/javascript"),
    "network.js": (STATIC_DIR / "network.js", "text/javascript"),
    "network.css": (STATIC_DIR / "network.css", "text/css"),
}
_EXTERNAL_ATTR = re.compile(r"\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//", re.IGNORECASE)


def safe_json(data: Any) -> str:
    """JSON safe to embed in an HTML ``<script>``: ``<``, ``>``, ``&`` and the JS line separators are escaped."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


@cache
def asset_text(name: str) -> str:
    """The text of one of :data:`ASSETS` (vis-network without its source-map comment, which would make a browser
    ask for a file that is not there)."""
    path = ASSETS[name][0]
    text = path.read_text(encoding="utf-8")
    if name == "vis-network.min.js":
        text = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", text)
    return text


def asset_bytes(name: str) -> tuple[bytes, str]:
    """A static asset of the page by name, as (content, media type).

    Raises:
        NotFound: ``name`` is not one of :data:`ASSETS`.
    """
    if name not in ASSETS:
        raise NotFound(f"no network asset {name!r}")
    return asset_text(name).encode("utf-8"), ASSETS[name][1]


def inline_script(text: str) -> str:
    """A ``<script>`` element holding ``text``; a literal ``</script`` inside it (vendored code) is escaped.

    >>> inline_script("a = '</script>'")
    "<script>a = '<\\\\/script>'</script>"
    """
    return "<script>" + re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE) + "</script>"


def external_links(page: str) -> list[str]:
    """Every ``src``/``href`` attribute of the page that points off the machine (for tests and checks)."""
    return [m.group(0) for m in _EXTERNAL_ATTR.finditer(page)]


#: the view's controls, the canvas and the side panel (fixed text: nothing from the data)
_CONTROLS = """  <form id="controls" method="get" action="">
    <label>Area <select id="area-select" name="area"><option value="">England and Wales</option></select></label>
    <label>Find in the network <input id="search" type="search" placeholder="name or code" autocomplete="off"></label>
    <button type="button" id="expand-all">Expand all areas</button>
    <button type="button" id="collapse-all">Group by area</button>
    <button type="button" id="fit">Fit</button>
  </form>
</header>
<main>
  <div id="network" role="application" aria-label="network of bodies"></div>
  <aside id="side">
    <section id="details" aria-live="polite"><h2>Details</h2><p class="hint">Hover a node for its name, type and code;
    click it for its links; double-click a police area to expand it.</p></section>
    <section><h2>Body types</h2><ul id="legend-groups" class="legend"></ul></section>
    <section><h2>Relations</h2><ul id="legend-relations" class="legend"></ul></section>
    <section id="stats"></section>
  </aside>
</main>
"""


def _site_nav(nav: list[tuple[str, str]] | None) -> str:
    """The app's menu and search box above the network (none in a standalone file)."""
    if not nav:
        return ""
    current = ' aria-current="page"'
    links = "".join(
        f'<a href="{html.escape(h, quote=True)}"{current if h == "/network" else ""}>{html.escape(t)}</a>'
        for h, t in nav
    )
    return f"""<nav id="site-nav" aria-label="main"><a class="brand" href="/">cspgraph</a>{links}
  <form class="site-search" role="search" action="/search" method="get">
    <label for="site-q" class="visually-hidden">Search bodies, partnerships and areas</label>
    <input id="site-q" name="q" type="search" placeholder="Search a body, area or code" autocomplete="off"
      role="combobox" aria-autocomplete="list" aria-expanded="false" aria-controls="site-q-list" data-suggest>
    <ul id="site-q-list" class="suggestions" role="listbox" aria-label="Suggestions" hidden></ul>
  </form></nav>
<script src="/static/search.js" defer></script>
"""


def render_html(
    data: dict[str, Any],
    *,
    inline: bool = True,
    asset_base: str = "/network/assets/",
    nav: list[tuple[str, str]] | None = None,
) -> str:
    """The interactive page for one view.

    Args:
        data: a view from :func:`~cspgraph.visualise.view` (or any of the ``*_view`` functions).
        inline: put vis-network, the page script and its CSS into the page (a standalone file that works
            offline); otherwise link them from ``asset_base`` (the app serves them).
        asset_base: where the app serves the assets.
        nav: the app's menu (href, text), shown with its search box above the network; none in a standalone file.

    Returns:
        The HTML document; in a standalone page, links to a body go to its URI, on the app to its page.
    """
    title = html.escape(str(data.get("title", "cspgraph network")))
    if inline:
        head = f"<style>{asset_text('network.css')}</style>\n{inline_script(asset_text('vis-network.min.js'))}\n"
        tail = inline_script(asset_text("network.js"))
    else:
        b = html.escape(asset_base, quote=True)
        head = f'<link rel="stylesheet" href="{b}network.css">\n<script src="{b}vis-network.min.js"></script>\n'
        tail = f'<script src="{b}network.js"></script>'
    link_mode = "app" if not inline else "uri"
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · cspgraph network</title>
{head}</head>
<body data-links="{link_mode}">
{_site_nav(nav)}<header id="top">
  <h1 id="view-title">{title}</h1>
{_CONTROLS}<script type="application/json" id="cspgraph-data">{safe_json(data)}</script>
{tail}
</body>
</html>
"""
