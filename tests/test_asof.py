"""The one rule of validity (cspgraph.asof) on small graphs: resources, qualified statements, membership shortcuts."""

from __future__ import annotations

import datetime as dt

import pytest
from rdflib import RDF, XSD, Graph, Literal, Namespace, URIRef

from cspgraph.asof import as_date, holds, in_force, latest
from cspgraph.errors import InputError
from cspgraph.namespaces import CSPG, ROLE, SCHEMA
from cspgraph.stores import GraphStore, OxigraphStore

EX = Namespace("https://example.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
GRAPH = "https://example.org/graph"


def day(text: str) -> Literal:
    return Literal(text, datatype=XSD.date)


def store_of(triples: list[tuple[URIRef, URIRef, URIRef | Literal]]) -> GraphStore:
    g = Graph()
    for t in triples:
        g.add(t)
    st = OxigraphStore()
    st.add_graph(g, GRAPH)
    return st


def has(store: GraphStore, s: URIRef, p: URIRef, o: URIRef | Literal) -> bool:
    return store.ask("ASK { ?s ?p ?o }", {"s": s, "p": p, "o": o})


@pytest.mark.parametrize(
    ("when", "start", "end", "expected"),
    [
        ("2017-05-07", "2017-05-08", None, False),
        ("2017-05-08", "2017-05-08", None, True),  # validFrom is the first day
        ("2017-05-07", None, "2017-05-08", True),
        ("2017-05-08", None, "2017-05-08", False),  # validUntil is the first day it no longer holds
        ("1900-01-01", None, None, True),
    ],
)
def test_the_rule(when: str, start: str | None, end: str | None, expected: bool) -> None:
    def d(x: str | None) -> dt.date | None:
        return None if x is None else as_date(x)

    assert holds(as_date(when), d(start), d(end)) is expected


def test_a_statement_needs_both_ends_in_force() -> None:
    st = store_of(
        [
            (EX.pcc, SCHEMA.validUntil, day("2017-05-08")),
            (EX.mayor, SCHEMA.validFrom, day("2017-05-08")),
            (EX.area, EX.body, EX.pcc),
            (EX.area, EX.body, EX.mayor),
            (EX.pcc, EX.label, Literal("PCC")),
        ]
    )
    before, after = in_force(st, "2017-05-07"), in_force(st, dt.date(2017, 5, 8))
    assert has(before, EX.area, EX.body, EX.pcc) and not has(before, EX.area, EX.body, EX.mayor)
    assert has(after, EX.area, EX.body, EX.mayor) and not has(after, EX.area, EX.body, EX.pcc)
    assert not has(after, EX.pcc, EX.label, Literal("PCC"))  # nothing is said of a resource out of force
    assert has(after, EX.area, EX.body, EX.mayor)


def test_a_qualified_statement_holds_while_a_qualifier_does() -> None:
    """The ICB covers the district from April 2024 only, though both existed before."""
    st = store_of(
        [
            (EX.icb, CSPG.coversArea, EX.lad),
            (EX.icb, CSPG.qualifiedRelationship, EX.rel),
            (EX.rel, RDF.type, CSPG.Relationship),
            (EX.rel, CSPG.relation, CSPG.coversArea),
            (EX.rel, CSPG.object, EX.lad),
            (EX.rel, SCHEMA.validFrom, day("2024-04-01")),
        ]
    )
    assert not has(in_force(st, "2024-03-31"), EX.icb, CSPG.coversArea, EX.lad)
    assert has(in_force(st, "2024-04-01"), EX.icb, CSPG.coversArea, EX.lad)


def test_membership_shortcuts_follow_their_memberships() -> None:
    st = store_of(
        [
            (EX.csp, CSPG.responsibleAuthority, EX.ccg),
            (EX.csp, ORG.hasMember, EX.ccg),
            (EX.m, RDF.type, CSPG.ResponsibleAuthorityMembership),
            (EX.m, ORG.organization, EX.csp),
            (EX.m, ORG.member, EX.ccg),
            (EX.m, ORG.role, ROLE["responsible-authority"]),
            (EX.m, SCHEMA.validUntil, day("2022-07-01")),
            # an undated membership of another kind keeps org:hasMember, not the responsible-authority shortcut
            (EX.csp, CSPG.responsibleAuthority, EX.trust),
            (EX.csp, ORG.hasMember, EX.trust),
            (EX.n, ORG.organization, EX.csp),
            (EX.n, ORG.member, EX.trust),
            (EX.n, ORG.role, ROLE["additional-member"]),
            (EX.r, ORG.organization, EX.csp),
            (EX.r, ORG.member, EX.trust),
            (EX.r, ORG.role, ROLE["responsible-authority"]),
            (EX.r, SCHEMA.validUntil, day("2021-06-26")),
        ]
    )
    then, now = in_force(st, "2022-06-30"), in_force(st, "2022-07-01")
    assert has(then, EX.csp, CSPG.responsibleAuthority, EX.ccg) and has(then, EX.csp, ORG.hasMember, EX.ccg)
    assert not has(now, EX.csp, CSPG.responsibleAuthority, EX.ccg) and not has(now, EX.csp, ORG.hasMember, EX.ccg)
    assert has(now, EX.csp, ORG.hasMember, EX.trust)
    assert not has(now, EX.csp, CSPG.responsibleAuthority, EX.trust)


def test_the_view_has_its_own_date_and_keeps_undated_resources() -> None:
    st = store_of(
        [
            (EX.dataset, CSPG.asOf, day("2026-02-24")),
            (EX.provision, EX.label, Literal("CDA 1998 s5")),
            (EX.old, SCHEMA.validUntil, day("2012-11-22")),
        ]
    )
    assert latest(st) == dt.date(2026, 2, 24)
    view = in_force(st, "1990-01-01")  # outside the data's span is allowed
    assert latest(view) == dt.date(1990, 1, 1)
    assert has(view, EX.provision, EX.label, Literal("CDA 1998 s5")) and has(
        view, EX.old, SCHEMA.validUntil, day("2012-11-22")
    )
    assert in_force(st, "1990-01-01") is view  # cached per store and day
    assert latest(store_of([])) is None


def test_a_bad_day_is_an_input_error() -> None:
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        in_force(store_of([]), "last Tuesday")
