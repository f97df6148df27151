"""The RemoteStore against a real Oxigraph server on loopback, and ``cspgraph load --store URL``."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic

from cspgraph.cli import main
from cspgraph.errors import InputError, QueryError
from cspgraph.stores import GraphStore, open_store
from cspgraph.stores.remote import RemoteStore, endpoints, with_values

CSPS = """PREFIX cspg: <https://w3id.org/cspgraph/def/>
SELECT ?pfa ?csp WHERE { ?csp a cspg:CommunitySafetyPartnership ; cspg:policeForceArea ?pfa }"""


def test_endpoints_from_urls() -> None:
    assert endpoints("http://h:7878") == ("http://h:7878/query", "http://h:7878/update", "http://h:7878/store")
    assert endpoints("http://h:3030/ds/sparql")[2] == "http://h:3030/ds/data"
    assert endpoints("http://h:7878/query", gsp_url="http://h:7878/gsp")[2] == "http://h:7878/gsp"
    with pytest.raises(InputError):
        endpoints("ftp://h/x")


def test_bindings_become_a_checked_values_block() -> None:
    q = with_values("SELECT ?s WHERE { ?s ?p ?o }", {"s": URIRef("http://e/a"), "o": Literal('say "hi"')})
    assert q == 'SELECT ?s WHERE { VALUES (?s ?o) { (<http://e/a> "say \\"hi\\"") } ?s ?p ?o }'
    with pytest.raises(QueryError):
        with_values("SELECT ?s WHERE { ?s ?p ?o }", {"s": URIRef("http://e/a> } DROP ALL #")})


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
