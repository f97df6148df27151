"""Policing in each police force area: the local policing body of the kind the law makes it today (PCC, PFCC,
mayor, MOPAC, the City of London), its electorate and office, the force and its chief officer, and the police and
crime panel with its appointing councils.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import RDF, RDFS, Literal, URIRef
from rdflib.namespace import ORG, SKOS

from cspgraph.build import facts
from cspgraph.build.graph import ENGLAND, WALES, GraphBuilder, country_of, prov, tail
from cspgraph.build.national import organisation
from cspgraph.build.reference import Lookups
from cspgraph.namespaces import CSPG, ID, ROLE, SCHEMA

PCC_SINCE = "2012-11-22"
MOPAC_SINCE = "2012-01-16"
CITY_NOTE = (
    "For Crime and Disorder Act purposes the City's relevant local policing body is the Secretary of State "
    "(CDA 1998 s7(4)(c))."
)
#: Panels that scrutinise fire functions too, besides the PFCCs' (the mayors' of these police areas).
MAYORAL_FIRE_PANELS = ("E23000005", "E23000009")


@dataclass(frozen=True)
class PoliceArea:
    """One police force area as the policing part of the build sees it.

    Attributes:
        code: the ONS PFA code.
        name: the area's proper name (``facts.AREA_NAMES`` or the ONS label).
    """

    code: str
    name: str

    @property
    def area(self) -> URIRef:
        """The police force area."""
        return ID[f"police-force-area/{self.code}"]

    @property
    def lpb(self) -> URIRef:
        """Its local policing body."""
        return ID[f"local-policing-body/{self.code}"]

    @property
    def country(self) -> URIRef:
        """England or Wales."""
        return country_of(self.code)


def policing(gb: GraphBuilder, lk: Lookups) -> None:
    """Local policing bodies, forces, chief officers and panels of every police force area."""
    pfa_councils = lk.pfa_councils()
    for code, ons in lk.pfa_names.items():
        pa = PoliceArea(code, facts.AREA_NAMES.get(code, ons))
        electorate, hold_basis = local_policing_body(gb, pa)
        gb.add(pa.lpb, CSPG.policeForceArea, pa.area)
        gb.relate(pa.lpb, CSPG.electedBy, electorate)
        force_and_chief(gb, pa, hold_basis)
        if code == facts.METROPOLITAN:
            london_panel(gb, pa)
        elif code != facts.CITY_OF_LONDON:
            panel(gb, pa, pfa_councils[code])


def local_policing_body(gb: GraphBuilder, pa: PoliceArea) -> tuple[URIRef, str | None]:
    """The local policing body of ``pa``. Returns its electorate and the provision by which it holds the chief
    officer to account (None for the City of London, whose police authority is the Common Council)."""
    gb.add(pa.lpb, CSPG.localPolicingBodyFor, pa.area)
    gb.add(pa.area, CSPG.localPolicingBody, pa.lpb)
    gb.add(pa.lpb, CSPG.coversArea, pa.area)
    gb.add(pa.lpb, CSPG.s17DutyHolder, Literal(True))
    if pa.code in facts.MAYORS:
        return mayor(gb, pa, facts.MAYORS[pa.code]), "ldedca-2009-s107f"
    if pa.code == facts.METROPOLITAN:
        return mopac(gb, pa), "prsra-2011-s3"
    if pa.code == facts.CITY_OF_LONDON:
        return city_of_london(gb, pa), None
    return commissioner(gb, pa), "prsra-2011-s1-7"


def mayor(gb: GraphBuilder, pa: PoliceArea, m: facts.Mayoralty) -> URIRef:
    """A mayor with PCC functions (LDEDCA 2009 s107F). Returns the mayoral electorate."""
    gb.body(pa.lpb, CSPG.MayorWithPCCFunctions, m.title, country=pa.country)
    gb.add(pa.lpb, CSPG.mayorOf, ID[f"combined-authority/{m.combined_authority}"])
    gb.add(pa.lpb, CSPG.statutoryBasis, prov("ldedca-2009-s107f"))
    gb.add(pa.lpb, RDFS.seeAlso, URIRef(m.order))
    gb.note(pa.lpb, SKOS.note, m.note)
    if m.transferred:
        gb.date(pa.lpb, SCHEMA.validFrom, m.transferred)
    electorate = ID[f"electorate/{m.combined_authority}"]
    gb.body(electorate, CSPG.Electorate, f"Electors of the {m.title.removeprefix('Mayor of ')} mayoral area")
    return electorate


def mopac(gb: GraphBuilder, pa: PoliceArea) -> URIRef:
    """The Mayor's Office for Policing and Crime (PRSRA 2011 s3). Returns the electorate of Greater London."""
    gb.body(pa.lpb, CSPG.MayorsOfficeForPolicingAndCrime, "Mayor's Office for Policing and Crime", "MOPAC", pa.country)
    gb.add(pa.lpb, CSPG.statutoryBasis, prov("prsra-2011-s3"))
    gb.date(pa.lpb, SCHEMA.validFrom, MOPAC_SINCE)
    gb.add(pa.lpb, ORG.subOrganizationOf, organisation("greater-london-authority"))
    return ID[f"electorate/{facts.GLA_CODE}"]


def city_of_london(gb: GraphBuilder, pa: PoliceArea) -> URIRef:
    """The Common Council as police authority of the City. Returns the City's electorate."""
    name = "Common Council of the City of London (police authority)"
    gb.body(pa.lpb, CSPG.CityOfLondonPoliceAuthority, name, country=pa.country)
    gb.note(pa.lpb, SKOS.note, CITY_NOTE)
    gb.add(pa.lpb, CSPG.sameOfficeholder, ID[f"council/{facts.CITY_OF_LONDON_LAD}"])
    return ID[f"electorate/{facts.CITY_OF_LONDON_LAD}"]


def commissioner(gb: GraphBuilder, pa: PoliceArea) -> URIRef:
    """A police (fire) and crime commissioner (PRSRA 2011 s1), its office and electorate. Returns the electorate."""
    lpb = pa.lpb
    if pa.code in facts.PFCCS:
        p = facts.PFCCS[pa.code]
        gb.body(lpb, CSPG.PoliceFireAndCrimeCommissioner, p.title, country=pa.country)
        gb.add(lpb, RDF.type, CSPG.PoliceAndCrimeCommissioner)
        gb.note(lpb, SKOS.note, f"Fire and rescue functions since {p.since}: {p.note}")
    else:
        known_as = facts.LPB_KNOWN_AS.get(pa.code)
        gb.body(lpb, CSPG.PoliceAndCrimeCommissioner, f"{pa.name} Police and Crime Commissioner", known_as, pa.country)
        if known_as:
            gb.note(lpb, CSPG.knownAs, known_as)
    gb.date(lpb, SCHEMA.validFrom, PCC_SINCE)
    gb.add(lpb, CSPG.statutoryBasis, prov("prsra-2011-s1"))
    electorate = ID[f"electorate/{pa.code}"]
    gb.body(electorate, CSPG.Electorate, f"Electors of the {pa.name} police area")
    office = ID[f"opcc/{pa.code}"]
    gb.body(office, CSPG.OfficeOfLocalPolicingBody, f"Office of the {gb.g.value(lpb, RDFS.label)}")
    gb.add(office, CSPG.officeOf, lpb)
    gb.add(office, ORG.unitOf, lpb)
    gb.relate(office, CSPG.reportsTo, lpb)
    return electorate


def chief_officer_title(code: str) -> str:
    """The title of the chief officer of police of a police area.

    Example:
        >>> chief_officer_title("E23000008")
        'Chief Constable of Durham Constabulary'
    """
    if code == facts.METROPOLITAN:
        return "Commissioner of Police of the Metropolis"
    if code == facts.CITY_OF_LONDON:
        return "Commissioner of Police for the City of London"
    return f"Chief Constable of {facts.FORCE_NAMES[code]}"


def force_and_chief(gb: GraphBuilder, pa: PoliceArea, hold_basis: str | None) -> None:
    """The police force and its chief officer, held to account and appointed by the local policing body."""
    force = ID[f"police-force/{pa.code}"]
    chief = ID[f"chief-officer/{pa.code}"]
    gb.body(force, CSPG.PoliceForce, facts.FORCE_NAMES[pa.code], country=pa.country)
    gb.add(force, CSPG.policesArea, pa.area)
    gb.body(chief, CSPG.ChiefOfficerOfPolice, chief_officer_title(pa.code), country=pa.country)
    gb.add(chief, CSPG.chiefOfficerOf, force)
    gb.add(chief, CSPG.policeForceArea, pa.area)
    gb.add(chief, CSPG.coversArea, pa.area)
    gb.relate(chief, CSPG.heldToAccountBy, pa.lpb, hold_basis)
    gb.add(pa.lpb, CSPG.holdsToAccount, chief)
    gb.add(chief, CSPG.appointedBy, pa.lpb)


def london_panel(gb: GraphBuilder, pa: PoliceArea) -> None:
    """The London Assembly's Police and Crime Committee, which scrutinises MOPAC (PRSRA 2011 s33)."""
    panel = ID[f"police-and-crime-panel/{pa.code}"]
    assembly = organisation("london-assembly")
    name = "London Assembly Police and Crime Committee"
    gb.body(panel, CSPG.LondonAssemblyPoliceAndCrimeCommittee, name, country=pa.country)
    gb.add(panel, ORG.subOrganizationOf, assembly)
    gb.add(panel, CSPG.establishedBy, assembly)
    gb.add(panel, CSPG.statutoryBasis, prov("prsra-2011-s33"))
    gb.relate(pa.lpb, CSPG.scrutinisedBy, panel, "prsra-2011-s33")
    gb.add(panel, CSPG.panelFor, pa.area)
    gb.add(panel, CSPG.scrutinises, pa.lpb)


def panel(gb: GraphBuilder, pa: PoliceArea, councils: list[str]) -> None:
    """The police (fire) and crime panel (PRSRA 2011 s28) and the councils that appoint to it (Sch 6)."""
    panel = ID[f"police-and-crime-panel/{pa.code}"]
    fire = pa.code in facts.PFCCS or pa.code in MAYORAL_FIRE_PANELS
    kind = "Police, Fire and Crime Panel" if fire else "Police and Crime Panel"
    gb.body(panel, CSPG.PoliceAndCrimePanel, f"{pa.name} {kind}", country=pa.country)
    gb.add(panel, CSPG.statutoryBasis, prov("prsra-2011-s28"))
    gb.relate(pa.lpb, CSPG.scrutinisedBy, panel, "prsra-2011-s28")
    if pa.country == WALES:
        gb.relate(panel, CSPG.establishedBy, organisation("home-secretary"), "prsra-2011-sch-6-part-3")
    for gss in councils:
        council = ID[f"council/{gss}"]
        if pa.country == ENGLAND:
            gb.add(panel, CSPG.establishedBy, council)
        mem = ID[f"membership/{tail(panel)}/council-{gss}"]
        gb.add(mem, RDF.type, ORG.Membership)
        gb.add(mem, ORG.member, council)
        gb.add(mem, ORG.organization, panel)
        gb.add(mem, ORG.role, ROLE["appointing-council"])
        gb.add(mem, CSPG.statutoryBasis, prov("prsra-2011-sch-6"))
        gb.add(panel, ORG.hasMember, council)
    gb.add(panel, CSPG.panelFor, pa.area)
    gb.add(panel, CSPG.scrutinises, pa.lpb)
