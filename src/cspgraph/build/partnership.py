"""Community Safety Partnerships: each CSP of the ONS lookup, its kind, the areas it serves, its links to the local
policing body, the crime and disorder committees that scrutinise it, and its responsible-authority memberships as
:func:`cspgraph.responsible.responsible_authorities` gives them (CDA 1998 s5(1)).
"""

from __future__ import annotations

from rdflib import RDF, URIRef

from cspgraph.build import facts
from cspgraph.build.graph import GraphBuilder, country_of, prov
from cspgraph.build.national import organisation
from cspgraph.build.reference import Lookups
from cspgraph.build.services import Services
from cspgraph.namespaces import CSPG, ID, KIND, STATGEO
from cspgraph.responsible import AreaFacts, responsible_authorities


def partnerships(gb: GraphBuilder, lk: Lookups, sv: Services) -> None:
    """Every CSP of the lookup with its areas, policing links, committees and responsible authorities."""
    for code, lads in lk.csp_lads.items():
        csp = partnership(gb, lk, code)
        policing_links(gb, csp, sorted({lk.lad_pfa[lad] for lad in lads}))
        for lad in sorted(lads):
            gb.add(csp, CSPG.servesArea, ID[f"local-authority-district/{lad}"])
            committees(gb, csp, lk.councils_of(lad))
        for duty in responsible_authorities(district_facts(lk, sv, lad) for lad in sorted(lads)):
            gb.membership(csp, URIRef(duty.body), duty.provision, duty.since)


def partnership(gb: GraphBuilder, lk: Lookups, code: str) -> URIRef:
    """The CSP itself: name, codes, statutory basis (CDA 1998 s5) and kind (single-area, combined, or one of
    several CSPs kept in a district that replaced their areas)."""
    csp = ID[f"csp/{code}"]
    name = lk.csp_names[code]
    lads = lk.csp_lads[code]
    full = f"{name} Community Safety Partnership"
    gb.body(csp, CSPG.CommunitySafetyPartnership, full, alt=name, country=country_of(code))
    gb.code(csp, code, geography=False)
    gb.add(csp, CSPG.statisticalGeography, STATGEO[code])
    gb.add(csp, CSPG.statutoryBasis, prov("cda-1998-s5"))
    if len(lads) > 1:
        gb.add(csp, RDF.type, CSPG.CombinedCommunitySafetyPartnership)
        gb.add(csp, CSPG.partnershipKind, KIND["combined"])
    elif len(lk.lad_csps[lads[0]]) > 1:
        gb.add(csp, CSPG.partnershipKind, KIND["predecessor-district"])
    else:
        gb.add(csp, CSPG.partnershipKind, KIND["single-area"])
    return csp


def policing_links(gb: GraphBuilder, csp: URIRef, pfas: list[str]) -> None:
    """The CSP's police force areas and its relevant local policing body (CDA 1998 s7; the Secretary of State for
    the City of London), with the duties to co-operate and have regard to each other's plans."""
    for p in pfas:
        gb.add(csp, CSPG.policeForceArea, ID[f"police-force-area/{p}"])
        if p == facts.CITY_OF_LONDON:
            gb.relate(csp, CSPG.relevantLocalPolicingBody, organisation("home-secretary"), "cda-1998-s7")
            continue
        lpb = ID[f"local-policing-body/{p}"]
        gb.relate(csp, CSPG.relevantLocalPolicingBody, lpb, "cda-1998-s7")
        gb.relate(lpb, CSPG.cooperatesWith, csp, "prsra-2011-s10")
        gb.relate(csp, CSPG.mustHaveRegardTo, lpb, "cda-1998-s6-1a")
        gb.relate(lpb, CSPG.mustHaveRegardTo, csp, "prsra-2011-s10")


def committees(gb: GraphBuilder, csp: URIRef, councils: list[str]) -> None:
    """The crime and disorder committees of the councils of a served area scrutinise the CSP (PJA 2006 s19)."""
    for gss in councils:
        cdc = ID[f"crime-and-disorder-committee/{gss}"]
        gb.relate(csp, CSPG.scrutinisedBy, cdc, "pja-2006-s19")
        gb.add(cdc, CSPG.scrutinises, csp)


def district_facts(lk: Lookups, sv: Services, lad: str) -> AreaFacts:
    """What CDA 1998 s5(1) looks at for one district, from the lookups: its councils, the chief officer and
    probation region of its police area, its fire and rescue authority, and its ICBs or local health boards."""
    pfa = lk.lad_pfa[lad]
    return AreaFacts(
        str(ID[f"local-authority-district/{lad}"]),
        councils=tuple(str(ID[f"council/{gss}"]) for gss in lk.councils_of(lad)),
        chief_officers=(str(ID[f"chief-officer/{pfa}"]),),
        probation=(str(ID[f"probation-region/{sv.probation[pfa]}"]),),
        fire_authorities=(str(ID[f"fire-and-rescue-authority/{sv.fire[lad]}"]),),
        icbs=tuple(str(ID[f"integrated-care-board/{c}"]) for c in sv.icbs.get(lad, ())),
        lhbs=tuple(str(ID[f"local-health-board/{c}"]) for c in sv.lhbs.get(lad, ())),
    )
