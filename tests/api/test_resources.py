"""Dereferenceable URIs: 303s, content negotiation, the five representations, 404s, caching headers.

Every test here runs on the embedded store and on a real Oxigraph server behind the app (``any_client``).
"""

from __future__ import annotations

import json

import pytest
from fastapi.testclient import TestClient
from rdflib import RDFS, Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import ORG, SKOS

from cspgraph.namespaces import CSPG, ID

CSP = "https://w3id.org/cspgraph/id/csp/E22000365"
PARSERS = {"ttl": "turtle", "nt": "nt", "rdf": "xml", "jsonld": "json-ld"}
MEDIA = {
    "html": "text/html",
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "rdf": "application/rdf+xml",
    "jsonld": "application/ld+json",
}


@pytest.mark.parametrize("fmt", list(MEDIA))
def test_instance_uri_303_to_the_negotiated_document(any_client: TestClient, fmt: str) -> None:
    r = any_client.get("/id/csp/E22000365", headers={"Accept": MEDIA[fmt]}, follow_redirects=False)
    assert r.status_code == 303
    assert "Accept" in r.headers["vary"]
    expected = "/doc/id/csp/E22000365" + ("" if fmt == "html" else f".{fmt}")
    assert r.headers["location"] == expected


def test_q_values_decide(any_client: TestClient) -> None:
    accept = "text/html;q=0.5, text/turtle;q=0.9, application/ld+json;q=0.1"
    r = any_client.get("/id/csp/E22000365", headers={"Accept": accept}, follow_redirects=False)
    assert r.headers["location"].endswith(".ttl")
    accept = "text/turtle;q=0, application/rdf+xml"
    r = any_client.get("/id/csp/E22000365", headers={"Accept": accept}, follow_redirects=False)
    assert r.headers["location"].endswith(".rdf")


def test_format_parameter_overrides_accept(any_client: TestClient) -> None:
    r = any_client.get("/id/csp/E22000365?format=nt", headers={"Accept": "text/html"}, follow_redirects=False)
    assert r.headers["location"] == "/doc/id/csp/E22000365.nt"
    r = any_client.get("/doc/id/csp/E22000365?format=ttl", headers={"Accept": "text/html"})
    assert r.headers["content-type"].startswith("text/turtle")


def test_generic_document_sets_content_location(any_client: TestClient) -> None:
    r = any_client.get("/doc/id/csp/E22000365", headers={"Accept": "application/ld+json"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/ld+json")
    assert r.headers["content-location"] == "/doc/id/csp/E22000365.jsonld"
    assert "Accept" in r.headers["vary"]


def test_every_rdf_format_carries_the_same_graph(any_client: TestClient) -> None:
    graphs = {}
    for fmt, parser in PARSERS.items():
        r = any_client.get(f"/doc/id/csp/E22000365.{fmt}")
        assert r.status_code == 200, fmt
        assert r.headers["content-type"].startswith(MEDIA[fmt])
        graphs[fmt] = Graph().parse(data=r.content, format=parser)
    g = graphs["ttl"]
    csp = URIRef(CSP)
    assert (csp, RDFS.label, Literal("Safer Durham Partnership", lang="en")) in g
    assert (csp, ORG.hasMember, ID["council/E06000047"]) in g
    # incoming links are part of the description too
    assert (ID["local-policing-body/E23000008"], CSPG.mustHaveRegardTo, csp) in g
    for fmt in ("nt", "rdf", "jsonld"):
        assert isomorphic(g, graphs[fmt]), fmt


def test_jsonld_has_a_context(any_client: TestClient) -> None:
    doc = any_client.get("/doc/id/csp/E22000365.jsonld").json()
    assert doc["@context"]["cspg"] == "https://w3id.org/cspgraph/def/"
    assert doc["@context"]["org"] == "http://www.w3.org/ns/org#"


def test_html_page_shows_labels_links_law_and_provenance(any_client: TestClient) -> None:
    r = any_client.get("/doc/id/csp/E22000365.html")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    assert "<h1>Safer Durham Partnership</h1>" in html
    # linked resources are labelled links to their own pages
    assert '<a href="/doc/id/council/E06000047"' in html and "Durham County Council" in html
    assert '<a href="/doc/id/local-policing-body/E23000008"' in html
    # legal citations with the legislation.gov.uk document
    assert "CDA 1998 s5(1)(a)" in html and "CDA 1998 s5(1)(b)" in html
    assert 'href="http://www.legislation.gov.uk/ukpga/1998/37/section/5"' in html
    # provenance: the named graph and its source with licence
    assert "https://w3id.org/cspgraph/graph/landscape" in html
    assert "LAD to Community Safety Partnership to PFA (December 2024) Lookup in EW" in html
    # identifiers and alternates
    assert "E22000365" in html and 'rel="alternate" type="text/turtle"' in html
    assert '<script type="application/ld+json">' in html


def test_embedded_jsonld_parses(any_client: TestClient) -> None:
    html = any_client.get("/doc/id/csp/E22000365.html").text
    start = html.index('<script type="application/ld+json">') + len('<script type="application/ld+json">')
    data = json.loads(html[start : html.index("</script>", start)])
    g = Graph().parse(data=json.dumps(data), format="json-ld")
    assert (URIRef(CSP), RDFS.label, Literal("Safer Durham Partnership", lang="en")) in g


def test_ontology_terms_resolve_to_their_definitions(any_client: TestClient) -> None:
    r = any_client.get("/def/CommunitySafetyPartnership", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/doc/def/CommunitySafetyPartnership"
    html = any_client.get(r.headers["location"]).text
    assert "community safety partnership" in html
    assert "The responsible authorities for a local government area acting together" in html
    g = Graph().parse(data=any_client.get("/doc/def/CommunitySafetyPartnership.ttl").content, format="turtle")
    assert (CSPG.CommunitySafetyPartnership, SKOS.definition, None) in g
    assert any_client.get("/def/", follow_redirects=False).status_code == 303  # the ontology itself


def test_graph_uri_resolves(any_client: TestClient) -> None:
    r = any_client.get("/graph/landscape", headers={"Accept": "text/turtle"}, follow_redirects=False)
    assert r.status_code == 303
    assert any_client.get(r.headers["location"]).status_code == 200


def test_unknown_uri_is_a_helpful_404(any_client: TestClient) -> None:
    r = any_client.get("/id/csp/E23000008", headers={"Accept": "text/html"}, follow_redirects=False)
    assert r.status_code == 404
    assert "nothing about" in r.text
    # the same code under another kind is suggested
    assert "/doc/id/police-force-area/E23000008" in r.text
    r = any_client.get("/doc/id/csp/E99999999.ttl")
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/problem+json")


def test_unacceptable_format_is_406(any_client: TestClient) -> None:
    r = any_client.get("/id/csp/E22000365", headers={"Accept": "image/png"}, follow_redirects=False)
    assert r.status_code == 406


def test_etag_last_modified_and_304(any_client: TestClient) -> None:
    r = any_client.get("/doc/id/csp/E22000365.ttl")
    etag = r.headers["etag"]
    assert r.headers["last-modified"].endswith("GMT")
    assert "public" in r.headers["cache-control"] and "max-age=" in r.headers["cache-control"]
    again = any_client.get("/doc/id/csp/E22000365.ttl", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    other = any_client.get("/doc/id/csp/E22000365.nt")
    assert other.headers["etag"] != etag  # one ETag per representation
    assert any_client.get("/doc/id/csp/E22000365.ttl", headers={"If-None-Match": '"other"'}).status_code == 200
