"""What a resource page shows above its raw statements: the briefing tables of :mod:`cspgraph.profile`, the small
network of its neighbours (an SVG laid out here), and where to see it in the network and on the map."""

from __future__ import annotations

import math
from typing import Any

from markupsafe import Markup, escape

from cspgraph import profile as profiles
from cspgraph.labels import fallback
from cspgraph.namespaces import ID
from cspgraph.stores import GraphStore

_ID = str(ID)
#: the colour and legend of each group of neighbours in the small network
GROUPS = {
    "accountable-to": ("#b3261e", "holds it to account"),
    "holds-to-account": ("#0b5cad", "it holds to account"),
    "sits-on": ("#6a3d9a", "it sits on"),
    "members": ("#33a02c", "sits on it"),
    "funded-by": ("#b15928", "funds it"),
    "funds": ("#ff7f00", "it funds"),
}
WIDTH, HEIGHT = 820, 420
RX, RY = 230, 150  # room on either side for a name of 26 characters a line


def neighbourhood(p: profiles.Profile, name: str, paths: Any) -> dict[str, Any] | None:
    """The small network: the resource in the middle, its neighbours on an ellipse around it, grouped by relation.

    Returns:
        The nodes (x, y, the name on lines of whole words, the full name, link, colour, text anchor), the legend and
        the SVG size; None without neighbours.
    """
    n = len(p.neighbours)
    if not n:
        return None
    cx, cy = WIDTH / 2, HEIGHT / 2
    nodes = []
    for i, (group, iri, label) in enumerate(p.neighbours):
        angle = -math.pi / 2 + 2 * math.pi * i / n
        x, y = cx + RX * math.cos(angle), cy + RY * math.sin(angle)
        c = math.cos(angle)
        anchor = "start" if c > 0.25 else "end" if c < -0.25 else "middle"
        dx = 9 if anchor == "start" else -9 if anchor == "end" else 0
        dy = 4 if anchor != "middle" else (-10 if math.sin(angle) < 0 else 18)
        nodes.append(
            {
                "x": round(x),
                "y": round(y),
                "tx": round(x + dx),
                "ty": round(y + dy),
                "anchor": anchor,
                "lines": _wrap(label),
                "full": label,
                "href": paths.link(iri),
                "colour": GROUPS[group][0],
            }  # fmt: skip
        )
    present = list(dict.fromkeys(g for g, _, _ in p.neighbours))
    legend = [(GROUPS[g][0], GROUPS[g][1]) for g in present]
    edges, marks = _drawn(nodes, cx, cy)
    return {
        "nodes": nodes,
        "edges": edges,
        "marks": marks,
        "legend": legend,
        "cx": cx,
        "cy": cy,
        "width": WIDTH,
        "height": HEIGHT,
        "name": name,
    }


def _drawn(nodes: list[dict[str, Any]], cx: float, cy: float) -> tuple[Markup, Markup]:
    """The SVG of the small network's edges and of its nodes (a link, a dot and the name on its lines), every name
    and link escaped."""
    edges = "".join(
        f'<line x1="{cx}" y1="{cy}" x2="{n["x"]}" y2="{n["y"]}" stroke="{n["colour"]}" aria-hidden="true"/>\n'
        for n in nodes
    )
    marks = []
    for n in nodes:
        last = len(n["lines"]) - 1
        spans = "".join(
            f'<tspan x="{n["tx"]}" dy="{14 if i else 0}">{escape(line)}{" " if i < last else ""}</tspan>'
            for i, line in enumerate(n["lines"])
        )
        marks.append(
            f'<a href="{escape(n["href"])}" aria-label="{escape(n["full"])}"><circle cx="{n["x"]}" cy="{n["y"]}" r="6" '
            f'fill="{n["colour"]}"/><text x="{n["tx"]}" y="{n["ty"]}" text-anchor="{n["anchor"]}">{spans}</text></a>\n'
        )
    return Markup(edges), Markup("".join(marks))


def rows_html(table: profiles.Table, paths: Any, cache: dict[profiles.Cell, str] | None = None) -> Markup:
    """A briefing table's rows as HTML, every text escaped; a cell with an IRI links to it. A cell's HTML depends
    only on its text and IRI, so each is written once into ``cache`` when given (kept per dataset version)."""
    cache = {} if cache is None else cache
    rows = []
    for row in table.rows:
        cells = []
        for c in row:
            html = cache.get(c)
            if html is None:
                text = escape(c.text)
                html = cache[c] = (
                    f'<td><a href="{escape(paths.link(c.iri))}">{text}</a></td>' if c.iri else f"<td>{text}</td>"
                )
            cells.append(html)
        rows.append(f"<tr>{''.join(cells)}</tr>\n")
    return Markup("".join(rows))


def _wrap(label: str, width: int = 26) -> list[str]:
    """The label on lines of about ``width`` characters, whole words, every word shown (so what is read is what is
    seen: no truncation).

    >>> _wrap("Crime and disorder committee of Durham County Council")
    ['Crime and disorder', 'committee of Durham County', 'Council']
    """
    lines: list[str] = []
    for word in label.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [label]


def _code(iri: str) -> str:
    return fallback(iri)


def network_bodies(store: GraphStore) -> frozenset[str]:
    """The bodies the network shows (a chain view exists for each): the nodes of the network's index, read by the
    index's own query (not by building the whole index, which a profile page does not need); kept per dataset."""
    from cspgraph.visualise.index import rows

    return frozenset(n.value for n, _, _ in rows(store, "view-bodies", ("n", "t", "c")))


def see_links(p: profiles.Profile, iri: str, map_codes: dict[str, set[str]], bodies: frozenset[str]) -> dict[str, str]:
    """Where to see the resource: ``network`` (its chain, or its police area's network) and ``map`` (its own shape,
    or its police force area's); an empty string where there is none."""
    kind = iri[len(_ID) :].split("/", 1)[0] if iri.startswith(_ID) else ""
    code = _code(iri)
    areas = p.table("areas").rows if any(t.key == "areas" for t in p.tables) else []
    pfa = next((_code(r[0].iri) for r in areas if "/police-force-area/" in r[0].iri), "")
    network = ""
    if kind == "police-force-area":
        network = f"/network?area={code}"
    elif iri in bodies:
        network = f"/network?body={iri[len(_ID) :]}"
    elif pfa:
        network = f"/network?area={pfa}"
    layer = {"police-force-area": "pfa", "csp": "csp", "local-authority-district": "district"}.get(kind, "")
    if layer and code in map_codes.get(layer, set()):
        where = f"/map?layer={layer}&area={code}" if layer != "pfa" else f"/map?area={code}"
    else:
        where = f"/map?area={pfa}" if pfa else ""
    return {"network": network, "map": where}
