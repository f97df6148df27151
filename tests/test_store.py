"""The store abstraction: both backends hold the same data; bad files give errors naming file and line."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef

from cspgraph.errors import LoadError, QueryError
from cspgraph.stores import GraphStore, OxigraphStore, RdflibStore, open_store


def test_backends_hold_the_same_quads(store: GraphStore, rdflib_store: GraphStore) -> None:
    assert len(store) == len(rdflib_store) > 50000
    assert store.graph_names() == rdflib_store.graph_names()


def test_named_graphs(store: GraphStore) -> None:
    names = store.graph_names()
    for g in ("ontology", "landscape", "legislation", "metadata"):
        assert f"https://w3id.org/cspgraph/graph/{g}" in names


def test_bindings_not_pasted(store: GraphStore, rdflib_store: GraphStore) -> None:
    q = "SELECT ?csp ?label WHERE { ?csp <http://www.w3.org/2000/01/rdf-schema#label> ?label }"
    b = {"csp": URIRef("https://w3id.org/cspgraph/id/csp/E22000365")}
    a = store.select(q, b)
    r = rdflib_store.select(q, b)
    assert a.as_set() == r.as_set()
    assert len(a) == 1


@pytest.mark.parametrize("cls", [OxigraphStore, RdflibStore])
def test_malformed_turtle_names_file_and_line(tmp_path: Path, cls: type[GraphStore]) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\nex:d ex:e \n")
    with pytest.raises(LoadError) as e:
        cls().load_file(bad, "http://example.org/g")
    assert "bad.ttl" in str(e.value)
    assert e.value.line is not None


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="no such file"):
        OxigraphStore().load_file(tmp_path / "nope.ttl", "http://example.org/g")


def test_malformed_query(store: GraphStore) -> None:
    with pytest.raises(QueryError):
        store.select("SELECT ?x WHERE { ?x ")


def test_unknown_store_kind() -> None:
    from cspgraph.errors import InputError

    with pytest.raises(InputError, match="unknown store"):
        open_store("mongodb")


def test_construct_and_ask(store: GraphStore) -> None:
    assert store.ask("ASK { ?s a <https://w3id.org/cspgraph/def/CommunitySafetyPartnership> }")
    g = store.construct(
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?s = <https://w3id.org/cspgraph/id/csp/E22000365>) }"
    )
    assert len(g) > 10
