"""Network views and analyses, and the `cspgraph query`, `sparql` and `network` commands."""

from __future__ import annotations

import json

import networkx as nx
import pytest
from rdflib import Graph

from cspgraph import network
from cspgraph.cli import main
from cspgraph.errors import InputError
from cspgraph.labels import display_name
from cspgraph.namespaces import ID
from cspgraph.stores import GraphStore, OxigraphStore


def uri(path: str) -> str:
    return str(ID[path])


@pytest.fixture(scope="module")
def accountability(store: GraphStore) -> nx.DiGraph:
    return network.accountability_graph(store)


def test_views(store: GraphStore, accountability: nx.DiGraph) -> None:
    assert accountability.edges[uri("chief-officer/E23000008"), uri("local-policing-body/E23000008")][
        "relation"
    ].endswith("heldToAccountBy")
    assert accountability.nodes[uri("electorate/E23000008")]["terminal"]
    members = network.membership_graph(store, current_only=True)
    csp = uri("csp/E22000365")
    assert members.nodes[csp]["bipartite"] == 1
    current_ras = {m for m, _, d in members.in_edges(csp, data=True) if d["responsible_authority"]}
    assert len(current_ras) == 5
    funding = network.funding_graph(store)
    n_flows = store.select(
        "SELECT (COUNT(DISTINCT ?f) AS ?n) WHERE { ?f a <https://w3id.org/cspgraph/def/FundingFlow> }"
    ).rows[0]["n"]
    assert len({k for _, _, k in funding.edges(keys=True)}) == int(str(n_flows))  # a flow may have several parties


def test_chain(store: GraphStore, accountability: nx.DiGraph) -> None:
    c = network.chain(store, uri("chief-officer/E23000008"), accountability)
    assert [(link.depth, link.target) for link in c.links][0] == (1, uri("local-policing-body/E23000008"))
    assert c.ends == [uri("electorate/E23000008")]
    assert uri("police-and-crime-panel/E23000008") in c.open_ends  # no line is recorded above the panel
    csp = network.chain(store, uri("csp/E22000365"), accountability)
    assert uri("electorate/E06000047") in csp.ends  # via the crime and disorder committee and the council


def test_check_reports_what_the_data_says(store: GraphStore, accountability: nx.DiGraph) -> None:
    report = network.check(store, accountability)
    assert report.ok and report.cycles == []
    found = {f["body"]: f["reason"] for f in report.unaccountable}
    assert found[uri("fire-and-rescue-authority/E31000013")] == "no accountability line recorded"
    assert uri("local-policing-body/E23000008") not in found
    assert uri("csp/E22000365") not in found
    assert report.by_kind["fire-and-rescue-authority"] >= 40


def test_check_finds_a_cycle() -> None:
    ttl = """
    @prefix org: <http://www.w3.org/ns/org#> .
    <https://w3id.org/cspgraph/id/organisation/a> org:reportsTo <https://w3id.org/cspgraph/id/organisation/b> .
    <https://w3id.org/cspgraph/id/organisation/b> org:reportsTo <https://w3id.org/cspgraph/id/organisation/a> .
    """
    small = OxigraphStore()
    small.add_graph(Graph().parse(data=ttl, format="turtle"), "urn:test")
    report = network.check(small)
    assert not report.ok
    assert sorted(report.cycles[0]) == [uri("organisation/a"), uri("organisation/b")]


def test_centrality(store: GraphStore) -> None:
    rows = network.centrality(store, kind="fire-and-rescue-authority", top=0)
    assert rows and all(r.kind == "fire-and-rescue-authority" for r in rows)
    durham = next(r for r in rows if r.body == uri("fire-and-rescue-authority/E31000013"))
    assert durham.partnerships == 2
    assert [r.betweenness for r in rows] == sorted((r.betweenness for r in rows), reverse=True)
    by_class = network.centrality(store, kind="FireAndRescueAuthority", top=0)
    assert {r.body for r in by_class} == {r.body for r in rows}
    with pytest.raises(InputError):
        network.centrality(store, kind="no-such-kind")


# ------------------------------------------------------------------ the commands
def test_query_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["query", "list"]) == 0
    out = capsys.readouterr().out
    assert "list-csps-in-police-area" in out and "18 queries" in out
    assert main(["query", "show", "describe-body"]) == 0
    assert "#+ summary:" in capsys.readouterr().out
    assert main(["query", "run", "list-csps-in-police-area", "--param", "pfa=Cleveland", "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)["results"]["bindings"]) == 4
    assert main(["query", "run", "list-csps-in-police-area", "--param", "pfa=Nowhere"]) == 2
    assert "no resource is called 'Nowhere'" in capsys.readouterr().err
    assert main(["query", "run", "list-csps-in-police-area", "--param", "pfa"]) == 2
    assert main(["query", "run", "no-such-query"]) == 2


def test_sparql_command(capsys: pytest.CaptureFixture[str]) -> None:
    q = "SELECT ?l WHERE { <https://w3id.org/cspgraph/id/csp/E22000030> rdfs:label ?l }"
    assert main(["sparql", q, "--format", "csv"]) == 0
    assert "Stockton" in capsys.readouterr().out
    assert main(["sparql", "INSERT DATA { <urn:a> <urn:b> <urn:c> }"]) == 2
    assert "Update is refused" in capsys.readouterr().err
    assert main(["sparql", "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }"]) == 2
    assert main(["sparql", "SELECT ?x WHERE {\n ?x ?y }"]) == 2
    err = capsys.readouterr().err
    assert "line:column 2:" in err and "Traceback" not in err


def test_network_commands(store: GraphStore, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["network", "chain", "chief-officer/E23000008"]) == 0
    out = capsys.readouterr().out
    assert display_name(store, uri("local-policing-body/E23000008")) in out and "electorate" in out
    assert main(["network", "check", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] and data["cycles"] == []
    assert main(["network", "chain", "County Durham"]) == 2  # ambiguous: lists the candidates
    assert "ambiguous" in capsys.readouterr().err
