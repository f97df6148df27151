"""Who the law makes a responsible authority of a community safety partnership: CDA 1998 s5(1), in one place.

A CSP's responsible authorities are, for each local government area it serves (s5(1); for a combined CSP, the
union over its areas, s5(1BA)): the council of the area and, in a two-tier area, the county council (s5(1)(a));
every chief officer of police whose police area lies wholly or partly in it (b); until 22 November 2012, every
police authority whose police area lies in it (c, since omitted); the providers of probation services operating
in it (aa: the National Probation Service from 2014, the Probation Service region since 26 June 2021); its fire and
rescue authority (d); every integrated care board (since 1 July 2022; a clinical commissioning group before) whose
area lies wholly or partly in it (e, England); every Local Health Board (f, Wales).

The rule takes the bodies in force on one day: ``cspgraph build`` gives it each district's facts from the reference
lookups on every day on which something changes, so that memberships start and end with the bodies; the merger
and scenario checks give it the facts read from the graph (:func:`area_facts`, on a view of one day such as
:func:`cspgraph.asof.in_force`). The SHACL shapes (``shapes/partnership.shapes.ttl``) check the same rule
independently, so a mistake here is caught there.

Examples:
    >>> facts = AreaFacts("lad/E06000047", councils=("council/E06000047",), chief_officers=("chief-officer/E23000008",))
    >>> [(d.body, d.provision) for d in responsible_authorities([facts])]
    [('council/E06000047', 'cda-1998-s5-1-a'), ('chief-officer/E23000008', 'cda-1998-s5-1-b')]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rdflib import URIRef

from cspgraph import resources
from cspgraph.stores import GraphStore
from cspgraph.stores.substitute import with_values

__all__ = ["PROVISIONS", "AreaFacts", "Duty", "area_facts", "responsible_authorities"]

#: role -> the provision node's slug under id/provision/, in the order of s5(1)'s paragraphs. Clinical commissioning
#: groups were responsible authorities under the earlier wording of paragraph (e).
PROVISIONS: dict[str, str] = {
    "council": "cda-1998-s5-1-a",
    "chief-officer": "cda-1998-s5-1-b",
    "police-authority": "cda-1998-s5-1-c",
    "probation": "cda-1998-s5-1-aa",
    "fire": "cda-1998-s5-1-d",
    "icb": "cda-1998-s5-1-e",
    "ccg": "cda-1998-s5-1-e",
    "lhb": "cda-1998-s5-1-f",
}
_ORDER = tuple(PROVISIONS)


@dataclass(frozen=True)
class AreaFacts:
    """What s5(1) looks at for one local government area on one day (URIs of the bodies)."""

    area: str
    councils: Sequence[str] = ()
    chief_officers: Sequence[str] = ()
    probation: Sequence[str] = ()
    fire_authorities: Sequence[str] = ()
    icbs: Sequence[str] = ()
    lhbs: Sequence[str] = ()
    police_authorities: Sequence[str] = ()
    ccgs: Sequence[str] = ()

    def by_role(self) -> dict[str, Sequence[str]]:
        return {
            "council": self.councils,
            "chief-officer": self.chief_officers,
            "police-authority": self.police_authorities,
            "probation": self.probation,
            "fire": self.fire_authorities,
            "icb": self.icbs,
            "ccg": self.ccgs,
            "lhb": self.lhbs,
        }


@dataclass(frozen=True)
class Duty:
    """One body that must be a responsible authority, its role, and the paragraph of s5(1) that says so."""

    body: str
    role: str
    provision: str


def responsible_authorities(areas: Iterable[AreaFacts]) -> list[Duty]:
    """The responsible authorities of a partnership serving ``areas``: each body once, councils first, then in the
    order of s5(1)'s paragraphs (a, b, c, aa, d, e, f)."""
    seen: dict[str, Duty] = {}
    areas = list(areas)
    for role in _ORDER:
        for facts in areas:
            for body in facts.by_role()[role]:
                if body not in seen:
                    seen[body] = Duty(body, role, PROVISIONS[role])
    return list(seen.values())


def area_facts(store: GraphStore, areas: Iterable[str]) -> list[AreaFacts]:
    """The s5(1) facts of each area, read from the graph in one query (queries/internal/area-facts.rq, the areas joined
    as a ``VALUES`` block of checked constants). Give it the graph of one
    day (:func:`cspgraph.asof.in_force`): on the whole dataset it mixes every period's bodies."""
    areas = list(areas)
    query = with_values(resources.internal_query("area-facts"), "area", [URIRef(a) for a in areas])
    by_area: dict[str, dict[str, list[str]]] = {a: {role: [] for role in _ORDER} for a in areas}
    for area_term, role, body in store.select_terms(query, None, ("area", "role", "body")) if areas else ():
        found = by_area[area_term.value]
        if body.value not in found[role.value]:
            found[role.value].append(body.value)
    out = []
    for area in areas:
        roles = {k: tuple(sorted(v)) for k, v in by_area[area].items()}
        out.append(
            AreaFacts(
                area,
                councils=roles["council"],
                chief_officers=roles["chief-officer"],
                probation=roles["probation"],
                fire_authorities=roles["fire"],
                icbs=roles["icb"],
                lhbs=roles["lhb"],
                police_authorities=roles["police-authority"],
                ccgs=roles["ccg"],
            )
        )
    return out
