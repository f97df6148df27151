"""The national bodies every local body answers to in the end: departments, Secretaries of State, legislatures,
NHS England, the Greater London Authority and the London Assembly, and the lines between them; and the National
Probation Service of 2014 to 2021 (dated with probation in :mod:`.services`).
"""

from __future__ import annotations

from rdflib import URIRef
from rdflib.namespace import ORG

from cspgraph.build import facts
from cspgraph.build.graph import GraphBuilder
from cspgraph.namespaces import CSPG, ID

#: slug under id/organisation/ -> (class, name)
NATIONAL_BODIES: dict[str, tuple[URIRef, str]] = {
    "home-office": (CSPG.GovernmentDepartment, "Home Office"),
    "home-secretary": (CSPG.SecretaryOfState, "Secretary of State for the Home Department"),
    "uk-parliament": (CSPG.Legislature, "Parliament of the United Kingdom"),
    "ministry-of-justice": (CSPG.GovernmentDepartment, "Ministry of Justice"),
    "justice-secretary": (CSPG.SecretaryOfState, "Secretary of State for Justice"),
    "hmpps": (CSPG.GovernmentDepartment, "HM Prison and Probation Service"),
    "national-probation-service": (CSPG.NationalProbationService, "National Probation Service"),
    "nhs-england": (CSPG.PublicBody, "NHS England"),
    "health-secretary": (CSPG.SecretaryOfState, "Secretary of State for Health and Social Care"),
    "welsh-ministers": (CSPG.GovernmentDepartment, "Welsh Ministers"),
    "senedd": (CSPG.Legislature, "Senedd Cymru – Welsh Parliament"),
    "greater-london-authority": (CSPG.PublicBody, "Greater London Authority"),
    "london-assembly": (CSPG.PublicBody, "London Assembly"),
}


def organisation(slug: str) -> URIRef:
    """The URI of a national body.

    Examples:
        >>> organisation("home-office").rsplit("/", 2)[-2:]
        ['organisation', 'home-office']
    """
    return ID[f"organisation/{slug}"]


def national_bodies(gb: GraphBuilder) -> None:
    """The national bodies, who is accountable to whom among them, and the electorate of Greater London.

    Examples:
        >>> gb = GraphBuilder()
        >>> national_bodies(gb)
        >>> gb.has(organisation("senedd"), CSPG.Legislature)
        True
    """
    o = organisation
    for slug, (cls, name) in NATIONAL_BODIES.items():
        gb.body(o(slug), cls, name)
    gb.add(o("home-office"), CSPG.accountableTo, o("home-secretary"))
    gb.add(o("home-office"), ORG.reportsTo, o("home-secretary"))
    for sos in ("home-secretary", "justice-secretary", "health-secretary"):
        gb.relate(o(sos), CSPG.accountableTo, o("uk-parliament"))
    gb.relate(o("hmpps"), CSPG.accountableTo, o("justice-secretary"))
    gb.add(o("hmpps"), ORG.subOrganizationOf, o("ministry-of-justice"))
    gb.relate(o("nhs-england"), CSPG.accountableTo, o("health-secretary"))
    gb.relate(o("welsh-ministers"), CSPG.accountableTo, o("senedd"))
    gb.add(o("london-assembly"), ORG.subOrganizationOf, o("greater-london-authority"))
    gb.code(o("greater-london-authority"), facts.GLA_CODE, geography=False)
    london = ID[f"electorate/{facts.GLA_CODE}"]
    gb.body(london, CSPG.Electorate, "Electors of Greater London")
    gb.relate(o("greater-london-authority"), CSPG.electedBy, london)
