"""Structural funding flows: the police grant, the police fund and the council tax precept. Amounts are not in the
reference data and are not invented; each flow cites the provision that makes it.
"""

from __future__ import annotations

from cspgraph.build import facts
from cspgraph.build.graph import GraphBuilder
from cspgraph.build.national import organisation
from cspgraph.build.reference import Lookups
from cspgraph.namespaces import ID

POLICE_FUND_NOTE = "All funding for a police force comes through its local policing body."
MOPAC_PRECEPT_NOTE = "The Mayor's precept on the London billing authorities funds MOPAC through the GLA."
PRECEPT_NOTE = "The billing authority collects the police precept with council tax."


def funding(gb: GraphBuilder, lk: Lookups) -> None:
    """Every structural funding flow of the landscape."""
    police_funding(gb, lk)
    precepts(gb, lk)


def police_funding(gb: GraphBuilder, lk: Lookups) -> None:
    """The Home Office's police grant to each local policing body (Police Act 1996 s46), the police fund from the
    body to its chief officer (PRSRA 2011 s21), and in London the GLA's precept to MOPAC."""
    for code in lk.pfa_names:
        lpb = ID[f"local-policing-body/{code}"]
        gb.flow(organisation("home-office"), lpb, "police-grant", "police-act-1996-s46")
        gb.flow(lpb, ID[f"chief-officer/{code}"], "police-fund", "prsra-2011-s21", POLICE_FUND_NOTE)
        if code == facts.METROPOLITAN:
            gla = organisation("greater-london-authority")
            gb.flow(gla, lpb, "council-tax-precept", "lgfa-1992-s40", MOPAC_PRECEPT_NOTE)


def precepts(gb: GraphBuilder, lk: Lookups) -> None:
    """Each billing authority's police precept (LGFA 1992 s40): to its local policing body, or in London to the
    GLA. No precept flow is recorded for the City of London."""
    for lad in lk.lads:
        pfa = lk.lad_pfa[lad]
        if pfa == facts.CITY_OF_LONDON:
            continue
        if pfa == facts.METROPOLITAN:
            target = organisation("greater-london-authority")
        else:
            target = ID[f"local-policing-body/{pfa}"]
        gb.flow(ID[f"council/{lad}"], target, "council-tax-precept", "lgfa-1992-s40", PRECEPT_NOTE)
