"""Labels and literals are text, never markup: a label containing <script> renders as text."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient
from rdflib import RDF, RDFS, Graph, Literal, URIRef

from cspgraph.api import create_app
from cspgraph.namespaces import CSPG
from cspgraph.stores import OxigraphStore

from .conftest import settings

EVIL = '<script>alert("x")</script> & </script><img src=x onerror=alert(1)>'


def test_script_label_renders_as_text() -> None:
    g = Graph()
    s = URIRef("https://w3id.org/cspgraph/id/csp/E22999999")
    other = URIRef("https://w3id.org/cspgraph/id/council/E99999999")
    g.add((s, RDF.type, CSPG.CommunitySafetyPartnership))
    g.add((s, RDFS.label, Literal(EVIL, lang="en")))
    g.add((s, CSPG.servesArea, other))
    g.add((other, RDFS.label, Literal("<b>bold</b> council")))
    store = OxigraphStore()
    store.add_graph(g, "https://w3id.org/cspgraph/graph/test")
    with TestClient(create_app(settings(sparql_workers=1), store=store)) as c:
        html = c.get("/doc/id/csp/E22999999.html").text
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>bold</b>" not in html
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html
        assert "&lt;b&gt;bold&lt;/b&gt; council" in html
        # the embedded JSON-LD cannot close its script element early
        start = html.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
        block = html[start : html.index("</script>", start)]
        assert "<" not in block
        values = [
            v["@value"]
            for node in json.loads(block)["@graph"]
            for vs in node.values()
            if isinstance(vs, list)
            for v in vs
            if isinstance(v, dict) and "@value" in v
        ]
        assert EVIL in values  # the label survives intact as data
        page = c.get("/id/council/E99999999", follow_redirects=True).text  # an incoming link shows the label too
        assert "&lt;script&gt;" in page and "<script>alert" not in page
        # the SPARQL page's HTML results escape too
        q = "SELECT ?l WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l }"
        res = c.get("/sparql", params={"query": q, "format": "html"}).text
        assert "<script>alert" not in res and "&lt;script&gt;" in res


def test_legal_basis_and_literal_rows_escape() -> None:
    """The rows written as HTML in one pass (legal basis, raw statements with a datatype, briefing cells, the small
    network) escape every text and attribute, as the template does."""
    from rdflib import XSD

    g = Graph()
    s = URIRef("https://w3id.org/cspgraph/id/csp/E22999998")
    prov = URIRef("https://w3id.org/cspgraph/id/provision/test-evil")
    area = URIRef("https://w3id.org/cspgraph/id/local-authority-district/E99999998")
    pcc = URIRef("https://w3id.org/cspgraph/id/local-policing-body/E99999997")
    g.add((s, RDF.type, CSPG.CommunitySafetyPartnership))
    g.add((s, RDFS.label, Literal("Test partnership", lang="en")))
    g.add((s, CSPG.statutoryBasis, prov))
    g.add((s, CSPG.coversArea, area))
    g.add((s, CSPG.heldToAccountBy, pcc))
    g.add((pcc, RDFS.label, Literal("<em>commissioner</em> of 'x'")))
    g.add((area, RDFS.label, Literal("<i>area</i> & co")))
    g.add((s, CSPG.gssCode, Literal('E22"><svg onload=alert(2)>', datatype=XSD.token)))
    g.add((prov, RDF.type, CSPG.Provision))
    g.add((prov, CSPG.citation, Literal("<u>s. 5</u>")))
    g.add((prov, RDFS.label, Literal(EVIL)))
    g.add((prov, CSPG.legislation, URIRef("https://www.legislation.gov.uk/ukpga/1998/37/section/5?a=1&b=2")))
    store = OxigraphStore()
    store.add_graph(g, "https://w3id.org/cspgraph/graph/test")
    with TestClient(create_app(settings(sparql_workers=1), store=store)) as c:
        html = c.get("/doc/id/csp/E22999998.html").text
    body = html[html.index("<body") :]
    for raw in ("<u>", "<i>area", "<em>", "<svg onload", "<script>alert", "<img src=x"):
        assert raw not in body, raw
    assert "&lt;u&gt;s. 5&lt;/u&gt;" in body  # the legal basis table
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in body
    assert "&lt;i&gt;area&lt;/i&gt; &amp; co" in body  # a briefing cell and the raw statements
    assert "E22&#34;&gt;&lt;svg onload=alert(2)&gt;" in body
    assert 'href="https://www.legislation.gov.uk/ukpga/1998/37/section/5?a=1&amp;b=2"' in body
    ego = body[body.index('<svg class="ego"') : body.index("</svg>")]  # the small network's names and link names
    assert 'aria-label="&lt;em&gt;commissioner&lt;/em&gt; of &#39;x&#39;"' in ego
    assert '">&lt;em&gt;commissioner&lt;/em&gt; of </tspan>' in ego and "&#39;x&#39;</tspan>" in ego
