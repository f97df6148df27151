"""One true name per body, and one node per body: a fire and rescue authority that is a council is that council,
no CSP counts a body twice, every label is the display name, and CSPs carry their own names where a source gives
them. Expected answers come from the reference CSVs, the shared timeline and the seed documents."""

from __future__ import annotations

import csv
import datetime as dt
from collections import defaultdict
from pathlib import Path

import pytest
from rdflib import URIRef

from cspgraph.asof import in_force, latest
from cspgraph.labels import NameTable, display_names
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


# ------------------------------------------------------------------ names
def test_every_label_is_the_display_name(store: GraphStore) -> None:
    """Over the whole dataset (landscape and seed graphs), every resource under id/ with an rdfs:label has one, and
    it is the name the display-name rule (cspgraph.labels) picks: pages and SPARQL results show one name."""
    q = PREFIXES + "SELECT ?b ?l WHERE { ?b rdfs:label ?l FILTER(STRSTARTS(STR(?b), STR(id:))) }"
    labels: dict[str, set[str]] = defaultdict(set)
    for r in store.select(q):
        labels[str(r["b"])].add(str(r["l"]))
    assert len(labels) > 3000
    names = display_names(store, list(labels))
    assert {b: ls for b, ls in labels.items() if ls != {names.get(b)}} == {}


def test_the_name_table_answers_as_the_rule(store: GraphStore) -> None:
    """The table of names a server keeps per dataset version gives every IRI the name the rule reads from the store
    (the same names, and none for an IRI without a label); a day's view has its own."""
    q = PREFIXES + "SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(isIRI(?s)) }"
    iris = [str(r["s"]) for r in store.select(q)] + [ID + "csp/E22999999"]
    table = NameTable(store)
    assert len(table.names) > 3000
    assert table(iris) == display_names(store, iris)
    view = in_force(store, dt.date(2019, 3, 31))
    assert NameTable(view)(iris) == display_names(view, iris)


def test_partnerships_use_their_own_names(store: GraphStore, reference_dir: Path) -> None:
    q = PREFIXES + "SELECT ?csp ?l ?alt WHERE { ?csp rdfs:label ?l OPTIONAL { ?csp skos:altLabel ?alt } }"

    def names(code: str) -> tuple[set[str], set[str]]:
        found = store.select(q, {"csp": URIRef(f"{ID}csp/{code}")})
        return {str(r["l"]) for r in found}, {str(r["alt"]) for r in found if r["alt"] is not None}

    label, alts = names("E22000365")  # the 2021 briefing
    assert label == {"Safer Durham Partnership"} and "County Durham Community Safety Partnership" in alts
    label, alts = names("E22000030")  # the 2013 Cleveland report
    assert label == {"Safer Stockton Partnership"} and "Stockton-on-Tees" in alts
    register = {r["gss-code"]: r for r in rows(reference_dir, "mysociety_uk_local_authorities_current_v1.6.1.csv")}
    current = register["E07000112"]["nice-name"]
    assert "Shepway" in register["E07000112"]["alt-names"]
    label, alts = names("E22000145")
    assert label == {f"{current} Community Safety Partnership"}
    assert {"Shepway", "Shepway Community Safety Partnership"} <= alts


def test_every_ons_csp_name_is_kept(store: GraphStore, reference_dir: Path) -> None:
    """Each CSP's ONS name (December 2024 lookup) is its label's stem or one of its alternative labels."""
    ons = {r["csp24_code"]: r["csp24_name"] for r in rows(reference_dir, "geographr_lookup_ltla24_csp24_pfa24.csv")}
    q = (
        PREFIXES
        + """SELECT ?csp ?n WHERE {
        ?csp a cspg:CommunitySafetyPartnership { ?csp skos:altLabel ?n } UNION { ?csp rdfs:label ?n } }"""
    )
    got: dict[str, set[str]] = defaultdict(set)
    for r in store.select(q):
        got[str(r["csp"]).removeprefix(f"{ID}csp/")].add(str(r["n"]))
    assert {code for code, name in ons.items() if name not in got[code]} == set()


def test_the_build_checks_the_timeline_names_the_council(reference_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The timeline's former fire authority (Cumbria County Council) must be the council the lookups give."""
    from cspgraph.build import facts, landscape_graph
    from cspgraph.errors import ReferenceDataError

    wrong = facts.PFCCS["E23000002"]._replace(former=("E10000032", "West Sussex County Council"))
    monkeypatch.setitem(facts.PFCCS, "E23000002", wrong)
    with pytest.raises(ReferenceDataError, match="timeline names West Sussex County Council"):
        landscape_graph(reference_dir)


def test_a_council_fire_authority_is_found_by_the_area_code(
    store: GraphStore, council_fire_authorities: dict[str, str]
) -> None:
    from cspgraph.resolve import resolve

    for code, council in council_fire_authorities.items():
        assert str(resolve(store, code)) == f"{ID}council/{council}"
