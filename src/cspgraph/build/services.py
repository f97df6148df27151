"""The other responsible authorities' services: fire and rescue authorities, integrated care boards (England),
local health boards (Wales) and Probation Service regions, with the districts or police areas each covers.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from rdflib import Literal
from rdflib.namespace import DCTERMS, ORG, SKOS

from cspgraph.build import facts
from cspgraph.build.graph import ENGLAND, WALES, GraphBuilder, country_of, prov
from cspgraph.build.national import organisation
from cspgraph.build.reference import Lookups, Row
from cspgraph.namespaces import CSPG, ID, SCHEMA, STATGEO

ICB_SINCE = "2022-07-01"
PROBATION_SINCE = "2021-06-26"
WALES_PROBATION_REGION = "N03"


@dataclass
class Services:
    """Which service bodies cover each district or police area (codes, as the lookups give them).

    Attributes:
        fire: LAD -> fire and rescue authority.
        icbs: LAD -> integrated care boards overlapping it (England).
        lhbs: LAD -> local health boards (Wales).
        probation: police force area -> Probation Service region.
    """

    fire: dict[str, str] = field(default_factory=dict)
    icbs: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    lhbs: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    probation: dict[str, str] = field(default_factory=dict)


def services(gb: GraphBuilder, lk: Lookups) -> Services:
    """All the service bodies, and which of them cover each district or police area."""
    out = Services()
    fire(gb, lk, out)
    icbs(gb, lk, out)
    lhbs(gb, lk, out)
    probation(gb, out)
    return out


def fire(gb: GraphBuilder, lk: Lookups, out: Services) -> None:
    """Fire and rescue authorities, named for who holds their functions (a PFCC, a mayor) where someone does.

    Raises:
        ReferenceDataError: a district has no fire and rescue authority.
    """
    pfcc_by_fra = {p.fra_code: pfa for pfa, p in facts.PFCCS.items()}
    for r in lk.fire.rows:
        code, lad = r["fra24_code"], r["ltla24_code"]
        out.fire[lad] = code
        fra = ID[f"fire-and-rescue-authority/{code}"]
        gb.add(fra, CSPG.coversArea, ID[f"local-authority-district/{lad}"])
        if gb.has(fra, CSPG.FireAndRescueAuthority):
            continue
        ons = r["fra24_name"]
        if code in pfcc_by_fra:
            pfa = pfcc_by_fra[code]
            name = f"{facts.PFCCS[pfa].title} Fire and Rescue Authority"
            gb.add(fra, CSPG.sameOfficeholder, ID[f"local-policing-body/{pfa}"])
            gb.add(fra, CSPG.statutoryBasis, prov("frsa-2004-s4a"))
            gb.date(fra, SCHEMA.validFrom, facts.PFCCS[pfa].since)
            gb.relate(fra, CSPG.electedBy, ID[f"electorate/{pfa}"])
        elif code in facts.MAYORAL_FRAS:
            pfa = facts.MAYORAL_FRAS[code]
            name = f"{facts.MAYORS[pfa].title} (fire and rescue authority)"
            gb.add(fra, CSPG.sameOfficeholder, ID[f"local-policing-body/{pfa}"])
            gb.relate(fra, CSPG.electedBy, ID[f"electorate/{facts.MAYORS[pfa].combined_authority}"])
        else:
            name = facts.FRA_NAMES.get(code, f"{ons} Fire and Rescue Authority")
        gb.body(fra, CSPG.FireAndRescueAuthority, name, alt=ons, country=country_of(code))
        gb.code(fra, code, geography=False)
        gb.add(fra, CSPG.statisticalGeography, STATGEO[code])
        gb.add(fra, CSPG.s17DutyHolder, Literal(True))
    missing = [lad for lad in lk.lads if lad not in out.fire]
    if missing:
        raise lk.fire.error(f"no fire and rescue authority for {', '.join(missing)}")


def icb_rows(lk: Lookups) -> dict[str, list[Row]]:
    """The rows of the 2022 LAD -> ICB lookup for each English 2024 district. A district missing from it is
    mapped through the districts it replaced (mySociety's replaced-by).

    Raises:
        ReferenceDataError: a district has no ICB, nor have its predecessors.
    """
    by_lad: dict[str, list[Row]] = defaultdict(list)
    for r in lk.icb.rows:
        by_lad[r["ltla22_code"]].append(r)
    predecessors: dict[str, list[str]] = defaultdict(list)
    for r in lk.authorities.rows:
        for new in filter(None, r["replaced-by"].split(",")):
            predecessors[new].append(r["gss-code"])
    out: dict[str, list[Row]] = {}
    for lad in lk.lads:
        if lad.startswith("W"):
            continue
        rows = by_lad.get(lad)
        if not rows:
            rows = [x for p in predecessors[lk.la_by_gss[lad]["local-authority-code"]] for x in by_lad.get(p, [])]
        if not rows:
            raise lk.icb.error(f"no ICB found for {lad} {lk.lads[lad]} (nor its predecessor districts)")
        out[lad] = rows
    return out


def icbs(gb: GraphBuilder, lk: Lookups, out: Services) -> None:
    """Integrated care boards and the English districts they overlap."""
    for lad, rows in icb_rows(lk).items():
        for r in rows:
            code = r["icb22_code"]
            icb = ID[f"integrated-care-board/{code}"]
            if code not in out.icbs[lad]:
                out.icbs[lad].append(code)
            gb.add(icb, CSPG.coversArea, ID[f"local-authority-district/{lad}"])
            if gb.has(icb, CSPG.IntegratedCareBoard):
                continue
            gb.body(icb, CSPG.IntegratedCareBoard, r["icb22_name"], country=ENGLAND)
            gb.code(icb, code, geography=False)
            gb.add(icb, SKOS.notation, Literal(r["icb22_code_h"]))
            gb.date(icb, SCHEMA.validFrom, ICB_SINCE)
            gb.add(icb, CSPG.statisticalGeography, STATGEO[code])
            gb.relate(icb, CSPG.accountableTo, organisation("nhs-england"))


def lhbs(gb: GraphBuilder, lk: Lookups, out: Services) -> None:
    """Local health boards and the Welsh districts they cover.

    Raises:
        ReferenceDataError: a Welsh district has no local health board.
    """
    for r in lk.lhb.rows:
        code, lad = r["lhb22_code"], r["ltla21_code"]
        lhb = ID[f"local-health-board/{code}"]
        if code not in out.lhbs[lad]:
            out.lhbs[lad].append(code)
        gb.add(lhb, CSPG.coversArea, ID[f"local-authority-district/{lad}"])
        if gb.has(lhb, CSPG.LocalHealthBoard):
            continue
        gb.body(lhb, CSPG.LocalHealthBoard, r["lhb22_name"], country=WALES)
        gb.code(lhb, code, geography=False)
        gb.add(lhb, CSPG.statisticalGeography, STATGEO[code])
        gb.relate(lhb, CSPG.accountableTo, organisation("welsh-ministers"))
    missing = [lad for lad in lk.lads if lad.startswith("W") and lad not in out.lhbs]
    if missing:
        raise lk.lhb.error(f"no local health board for {', '.join(missing)}")


def probation(gb: GraphBuilder, out: Services) -> None:
    """The 12 Probation Service regions (since 26 June 2021) and the police force areas each covers."""
    for code, (name, pfas) in facts.PROBATION_REGIONS.items():
        r = ID[f"probation-region/{code}"]
        country = WALES if code == WALES_PROBATION_REGION else ENGLAND
        gb.body(r, CSPG.ProbationServiceRegion, f"Probation Service – {name} region", country=country)
        gb.add(r, DCTERMS.identifier, Literal(code))
        gb.add(r, SKOS.notation, Literal(code))
        gb.add(r, ORG.subOrganizationOf, organisation("hmpps"))
        gb.relate(r, CSPG.accountableTo, organisation("hmpps"))
        gb.date(r, SCHEMA.validFrom, PROBATION_SINCE)
        for p in pfas:
            gb.add(r, CSPG.coversArea, ID[f"police-force-area/{p}"])
            out.probation[p] = code
