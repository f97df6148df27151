"""Community Safety Partnerships through time: each CSP of the ONS lookups (the same 314 codes in January 2017
and December 2024), the districts it served (2017 lookup) and serves (2024 lookup), its kind, its links to each
local policing body in turn, the crime and disorder committees that scrutinise it, and its responsible-authority
memberships as :func:`cspgraph.responsible.responsible_authorities` gives them (CDA 1998 s5(1)) on every day on
which a district, council, police authority, fire, health or probation body of its area starts or ends.

A district in neither CSP lookup (Somerset West and Taunton, 2019-2023) is served by the CSP that served all the
districts it replaced and serves the district that replaced it, where there is one such CSP.
"""

from __future__ import annotations

import datetime as dt

from rdflib import RDF, Literal, URIRef
from rdflib.namespace import SKOS

from cspgraph.build import facts
from cspgraph.build.councils import Councils
from cspgraph.build.dated import Period, epochs, sample, spans
from cspgraph.build.geography import area_of
from cspgraph.build.graph import GraphBuilder, country_of, prov
from cspgraph.build.health import CCG, ICB, LHB
from cspgraph.build.national import organisation
from cspgraph.build.offices import Office
from cspgraph.build.reference import Lookups
from cspgraph.build.services import Services
from cspgraph.namespaces import CSPG, ID, KIND, STATGEO
from cspgraph.responsible import AreaFacts, responsible_authorities

CSP_SUFFIX = "Community Safety Partnership"
OWN_NAME_NOTE = "The partnership's own name, from the source document <{doc}>; the ONS lookups call it {ons}."
RENAMED_NOTE = (
    "The ONS lookups of 2017 and 2024 call it {ons}, the former name of its district, now {name} (mySociety's "
    "register and the ONS boundary files from 2019); no source here dates the renaming."
)
INFERRED = (
    "{name} is in neither ONS CSP lookup; the CSP that served all the districts it replaced, and serves the district "
    "that replaced it, is taken to have served it."
)


def csp_districts(lk: Lookups, cs: Councils) -> dict[str, list[str]]:
    """CSP code -> the districts it serves or served, from the 2017 and 2024 lookups (and the inference above)."""
    out: dict[str, list[str]] = {code: list(lads) for code, lads in lk.csp_lads.items()}
    for r in lk.lookup17.rows:
        if r["LAD17CD"] not in out.setdefault(r["CSP17CD"], []):
            out[r["CSP17CD"]].append(r["LAD17CD"])
    served = {lad for lads in out.values() for lad in lads}
    for gss in cs.districts:
        if gss in served:
            continue
        a = cs.authorities[gss]
        around = {c for c, lads in out.items() if set(lads) & set(a.predecessors + a.successors)}
        if len(around) != 1:
            raise lk.lookup17.error(f"no single CSP for {gss}, which is in neither CSP lookup")
        code = around.pop()
        out[code].append(gss)
        cs.districts[gss].notes.append(INFERRED.format(name=cs.districts[gss].name))
    return out


def partnerships(gb: GraphBuilder, lk: Lookups, cs: Councils, sv: Services, chains: dict[str, list[Office]]) -> None:
    """Every CSP with its areas, policing links, committees, kinds and responsible authorities through time."""
    served = csp_districts(lk, cs)
    periods = epochs(d for p in gb.periods.values() for d in p.dates())
    for code, lads in served.items():
        csp = partnership(gb, lk, cs, code)
        for lad in sorted(lads):
            gb.add(csp, CSPG.servesArea, area_of(lad))
            committees(gb, csp, cs.councils_of(lad))
        policing_links(gb, csp, sorted({cs.districts[lad].pfa for lad in lads}), chains)
        in_force = [[lad for lad in lads if cs.period(lad).holds(sample(e))] for e in periods]
        kinds(gb, csp, lk, periods, in_force)
        duties = [
            responsible_authorities(district_facts(cs, sv, lad, sample(e)) for lad in sorted(now))
            for e, now in zip(periods, in_force, strict=True)
        ]
        provision = {d.body: d.provision for ds in duties for d in ds}
        for body, runs in spans(periods, [[d.body for d in ds] for ds in duties]).items():
            for run in reversed(runs):
                gb.membership(csp, URIRef(body), provision[body], run)


def partnership(gb: GraphBuilder, lk: Lookups, cs: Councils, code: str) -> URIRef:
    """The CSP itself: name, codes, statutory basis (CDA 1998 s5), and its type at the dataset's date."""
    csp = ID[f"csp/{code}"]
    name, alts, note = csp_name(lk, cs, code)
    gb.body(csp, CSPG.CommunitySafetyPartnership, name, country=country_of(code))
    for alt in alts:
        gb.add(csp, SKOS.altLabel, Literal(alt, lang="en"))
    if note:
        gb.note(csp, SKOS.editorialNote, note)
    gb.code(csp, code, geography=False)
    gb.add(csp, CSPG.statisticalGeography, STATGEO[code])
    gb.add(csp, CSPG.statutoryBasis, prov("cda-1998-s5"))
    if len(lk.csp_lads[code]) > 1:
        gb.add(csp, RDF.type, CSPG.CombinedCommunitySafetyPartnership)
    return csp


def csp_name(lk: Lookups, cs: Councils, code: str) -> tuple[str, list[str], str | None]:
    """(label, alternative labels, editorial note) of a CSP: its own name where a seed document gives one; else
    "X Community Safety Partnership", X the current name of its one district when the ONS name is a
    former name of that district (Shepway, now Folkestone and Hythe), else X its ONS name. The ONS name, and
    the name made from it, stay alternative labels."""
    ons = lk.csp_names[code]
    ons_full = f"{ons} {CSP_SUFFIX}"
    if code in facts.CSP_OWN_NAMES:
        own, doc = facts.CSP_OWN_NAMES[code]
        return own, [ons_full, ons], OWN_NAME_NOTE.format(doc=ID[f"document/{doc}"], ons=ons)
    lads = lk.csp_lads[code]
    district = cs.districts[lads[0]] if len(lads) == 1 else None
    if district is not None and ons in district.old_names:
        note = RENAMED_NOTE.format(ons=ons, name=district.name)
        return f"{district.name} {CSP_SUFFIX}", [ons_full, ons], note
    return ons_full, [ons], None


def kind_on(lk: Lookups, lads: list[str], shared: set[str]) -> str:
    """The kind of a CSP serving ``lads``: combined, one of several CSPs kept in a district that replaced their
    areas (a district in ``shared``), or single-area."""
    if len(lads) > 1:
        return "combined"
    return "predecessor-district" if lads and lads[0] in shared else "single-area"


def kinds(gb: GraphBuilder, csp: URIRef, lk: Lookups, periods: list[Period], in_force: list[list[str]]) -> None:
    """The CSP's kind in each period (cspg:partnershipKind, qualified with its dates where it changed)."""
    shared = {lad for lad, csps in lk.lad_csps.items() if len(csps) > 1}
    runs = spans(periods, [[kind_on(lk, lads, shared)] for lads in in_force])
    dated = sum(len(r) for r in runs.values()) > 1
    for kind, found in runs.items():
        for run in reversed(found):
            gb.relate(csp, CSPG.partnershipKind, KIND[kind], period=run if dated else None)


def policing_links(gb: GraphBuilder, csp: URIRef, pfas: list[str], chains: dict[str, list[Office]]) -> None:
    """The CSP's police force areas and each relevant local policing body in turn (CDA 1998 s7; the Secretary of
    State for the City of London), with the duties to co-operate and have regard to each other's plans."""
    for p in pfas:
        gb.add(csp, CSPG.policeForceArea, ID[f"police-force-area/{p}"])
        if p == facts.CITY_OF_LONDON:
            gb.relate(csp, CSPG.relevantLocalPolicingBody, organisation("home-secretary"), "cda-1998-s7")
            continue
        for o in chains[p]:
            lpb = o.uri
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


def district_facts(cs: Councils, sv: Services, lad: str, when: dt.date) -> AreaFacts:
    """What CDA 1998 s5(1) looks at for one district on one day: its councils, the chief officer, police authority
    and probation providers of its police area, its fire and rescue authority, and its health bodies."""
    pfa = cs.districts[lad].pfa
    councils = [f"council/{g}" for g in cs.councils_of(lad) if cs.period(g).holds(when)]
    abolished = dt.date.fromisoformat(facts.MOPAC_SINCE if pfa == facts.METROPOLITAN else facts.PCC_SINCE)
    authority = pfa != facts.CITY_OF_LONDON and when < abolished
    return AreaFacts(
        str(area_of(lad)),
        councils=tuple(str(ID[c]) for c in councils),
        chief_officers=(str(ID[f"chief-officer/{pfa}"]),),
        police_authorities=(str(ID[f"police-authority/{pfa}"]),) if authority else (),
        probation=tuple(sv.probation.at(pfa, when)),
        fire_authorities=tuple(sv.fire.at(lad, when)),
        icbs=tuple(sv.health[ICB].at(lad, when)),
        ccgs=tuple(sv.health[CCG].at(lad, when)),
        lhbs=tuple(sv.health[LHB].at(lad, when)),
    )
