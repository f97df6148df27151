"""Police and crime panels through time: each panel from 22 November 2012 (the London Assembly's committee from
16 January 2012), scrutinising each local policing body of its area in turn, with the councils that appoint to it
for as long as each council exists (PRSRA 2011 ss28, 32-33, Sch 6)."""

from __future__ import annotations

from rdflib import RDF, URIRef
from rdflib.namespace import ORG, SKOS

from cspgraph.build import facts
from cspgraph.build.councils import Councils
from cspgraph.build.dated import Period, day
from cspgraph.build.graph import ENGLAND, WALES, GraphBuilder, key, prov
from cspgraph.build.national import organisation
from cspgraph.build.offices import Office, PoliceArea
from cspgraph.namespaces import CSPG, ID, ROLE

#: Panels that scrutinise fire functions too, besides the PFCCs' (the mayors' of these police areas).
MAYORAL_FIRE_PANELS = ("E23000005", "E23000009")
RENAMED = "Named the {old} until {since}, when the local policing body took on fire and rescue functions."


def panel(gb: GraphBuilder, pa: PoliceArea, chain: list[Office], cs: Councils) -> None:
    """The area's panel (the London Assembly's committee for the metropolitan police district)."""
    if pa.code == facts.METROPOLITAN:
        london_panel(gb, pa, chain)
    else:
        area_panel(gb, pa, chain, councils_in(cs, pa.code))


def councils_in(cs: Councils, pfa: str) -> list[str]:
    """The councils (district and county, current and ended) whose area lies in the police force area."""
    out: list[str] = []
    for d in cs.districts.values():
        if d.pfa == pfa:
            out.extend(c for c in cs.councils_of(d.gss) if c not in out)
    return out


def scrutiny(gb: GraphBuilder, panel: URIRef, pa: PoliceArea, chain: list[Office], basis: str) -> None:
    """The panel scrutinises each local policing body of its area while both exist."""
    for o in chain:
        if gb.implied(o.uri, panel) is None:
            continue
        gb.relate(o.uri, CSPG.scrutinisedBy, panel, basis)
        gb.add(panel, CSPG.scrutinises, o.uri)
    gb.add(panel, CSPG.panelFor, pa.area)


def london_panel(gb: GraphBuilder, pa: PoliceArea, chain: list[Office]) -> None:
    """The London Assembly's Police and Crime Committee, which scrutinises MOPAC (PRSRA 2011 s33)."""
    panel = ID[f"police-and-crime-panel/{pa.code}"]
    assembly = organisation("london-assembly")
    name = "London Assembly Police and Crime Committee"
    gb.body(panel, CSPG.LondonAssemblyPoliceAndCrimeCommittee, name, country=pa.country)
    gb.dated(panel, Period(day(facts.MOPAC_SINCE)))
    gb.add(panel, ORG.subOrganizationOf, assembly)
    gb.add(panel, CSPG.establishedBy, assembly)
    gb.add(panel, CSPG.statutoryBasis, prov("prsra-2011-s33"))
    scrutiny(gb, panel, pa, chain, "prsra-2011-s33")


def fire_since(pa: PoliceArea, chain: list[Office]) -> str | None:
    """The day the area's local policing body first held fire and rescue functions, if it ever did."""
    for o in chain:
        if o.pfcc is not None or (o.mayor is not None and pa.code in MAYORAL_FIRE_PANELS):
            return str(o.period.start)
    return None


def area_panel(gb: GraphBuilder, pa: PoliceArea, chain: list[Office], councils: list[str]) -> None:
    """The police (fire) and crime panel (PRSRA 2011 s28) and the councils that appoint to it (Sch 6)."""
    panel = ID[f"police-and-crime-panel/{pa.code}"]
    since = fire_since(pa, chain)
    plain = f"{pa.name} Police and Crime Panel"
    name = f"{pa.name} Police, Fire and Crime Panel" if since else plain
    gb.body(panel, CSPG.PoliceAndCrimePanel, name, plain, pa.country)
    if since:
        gb.note(panel, SKOS.historyNote, RENAMED.format(old=plain, since=since))
    gb.dated(panel, Period(day(facts.PCC_SINCE)))
    gb.add(panel, CSPG.statutoryBasis, prov("prsra-2011-s28"))
    scrutiny(gb, panel, pa, chain, "prsra-2011-s28")
    if pa.country == WALES:
        gb.relate(panel, CSPG.establishedBy, organisation("home-secretary"), "prsra-2011-sch-6-part-3")
    for gss in councils:
        appointing_council(gb, panel, ID[f"council/{gss}"], pa.country == ENGLAND)


def appointing_council(gb: GraphBuilder, panel: URIRef, council: URIRef, english: bool) -> None:
    """A council's membership of the panel, for as long as both exist."""
    period = gb.implied(panel, council)
    if period is None:
        return
    if english:
        gb.add(panel, CSPG.establishedBy, council)
    mem = ID[f"membership/{key(panel)}/council-{key(council)}"]
    gb.add(mem, RDF.type, ORG.Membership)
    gb.add(mem, ORG.member, council)
    gb.add(mem, ORG.organization, panel)
    gb.add(mem, ORG.role, ROLE["appointing-council"])
    gb.add(mem, CSPG.statutoryBasis, prov("prsra-2011-sch-6"))
    gb.dated(mem, period)
    gb.add(panel, ORG.hasMember, council)
