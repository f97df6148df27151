"""The other responsible authorities' services through time: fire and rescue authorities and probation (health
bodies are in :mod:`.health`), with the districts or police areas each covers and when.

Fire: the ONS FRA lookups of December 2021 and 2024 give each district's fire and rescue area (a district ended
before December 2021 takes the area of the district that replaced it). Where a PFCC or a mayor took on the fire
functions, the area has one body per period: the authority before (named where a source names it), the PFCC's
fire and rescue authority, the mayor (statutory-rules R17, R21). Where a county or unitary council is the fire
and rescue authority (the ONS area bears the council's name and covers exactly the council's districts), the body
is that council, not a second node: it is typed cspg:FireAndRescueAuthority and covers its districts, so a CSP
counts it once (CDA 1998 s5(1)(a) and (d) name the same body). Probation: the National Probation Service from
1 June 2014, the 12 Probation Service regions from 26 June 2021; the probation trusts and community rehabilitation
companies are in no source here.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from rdflib import RDF, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, SKOS

from cspgraph.build import facts
from cspgraph.build import timeline as tl
from cspgraph.build.change import IN_FORCE, Change, event, starts, succession
from cspgraph.build.councils import Councils
from cspgraph.build.dated import Cover, Period, day
from cspgraph.build.geography import area_of
from cspgraph.build.graph import ENGLAND, WALES, GraphBuilder, country_of, earlier, prov
from cspgraph.build.health import health
from cspgraph.build.national import organisation
from cspgraph.build.offices import MAYOR, Office
from cspgraph.build.reference import Lookups
from cspgraph.namespaces import CSPG, ID, STATGEO

WALES_PROBATION_REGION = "N03"
#: mySociety types of the councils that can be a fire and rescue authority on their own (county, unitary).
FIRE_COUNCIL_TYPES = ("CTY", "UA")
FRA_NAME_NOTE = (
    "Named from the ONS geography label of its area ({ons}); the sources do not give the authority's own name."
)
FORMER_FRA_NOTE = "The shared timeline names {name} as the fire and rescue authority until {until}."
COUNCIL_FRA_NOTE = (
    "The fire and rescue authority of the ONS fire and rescue area {code} ({ons}): the area has the council's name "
    "and covers exactly its districts."
)


@dataclass
class Services:
    """Which service bodies cover each district or police area, and when (URIs as text).

    Attributes:
        fire: district -> fire and rescue authorities.
        health: role (icb, ccg, lhb) -> the health bodies covering each district.
        probation: police force area -> probation providers.
    """

    fire: Cover = field(default_factory=Cover)
    health: dict[str, Cover] = field(default_factory=dict)
    probation: Cover = field(default_factory=Cover)


@dataclass(frozen=True)
class Era:
    """The body that is the fire and rescue authority of one area for one period.

    Attributes:
        uri: the body.
        period: when it held the functions.
        office: the local policing body that held them (a PFCC or a mayor), if one did.
        pfa: the police force area of that local policing body.
    """

    uri: URIRef
    period: Period
    office: Office | None = None
    pfa: str | None = None


def services(gb: GraphBuilder, lk: Lookups, cs: Councils, chains: dict[str, list[Office]]) -> Services:
    """All the service bodies, and which of them cover each district or police area when."""
    out = Services()
    fire(gb, lk, cs, chains, out)
    out.health = health(gb, lk, cs)
    probation(gb, out)
    return out


def fire_areas(lk: Lookups, cs: Councils) -> tuple[dict[str, str], dict[str, str]]:
    """(district -> fire and rescue area code, code -> ONS name) from the 2024 and 2021 lookups; a district in
    neither takes the area of the district that replaced it.

    Raises:
        ReferenceDataError: a district has no fire and rescue area.
    """
    lad_fra: dict[str, str] = {}
    names: dict[str, str] = {}
    for rows, y in ((lk.fire.rows, 24), (lk.fire21.rows, 21)):
        for r in rows:
            lad_fra.setdefault(r[f"ltla{y}_code"], r[f"fra{y}_code"])
            names.setdefault(r[f"fra{y}_code"], r[f"fra{y}_name"])
    for gss in cs.districts:
        todo = list(cs.authorities[gss].successors)
        while gss not in lad_fra and todo:
            nxt = todo.pop(0)
            if nxt in lad_fra:
                lad_fra[gss] = lad_fra[nxt]
            todo.extend(cs.authorities[nxt].successors)
        if gss not in lad_fra:
            raise lk.fire.error(f"no fire and rescue authority for {gss} (nor for the districts that replaced it)")
    return lad_fra, names


def holders(code: str, chains: dict[str, list[Office]]) -> list[tuple[str, Office]]:
    """(police force area, local policing body) of each PFCC or mayor that held the functions of fire and rescue
    area ``code``, oldest first."""
    mayoral = facts.MAYORAL_FRAS.get(code)
    out = [
        (pfa, o)
        for pfa, chain in chains.items()
        for o in chain
        if (o.pfcc is not None and o.pfcc.fra_code == code) or (o.kind == MAYOR and pfa == mayoral)
    ]
    return sorted(out, key=lambda x: str(x[1].period.start))


def eras(code: str, chains: dict[str, list[Office]]) -> list[Era]:
    """The bodies that were the fire and rescue authority of area ``code``, oldest first; the last is today's."""
    base = ID[f"fire-and-rescue-authority/{code}"]
    held = holders(code, chains)
    if not held:
        return [Era(base, Period())]
    first = Period(None, held[0][1].period.start)
    out = [Era(earlier(base, first), first)]
    for i, (pfa, o) in enumerate(held):
        period = Period(o.period.start, held[i + 1][1].period.start if i + 1 < len(held) else None)
        out.append(Era(base if period.end is None else earlier(base, period), period, o, pfa))
    return out


def fire(gb: GraphBuilder, lk: Lookups, cs: Councils, chains: dict[str, list[Office]], out: Services) -> None:
    """Fire and rescue authorities, one per area and period, the districts each covers, and the handovers (added
    to the change events of the local policing bodies that took the functions)."""
    lad_fra, names = fire_areas(lk, cs)
    for code, ons in names.items():
        lads = [g for g, f in lad_fra.items() if f == code]
        history, held = [], eras(code, chains)
        for era in held:
            council = fire_council(cs, ons, lads, era.period) if era.office is None else None
            named = former_council(held) if era is held[0] else None
            if named is not None and named[0] != council:
                raise lk.fire.error(f"the timeline names {named[1]} as the authority of {ons}; the lookups do not")
            if council is None:
                fire_authority(gb, code, ons, era)
            else:
                era = replace(era, uri=ID[f"council/{council}"])
                council_fire_authority(gb, code, ons, era.uri)
                if named is not None:
                    gb.note(era.uri, SKOS.historyNote, FORMER_FRA_NOTE.format(name=named[1], until=era.period.end))
            history.append(era)
        for lad in lads:
            for era in history:
                if gb.implied(era.uri, area_of(lad)) is not None:
                    gb.add(era.uri, CSPG.coversArea, area_of(lad))
                    out.fire.add(lad, str(era.uri), era.period)
        for old, new in zip(history, history[1:], strict=False):
            assert new.office is not None
            order = new.office.mayor.fire_order if new.office.mayor else None
            label = f"The {new.office.title} takes the functions of the fire and rescue authority"
            c = Change(str(new.period.start), f"local-policing-body-{new.pfa}", label, IN_FORCE, facts.READ, (), order)
            succession(gb, c, [old.uri], [new.uri])


def fire_council(cs: Councils, ons: str, lads: list[str], period: Period) -> str | None:
    """The GSS code of the county or unitary council that is the fire and rescue authority of the ONS area named
    ``ons`` covering ``lads`` for ``period``, if there is one: the council exists in the period and until its end
    (it may have started later, as Cornwall Council did in 2009, before the landscape begins), its register name is
    the area's name, and its districts are exactly the area's districts in force in the period.
    Shropshire (with Telford and Wrekin), Kent (with Medway) or North Yorkshire (with York) are not such councils.
    """
    served = {lad for lad in lads if cs.period(lad).meet(period) is not None}
    for gss, a in cs.authorities.items():
        row = a.row
        if row["nice-name"] != ons.strip() or row["local-authority-type"] not in FIRE_COUNCIL_TYPES:
            continue
        own = {lad for lad, d in cs.districts.items() if lad == gss or d.county == gss}
        lasts = a.period.end is None or (period.end is not None and period.end <= a.period.end)
        if lasts and period.meet(a.period) is not None and own == served:
            return gss
    return None


def council_fire_authority(gb: GraphBuilder, code: str, ons: str, council: URIRef) -> None:
    """A council that is the fire and rescue authority of ONS area ``code``: the type, and the area's code as its
    statistical geography (the council's own code stays its identifier)."""
    gb.add(council, RDF.type, CSPG.FireAndRescueAuthority)
    gb.add(council, CSPG.statisticalGeography, STATGEO[code])
    gb.add(council, CSPG.s17DutyHolder, Literal(True))
    gb.note(council, SKOS.editorialNote, COUNCIL_FRA_NOTE.format(code=code, ons=ons.strip()))


def former_council(held: list[Era]) -> tuple[str, str] | None:
    """(GSS code, name) of the council the shared timeline names as the area's authority before its first
    commissioner took the functions, where it names one (facts.Pfcc.former); the build checks the lookups agree."""
    first = held[1].office if len(held) > 1 else None
    return first.pfcc.former if first is not None and first.pfcc is not None else None


def fire_authority(gb: GraphBuilder, code: str, ons: str, era: Era) -> None:
    """One body that was the area's fire and rescue authority, for its period (not a council: see
    :func:`council_fire_authority`)."""
    o, note = era.office, None
    if o is not None:
        gb.add(era.uri, CSPG.sameOfficeholder, o.uri)
        electorate = o.mayor.combined_authority if o.mayor else era.pfa
        gb.relate(era.uri, CSPG.electedBy, ID[f"electorate/{electorate}"])
    if o is not None and o.pfcc is not None:
        name = f"{o.title} Fire and Rescue Authority"
        gb.add(era.uri, CSPG.statutoryBasis, prov("frsa-2004-s4a"))
    elif o is not None:
        name = f"{o.title} (fire and rescue authority)"
    else:
        name = facts.FRA_NAMES.get(code, f"{ons} Fire and Rescue Authority")
        note = None if code in facts.FRA_NAMES else FRA_NAME_NOTE.format(ons=ons)
    gb.body(era.uri, CSPG.FireAndRescueAuthority, name, alt=ons, country=country_of(code))
    if note:
        gb.note(era.uri, SKOS.editorialNote, note)
    gb.code(era.uri, code, geography=False)
    gb.add(era.uri, CSPG.statisticalGeography, STATGEO[code])
    gb.add(era.uri, CSPG.s17DutyHolder, Literal(True))
    gb.dated(era.uri, era.period)


def probation(gb: GraphBuilder, out: Services) -> None:
    """The National Probation Service (2014 to 2021) and the 12 Probation Service regions (since 26 June 2021),
    and the police force areas each covers."""
    nps = organisation("national-probation-service")
    gb.dated(nps, Period(day(tl.NPS_SINCE), day(tl.PROBATION_SINCE)))
    for country in (ENGLAND, WALES):
        gb.add(nps, CSPG.coversArea, country)
    starts(gb, event(gb, tl.NPS_BEGINS), [nps])
    regions = []
    for code, (name, pfas) in facts.PROBATION_REGIONS.items():
        r = ID[f"probation-region/{code}"]
        regions.append(r)
        country = WALES if code == WALES_PROBATION_REGION else ENGLAND
        gb.body(r, CSPG.ProbationServiceRegion, f"Probation Service – {name} region", country=country)
        gb.add(r, DCTERMS.identifier, Literal(code))
        gb.add(r, SKOS.notation, Literal(code))
        gb.add(r, ORG.subOrganizationOf, organisation("hmpps"))
        gb.relate(r, CSPG.accountableTo, organisation("hmpps"))
        gb.dated(r, Period(day(tl.PROBATION_SINCE)))
        for p in pfas:
            gb.add(r, CSPG.coversArea, ID[f"police-force-area/{p}"])
            out.probation.add(p, str(r), gb.period(r))
            out.probation.add(p, str(nps), gb.period(nps))
    succession(gb, tl.PROBATION_UNIFIED, [nps], regions)
