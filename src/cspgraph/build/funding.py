"""Structural funding flows through time: the police grant, the police fund and the council tax precept, each for as
long as its funder and recipient both exist. Amounts are not in the reference data and are not invented; each flow
cites the provision that makes it, and the flows of the dataset's date carry its financial year.
"""

from __future__ import annotations

import datetime as dt

from rdflib import URIRef

from cspgraph.build import facts
from cspgraph.build.councils import Councils
from cspgraph.build.graph import GraphBuilder
from cspgraph.build.national import organisation
from cspgraph.build.offices import Office
from cspgraph.namespaces import CSPG, GOVYEAR, ID

POLICE_FUND_NOTE = "All funding for a police force comes through its local policing body."
MOPAC_PRECEPT_NOTE = "The Mayor's precept on the London billing authorities funds MOPAC through the GLA."
PRECEPT_NOTE = "The billing authority collects the police precept with council tax."


def financial_year(when: dt.date) -> str:
    """The UK government financial year (1 April to 31 March) of a day.

    Examples:
        >>> financial_year(dt.date(2026, 2, 24)), financial_year(dt.date(2024, 4, 1))
        ('2025-2026', '2024-2025')
    """
    first = when.year if when >= dt.date(when.year, 4, 1) else when.year - 1
    return f"{first}-{first + 1}"


def as_of(gb: GraphBuilder) -> dt.date:
    """The dataset's as-of date: the latest date on which the landscape records a change in force."""
    return max(d for p in gb.periods.values() for d in p.dates())


def funding(gb: GraphBuilder, cs: Councils, chains: dict[str, list[Office]]) -> None:
    """Every structural funding flow of the landscape; those running on the dataset's date carry its year."""
    flows = police_funding(gb, chains) + precepts(gb, cs, chains)
    day = as_of(gb)
    year = GOVYEAR[financial_year(day)]
    for f in flows:
        if gb.period(f).holds(day):
            gb.add(f, CSPG.financialYear, year)


def police_funding(gb: GraphBuilder, chains: dict[str, list[Office]]) -> list[URIRef]:
    """The Home Office's police grant to each local policing body (Police Act 1996 s46), the police fund from the
    body to its chief officer (PRSRA 2011 s21), and in London the GLA's precept to MOPAC."""
    out: list[URIRef | None] = []
    for code, chain in chains.items():
        for o in chain:
            out.append(gb.flow(organisation("home-office"), o.uri, "police-grant", "police-act-1996-s46"))
            out.append(gb.flow(o.uri, ID[f"chief-officer/{code}"], "police-fund", "prsra-2011-s21", POLICE_FUND_NOTE))
        if code == facts.METROPOLITAN:
            gla = organisation("greater-london-authority")
            lpb = chain[-1].uri
            out.append(gb.flow(gla, lpb, "council-tax-precept", "lgfa-1992-s40", MOPAC_PRECEPT_NOTE))
    return [f for f in out if f is not None]


def precepts(gb: GraphBuilder, cs: Councils, chains: dict[str, list[Office]]) -> list[URIRef]:
    """Each billing authority's police precept (LGFA 1992 s40) to each local policing body of its area in turn, or
    in London to the GLA. No precept flow is recorded for the City of London."""
    out: list[URIRef | None] = []
    for lad, d in cs.districts.items():
        if d.pfa == facts.CITY_OF_LONDON:
            continue
        council = ID[f"council/{lad}"]
        if d.pfa == facts.METROPOLITAN:
            out.append(
                gb.flow(
                    council,
                    organisation("greater-london-authority"),
                    "council-tax-precept",
                    "lgfa-1992-s40",
                    PRECEPT_NOTE,
                )
            )
            continue
        for o in chains[d.pfa]:
            out.append(gb.flow(council, o.uri, "council-tax-precept", "lgfa-1992-s40", PRECEPT_NOTE))
    return [f for f in out if f is not None]
