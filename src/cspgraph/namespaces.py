"""Namespaces of cspgraph and of the vocabularies it reuses.

``CSPG`` is a closed namespace: a misspelt term raises ``AttributeError`` (a test keeps it equal to ontology/).
"""

from __future__ import annotations

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, OWL, PROV, RDF, RDFS, SKOS, VOID, XSD, DefinedNamespace

BASE = "https://w3id.org/cspgraph/"
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")
SCHEMA = Namespace("https://schema.org/")
VANN = Namespace("http://purl.org/vocab/vann/")
SH = Namespace("http://www.w3.org/ns/shacl#")
STATGEO = Namespace("http://statistics.data.gov.uk/id/statistical-geography/")
GOVYEAR = Namespace("http://reference.data.gov.uk/id/government-year/")
ROLE = Namespace(BASE + "def/role/")
FUND = Namespace(BASE + "def/fund/")
THEME = Namespace(BASE + "def/theme/")
KIND = Namespace(BASE + "def/partnership-kind/")
CONFIDENCE = Namespace(BASE + "def/confidence/")
STATUS = Namespace(BASE + "def/change-status/")


class CSPG(DefinedNamespace):
    """The cspgraph ontology, ``https://w3id.org/cspgraph/def/``."""

    _NS = Namespace(BASE + "def/")
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


PREFIXES: dict[str, str] = {
    "cspg": str(CSPG),
    "id": str(ID),
    "org": str(ORG),
    "dcterms": str(DCTERMS),
    "skos": str(SKOS),
    "prov": str(PROV),
    "schema": str(SCHEMA),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "foaf": str(FOAF),
    "dcat": str(DCAT),
    "void": str(VOID),
    "sh": str(SH),
    "role": str(ROLE),
    "fund": str(FUND),
    "theme": str(THEME),
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's preferred prefixes on ``graph`` and return it."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True)
    return graph


def sparql_prologue() -> str:
    """PREFIX declarations for every namespace in :data:`PREFIXES`, for ad-hoc queries."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
