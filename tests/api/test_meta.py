"""/.well-known/void, the dumps, the browse pages, /health and the sitemap."""

from __future__ import annotations

import gzip

import pytest
from fastapi.testclient import TestClient
from rdflib import RDF, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, VOID

from cspgraph.namespaces import ID
from cspgraph.stores import GraphStore

DATASET = ID["dataset/cspgraph"]


def test_void_describes_the_dataset(any_client: TestClient, store: GraphStore) -> None:
    r = any_client.get("/.well-known/void", headers={"Accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=r.content, format="turtle")
    assert (DATASET, RDF.type, VOID.Dataset) in g and (DATASET, RDF.type, DCAT.Dataset) in g
    assert g.value(DATASET, VOID.triples) == Literal(len(store))
    assert str(g.value(DATASET, VOID.sparqlEndpoint)) == "http://testserver/sparql"
    dumps = {str(u) for u in g.objects(DATASET, VOID.dataDump)}
    assert "http://testserver/dumps/cspgraph.nt.gz" in dumps and len(dumps) == 4
    # licences and attribution of every source
    sources = list(g.objects(DATASET, DCTERMS.source))
    assert len(sources) >= 5
    for s in sources:
        assert g.value(s, DCTERMS.license) is not None and g.value(s, DCTERMS.rights) is not None
    assert (DATASET, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")) in g
    # counts per named graph add up; the class partition counts CSPs
    subsets = list(g.objects(DATASET, VOID.subset))
    assert sum(int(g.value(s, VOID.triples)) for s in subsets) == len(store)  # type: ignore[arg-type]
    csp = URIRef("https://w3id.org/cspgraph/def/CommunitySafetyPartnership")
    part = next(p for p in g.objects(DATASET, VOID.classPartition) if g.value(p, VOID["class"]) == csp)
    assert int(g.value(part, VOID.entities)) == store.count_instances(str(csp))  # type: ignore[arg-type]
    service = next(g.subjects(RDF.type, DCAT.DataService))
    assert (service, DCAT.servesDataset, DATASET) in g


def test_void_other_formats(any_client: TestClient) -> None:
    jl = any_client.get("/.well-known/void", headers={"Accept": "application/ld+json"})
    assert len(Graph().parse(data=jl.content, format="json-ld")) > 50
    html = any_client.get("/.well-known/void", headers={"Accept": "text/html"}).text
    assert "Office for National Statistics" in html and "mySociety" in html


@pytest.mark.slow
def test_dumps(client: TestClient, store: GraphStore) -> None:
    page = client.get("/dumps").text
    for name in ("cspgraph.ttl", "cspgraph.nt.gz", "cspgraph.nq.gz", "cspgraph.jsonld"):
        assert f'href="/dumps/{name}"' in page
    direct = store.graph()
    r = client.get("/dumps/cspgraph.nt.gz")
    assert r.headers["content-type"] == "application/gzip" and "etag" in r.headers
    nt = Graph().parse(data=gzip.decompress(r.content), format="nt")
    assert len(nt) == len(direct)
    ttl = Graph().parse(data=client.get("/dumps/cspgraph.ttl").content, format="turtle")
    assert len(ttl) == len(direct)
    ds = Dataset()
    ds.parse(data=gzip.decompress(client.get("/dumps/cspgraph.nq.gz").content), format="nquads")
    assert {str(g.identifier) for g in ds.graphs() if len(g)} == set(store.graph_names())
    assert sum(len(g) for g in ds.graphs()) == len(store)
    assert client.get("/dumps/nope.ttl").status_code == 404
    etag = r.headers["etag"]
    assert client.get("/dumps/cspgraph.nt.gz", headers={"If-None-Match": etag}).status_code == 304


@pytest.mark.slow
def test_jsonld_dump(client: TestClient, store: GraphStore) -> None:
    r = client.get("/dumps/cspgraph.jsonld")
    data = r.json()
    assert data["@context"]["cspg"] == "https://w3id.org/cspgraph/def/"
    g = Graph().parse(data=r.content, format="json-ld")
    assert len(g) == len(store.graph())


def test_browse_police_areas_to_csps_to_bodies(any_client: TestClient, store: GraphStore) -> None:
    html = any_client.get("/browse").text
    assert html.count('href="/browse/police-force-area/') == 43
    assert "Durham police force area" in html
    page = any_client.get("/browse/police-force-area/E23000008").text
    n = store.select(
        "SELECT ?pfa (COUNT(DISTINCT ?c) AS ?n) WHERE { ?c a <https://w3id.org/cspgraph/def/CommunitySafetyPartnership> ; "
        "<https://w3id.org/cspgraph/def/policeForceArea> ?pfa } GROUP BY ?pfa",
        {"pfa": ID["police-force-area/E23000008"]},
    ).rows[0]["n"]
    assert page.count('<section class="csp">') == int(n)  # type: ignore[arg-type]
    assert "Safer Durham Partnership" in page  # the partnership's own name (labels.py)
    assert 'href="/doc/id/local-policing-body/E23000008"' in page  # the PCC
    assert 'href="/doc/id/council/E06000047"' in page  # a responsible authority of a CSP
    assert any_client.get("/browse/police-force-area/E99999999").status_code == 404
    kind = any_client.get("/browse/kind/csp").text
    assert "Page 1 of 2" in kind and kind.count("/doc/id/csp/") == 200
    assert "Safer Durham Partnership" in any_client.get("/browse/kind/csp?page=2").text
    assert any_client.get("/browse/kind/nothing").status_code == 404


def test_home_health_sitemap(client: TestClient, store: GraphStore) -> None:
    home = client.get("/")
    assert "community safety partnership" in home.text and "314" in home.text
    assert client.get("/health").json()["quads"] == len(store)
    sm = client.get("/sitemap.xml")
    assert sm.status_code == 200 and "http://testserver/doc/id/csp/E22000365</loc>" in sm.text
    assert client.get("/openapi.json").json()["info"]["title"] == "cspgraph"


def test_a_dump_as_of_a_day_holds_that_days_landscape(client: TestClient) -> None:
    """Forest Heath District Council was replaced by West Suffolk on 1 April 2019 (the council register and the
    2019 change event): a dump of 2018 has it, a dump of 2020 has not, and each day's dump has its own ETag."""
    forest_heath = URIRef("https://w3id.org/cspgraph/id/council/E07000201")
    west_suffolk = URIRef("https://w3id.org/cspgraph/id/council/E07000245")
    subjects = {}
    for day in ("2018-06-01", "2020-06-01"):
        r = client.get(f"/dumps/cspgraph.nt.gz?as_of={day}")
        assert r.status_code == 200 and f"cspgraph-{day}.nt.gz" in r.headers["content-disposition"]
        subjects[day] = set(Graph().parse(data=gzip.decompress(r.content), format="nt").subjects())
        assert (
            client.get(f"/dumps/cspgraph.nt.gz?as_of={day}", headers={"If-None-Match": r.headers["etag"]}).status_code
            == 304
        )
    assert forest_heath in subjects["2018-06-01"] and forest_heath not in subjects["2020-06-01"]
    assert west_suffolk in subjects["2020-06-01"] and west_suffolk not in subjects["2018-06-01"]
    bad = client.get("/dumps/cspgraph.ttl?as_of=2018-13-01")
    assert bad.status_code == 400 and bad.headers["content-type"].startswith("application/problem+json")
