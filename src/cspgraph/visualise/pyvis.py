"""The pyvis export of a view, made standalone and offline.

pyvis 0.3.2 links vis-network from cdnjs and Bootstrap from jsdelivr (even with ``cdn_resources="in_line"``); here
the vis-network tag is replaced by the vendored file, inline, and every other external tag is removed.

Examples:
    >>> page = make_offline('<head></head><script src="https://cdnjs.example/vis-network.min.js"></script>')
    >>> external_links(page), "@version 10.1.5" in page
    ([], True)
"""

from __future__ import annotations

import re
from typing import Any

from cspgraph.visualise.html import asset_text, external_links, inline_script
from cspgraph.visualise.model import GROUP_BY_KEY, RELATION_BY_KEY

__all__ = ["make_offline", "render_pyvis"]

_EXTERNAL_TAG = re.compile(
    r"<script\b[^>]*\bsrc\s*=\s*[\"']?https?://[^>]*>\s*</script>|<link\b[^>]*\bhref\s*=\s*[\"']?https?://[^>]*/?>",
    re.IGNORECASE | re.DOTALL,
)


def render_pyvis(data: dict[str, Any], *, physics: bool | None = None) -> str:
    """The view exported with pyvis, then made offline with :func:`make_offline`.

    Args:
        data: a view from :func:`~cspgraph.visualise.view`.
        physics: run vis-network's physics; default on only when the view has no precomputed positions.
    """
    from pyvis.network import Network

    has_positions = all("x" in n for n in data["nodes"])
    if physics is None:
        physics = not has_positions
    net = Network(height="900px", width="100%", directed=True, cdn_resources="remote", heading="")
    for n in data["nodes"]:
        g = GROUP_BY_KEY.get(n["group"], GROUP_BY_KEY["other"])
        kwargs: dict[str, Any] = {"x": n["x"], "y": n["y"]} if has_positions else {}
        net.add_node(
            n["id"],
            label=n["label"],
            title=f"{n['label']}\n{n['typeLabel']}" + (f"\n{n['code']}" if n.get("code") else ""),
            color=g.colour,
            shape=g.shape,
            group=n["group"],
            **kwargs,
        )
    for e in data["edges"]:
        r = RELATION_BY_KEY[e["relation"]]
        net.add_edge(
            e["from"],
            e["to"],
            title=e.get("wording", r.label),
            color=r.colour,
            dashes=r.dashes,
            width=r.width,
            label=e.get("label", ""),
        )
    net.toggle_physics(physics)
    return make_offline(net.generate_html())


def make_offline(page: str) -> str:
    """Replace pyvis's remote vis-network by the vendored file, inline, and drop every other external tag.

    Raises:
        RuntimeError: the page still links something external afterwards.
    """
    vis_done = False

    def swap(m: re.Match[str]) -> str:
        """The vendored vis-network for pyvis's first vis-network script tag; nothing for any other external tag."""
        nonlocal vis_done
        tag = m.group(0)
        if "vis-network" in tag and tag.lower().startswith("<script") and not vis_done:
            vis_done = True
            return inline_script(asset_text("vis-network.min.js"))
        return ""

    out = _EXTERNAL_TAG.sub(swap, page)
    if not vis_done:
        out = out.replace("<head>", "<head>\n" + inline_script(asset_text("vis-network.min.js")), 1)
    if external_links(out):
        raise RuntimeError("the pyvis page still links an external resource after post-processing")
    return out
