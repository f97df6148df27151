"""Namespaces of cspgraph and of the vocabularies it reuses, as rdflib namespaces.

The IRIs themselves are written down once, as strings, in :mod:`cspgraph.iris` (importable without rdflib);
this module wraps them for code that builds rdflib graphs. ``CSPG`` is a closed namespace: a misspelt term raises
``AttributeError`` (a test keeps it equal to ontology/).
"""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD, DefinedNamespace

from cspgraph import iris
from cspgraph.iris import BASE, PREFIXES, sparql_prologue

ID = Namespace(iris.ID)
GRAPH = Namespace(iris.GRAPH)
SCHEMA = Namespace(iris.SCHEMA)
VANN = Namespace(iris.VANN)
SH = Namespace(iris.SH)
STATGEO = Namespace(iris.STATGEO)
GOVYEAR = Namespace(iris.GOVYEAR)
ROLE = Namespace(iris.ROLE)
FUND = Namespace(iris.FUND)
THEME = Namespace(iris.THEME)
KIND = Namespace(iris.KIND)
CONFIDENCE = Namespace(iris.CONFIDENCE)
STATUS = Namespace(iris.STATUS)

__all__ = [
    "BASE",
    "CONFIDENCE",
    "CSPG",
    "DCAT",
    "DCTERMS",
    "FOAF",
    "FUND",
    "GOVYEAR",
    "GRAPH",
    "ID",
    "KIND",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "ROLE",
    "SCHEMA",
    "SH",
    "SKOS",
    "STATGEO",
    "STATUS",
    "THEME",
    "VANN",
    "VOID",
    "XSD",
    "bind_prefixes",
    "sparql_prologue",
]


class CSPG(DefinedNamespace):
    """The cspgraph ontology, ``https://w3id.org/cspgraph/def/``."""

    _NS = Namespace(iris.CSPG)
    _fail = True

    Area: URIRef
    ChiefOfficerOfPolice: URIRef
    ChangeStatus: URIRef
    CityOfLondonArea: URIRef
    CityOfLondonCorporation: URIRef
    CityOfLondonPoliceAuthority: URIRef
    ClinicalCommissioningGroup: URIRef
    CollaborationAgreement: URIRef
    CombinationAgreement: URIRef
    CombinedAuthority: URIRef
    CombinedAuthorityArea: URIRef
    CombinedCommunitySafetyPartnership: URIRef
    CommunityFoundation: URIRef
    CommunityRehabilitationCompany: URIRef
    CommunitySafetyAgreement: URIRef
    CommunitySafetyPartnership: URIRef
    ConfidenceLevel: URIRef
    CooperationArrangements: URIRef
    Council: URIRef
    Country: URIRef
    CountyArea: URIRef
    CountyCouncil: URIRef
    CountyStrategicPartnership: URIRef
    CrimeAndDisorderCommittee: URIRef
    CrimeAndDisorderReductionGrant: URIRef
    CriminalJusticeAgency: URIRef
    DistrictCouncil: URIRef
    DrugsAndAlcoholPartnership: URIRef
    Electorate: URIRef
    FireAndRescueAuthority: URIRef
    FundingFlow: URIRef
    GovernmentDepartment: URIRef
    Grant: URIRef
    HealthAndWellbeingBoard: URIRef
    HealthBody: URIRef
    IndependentAuditCommittee: URIRef
    InformationSharingArrangement: URIRef
    Inspectorate: URIRef
    IntegratedCareBoard: URIRef
    JointCrimeAndDisorderCommittee: URIRef
    Legislature: URIRef
    LocalCriminalJusticeBoard: URIRef
    LocalGovernmentArea: URIRef
    LocalHealthBoard: URIRef
    LocalPolicingBody: URIRef
    LondonAssemblyPoliceAndCrimeCommittee: URIRef
    LondonBorough: URIRef
    LondonBoroughCouncil: URIRef
    MAPPAStrategicBoard: URIRef
    MayorWithPCCFunctions: URIRef
    PolicingAndCrimeBoard: URIRef
    MayorsOfficeForPolicingAndCrime: URIRef
    MemorandumOfUnderstanding: URIRef
    MetropolitanDistrict: URIRef
    MetropolitanDistrictCouncil: URIRef
    NHSTrust: URIRef
    NationalProbationService: URIRef
    NonMetropolitanDistrict: URIRef
    OfficeOfLocalPolicingBody: URIRef
    PartnershipBoard: URIRef
    PartnershipPlan: URIRef
    PartnershipSubGroup: URIRef
    Plan: URIRef
    PoliceAndCrimeCommissioner: URIRef
    PoliceAndCrimePanel: URIRef
    PoliceAndCrimePlan: URIRef
    PoliceAuthority: URIRef
    PoliceFireAndCrimeCommissioner: URIRef
    PoliceForce: URIRef
    PoliceForceArea: URIRef
    PrimaryCareTrust: URIRef
    Prison: URIRef
    ProbationProvider: URIRef
    ProbationServiceRegion: URIRef
    Proposal: URIRef
    Provision: URIRef
    PublicBody: URIRef
    Relationship: URIRef
    ResponsibleAuthorityMembership: URIRef
    SafeguardingBoard: URIRef
    SecretaryOfState: URIRef
    SeedDisagreement: URIRef
    SourceDocument: URIRef
    StrategicAssessment: URIRef
    TermsOfReference: URIRef
    UnitaryAuthorityArea: URIRef
    UnitaryCouncil: URIRef
    VoluntarySector: URIRef
    WelshPrincipalArea: URIRef
    WelshPrincipalCouncil: URIRef
    YouthJusticePartnership: URIRef
    accountableTo: URIRef
    alignedWith: URIRef
    amountGBP: URIRef
    appointedBy: URIRef
    appoints: URIRef
    changeStatus: URIRef
    asOf: URIRef
    chiefOfficerOf: URIRef
    citation: URIRef
    combinationAgreement: URIRef
    commissionedBy: URIRef
    confidence: URIRef
    constituentArea: URIRef
    consulted: URIRef
    cooperatesWith: URIRef
    cooperationArrangements: URIRef
    councilFor: URIRef
    councillorMemberCount: URIRef
    coversArea: URIRef
    crimeAndDisorderCommittee: URIRef
    dateNote: URIRef
    disagreesWith: URIRef
    electedBy: URIRef
    establishedBy: URIRef
    extent: URIRef
    financialYear: URIRef
    fund: URIRef
    gssCode: URIRef
    handlesComplaintsAbout: URIRef
    heldToAccountBy: URIRef
    holdsToAccount: URIRef
    inCountry: URIRef
    inForceFrom: URIRef
    inWriting: URIRef
    independentMemberCount: URIRef
    instrument: URIRef
    knownAs: URIRef
    legislation: URIRef
    localPolicingBody: URIRef
    localPolicingBodyFor: URIRef
    mayAgreeCombinationOf: URIRef
    mayCommissionFrom: URIRef
    mayConvene: URIRef
    mayRequireReportFrom: URIRef
    mayVeto: URIRef
    mayorOf: URIRef
    mustHaveRegardTo: URIRef
    object: URIRef
    officeOf: URIRef
    originalArea: URIRef
    panelFor: URIRef
    partlyWithin: URIRef
    partnershipKind: URIRef
    party: URIRef
    plan: URIRef
    policeForceArea: URIRef
    policesArea: URIRef
    qualifiedRelationship: URIRef
    recipient: URIRef
    relation: URIRef
    relevantLocalPolicingBody: URIRef
    reportsTo: URIRef
    responsibleAuthority: URIRef
    resultingArea: URIRef
    reviews: URIRef
    s17DutyHolder: URIRef
    sameOfficeholder: URIRef
    scrutinisedBy: URIRef
    scrutinises: URIRef
    securesMaintenanceOf: URIRef
    sentTo: URIRef
    servesArea: URIRef
    sizeApprovedBySecretaryOfState: URIRef
    statement: URIRef
    statisticalGeography: URIRef
    statutoryBasis: URIRef
    subGroupOf: URIRef
    successorOf: URIRef
    theme: URIRef
    viaIntermediary: URIRef
    withinArea: URIRef


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's preferred prefixes on ``graph`` and return it."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    return graph
