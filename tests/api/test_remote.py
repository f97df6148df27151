"""The RemoteStore against a real Oxigraph server on loopback, and ``cspgraph load --store URL``."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic

from cspgraph.cli import main
from cspgraph.errors import InputError, QueryError
from cspgraph.queries import default_registry
from cspgraph.stores import GraphStore, open_store
from cspgraph.stores.remote import RemoteStore, endpoints
from cspgraph.stores.substitute import substitute

CSPS = """PREFIX cspg: <https://w3id.org/cspgraph/def/>
SELECT ?pfa ?csp WHERE { ?csp a cspg:CommunitySafetyPartnership ; cspg:policeForceArea ?pfa }"""


def test_endpoints_from_urls() -> None:
    assert endpoints("http://h:7878") == ("http://h:7878/query", "http://h:7878/update", "http://h:7878/store")
    assert endpoints("http://h:3030/ds/sparql")[2] == "http://h:3030/ds/data"
    assert endpoints("http://h:7878/query", gsp_url="http://h:7878/gsp")[2] == "http://h:7878/gsp"
    with pytest.raises(InputError):
        endpoints("ftp://h/x")


def test_bindings_become_checked_constants() -> None:
    q = substitute(
        'SELECT ?s WHERE { ?s ?p ?o . ?x ?y "?s" } # ?s', {"s": URIRef("http://e/a"), "o": Literal('say "hi"')}
    )
    assert q == 'SELECT (<http://e/a> AS ?s) WHERE { <http://e/a> ?p "say \\"hi\\"" . ?x ?y "?s" } # ?s'
    q = substitute(
        "SELECT ?n WHERE { { SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s } }", {"s": URIRef("http://e/a")}
    )
    assert q == "SELECT ?n WHERE { { SELECT  (COUNT(*) AS ?n) WHERE { <http://e/a> ?p ?o } GROUP BY (<http://e/a>) } }"
    q = substitute(
        "SELECT ?s WHERE { { SELECT DISTINCT ?s WHERE { ?s ?p ?o } } } ORDER BY ?s", {"s": URIRef("http://e/a")}
    )
    assert (
        q
        == "SELECT (<http://e/a> AS ?s) WHERE { { SELECT DISTINCT  * WHERE { <http://e/a> ?p ?o } } } ORDER BY (<http://e/a>)"
    )
    with pytest.raises(QueryError):
        substitute("SELECT ?s WHERE { ?s ?p ?o }", {"s": URIRef("http://e/a> } DROP ALL #")})


@pytest.mark.slow
@pytest.mark.parametrize("name", default_registry().names())
def test_every_named_query_answers_the_same_on_a_server(oxigraph_server: str, store: GraphStore, name: str) -> None:
    """With parameters bound by substitution, a SPARQL server gives exactly the embedded store's answer set."""
    remote = RemoteStore(oxigraph_server)
    query = default_registry().get(name)
    embedded = default_registry().run(store, name, **query.example)
    served = default_registry().run(remote, name, **query.example)
    assert served.as_set() == embedded.as_set()
    assert len(served) == len(embedded)


@pytest.mark.slow
def test_remote_store_answers_like_the_embedded_one(oxigraph_server: str, store: GraphStore) -> None:
    remote = open_store(oxigraph_server)
    assert isinstance(remote, RemoteStore)
    assert len(remote) == len(store)
    assert remote.graph_names() == store.graph_names()
    assert remote.select(CSPS).as_set() == store.select(CSPS).as_set()
    pfa = URIRef("https://w3id.org/cspgraph/id/police-force-area/E23000008")
    assert remote.select(CSPS, {"pfa": pfa}).as_set() == store.select(CSPS, {"pfa": pfa}).as_set()
    assert remote.ask("ASK { ?pfa a <https://w3id.org/cspgraph/def/PoliceForceArea> }", {"pfa": pfa})
    q = "DESCRIBE <https://w3id.org/cspgraph/id/csp/E22000365>"
    assert isomorphic(remote.construct(q), store.construct(q))
    g = "https://w3id.org/cspgraph/graph/legislation"
    assert isomorphic(remote.graph(g), store.graph(g))
    assert remote.count_instances("https://w3id.org/cspgraph/def/CommunitySafetyPartnership") == 314
    with pytest.raises(QueryError):
        remote.select("SELECT * WHERE { ?s ?p }")


@pytest.mark.slow
def test_cli_load_is_repeatable(oxigraph_server: str, store: GraphStore, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["load", "--store", oxigraph_server]) == 0
    out = capsys.readouterr().out
    assert f"{len(store)} quads" in out
    assert len(RemoteStore(oxigraph_server)) == len(store)  # loading again replaces, never duplicates


def test_cli_load_unreachable_server_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["load", "--store", "http://127.0.0.1:9"]) == 2
    err = capsys.readouterr().err
    assert "not reachable" in err and "Traceback" not in err
    assert main(["serve", "--store", "nonsense"]) == 2
