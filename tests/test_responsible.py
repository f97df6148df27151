"""The CDA 1998 s5(1) rule in cspgraph.responsible, against the landscape the build made and against the lookups."""

from __future__ import annotations

from collections import defaultdict

from cspgraph.namespaces import ID
from cspgraph.responsible import AreaFacts, area_facts, responsible_authorities
from cspgraph.stores import GraphStore

LANDSCAPE = "https://w3id.org/cspgraph/graph/landscape"


def test_rule_order_and_union() -> None:
    a = AreaFacts("a", councils=("c1", "county"), chief_officers=("co",), fire_authorities=("f",), icbs=("i",))
    b = AreaFacts("b", councils=("c2", "county"), chief_officers=("co",), probation=("p",), lhbs=("l",))
    duties = responsible_authorities([a, b])
    assert [d.body for d in duties] == ["c1", "county", "c2", "co", "p", "f", "i", "l"]
    assert {d.body: d.provision for d in duties}["p"] == "cda-1998-s5-1-aa"
    assert {d.body: d.since for d in duties}["i"] == "2022-07-01"


def test_every_csp_has_the_rule_s_authorities(store: GraphStore) -> None:
    """Applied to the graph's area-level facts, the rule gives each of the 314 CSPs exactly its memberships."""
    q = f"SELECT ?csp ?x WHERE {{ GRAPH <{LANDSCAPE}> {{ ?csp <https://w3id.org/cspgraph/def/%s> ?x }} }}"
    areas: dict[str, list[str]] = defaultdict(list)
    for csp, area in store.select_terms(q % "servesArea", None, ("csp", "x")):
        areas[csp.value].append(area.value)
    members: dict[str, set[str]] = defaultdict(set)
    for csp, ra in store.select_terms(q % "responsibleAuthority", None, ("csp", "x")):
        members[csp.value].add(ra.value)
    assert len(areas) == 314
    for csp, served in areas.items():
        assert {d.body for d in responsible_authorities(area_facts(store, served))} == members[csp], csp


def test_durham_from_the_graph(store: GraphStore) -> None:
    (facts,) = area_facts(store, [str(ID["local-authority-district/E06000047"])])
    assert facts.councils == (str(ID["council/E06000047"]),)
    assert facts.chief_officers == (str(ID["chief-officer/E23000008"]),)
    assert facts.probation == (str(ID["probation-region/N54"]),)
    assert facts.fire_authorities == (str(ID["fire-and-rescue-authority/E31000013"]),)
    assert facts.icbs and not facts.lhbs
