"""Places and the councils of places through time: countries, police force areas, every local authority district
of the ONS vintages since January 2017, counties, each council with its electorate and crime and disorder
committee, and the reorganisations that ended and created them (mySociety's start, end and replaced-by).
Combined authorities are in :mod:`.combined`.
"""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import ORG, SKOS

from cspgraph.build import facts
from cspgraph.build.change import IN_FORCE, Change, ends, event, replaces, starts
from cspgraph.build.councils import Authority, Councils, is_district
from cspgraph.build.dated import SPAN_START
from cspgraph.build.graph import ENGLAND, WALES, GraphBuilder, country_of, prov, tail
from cspgraph.build.reference import Lookups
from cspgraph.build.timeline import FUTURE, MYSOCIETY, SURREY_COUNTY
from cspgraph.namespaces import CSPG, ID

CDC_SCOPE_NOTE = (
    "Every local authority must have a crime and disorder committee (PJA 2006 s19); the committee's own name (often "
    "an overview and scrutiny committee) is not recorded here."
)
START_UNKNOWN = (
    "mySociety's register gives {given} as its start, a date the register's entries were made rather than the "
    "council's start, so no start is recorded."
)
#: The sources that show each reorganisation, by year (besides mySociety's register).
REORGANISATION_SOURCES = {
    2019: ("ons-lad17-csp17-pfa17", "ons-lad19-boundaries"),
    2020: ("ons-lad19-boundaries", "ons-lad21-boundaries"),
    2021: ("ons-lad19-boundaries", "ons-lad21-boundaries"),
    2023: ("ons-lad22-lad23",),
}
#: Reorganisations whose instrument a source names (statutory-rules R21: SI 2022/331 created the Cumbrian unitaries).
INSTRUMENTS = {
    "E06000063": "http://www.legislation.gov.uk/uksi/2022/331",
    "E06000064": "http://www.legislation.gov.uk/uksi/2022/331",
}


def countries(gb: GraphBuilder) -> None:
    """England and Wales.

    Examples:
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


def area_of(gss: str) -> URIRef:
    """The area of a council: a district, or a county."""
    return ID[f"local-authority-district/{gss}" if is_district(gss) else f"county/{gss}"]


def districts(gb: GraphBuilder, cs: Councils) -> None:
    """Every district with its council, and the counties over the two-tier ones, each for its period."""
    for gss, d in cs.districts.items():
        district(gb, cs, gss)
        if d.county is not None:
            county_area(gb, cs, gss, d.county)
    for a in cs.authorities.values():
        reorganisation(gb, cs, a)


def district(gb: GraphBuilder, cs: Councils, gss: str) -> URIRef:
    """One local authority district, the areas it lies in, and its council."""
    d, a = cs.districts[gss], cs.authorities[gss]
    area_cls, council_cls = facts.LA_TYPES[a.row["local-authority-type"]]
    country = country_of(gss)
    area = area_of(gss)
    gb.body(area, CSPG[area_cls], d.name, country=country)
    for old in d.old_names:
        gb.add(area, SKOS.altLabel, Literal(old, lang="en"))
    gb.code(area, gss, geography=True)
    gb.dated(area, a.period)
    for note in d.notes:
        gb.note(area, SKOS.editorialNote, note)
    gb.add(area, CSPG.withinArea, ID[f"police-force-area/{d.pfa}"])
    gb.add(area, CSPG.withinArea, country)
    council(gb, a, council_cls, area, country)
    return area


def county_area(gb: GraphBuilder, cs: Councils, lad: str, gss: str) -> None:
    """The county over a two-tier district, and (once) the county and its council."""
    area = area_of(gss)
    gb.add(area_of(lad), CSPG.withinArea, area)
    if gb.has(area, CSPG.CountyArea):
        return
    a = cs.authorities[gss]
    country = country_of(lad)
    gb.body(area, CSPG.CountyArea, a.row["nice-name"], country=country)
    gb.code(area, gss, geography=True)
    gb.dated(area, a.period)
    council(gb, a, "CountyCouncil", area, country)


def council(gb: GraphBuilder, a: Authority, cls: str, area: URIRef, country: URIRef) -> URIRef:
    """A council of ``area`` for its period, its electorate and its crime and disorder committee (PJA 2006 s19)."""
    gss, row = a.gss, a.row
    c = ID[f"council/{gss}"]
    given = row["start-date"]
    note = START_UNKNOWN.format(given=given) if given and a.period.start is None else None
    gb.body(c, CSPG[cls], row["official-name"], alt=row["nice-name"], country=country)
    gb.code(c, gss, geography=False)
    gb.add(c, SKOS.notation, Literal(row["local-authority-code"]))
    gb.dated(c, a.period, note)
    gb.add(c, CSPG.councilFor, area)
    gb.add(c, CSPG.coversArea, area)
    gb.add(c, CSPG.s17DutyHolder, Literal(True))
    e = ID[f"electorate/{gss}"]
    gb.body(e, CSPG.Electorate, f"Local government electors of {row['nice-name']}")
    gb.dated(e, a.period)
    gb.relate(c, CSPG.electedBy, e)
    cdc = ID[f"crime-and-disorder-committee/{gss}"]
    gb.body(cdc, CSPG.CrimeAndDisorderCommittee, f"Crime and disorder committee of {row['official-name']}")
    gb.dated(cdc, a.period)
    gb.add(cdc, ORG.unitOf, c)
    gb.add(c, ORG.hasUnit, cdc)
    gb.add(cdc, CSPG.statutoryBasis, prov("pja-2006-s19"))
    gb.note(cdc, SKOS.scopeNote, CDC_SCOPE_NOTE)
    gb.add(c, CSPG.crimeAndDisorderCommittee, cdc)
    gb.relate(cdc, CSPG.accountableTo, c)
    return c


def reorganisation(gb: GraphBuilder, cs: Councils, a: Authority) -> None:
    """The change that created council ``a`` from the councils it replaced (mySociety's replaced-by), if any."""
    start = a.period.start
    if start is None or start < SPAN_START or not a.predecessors:
        return
    old = [cs.authorities[p] for p in a.predecessors]
    names = ", ".join(p.row["nice-name"] for p in old)
    label = f"{a.row['official-name']} replaces {names}"
    sources = (MYSOCIETY, *REORGANISATION_SOURCES.get(start.year, ()))
    c = Change(str(start), f"council-{a.gss}", label, IN_FORCE, facts.DATA, sources, INSTRUMENTS.get(a.gss))
    e = event(gb, c)
    ends(gb, e, [ID[f"council/{p.gss}"] for p in old])
    starts(gb, e, [ID[f"council/{a.gss}"]])
    ends(gb, e, [area_of(p.gss) for p in old], area=True)
    starts(gb, e, [area_of(a.gss)], area=True)
    for p in old:
        replaces(gb, ID[f"council/{a.gss}"], ID[f"council/{p.gss}"])
        replaces(gb, area_of(a.gss), area_of(p.gss))


def prospects(gb: GraphBuilder, cs: Councils) -> None:
    """The changes the sources record as enacted, announced or proposed; none of them ends or starts anything in
    the graph. The enacted Surrey reorganisation names the councils it will end: Surrey County Council and the
    districts of its county."""
    for c in FUTURE:
        e = event(gb, c)
        if c.slug == "surrey-unitaries":
            surrey = [SURREY_COUNTY] + [g for g, d in cs.districts.items() if d.county == SURREY_COUNTY]
            ends(gb, e, [ID[f"council/{g}"] for g in surrey if cs.period(g).end is None])
