"""What a resource page shows of the resource's own statements, as HTML written in Python (every text escaped):
its types, identifiers and description, the statements about it and the links to it, the legal basis, the
provenance of its graphs, the other formats and its JSON-LD. A fragment that depends only on the dataset (a term's
link, a provision's cells, a graph's provenance) is written once per dataset version and kept in its state."""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox
from markupsafe import Markup, escape

from cspgraph.api import conneg
from cspgraph.api.describe import RDF_TYPE, Description
from cspgraph.api.views import Paths, TermCache, script_json, term_cell, term_view
from cspgraph.labels import curie
from cspgraph.namespaces import ID, PREFIXES
from cspgraph.rdfio import jsonld_text

IDENTIFIERS = {
    "http://purl.org/dc/terms/identifier": "identifier",
    "http://www.w3.org/2004/02/skos/core#notation": "notation",
    "https://w3id.org/cspgraph/def/gssCode": "GSS code",
    "https://w3id.org/cspgraph/def/statisticalGeography": "ONS statistical geography",
    "https://w3id.org/cspgraph/def/legislation": "legislation.gov.uk",
}
DESCRIPTIONS = (
    "http://www.w3.org/2004/02/skos/core#definition",
    "http://purl.org/dc/terms/description",
    "http://www.w3.org/2000/01/rdf-schema#comment",
)


def _descriptions(iri: str) -> tuple[str, ...]:
    """What a page shows as the resource's description: a term's comment, but not the editor's comment on an
    instance (that stays in its statements)."""
    return DESCRIPTIONS[:2] if iri.startswith(str(ID)) else DESCRIPTIONS


def page_context(d: Description, paths: Paths, state: Any) -> dict[str, Any]:
    """What resource.html shows."""
    labels = d.labels
    types: list[dict[str, Any]] = []
    identifiers = []
    description = None
    described_by = _descriptions(d.iri)
    for p, o, _ in d.out:
        pv = p.value
        if pv == RDF_TYPE and isinstance(o, ox.NamedNode) and o.value not in {t["iri"] for t in types}:
            types.append(term_view(o, labels, paths))
        elif pv in IDENTIFIERS:
            href = o.value if isinstance(o, ox.NamedNode) else None
            identifiers.append((IDENTIFIERS[pv], o.value, href))
        elif pv in described_by and isinstance(o, ox.Literal) and description is None:
            description = o.value
    graphs = sorted({g for _, _, g in d.out if g})
    provenance = provenance_items(graphs, state, paths)
    title = d.label() or curie(d.iri)
    embedded = script_json(jsonld_text(d.triples()[:2000], PREFIXES))
    statements, incoming = raw_rows(d, paths, kept(state, "term-html", dict))
    return {
        "title": title,
        "iri": d.iri,
        "doc": paths.doc(d.iri),
        "description": description,
        "types": types,
        "identifiers": sorted(set(identifiers)),
        "statements": Markup("".join(statements)),
        "n_statements": len(statements),
        "incoming": Markup("".join(incoming)),
        "n_incoming": len(incoming),
        "more_incoming": d.more_incoming,
        "citations": citation_rows(d, paths, kept(state, "citation-html", dict)),
        "provenance": provenance,
        "alternates": alternates(paths.doc(d.iri)),
        "jsonld": embedded,
    }


def alternates(doc: str | None) -> dict[str, Markup]:
    """The document in the other formats (HTML, escaped): ``head``, the ``<link rel="alternate">`` elements, and
    ``links``, the links shown on the page."""
    formats = [(escape(f"{doc}.{fmt}"), escape(mt[0]), escape(fmt)) for fmt, mt in conneg.RDF_FORMATS.items()]
    return {
        "head": Markup("".join(f'<link rel="alternate" type="{mt}" href="{href}">\n' for href, mt, _ in formats)),
        "links": Markup(" · ".join(f'<a href="{href}" type="{mt}">{fmt}</a>' for href, mt, fmt in formats)),
    }


def provenance_items(graphs: list[str], state: Any, paths: Paths) -> Markup:
    """The items (HTML, every text escaped) of the provenance list: each named graph, and the sources it is derived
    from with their licences; an item is fixed per dataset version, so each is written once and kept."""
    written = kept(state, "provenance-html", dict)
    sources = getattr(state, "graph_sources", {})
    items = []
    for g in graphs:
        html = written.get(g)
        if html is None:
            links = "; ".join(
                f'<a href="{escape(paths.link(s["src"]))}">{escape(s.get("title") or s["src"])}</a>'
                + (f' (<a href="{escape(s["licence"])}">licence</a>)' if s.get("licence") else "")
                for s in sources.get(g, [])
            )
            derived = f"derived from\n{links}" if links else ""
            html = written[g] = f'<li><a href="{escape(paths.link(g))}">{escape(g)}</a>\n{derived}</li>\n'
        items.append(html)
    return Markup("".join(items))


def citation_rows(d: Description, paths: Paths, cache: dict[tuple[str, ...], tuple[str, ...]] | None = None) -> Markup:
    """The rows (HTML, every text escaped) of the legal basis table: the provision, what it is the basis of (the
    relation, and the node that qualifies it), the legislation and the confidence. A provision's cells depend only
    on its facts, and what it is the basis of only on the relation and the node, so each is written once into
    ``cache`` when given (kept per dataset version)."""
    cache = {} if cache is None else cache
    rows = []
    for c in d.citations:
        facts = ("provision", c["prov"], *(c.get(k, "") for k in ("citation", "label", "legislation", "confidence")))
        if facts not in cache:
            cache[facts] = _provision_cells(c, paths)
        via, node = c.get("via", ""), c.get("node", "")
        name = (d.labels.get(node) or node.rsplit("/", 2)[-2] + "/" + node.rsplit("/", 1)[-1]) if node else ""
        basis = ("basis", via, node, name)
        if basis not in cache:
            cache[basis] = (_basis_cell(via, node, name, paths),)
        (head, tail), (what,) = cache[facts], cache[basis]
        rows.append(f"{head}{what}{tail}")
    return Markup("".join(rows))


def _basis_cell(via: str, node: str, name: str, paths: Paths) -> str:
    """What a provision is the basis of (HTML, escaped): the relation, and the node that qualifies it."""
    basis = str(escape(curie(via))) if via else ""  # str: adding to Markup would escape the link
    if node:
        basis += f' (<a href="{escape(paths.link(node))}">{escape(name)}</a>)'
    return basis


def _provision_cells(c: dict[str, str], paths: Paths) -> tuple[str, str]:
    """A legal basis row (HTML, escaped) before and after the cell of what the provision is the basis of."""
    prov, citation, label = c["prov"], c.get("citation", ""), c.get("label", "")
    legislation, confidence = c.get("legislation", ""), c.get("confidence", "")
    cell = f'<a href="{escape(paths.link(prov))}">{escape(citation or label or prov)}</a>'
    if label and citation:
        cell += f"<br><small>{escape(label)}</small>"
    law = f'<a href="{escape(legislation)}">{escape(legislation)}</a>' if legislation else ""
    conf = escape(curie(confidence)) if confidence else ""
    return f"<tr><td>{cell}</td>\n<td>", f"</td>\n<td>{law}</td>\n<td>{conf}</td></tr>\n"


def raw_rows(d: Description, paths: Paths, cache: TermCache | None = None) -> tuple[list[str], list[str]]:
    """The rows (HTML, every text escaped) of the statements about the resource, types first then by property and
    value, and of the links to it, by property and subject; a statement in several graphs is one row naming them."""
    labels = d.labels
    sources: dict[tuple[str, ...], str] = {}  # the source column of each set of graphs, written once per page
    cells: dict[Any, tuple[Markup, str]] = {}  # and the cell of each term

    def source(gs: list[str]) -> str:
        key = tuple(gs)
        if key not in sources:
            sources[key] = str(escape(_graphs(gs)))
        return sources[key]

    def cell(t: Any) -> tuple[Markup, str]:
        if t not in cells:
            cells[t] = term_cell(t, labels, paths, cache)
        return cells[t]

    grouped: dict[tuple[Any, Any], list[str]] = {}
    for p, o, g in d.out:
        grouped.setdefault((p, o), []).append(g)
    out = []
    for (p, o), gs in grouped.items():
        (ph, pk), (oh, ok) = cell(p), cell(o)
        row = f'<tr><td>{ph}</td>\n<td>{oh}</td>\n<td class="graph">{source(gs)}</td></tr>\n'
        out.append(((p.value != RDF_TYPE, pk, ok), row))
    grouped = {}
    for x, p, g in d.inc:
        grouped.setdefault((x, p), []).append(g)
    inc = []
    for (x, p), gs in grouped.items():
        (xh, xk), (ph, pk) = cell(x), cell(p)
        inc.append(((pk, xk), f'<tr><td>{xh}</td>\n<td>{ph}</td><td class="graph">{source(gs)}</td></tr>\n'))
    out.sort(key=lambda r: r[0])  # by the key only: rows of equal keys keep the order they were read in
    inc.sort(key=lambda r: r[0])
    return [r for _, r in out], [r for _, r in inc]


def kept(state: Any, key: str, build: Any) -> Any:
    """What is kept per dataset version in ``state`` (built on first use), or built afresh without a state."""
    keep = getattr(state, "kept", None)
    return keep(key, build) if keep is not None else build()


def _graphs(gs: list[str]) -> str:
    """The named graphs a statement comes from, shortened (``seed/durham-sdp-2011``)."""
    return ", ".join(sorted(g.rsplit("/graph/", 1)[-1] for g in set(gs) if g))
