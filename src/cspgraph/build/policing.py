"""Policing in each police force area through time: the police authority, then each local policing body (PCC,
PFCC, mayor, MOPAC, the City of London) with its period, electorate and office, the change events between them,
and the force and its chief officer, held to account by each in turn. Panels are in :mod:`.panels`.
"""

from __future__ import annotations

from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import ORG, SKOS

from cspgraph.build import facts
from cspgraph.build.change import IN_FORCE, Change, ends, starts, succession
from cspgraph.build.councils import Councils
from cspgraph.build.dated import Period, day
from cspgraph.build.graph import GraphBuilder, prov
from cspgraph.build.national import organisation
from cspgraph.build.offices import (
    CITY,
    COMMISSIONERS,
    MAYOR,
    MOPAC,
    PCC,
    Office,
    PoliceArea,
    offices,
    police_authority,
)
from cspgraph.build.panels import panel
from cspgraph.build.reference import Lookups
from cspgraph.namespaces import CSPG, ID

CITY_NOTE = (
    "For Crime and Disorder Act purposes the City's relevant local policing body is the Secretary of State "
    "(CDA 1998 s7(4)(c))."
)
POLICE_AUTHORITY_NOTE = (
    "The sources give neither this police authority's own name nor the day it was established; they give the day "
    "it was abolished."
)
NAMED_AUTHORITY_NOTE = (
    "The sources do not give the day this police authority was established; they give the day it was abolished."
)
SAME_CORPORATION_NOTE = (
    "In law the same corporation sole continued as the {title} from {since}; the graph keeps the two periods as two "
    "resources because the kind of body changed."
)
RECALLED_DATE = "The day is from recall, not verified; the sources name no order."
#: How each kind of local policing body holds its chief officer to account (None: the City's Common Council).
HOLD_BASIS = {PCC: "prsra-2011-s1-7", "pfcc": "prsra-2011-s1-7", MAYOR: "ldedca-2009-s107f", MOPAC: "prsra-2011-s3"}
BASIS = {PCC: "prsra-2011-s1", "pfcc": "prsra-2011-s1", MAYOR: "ldedca-2009-s107f", MOPAC: "prsra-2011-s3"}


def police_areas_of(lk: Lookups) -> list[PoliceArea]:
    """The police force areas of the ONS lookup, with their proper names."""
    return [PoliceArea(code, facts.AREA_NAMES.get(code, ons)) for code, ons in lk.pfa_names.items()]


def policing(gb: GraphBuilder, lk: Lookups, cs: Councils) -> dict[str, list[Office]]:
    """Police authorities, local policing bodies, forces, chief officers and panels of every police force area.

    Returns:
        Police force area code -> its local policing bodies, oldest first.
    """
    chains: dict[str, list[Office]] = {}
    for pa in police_areas_of(lk):
        chain = offices(pa)
        chains[pa.code] = chain
        pauth = police_authority(pa)
        if pauth is not None:
            police_authority_body(gb, pa, pauth)
        for o in chain:
            local_policing_body(gb, pa, o)
        office_of_commissioners(gb, pa, [o for o in chain if o.kind in COMMISSIONERS])
        force_and_chief(gb, pa, chain)
        if pa.code != facts.CITY_OF_LONDON:
            panel(gb, pa, chain, cs)
        transitions(gb, pa, ([pauth] if pauth else []) + chain)
    return chains


def police_authority_body(gb: GraphBuilder, pa: PoliceArea, o: Office) -> None:
    """A police authority, abolished on 22 November 2012 (16 January 2012 in London)."""
    gb.body(o.uri, CSPG.PoliceAuthority, o.title, country=pa.country)
    gb.dated(o.uri, o.period, NAMED_AUTHORITY_NOTE if pa.code == facts.METROPOLITAN else POLICE_AUTHORITY_NOTE)
    gb.add(o.uri, CSPG.policeForceArea, pa.area)
    gb.add(o.uri, CSPG.coversArea, pa.area)
    gb.add(o.uri, CSPG.statutoryBasis, prov("police-act-1996-sch-1"))


def local_policing_body(gb: GraphBuilder, pa: PoliceArea, o: Office) -> None:
    """One local policing body of ``pa`` for its period, its links to the area and its electorate. Its label is the
    local styling of its title where a source gives one (the display-name rule of :mod:`cspgraph.labels`), with
    the statutory title as an alternative label."""
    styled = known_as(pa, o)
    gb.body(o.uri, o.cls, styled or o.title, alt=o.title, country=pa.country)
    gb.dated(o.uri, o.period, o.mayor.date_note if o.mayor and o.uri == pa.lpb else None)
    gb.add(o.uri, CSPG.localPolicingBodyFor, pa.area)
    gb.add(pa.area, CSPG.localPolicingBody, o.uri)
    gb.add(o.uri, CSPG.coversArea, pa.area)
    gb.add(o.uri, CSPG.policeForceArea, pa.area)
    gb.add(o.uri, CSPG.s17DutyHolder, Literal(True))
    if o.kind in BASIS:
        gb.add(o.uri, CSPG.statutoryBasis, prov(BASIS[o.kind]))
    electorate = {MAYOR: mayor, MOPAC: mopac, CITY: city_of_london}.get(o.kind, commissioner)(gb, pa, o)
    gb.relate(o.uri, CSPG.electedBy, electorate)


def mayor(gb: GraphBuilder, pa: PoliceArea, o: Office) -> URIRef:
    """A mayor with PCC functions (LDEDCA 2009 s107F). Returns the mayoral electorate."""
    m = o.mayor
    assert m is not None
    authority = ID[f"combined-authority/{m.combined_authority}"]
    gb.add(o.uri, CSPG.mayorOf, authority)
    gb.add(o.uri, RDFS.seeAlso, URIRef(m.order))
    gb.note(o.uri, SKOS.note, m.note)
    electorate = ID[f"electorate/{m.combined_authority}"]
    if not gb.has(electorate, CSPG.Electorate):
        gb.body(electorate, CSPG.Electorate, f"Electors of the {m.title.removeprefix('Mayor of ')} mayoral area")
        gb.dated(electorate, gb.period(authority))
    return electorate


def mopac(gb: GraphBuilder, pa: PoliceArea, o: Office) -> URIRef:
    """The Mayor's Office for Policing and Crime (PRSRA 2011 s3). Returns the electorate of Greater London."""
    gb.label(o.uri, o.title, "MOPAC")
    gb.add(o.uri, ORG.subOrganizationOf, organisation("greater-london-authority"))
    return ID[f"electorate/{facts.GLA_CODE}"]


def city_of_london(gb: GraphBuilder, pa: PoliceArea, o: Office) -> URIRef:
    """The Common Council as police authority of the City. Returns the City's electorate."""
    gb.note(o.uri, SKOS.note, CITY_NOTE)
    gb.add(o.uri, CSPG.sameOfficeholder, ID[f"council/{facts.CITY_OF_LONDON_LAD}"])
    return ID[f"electorate/{facts.CITY_OF_LONDON_LAD}"]


def commissioner(gb: GraphBuilder, pa: PoliceArea, o: Office) -> URIRef:
    """A police (fire) and crime commissioner (PRSRA 2011 s1). Returns the electorate of the police area."""
    if o.pfcc is not None:
        gb.add(o.uri, RDF.type, CSPG.PoliceAndCrimeCommissioner)
        gb.note(o.uri, SKOS.note, f"Fire and rescue functions since {o.pfcc.since}: {o.pfcc.note}")
    elif (styled := known_as(pa, o)) is not None:
        gb.note(o.uri, CSPG.knownAs, styled)
    electorate = ID[f"electorate/{pa.code}"]
    if not gb.has(electorate, CSPG.Electorate):
        gb.body(electorate, CSPG.Electorate, f"Electors of the {pa.name} police area")
        ends = [x.mayor.transferred for x in offices(pa) if x.mayor is not None]
        if ends:
            gb.dated(electorate, Period(None, day(ends[0])))
    return electorate


def known_as(pa: PoliceArea, o: Office) -> str | None:
    """The local styling of the title of the area's current commissioner, where a source gives one (facts)."""
    return facts.LPB_KNOWN_AS.get(pa.code) if o.uri == pa.lpb and o.pfcc is None else None


def office_of_commissioners(gb: GraphBuilder, pa: PoliceArea, run: list[Office]) -> None:
    """The office (OPCC) that supports the area's commissioners, for as long as the area has one."""
    if not run:
        return
    office = ID[f"opcc/{pa.code}"]
    latest = run[-1]
    styled = known_as(pa, latest)
    name = f"Office of the {latest.title}"
    gb.body(office, CSPG.OfficeOfLocalPolicingBody, f"Office of the {styled}" if styled else name, alt=name)
    gb.dated(office, Period(run[0].period.start, latest.period.end))
    for o in run:
        gb.add(office, CSPG.officeOf, o.uri)
        gb.add(office, ORG.unitOf, o.uri)
        gb.relate(office, CSPG.reportsTo, o.uri)


def chief_officer_title(code: str) -> str:
    """The title of the chief officer of police of a police area.

    Examples:
        >>> chief_officer_title("E23000008")
        'Chief Constable of Durham Constabulary'
    """
    if code == facts.METROPOLITAN:
        return "Commissioner of Police of the Metropolis"
    if code == facts.CITY_OF_LONDON:
        return "Commissioner of Police for the City of London"
    return f"Chief Constable of {facts.FORCE_NAMES[code]}"


def force_and_chief(gb: GraphBuilder, pa: PoliceArea, chain: list[Office]) -> None:
    """The police force and its chief officer, held to account and appointed by each local policing body in turn."""
    force = ID[f"police-force/{pa.code}"]
    chief = ID[f"chief-officer/{pa.code}"]
    gb.body(force, CSPG.PoliceForce, facts.FORCE_NAMES[pa.code], country=pa.country)
    gb.add(force, CSPG.policesArea, pa.area)
    gb.body(chief, CSPG.ChiefOfficerOfPolice, chief_officer_title(pa.code), country=pa.country)
    gb.add(chief, CSPG.chiefOfficerOf, force)
    gb.add(chief, CSPG.policeForceArea, pa.area)
    gb.add(chief, CSPG.coversArea, pa.area)
    for o in chain:
        gb.relate(chief, CSPG.heldToAccountBy, o.uri, HOLD_BASIS.get(o.kind))
        gb.add(o.uri, CSPG.holdsToAccount, chief)
        gb.add(chief, CSPG.appointedBy, o.uri)


def transitions(gb: GraphBuilder, pa: PoliceArea, chain: list[Office]) -> None:
    """A change event for each handover between the area's bodies (the fire side is added by the fire build)."""
    for old, new in zip(chain, chain[1:], strict=False):
        e = succession(gb, handover(pa, old, new), [old.uri], [new.uri])
        if new.kind == PCC and old.kind != PCC:
            starts(gb, e, [ID[f"opcc/{pa.code}"], ID[f"police-and-crime-panel/{pa.code}"]])
        elif new.kind not in COMMISSIONERS and old.kind in COMMISSIONERS:
            ends(gb, e, [ID[f"opcc/{pa.code}"]])
        if old.kind in COMMISSIONERS and new.kind != PCC and new.pfcc is not None:
            gb.note(old.uri, SKOS.historyNote, SAME_CORPORATION_NOTE.format(title=new.title, since=new.period.start))


def handover(pa: PoliceArea, old: Office, new: Office) -> Change:
    """What the sources say of the handover from ``old`` to ``new``."""
    when, slug = str(new.period.start), f"local-policing-body-{pa.code}"
    both = ("timeline", "statutory-rules")
    if new.kind == MOPAC:
        label = "The Mayor's Office for Policing and Crime replaces the Metropolitan Police Authority"
        return Change(when, slug, label, IN_FORCE, facts.READ, both, facts.MOPAC_ORDER)
    if new.kind == PCC:
        label = f"The {new.title} takes office; the police authority is abolished and the panel begins"
        return Change(when, slug, label, IN_FORCE, facts.READ, both, facts.PCC_ORDER)
    if new.mayor is not None:
        m = new.mayor
        label = f"The {m.title} takes the functions of the {old.title}"
        return Change(when, slug, label, IN_FORCE, m.confidence, both, m.order, m.date_note)
    assert new.pfcc is not None
    p = new.pfcc
    label = f"The {old.title} becomes the {new.title}, also the fire and rescue authority"
    note = RECALLED_DATE if p.confidence == facts.RECALL else None
    return Change(when, slug, label, IN_FORCE, p.confidence, both, p.order, note)
