"""Places and the councils of places: countries, police force areas, local authority districts, counties and
combined authority areas, each council with its electorate and crime and disorder committee.
"""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import ORG, SKOS

from cspgraph.build import facts
from cspgraph.build.graph import ENGLAND, WALES, GraphBuilder, country_of, prov, tail
from cspgraph.build.reference import Lookups, Row
from cspgraph.namespaces import CSPG, ID

#: Combined authorities mySociety's register v1.6.1 still shows as current though a successor replaced them.
SUPERSEDED_COMBINED_AUTHORITIES = ("E47000010", "E47000011")
SUPERSEDED_NOTE = (
    "Shown as current in mySociety's register v1.6.1; the North East Combined Authority of 2024 replaced it. "
    "Kept as the source has it."
)
CDC_SCOPE_NOTE = (
    "Every local authority must have a crime and disorder committee (PJA 2006 s19); the committee's own name (often "
    "an overview and scrutiny committee) is not recorded here."
)


def countries(gb: GraphBuilder) -> None:
    """England and Wales.

    Example:
        >>> gb = GraphBuilder()
        >>> countries(gb)
        >>> gb.has(WALES, CSPG.Country)
        True
    """
    for c, name in ((ENGLAND, "England"), (WALES, "Wales")):
        gb.body(c, CSPG.Country, name)
        gb.code(c, tail(c), geography=True)


def police_areas(gb: GraphBuilder, lk: Lookups) -> None:
    """The police force areas of the ONS lookup, named as the law names them where the ONS label differs."""
    for code, ons in lk.pfa_names.items():
        a = ID[f"police-force-area/{code}"]
        proper = facts.AREA_NAMES.get(code, ons)
        gb.body(a, CSPG.PoliceForceArea, f"{proper} police force area", alt=ons, country=country_of(code))
        gb.code(a, code, geography=True)
        gb.add(a, CSPG.withinArea, country_of(code))


def districts(gb: GraphBuilder, lk: Lookups) -> None:
    """Every local authority district with its council, and the counties and combined authorities over it."""
    for lad in lk.lads:
        district(gb, lk, lad)
        county = lk.county_of(lad)
        if county is not None:
            county_area(gb, lad, county)
        for code in filter(None, lk.la_by_gss[lad]["combined-authority"].split(",")):
            row = lk.la_by_code.get(code)
            if row is not None and row["current-authority"] == "True":
                combined_authority(gb, lad, row)


def district(gb: GraphBuilder, lk: Lookups, lad: str) -> URIRef:
    """One local authority district, the areas it lies in, and its council."""
    row = lk.la_by_gss[lad]
    area_cls, council_cls = facts.LA_TYPES[row["local-authority-type"]]
    country = country_of(lad)
    area = ID[f"local-authority-district/{lad}"]
    gb.body(area, CSPG[area_cls], lk.lads[lad], country=country)
    gb.code(area, lad, geography=True)
    gb.add(area, CSPG.withinArea, ID[f"police-force-area/{lk.lad_pfa[lad]}"])
    gb.add(area, CSPG.withinArea, country)
    council(gb, lad, row, council_cls, area, country)
    return area


def county_area(gb: GraphBuilder, lad: str, county: Row) -> None:
    """The county over a two-tier district, and (once) the county and its council."""
    gss = county["gss-code"]
    area = ID[f"county/{gss}"]
    gb.add(ID[f"local-authority-district/{lad}"], CSPG.withinArea, area)
    if gb.has(area, CSPG.CountyArea):
        return
    country = country_of(lad)
    gb.body(area, CSPG.CountyArea, county["nice-name"], country=country)
    gb.code(area, gss, geography=True)
    council(gb, gss, county, "CountyCouncil", area, country)


def combined_authority(gb: GraphBuilder, lad: str, row: Row) -> None:
    """A district's place in a combined authority area, its council's membership, and (once) the authority."""
    gss = row["gss-code"]
    area = ID[f"combined-authority-area/{gss}"]
    body = ID[f"combined-authority/{gss}"]
    gb.add(ID[f"local-authority-district/{lad}"], CSPG.withinArea, area)
    gb.add(ID[f"council/{lad}"], ORG.memberOf, body)
    if gb.has(body, CSPG.CombinedAuthority):
        return
    country = country_of(lad)
    gb.body(area, CSPG.CombinedAuthorityArea, f"{row['nice-name']} area", country=country)
    gb.code(area, gss, geography=True)
    gb.body(body, CSPG.CombinedAuthority, row["official-name"], country=country)
    gb.code(body, gss, geography=False)
    gb.add(body, CSPG.coversArea, area)
    gb.add(body, CSPG.s17DutyHolder, Literal(True))
    if gss in SUPERSEDED_COMBINED_AUTHORITIES:
        gb.note(body, SKOS.editorialNote, SUPERSEDED_NOTE)


def council(gb: GraphBuilder, gss: str, row: Row, cls: str, area: URIRef, country: URIRef) -> URIRef:
    """A council of ``area``, its electorate and its crime and disorder committee (PJA 2006 s19)."""
    c = ID[f"council/{gss}"]
    gb.body(c, CSPG[cls], row["official-name"], alt=row["nice-name"], country=country)
    gb.code(c, gss, geography=False)
    gb.add(c, SKOS.notation, Literal(row["local-authority-code"]))
    gb.add(c, CSPG.councilFor, area)
    gb.add(c, CSPG.coversArea, area)
    gb.add(c, CSPG.s17DutyHolder, Literal(True))
    e = ID[f"electorate/{gss}"]
    gb.body(e, CSPG.Electorate, f"Local government electors of {row['nice-name']}")
    gb.relate(c, CSPG.electedBy, e)
    cdc = ID[f"crime-and-disorder-committee/{gss}"]
    gb.body(cdc, CSPG.CrimeAndDisorderCommittee, f"Crime and disorder committee of {row['official-name']}")
    gb.add(cdc, ORG.unitOf, c)
    gb.add(c, ORG.hasUnit, cdc)
    gb.add(cdc, CSPG.statutoryBasis, prov("pja-2006-s19"))
    gb.note(cdc, SKOS.scopeNote, CDC_SCOPE_NOTE)
    gb.add(c, CSPG.crimeAndDisorderCommittee, cdc)
    gb.relate(cdc, CSPG.accountableTo, c)
    return c
