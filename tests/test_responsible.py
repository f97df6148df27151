"""The CDA 1998 s5(1) rule in cspgraph.responsible, against the landscape the build made and against the lookups."""

from __future__ import annotations

from collections import defaultdict

import pytest

from cspgraph.asof import in_force, latest
from cspgraph.namespaces import ID
from cspgraph.responsible import AreaFacts, area_facts, responsible_authorities
from cspgraph.stores import GraphStore

LANDSCAPE = "https://w3id.org/cspgraph/graph/landscape"


def test_rule_order_and_union() -> None:
    a = AreaFacts("a", councils=("c1", "county"), chief_officers=("co",), fire_authorities=("f",), icbs=("i",))
    b = AreaFacts("b", councils=("c2", "county"), chief_officers=("co",), probation=("p",), lhbs=("l",))
    c = AreaFacts("c", councils=("c3",), police_authorities=("pa",), ccgs=("g",))
    duties = responsible_authorities([a, b, c])
    assert [d.body for d in duties] == ["c1", "county", "c2", "c3", "co", "pa", "p", "f", "i", "g", "l"]
    provisions = {d.body: d.provision for d in duties}
    assert provisions["p"] == "cda-1998-s5-1-aa" and provisions["pa"] == "cda-1998-s5-1-c"
    assert provisions["i"] == provisions["g"] == "cda-1998-s5-1-e"


@pytest.fixture(scope="module")
def today(store: GraphStore) -> GraphStore:
    """The dataset on its own as-of date."""
    day = latest(store)
    assert day is not None
    return in_force(store, day)


@pytest.mark.parametrize("day", ["2012-06-01", "2017-06-01", "2021-06-01", "2022-06-30", "2024-06-01", None])
def test_every_csp_has_the_rule_s_authorities(store: GraphStore, day: str | None) -> None:
    """Applied to the graph's area-level facts on a day, the rule gives each of the 314 CSPs exactly its memberships
    of that day."""
    store = in_force(store, day or latest(store))  # type: ignore[arg-type]
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


def test_durham_from_the_graph(today: GraphStore) -> None:
    (facts,) = area_facts(today, [str(ID["local-authority-district/E06000047"])])
    assert facts.councils == (str(ID["council/E06000047"]),)
    assert facts.chief_officers == (str(ID["chief-officer/E23000008"]),)
    assert facts.probation == (str(ID["probation-region/N54"]),)
    assert facts.fire_authorities == (str(ID["fire-and-rescue-authority/E31000013"]),)
    assert facts.icbs and not facts.lhbs


def test_area_facts_for_some_areas_are_those_of_the_whole_graph(today: GraphStore) -> None:
    """The areas asked for are joined inside each branch of the query (its VALUES ... UNDEF lines): the facts of a
    few areas are exactly the rows that the query run as it is, over every area, gives for them."""
    from cspgraph import resources

    everything = today.select_terms(resources.internal_query("area-facts"), None, ("area", "role", "body"))
    areas = sorted({a.value for a, _, _ in everything})
    assert len(areas) > 300 and "UNDEF" in resources.internal_query("area-facts")
    for chosen in (areas, areas[:4], [str(ID["local-authority-district/E06000047"]), areas[-1]]):
        expected: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for a, role, body in everything:
            if a.value in chosen:
                expected[a.value][role.value].add(body.value)
        got = {f.area: {r: set(b) for r, b in f.by_role().items() if b} for f in area_facts(today, chosen)}
        assert got == {a: dict(expected[a]) for a in chosen}
