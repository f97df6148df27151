"""One node per body: a fire and rescue authority that is a council is that council, and no CSP counts a body
twice. Expected answers come from the reference CSVs and the shared timeline."""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from pathlib import Path

import pytest

from cspgraph.asof import in_force, latest
from cspgraph.labels import display_names
from cspgraph.stores import GraphStore

ID = "https://w3id.org/cspgraph/id/"
PREFIXES = """PREFIX cspg: <https://w3id.org/cspgraph/def/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX id: <https://w3id.org/cspgraph/id/>
"""
STATGEO = "http://statistics.data.gov.uk/id/statistical-geography/"
#: The timeline (2023-04-01): Cumbria County Council, "the old fire authority", is abolished; the PFCC takes fire.
CUMBRIA_FRA, CUMBRIA_COUNCIL = "E31000009", "E10000006"
pytestmark = pytest.mark.shared


def rows(reference: Path, name: str) -> list[dict[str, str]]:
    with (reference / name).open(newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


@pytest.fixture(scope="module")
def today(store: GraphStore) -> GraphStore:
    day = latest(store)
    assert day is not None
    return in_force(store, day)


def fire_bodies(store: GraphStore) -> dict[str, set[str]]:
    """Fire and rescue area code -> the bodies that are its fire and rescue authority (ids under id/)."""
    q = PREFIXES + "SELECT ?b ?geo WHERE { ?b a cspg:FireAndRescueAuthority ; cspg:statisticalGeography ?geo }"
    out: dict[str, set[str]] = defaultdict(set)
    for r in store.select(q):
        out[str(r["geo"]).removeprefix(STATGEO)].add(str(r["b"]).removeprefix(ID))
    return out


def csp_members(store: GraphStore) -> dict[str, list[str]]:
    """CSP -> its responsible-authority members, one entry per membership in force in ``store``'s view."""
    q = (
        PREFIXES
        + """SELECT ?csp ?m ?x WHERE { ?x a cspg:ResponsibleAuthorityMembership ;
        org:organization ?csp ; org:member ?m }"""
    )
    out: dict[str, list[str]] = defaultdict(list)
    for r in store.select(q):
        out[str(r["csp"]).removeprefix(ID)].append(str(r["m"]).removeprefix(ID))
    return out


# ------------------------------------------------------------------ fire: a council that is the FRA is that council
def test_the_twelve_council_fire_authorities_come_from_the_lookup(council_fire_authorities: dict[str, str]) -> None:
    """The issue's examples are among the areas the ONS lookup and the register make council fire authorities."""
    assert len(council_fire_authorities) == 12
    named = {"E31000037": "E10000032", "E31000035": "E10000030", "E31000029": "E06000057", "E31000039": "E06000053"}
    assert named.items() <= council_fire_authorities.items()  # West Sussex, Surrey, Northumberland, Isles of Scilly


def test_each_fire_authority_that_is_a_council_is_that_council(
    today: GraphStore, store: GraphStore, council_fire_authorities: dict[str, str]
) -> None:
    now = fire_bodies(today)
    for code, council in council_fire_authorities.items():
        assert now[code] == {f"council/{council}"}, code
    ever = fire_bodies(store)
    for code, council in council_fire_authorities.items():
        assert ever[code] == {f"council/{council}"}, code  # no separate node in any period
    assert f"council/{CUMBRIA_COUNCIL}" in ever[CUMBRIA_FRA]
    before = fire_bodies(in_force(store, dt.date(2023, 3, 31)))
    assert before[CUMBRIA_FRA] == {f"council/{CUMBRIA_COUNCIL}"}


def test_no_fire_authority_node_shadows_a_council(store: GraphStore) -> None:
    """A separate fire-and-rescue-authority node of an area whose authority is (at some time) a council is the body
    of a commissioner or mayor that took the functions, never a second name for the council."""
    q = (
        PREFIXES
        + """SELECT DISTINCT ?b WHERE {
        ?c a cspg:FireAndRescueAuthority ; cspg:statisticalGeography ?geo . FILTER(STRSTARTS(STR(?c), STR(id:council)))
        ?b a cspg:FireAndRescueAuthority ; cspg:statisticalGeography ?geo . FILTER(?b != ?c)
        FILTER NOT EXISTS { ?b cspg:sameOfficeholder ?holder } }"""
    )
    assert [str(r["b"]) for r in store.select(q)] == []


@pytest.mark.parametrize("day", [dt.date(2013, 6, 1), dt.date(2020, 6, 1), None])
def test_no_csp_counts_a_body_twice(
    store: GraphStore, today: GraphStore, council_fire_authorities: dict[str, str], day: dt.date | None
) -> None:
    view = today if day is None else in_force(store, day)
    shadowed = {f"fire-and-rescue-authority/{code}" for code in council_fire_authorities}
    members = csp_members(view)
    assert len(members) == 314
    for csp, ms in members.items():
        assert len(ms) == len(set(ms)), csp
        assert not shadowed & set(ms), csp
        names = display_names(view, [ID + m for m in ms])
        assert len(set(names.values())) == len(ms), csp
