"""The five seed documents in the graph: one named graph each, PROV provenance, the facts they give, the scenarios
they support, the statements where they disagree with the law today, the fact-by-fact checklists of
data/seeds/README.md, and no landscape fact stated twice."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.graph import ReadOnlyGraphAggregate
from rdflib.namespace import DCTERMS, ORG, PROV, RDF, RDFS, SKOS, XSD

from cspgraph import resources
from cspgraph.asof import in_force, latest
from cspgraph.namespaces import CSPG, FUND, GRAPH, ID, PREFIXES, ROLE, SCHEMA, THEME, sparql_prologue
from cspgraph.stores import GraphStore

STEMS = {
    "durham-sdp-2011": "000_b254ee676a02443f.txt",
    "northumbria-pcp-2017": "001_1084b241bf8b7709.txt",
    "durham-pcvc-briefing-2021": "002_1dae32d0ecf7f9a3.txt",
    "cleveland-stockton-2013": "003_eb6489eec1cc31e8.txt",
    "kent-kcsp-2012": "004_d07db6644e7412a0.txt",
}
BASE_GRAPHS = ("landscape", "legislation", "metadata")

SDP = ID["csp/E22000365"]
DARLINGTON = ID["csp/E22000072"]
STOCKTON = ID["csp/E22000030"]
DURHAM_LPB = ID["local-policing-body/E23000008"]
DURHAM_OPCC = ID["opcc/E23000008"]
DURHAM_CHIEF = ID["chief-officer/E23000008"]
DURHAM_FRA = ID["fire-and-rescue-authority/E31000013"]
NORTHUMBRIA_LPB = ID["local-policing-body/E23000007"]
NORTHUMBRIA_CSPS = {
    ID[f"csp/{c}"] for c in ("E22000244", "E22000245", "E22000246", "E22000247", "E22000248", "E22000358")
}
KCSP = ID["organisation/kent-community-safety-partnership"]


def body(slug: str) -> URIRef:
    return ID[f"organisation/{slug}"]


def doc(stem: str) -> URIRef:
    return ID[f"document/{stem}"]


def sparql(query: str) -> str:
    """The query with the project's prefixes and ``graph:`` for the named graphs."""
    return sparql_prologue() + f"PREFIX graph: <{GRAPH}>\n" + query


def csps_in_police_area(store: GraphStore, code: str) -> set[str]:
    q = "SELECT ?pfa ?c WHERE { GRAPH graph:landscape { ?c a cspg:CommunitySafetyPartnership ; cspg:policeForceArea ?pfa } }"
    return {str(r["c"]) for r in store.select(sparql(q), {"pfa": ID[f"police-force-area/{code}"]})}


@pytest.fixture(scope="module")
def seeds(store: GraphStore) -> dict[str, Graph]:
    """Each seed graph as the store holds it, by file stem."""
    return {stem: store.graph(str(GRAPH[f"seed/{stem}"])) for stem in STEMS}


@pytest.fixture(scope="module")
def base_typed(store: GraphStore) -> set[URIRef]:
    """Every resource typed in the landscape, legislation or metadata graph."""
    out: set[URIRef] = set()
    for name in BASE_GRAPHS:
        res = store.select(sparql(f"SELECT DISTINCT ?s WHERE {{ GRAPH graph:{name} {{ ?s a ?t }} }}"))
        out |= {r["s"] for r in res if isinstance(r["s"], URIRef)}  # type: ignore[misc]
    return out


@pytest.fixture(scope="module")
def landscape(store: GraphStore) -> Graph:
    return store.graph(str(GRAPH["landscape"]))


@pytest.fixture(scope="module")
def landscape_csps(store: GraphStore) -> set[URIRef]:
    q = "SELECT DISTINCT ?c WHERE { GRAPH graph:landscape { ?c a cspg:CommunitySafetyPartnership } }"
    return {r["c"] for r in store.select(sparql(q))}  # type: ignore[misc]


def memberships(g: Graph, organization: URIRef, role: URIRef) -> dict[URIRef, URIRef]:
    """member -> membership node, for the organisation's memberships with the role."""
    return {
        g.value(m, ORG.member): m  # type: ignore[misc]
        for m in g.subjects(ORG.organization, organization)
        if (m, ORG.role, role) in g
    }


def labels(g: Graph, nodes: set[URIRef]) -> set[str]:
    return {str(g.value(n, RDFS.label)) for n in nodes}


def derived(g: Graph, node: URIRef, stem: str) -> bool:
    return (node, PROV.wasDerivedFrom, doc(stem)) in g


# ------------------------------------------------------------------ files, graphs, provenance
def test_every_seed_file_is_loaded_into_its_own_graph(store: GraphStore) -> None:
    files = sorted((resources.data_dir() / "seeds").glob("*.ttl"))
    assert {f.stem for f in files} == set(STEMS)
    names = store.graph_names()
    for f in files:
        name = resources.graph_name_for(f)
        assert name == str(GRAPH[f"seed/{f.stem}"])
        assert name in names
        parsed = Graph().parse(f)
        assert len(store.graph(name)) == len(parsed) > 40, f.name


@pytest.mark.parametrize("stem", sorted(STEMS))
def test_graph_has_primary_source_document(seeds: dict[str, Graph], stem: str) -> None:
    g = seeds[stem]
    node = GRAPH[f"seed/{stem}"]
    d = g.value(node, PROV.hadPrimarySource)
    assert d == doc(stem)
    assert (node, PROV.wasDerivedFrom, d) in g
    assert (d, RDF.type, CSPG.SourceDocument) in g
    assert g.value(d, DCTERMS.title) is not None
    date = g.value(d, DCTERMS.date)
    assert isinstance(date, Literal) and date.datatype in (XSD.date, XSD.gYear)
    assert g.value(d, DCTERMS.source) == Literal(f"seeds/{STEMS[stem]}")
    assert g.value(d, DCTERMS.creator) is not None or g.value(d, DCTERMS.publisher) is not None


@pytest.mark.parametrize("stem", sorted(STEMS))
def test_every_fact_bearing_node_is_derived_from_the_document(seeds: dict[str, Graph], stem: str) -> None:
    g = seeds[stem]
    exempt = {GRAPH[f"seed/{stem}"], doc(stem)}
    missing = {s for s in set(g.subjects()) - exempt if (s, PROV.wasDerivedFrom, doc(stem)) not in g}
    assert not missing, sorted(missing)


@pytest.mark.parametrize("stem", sorted(STEMS))
def test_no_dangling_bodies(seeds: dict[str, Graph], base_typed: set[URIRef], stem: str) -> None:
    """Every instance URI a seed graph mentions is typed in that seed graph or in the landscape/legislation."""
    g = seeds[stem]
    used = {t for s, _, o in g for t in (s, o) if isinstance(t, URIRef) and str(t).startswith(str(ID))}
    typed_here = set(g.subjects(RDF.type, None))
    dangling = used - typed_here - base_typed
    assert not dangling, sorted(dangling)
    for s in set(g.subjects()) - {GRAPH[f"seed/{stem}"]}:  # a landscape node is typed there, not again here
        assert s in typed_here or s in base_typed, s


@pytest.mark.parametrize("stem", sorted(STEMS))
def test_new_bodies_are_labelled(seeds: dict[str, Graph], base_typed: set[URIRef], stem: str) -> None:
    g = seeds[stem]
    new = {s for s in g.subjects(RDF.type, None) if str(s).startswith(str(ID)) and s not in base_typed}
    unlabelled = {s for s in new if "/membership/" not in str(s) and g.value(s, RDFS.label) is None}
    assert not unlabelled, sorted(unlabelled)


def test_seeds_add_no_second_rdfs_label_to_landscape_nodes(
    seeds: dict[str, Graph], base_typed: set[URIRef], store: GraphStore
) -> None:
    """A seed may repeat a label the landscape gives (the National Probation Service, which the landscape dates and
    a document names), never add another."""
    landscape = store.graph(str(GRAPH["landscape"]))
    relabelled = {
        (s, o)
        for g in seeds.values()
        for s, o in g.subject_objects(RDFS.label)
        if s in base_typed and (s, RDFS.label, o) not in landscape
    }
    assert not relabelled, sorted(relabelled)


def test_seeds_add_no_community_safety_partnership(seeds: dict[str, Graph], landscape_csps: set[URIRef]) -> None:
    """A county partnership or a proposed merger is never typed as a CSP: the 314 stay 314 (and the landscape's
    CSPs are not typed again in the seeds)."""
    typed = {s for g in seeds.values() for s in g.subjects(RDF.type, CSPG.CommunitySafetyPartnership)}
    assert not typed
    described = {s for g in seeds.values() for s in g.subjects(PROV.wasDerivedFrom, None) if "/csp/" in str(s)}
    assert described and described <= landscape_csps
    assert (KCSP, RDF.type, CSPG.CountyStrategicPartnership) in seeds["kent-kcsp-2012"]


def test_documents_give_no_amounts(store: GraphStore) -> None:
    q = "SELECT ?f WHERE { GRAPH ?g { ?f cspg:amountGBP ?a } FILTER(STRSTARTS(STR(?g), CONCAT(STR(graph:), 'seed/'))) }"
    assert len(store.select(sparql(q))) == 0


# ------------------------------------------------------------------ Durham: Safer Durham Partnership
def test_sdp_names(store: GraphStore, seeds: dict[str, Graph]) -> None:
    """The briefing's name for the partnership is its styling (cspg:knownAs), never a second skos:prefLabel."""
    assert seeds["durham-pcvc-briefing-2021"].value(SDP, CSPG.knownAs) == Literal("Safer Durham Partnership", lang="en")
    assert all(g.value(SDP, SKOS.prefLabel) is None for g in seeds.values())
    assert (SDP, SKOS.altLabel, Literal("Safe Durham Partnership", lang="en")) in seeds["durham-sdp-2011"]
    union = store.select(sparql("SELECT ?csp ?l WHERE { ?csp rdfs:label ?l }"), {"csp": SDP})
    landscape_label = store.select(
        sparql("SELECT ?csp ?l WHERE { GRAPH graph:landscape { ?csp rdfs:label ?l } }"), {"csp": SDP}
    )
    assert len(union) == 1 and {r["l"] for r in union} == {r["l"] for r in landscape_label}  # the landscape's only


def test_sdp_sub_groups(seeds: dict[str, Graph]) -> None:
    g = seeds["durham-pcvc-briefing-2021"]
    groups = set(g.subjects(CSPG.subGroupOf, SDP))
    assert labels(g, groups) == {
        "Road Casualty Reduction Group",
        "ASB Group",
        "Reducing Reoffending Group",
        "CONTEST Silver Group",
        "DASVEG",
        "Alcohol and Drugs Harm Reduction Group",
        "Safer Cyber Group",
    }
    for s in groups:
        assert (s, RDF.type, CSPG.PartnershipSubGroup) in g
        assert (s, CSPG.reportsTo, SDP) in g and (s, ORG.reportsTo, SDP) in g
    assert "not currently meeting" in str(g.value(body("durham-asb-group"), SKOS.scopeNote)).lower()


def test_sdp_reporting_relationships(seeds: dict[str, Graph]) -> None:
    g = seeds["durham-pcvc-briefing-2021"]
    assert labels(g, set(g.objects(SDP, CSPG.reportsTo))) == {
        "Local Criminal Justice Partnership",
        "Youth Justice Service – Durham",
        "Victims and Witnesses Group",
        "Durham Safeguarding Children Partnership",
        "Safeguarding Adults Board",
        "MAPPA Strategic Board",
        "Organised Crime Strategic Group",
    }
    assert (body("county-durham-partnership"), RDF.type, CSPG.PartnershipBoard) in seeds["durham-sdp-2011"]
    assert (SDP, CSPG.reportsTo, body("county-durham-partnership")) in seeds["durham-sdp-2011"]


HISTORIC_SDP = {
    body("national-probation-service"): ("2021-06-26", "cda-1998-s5-1-aa"),
    body("durham-tees-valley-community-rehabilitation-company"): ("2021-06-26", "cda-1998-s5-1-aa"),
    body("county-durham-clinical-commissioning-group"): ("2022-07-01", "cda-1998-s5-1-e"),
}


def test_sdp_responsible_authorities_current_and_historic(seeds: dict[str, Graph], landscape: Graph) -> None:
    """The current ones are the landscape's memberships, derived from the briefing; the historic ones are the seed's."""
    g = seeds["durham-pcvc-briefing-2021"]
    both = g + landscape  # a historic membership the landscape also holds (the NPS) is only confirmed by the seed
    ras = {
        member: m
        for member, m in memberships(both, SDP, ROLE["responsible-authority"]).items()
        if derived(g, m, "durham-pcvc-briefing-2021") and member in HISTORIC_SDP
    }
    assert set(ras) == set(HISTORIC_SDP)
    for member, m in ras.items():
        until, provision = HISTORIC_SDP[member]
        assert both.value(m, SCHEMA.validUntil) == Literal(until, datatype=XSD.date)
        assert both.value(member, SCHEMA.validUntil) == Literal(until, datatype=XSD.date)
        assert (SDP, ORG.hasMember, member) not in g
        assert both.value(m, CSPG.statutoryBasis) == ID[f"provision/{provision}"]
    current = memberships(landscape, SDP, ROLE["responsible-authority"])
    for member in (ID["council/E06000047"], DURHAM_CHIEF, DURHAM_FRA):
        m = current[member]
        assert (m, RDF.type, CSPG.ResponsibleAuthorityMembership) in landscape
        assert derived(g, m, "durham-pcvc-briefing-2021") and g.value(m, SKOS.note) is not None
        assert (m, RDF.type, None) not in g


def test_current_responsible_authorities_do_not_count_historic_ones(store: GraphStore) -> None:
    q = "SELECT ?csp ?member WHERE { ?m a cspg:ResponsibleAuthorityMembership ; org:organization ?csp ; org:member ?member }"
    today = in_force(store, latest(store) or "2026-02-24")
    members = {str(r["member"]) for r in today.select(sparql(q), {"csp": SDP})}
    assert members == {
        str(ID[x])
        for x in (
            "council/E06000047",
            "chief-officer/E23000008",
            "fire-and-rescue-authority/E31000013",
            "integrated-care-board/E54000050",
            "probation-region/N54",
        )
    }


def test_sdp_additional_members(seeds: dict[str, Graph]) -> None:
    g = seeds["durham-pcvc-briefing-2021"]
    assert set(memberships(g, SDP, ROLE["additional-member"])) == {
        DURHAM_OPCC,
        body("tees-esk-and-wear-valleys-nhs-foundation-trust"),
        body("county-durham-and-darlington-nhs-foundation-trust"),
        body("hmp-durham"),
        body("county-durham-voluntary-and-community-sector"),
    }
    assert (body("hmp-durham"), RDF.type, CSPG.Prison) in g
    assert (body("tees-esk-and-wear-valleys-nhs-foundation-trust"), RDF.type, CSPG.NHSTrust) in g


def test_successors_of_historic_bodies(seeds: dict[str, Graph]) -> None:
    g = seeds["durham-pcvc-briefing-2021"]
    assert (
        ID["integrated-care-board/E54000050"],
        CSPG.successorOf,
        body("county-durham-clinical-commissioning-group"),
    ) in g
    assert (ID["probation-region/N54"], CSPG.successorOf, body("national-probation-service")) in g


# ------------------------------------------------------------------ Durham: Darlington CSP
def test_darlington_members(seeds: dict[str, Graph], landscape: Graph) -> None:
    g = seeds["durham-pcvc-briefing-2021"]
    both = g + landscape
    ras = {
        member: m
        for member, m in memberships(both, DARLINGTON, ROLE["responsible-authority"]).items()
        if derived(g, m, "durham-pcvc-briefing-2021") and both.value(m, SCHEMA.validUntil) is not None
    }
    assert set(ras) == {body("national-probation-service")}
    listed = memberships(landscape, DARLINGTON, ROLE["responsible-authority"])
    for member in (ID["council/E06000005"], DURHAM_CHIEF, DURHAM_FRA):  # listed by the briefing
        assert derived(g, listed[member], "durham-pcvc-briefing-2021")
    nps = ras[body("national-probation-service")]
    assert both.value(nps, SCHEMA.validUntil) == Literal("2021-06-26", datatype=XSD.date)
    assert set(memberships(g, DARLINGTON, ROLE["additional-member"])) == {
        DURHAM_OPCC,
        body("tees-esk-and-wear-valleys-nhs-foundation-trust"),
        body("darlington-voluntary-and-community-sector"),
    }


def test_darlington_reporting_and_sub_groups(seeds: dict[str, Graph]) -> None:
    g = seeds["durham-pcvc-briefing-2021"]
    assert set(g.objects(DARLINGTON, CSPG.reportsTo)) == {
        body("durham-darlington-and-cleveland-local-criminal-justice-partnership"),
        body("darlington-youth-offending-service"),
        body("durham-victims-and-witnesses-group"),
        body("durham-safeguarding-children-partnership"),
        body("durham-safeguarding-adults-board"),
        body("durham-mappa-strategic-board"),
        body("durham-organised-crime-strategic-group"),
        body("durham-and-darlington-dasveg"),
    }
    assert labels(g, set(g.subjects(CSPG.subGroupOf, DARLINGTON))) == {
        "Promoting safer places",
        "Violent crime including domestic abuse",
        "Building stronger and cohesive communities",
    }


# ------------------------------------------------------------------ Durham: panel, audit committee, LCJP, funding
def test_durham_and_darlington_panel(seeds: dict[str, Graph]) -> None:
    g = seeds["durham-pcvc-briefing-2021"]
    p = ID["police-and-crime-panel/E23000008"]
    assert g.value(p, CSPG.councillorMemberCount) == Literal(10)
    assert g.value(p, CSPG.independentMemberCount) == Literal(2)
    assert (p, SKOS.altLabel, Literal("Durham & Darlington Panel", lang="en")) in g


def test_pcvc_styling(seeds: dict[str, Graph], landscape: Graph) -> None:
    g = seeds["durham-pcvc-briefing-2021"]
    styling = (DURHAM_LPB, CSPG.knownAs, Literal("Durham Police, Crime and Victims' Commissioner", lang="en"))
    assert styling in landscape and styling not in g  # the landscape's; the briefing adds its abbreviation
    assert (DURHAM_LPB, SKOS.altLabel, Literal("PCVC", lang="en")) in g
    assert derived(g, DURHAM_LPB, "durham-pcvc-briefing-2021")
    assert g.value(DURHAM_OPCC, CSPG.knownAs) == Literal(
        "Office of the Durham Police, Crime and Victims' Commissioner", lang="en"
    )


def test_independent_audit_committee(seeds: dict[str, Graph]) -> None:
    g = seeds["durham-pcvc-briefing-2021"]
    committees = set(g.subjects(RDF.type, CSPG.IndependentAuditCommittee))
    assert len(committees) == 1
    assert set(g.objects(committees.pop(), CSPG.reportsTo)) == {DURHAM_LPB, DURHAM_CHIEF}


def test_local_criminal_justice_partnership(seeds: dict[str, Graph]) -> None:
    g = seeds["durham-pcvc-briefing-2021"]
    lcjp = body("durham-darlington-and-cleveland-local-criminal-justice-partnership")
    assert (lcjp, RDF.type, CSPG.LocalCriminalJusticeBoard) in g
    partners = memberships(g, lcjp, ROLE["partner"])
    assert set(partners) == {
        DURHAM_OPCC,
        body("crown-prosecution-service"),
        body("hm-courts-and-tribunals-service"),
        body("tees-and-wear-valley-prisons"),
        body("hmp-low-newton"),
        ID["police-force/E23000008"],
        body("national-probation-service"),
        body("nhs-england"),
        body("public-health-england"),
    } | {ID[f"council/{c}"] for c in ("E06000047", "E06000005", "E06000001", "E06000002", "E06000003", "E06000004")}
    historic = {m for m, node in partners.items() if g.value(node, SCHEMA.validUntil) is not None}
    assert historic == {body("national-probation-service"), body("public-health-england")}


def test_community_safety_grants_through_the_foundation(seeds: dict[str, Graph]) -> None:
    g = seeds["durham-pcvc-briefing-2021"]
    flows = set(g.subjects(CSPG.viaIntermediary, body("county-durham-community-foundation")))
    assert len(flows) == 1
    f = flows.pop()
    assert (f, RDF.type, CSPG.FundingFlow) in g
    assert g.value(f, CSPG.fund) == FUND["crime-and-disorder-reduction"]
    assert g.value(f, SCHEMA.funder) == DURHAM_LPB
    assert (body("county-durham-community-foundation"), RDF.type, CSPG.CommunityFoundation) in g


def test_commissioned_providers_are_bodies(seeds: dict[str, Graph], landscape: Graph) -> None:
    g = seeds["durham-pcvc-briefing-2021"]
    recipients = {g.value(f, CSPG.recipient) for f in g.subjects(SCHEMA.funder, DURHAM_LPB)} - {None}
    assert body("harbour") in recipients
    for r in recipients:
        assert g.value(r, RDFS.label) is not None or landscape.value(r, RDFS.label) is not None


def test_commissioned_services_name_a_provider_only_where_the_briefing_does(seeds: dict[str, Graph]) -> None:
    """The briefing's 'Main Commissioned Services': a provider and a flow of money to it only where it names one."""
    g = seeds["durham-pcvc-briefing-2021"]
    services = set(g.subjects(CSPG.commissionedBy, DURHAM_LPB))
    providers = {"harbour", "rsacc", "halo", "the-700-club"}
    assert len(services) == 14  # with the two youth justice services, funded directly: the briefing's sixteen
    for service in services:
        assert (service, RDF.type, SCHEMA.Service) in g
        provider = g.value(service, SCHEMA.provider)
        flows = set(g.subjects(SCHEMA.fundedItem, service))
        if provider is None:
            assert "names no provider" in str(g.value(service, RDFS.comment)) and not flows, service
        else:
            assert str(provider).rsplit("/", 1)[-1] in providers
            assert {g.value(f, CSPG.recipient) for f in flows} == {provider}


# ------------------------------------------------------------------ Northumbria
def test_northumbria_pcc_and_the_six_csps(seeds: dict[str, Graph], store: GraphStore, landscape: Graph) -> None:
    """The duty to co-operate is the landscape's relationship; the report's graph derives it, not restates it."""
    g = seeds["northumbria-pcp-2017"]
    assert set(g.objects(NORTHUMBRIA_LPB, CSPG.cooperatesWith)) == set()
    qualified = set(landscape.objects(NORTHUMBRIA_LPB, CSPG.qualifiedRelationship))
    cooperation = {r for r in qualified if landscape.value(r, CSPG.relation) == CSPG.cooperatesWith}
    assert {landscape.value(r, CSPG.object) for r in cooperation} == NORTHUMBRIA_CSPS
    assert all(derived(g, r, "northumbria-pcp-2017") for r in cooperation)
    assert {URIRef(c) for c in csps_in_police_area(store, "E23000007")} == NORTHUMBRIA_CSPS


def test_northumbria_asb_volunteer_funding(seeds: dict[str, Graph]) -> None:
    g = seeds["northumbria-pcp-2017"]
    flows = {
        f
        for f in g.subjects(SCHEMA.funder, NORTHUMBRIA_LPB)
        if g.value(f, CSPG.fund) == FUND["crime-and-disorder-reduction"]
    }
    assert {g.value(f, CSPG.recipient) for f in flows} == NORTHUMBRIA_CSPS
    for f in flows:
        assert g.value(f, CSPG.statutoryBasis) == ID["provision/prsra-2011-s9"]


def test_northumbria_opcc_invited_to_community_safety_leads(seeds: dict[str, Graph]) -> None:
    g = seeds["northumbria-pcp-2017"]
    leads = body("northumbria-community-safety-leads")
    invited = memberships(g, leads, ROLE["offered-seat"])
    assert set(invited) == {ID["opcc/E23000007"]}
    assert set(memberships(g, leads, ROLE["partner"])) == NORTHUMBRIA_CSPS


def test_northumbria_themed_scrutiny(seeds: dict[str, Graph]) -> None:
    g = seeds["northumbria-pcp-2017"]
    acts = set(g.subjects(RDF.type, PROV.Activity))
    assert len(acts) == 1
    a = acts.pop()
    assert g.value(a, PROV.wasAssociatedWith) == ID["police-and-crime-panel/E23000007"]
    assert g.value(a, DCTERMS.date) == Literal("2017-08-01", datatype=XSD.date)


# ------------------------------------------------------------------ Cleveland and Kent
def test_safer_stockton_partnership_and_pcc_representative(seeds: dict[str, Graph]) -> None:
    g = seeds["cleveland-stockton-2013"]
    assert g.value(STOCKTON, SKOS.prefLabel) == Literal("Safer Stockton Partnership", lang="en")
    reps = memberships(g, STOCKTON, ROLE["representative"])
    assert set(reps) == {ID["local-policing-body/E23000013"]}
    assert (reps[ID["local-policing-body/E23000013"]], RDF.type, CSPG.ResponsibleAuthorityMembership) not in g


def kent_district_csps(store: GraphStore) -> set[str]:
    q = "SELECT DISTINCT ?county ?c WHERE { GRAPH graph:landscape { ?c cspg:servesArea ?lad . ?lad cspg:withinArea ?county } }"
    return {str(r["c"]) for r in store.select(sparql(q), {"county": ID["county/E10000016"]})}


def test_kent_community_safety_partnership(seeds: dict[str, Graph], store: GraphStore) -> None:
    g = seeds["kent-kcsp-2012"]
    partners = set(memberships(g, KCSP, ROLE["partner"]))
    districts = kent_district_csps(store)
    assert len(districts) == 11
    assert {str(p) for p in partners} == districts | {str(ID["council/E10000016"])}
    assert ID["csp/E22000143"] not in partners  # Medway is unitary and has its own CSP
    offered = memberships(g, KCSP, ROLE["offered-seat"])
    assert set(offered) == {ID["local-policing-body/E23000032"]}
    assert g.value(offered[ID["local-policing-body/E23000032"]], DCTERMS.date) == Literal(
        "2012-11-01", datatype=XSD.date
    )


@pytest.mark.parametrize(
    ("scenario", "police_area"),
    [("cleveland-single-csp", "E23000013"), ("kent-county-csp", "E23000032")],
)
def test_scenarios(store: GraphStore, scenario: str, police_area: str) -> None:
    data = json.loads((resources.data_dir() / "scenarios" / f"{scenario}.json").read_text())
    assert set(data) >= {"name", "csps", "source", "description"}
    source = ID[data["source"].removeprefix("id/")]
    assert len(store.select(sparql("SELECT ?d WHERE { ?d a cspg:SourceDocument }"), {"d": source})) == 1
    csps = {str(ID[f"csp/{c}"]) for c in data["csps"]}
    in_area = csps_in_police_area(store, police_area)
    assert csps <= in_area
    if scenario == "cleveland-single-csp":
        assert data["name"] == "Cleveland Community Safety Partnership (proposed single CSP)"
        assert csps == in_area
    else:
        assert csps == kent_district_csps(store)


# ------------------------------------------------------------------ plans and themes
def test_plan_themes_are_theme_concepts(store: GraphStore, seeds: dict[str, Graph]) -> None:
    concepts = {
        r["c"]
        for r in store.select(
            sparql("SELECT ?scheme ?c WHERE { GRAPH graph:ontology { ?c skos:inScheme ?scheme } }"),
            {"scheme": URIRef(str(THEME).rstrip("/"))},
        )
    }
    used = {o for g in seeds.values() for o in g.objects(None, CSPG.theme)}
    assert used and used <= concepts, used - concepts
    g = seeds["durham-pcvc-briefing-2021"]
    assert set(g.objects(ID["plan/darlington-csp-priorities-2021"], CSPG.theme)) == {
        THEME["community-cohesion"],
        THEME["domestic-abuse"],
        THEME["safer-places"],
        THEME["violent-crime"],
    }
    plans = {s for gr in seeds.values() for s in gr.subjects(CSPG.theme, None)}
    for p in plans:
        assert any(
            (p, RDF.type, t) in gr
            for gr in seeds.values()
            for t in (CSPG.Plan, CSPG.PartnershipPlan, CSPG.PoliceAndCrimePlan)
        )


# ------------------------------------------------------------------ disagreements with the law today
EXPECTED_DISAGREEMENTS = {
    "durham-sdp-2011": {"cda-1998-s5-1-c", "cda-1998-s5a"},
    "northumbria-pcp-2017": {"cda-1998-s5-1-e", "cda-1998-s5-1-aa", "dvcva-2004-s9", "cda-1998-s17"},
    "durham-pcvc-briefing-2021": {"cda-1998-s5-1-aa", "cda-1998-s5-1-e", "prsra-2011-sch-6"},
    "cleveland-stockton-2013": {"cda-1998-s5a"},
    "kent-kcsp-2012": {"cda-1998-s5-1-c", "cda-1998-s5a"},
}


@pytest.mark.parametrize("stem", sorted(STEMS))
def test_disagreements_point_at_real_provisions(seeds: dict[str, Graph], store: GraphStore, stem: str) -> None:
    g = seeds[stem]
    nodes = set(g.subjects(RDF.type, CSPG.SeedDisagreement))
    cited = set()
    for n in nodes:
        assert g.value(n, CSPG.statement) is not None, n
        assert g.value(n, RDFS.comment) is not None, n
        assert (n, PROV.wasDerivedFrom, doc(stem)) in g
        provision = g.value(n, CSPG.disagreesWith)
        res = store.select(
            sparql("SELECT ?p WHERE { GRAPH graph:legislation { ?p a cspg:Provision } }"), {"p": provision}
        )
        assert len(res) == 1, provision
        cited.add(str(provision).rsplit("/", 1)[-1])
    assert cited == EXPECTED_DISAGREEMENTS[stem]


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize("stem", sorted(STEMS))
def test_statements_quote_the_seed_text(seeds: dict[str, Graph], seeds_dir: Path, stem: str) -> None:
    g = seeds[stem]
    text = normalise((seeds_dir / STEMS[stem]).read_text(encoding="utf-8"))
    statements = [str(s) for s in g.objects(None, CSPG.statement)]
    assert statements
    for s in statements:
        assert normalise(s) in text, s


# ------------------------------------------------------------------ each landscape fact once in the default graph
@pytest.mark.parametrize("stem", sorted(STEMS))
def test_no_seed_graph_restates_a_landscape_triple(seeds: dict[str, Graph], landscape: Graph, stem: str) -> None:
    """A seed confirms a landscape fact with a PROV link on the landscape's node, never by repeating its triples."""
    shared = set(seeds[stem]) & set(landscape)
    assert not shared, sorted(shared)[:10]


def test_no_two_seed_graphs_share_a_triple(seeds: dict[str, Graph]) -> None:
    stems = sorted(seeds)
    for i, a in enumerate(stems):
        for b in stems[i + 1 :]:
            shared = set(seeds[a]) & set(seeds[b])
            assert not shared, (a, b, sorted(shared)[:5])


DARLINGTON_RAS = {
    ID["council/E06000005"],
    DURHAM_CHIEF,
    DURHAM_FRA,
    ID["integrated-care-board/E54000050"],
    ID["probation-region/N54"],
}


@pytest.mark.parametrize("kind", ["store", "rdflib_store"])
def test_darlington_responsible_authorities_once_over_the_default_graph(
    kind: str, request: pytest.FixtureRequest
) -> None:
    """Over the union of all graphs each of Darlington's responsible authorities is one row, whether asked through
    the shortcut or through the qualified memberships (Oxigraph's union repeats a triple held in two graphs, so a
    seed restating a landscape triple would multiply the rows): over the whole history, each body once; on the
    dataset's date, today's five."""
    whole: GraphStore = request.getfixturevalue(kind)
    ever = whole.select(sparql(f"SELECT ?ra WHERE {{ <{DARLINGTON}> cspg:responsibleAuthority ?ra }}"))
    assert len(ever) == len({r["ra"] for r in ever}) and {r["ra"] for r in ever} >= DARLINGTON_RAS
    s = in_force(whole, latest(whole))
    shortcut = s.select(sparql(f"SELECT ?ra WHERE {{ <{DARLINGTON}> cspg:responsibleAuthority ?ra }}"))
    assert len(shortcut) == 5 and {r["ra"] for r in shortcut} == DARLINGTON_RAS
    qualified = s.select(
        sparql(
            f"SELECT ?ra WHERE {{ ?m a cspg:ResponsibleAuthorityMembership ; org:organization <{DARLINGTON}> ; "
            "org:member ?ra ; org:role role:responsible-authority ; cspg:statutoryBasis ?p }"
        )
    )
    assert len(qualified) == 5 and {r["ra"] for r in qualified} == DARLINGTON_RAS
    members = s.select(sparql(f"SELECT ?m WHERE {{ <{DARLINGTON}> org:hasMember ?m }}"))
    assert len(members) == len({r["m"] for r in members})


# ------------------------------------------------------------------ powers and duties as qualified relationships
def test_seed_relationships_are_qualified_and_sourced(seeds: dict[str, Graph], store: GraphStore) -> None:
    properties = {
        r["p"]
        for r in store.select(
            sparql("SELECT ?p WHERE { GRAPH graph:ontology { VALUES ?t { owl:ObjectProperty } ?p a ?t } }")
        )
    }
    provisions = {
        r["p"] for r in store.select(sparql("SELECT ?p WHERE { GRAPH graph:legislation { ?p a cspg:Provision } }"))
    }
    seen = 0
    for stem, g in seeds.items():
        for r in g.subjects(RDF.type, CSPG.Relationship):
            seen += 1
            assert g.value(r, RDFS.label) is not None and derived(g, r, stem), r
            assert g.value(r, CSPG.relation) in properties, r
            assert set(g.objects(r, CSPG.object)), r
            assert set(g.subjects(CSPG.qualifiedRelationship, r)), r
            assert set(g.objects(r, CSPG.statutoryBasis)) <= provisions, r
            relation = g.value(r, CSPG.relation)
            for subject in g.subjects(CSPG.qualifiedRelationship, r):  # no shortcut triple from a seed
                assert not set(g.objects(subject, relation)) & set(g.objects(r, CSPG.object)), r
    assert seen >= 20


# ------------------------------------------------------------------ the checklists in data/seeds/README.md
CHECKLIST = resources.data_dir() / "seeds" / "README.md"
FACT_ID = re.compile(r"^[A-Z]\d{2}-\d{2}$")


@dataclass
class Fact:
    stem: str
    id: str
    text: str
    as_of: str
    refs: list[str]


def checklists() -> dict[str, tuple[list[Fact], tuple[int, int]]]:
    """The facts of each document's table, and the 'Present: n of m' its section states."""
    out: dict[str, tuple[list[Fact], tuple[int, int]]] = {}
    for section in re.split(r"^## ", CHECKLIST.read_text(encoding="utf-8"), flags=re.M)[1:]:
        head = re.match(r"`([a-z0-9-]+)`", section)
        if not head:
            continue
        stem = head.group(1)
        stated = re.search(r"Present: (\d+) of (\d+)\.", section)
        assert stated, stem
        facts = []
        for line in section.splitlines():
            cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.startswith("|") else []
            if len(cells) == 4 and FACT_ID.match(cells[0]):
                facts.append(Fact(stem, cells[0], cells[1], cells[2], re.findall(r"`([^`]+)`", cells[3])))
        out[stem] = (facts, (int(stated.group(1)), int(stated.group(2))))
    return out


def file_prefixes(stem: str) -> dict[str, str]:
    parsed = Graph(bind_namespaces="none").parse(resources.data_dir() / "seeds" / f"{stem}.ttl")
    return {**PREFIXES, **{p: str(ns) for p, ns in parsed.namespaces() if p}}


def test_every_seed_has_a_checklist() -> None:
    assert set(checklists()) == set(STEMS)


@pytest.mark.parametrize("stem", sorted(STEMS))
def test_checklist_counts_and_coverage(stem: str) -> None:
    facts, (present, total) = checklists()[stem]
    ids = [f.id for f in facts]
    assert len(ids) == len(set(ids)), "fact ids repeat"
    assert total == len(facts) and present == sum(1 for f in facts if f.refs)
    assert present >= 0.95 * total, f"{stem}: {present} of {total} facts in the graph"
    for f in facts:
        assert re.search(r"\d{4}", f.as_of), f"{f.id}: no date it speaks of"


@pytest.mark.parametrize("stem", sorted(STEMS))
def test_checklist_references_resolve_with_provenance(
    stem: str, seeds: dict[str, Graph], landscape: Graph, store: GraphStore
) -> None:
    """Each node is in the document's graph with prov:wasDerivedFrom the document; each statement is in that graph
    about such a node; each ASK names the document and holds over its graph with the landscape and legislation."""
    g = seeds[stem]
    d = doc(stem)
    prefixes = file_prefixes(stem)
    prologue = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in prefixes.items())
    ask_prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes.items())
    union = ReadOnlyGraphAggregate([g, landscape, store.graph(str(GRAPH["legislation"]))])
    facts, _ = checklists()[stem]
    for f in facts:
        for ref in f.refs:
            if ref.startswith("ASK"):
                assert f"doc:{stem}" in ref, f"{f.id}: the query does not name the document"
                assert union.query(ask_prologue + ref).askAnswer, f"{f.id}: {ref}"
                continue
            if " " not in ref:
                node = (
                    URIRef(ref[1:-1])
                    if ref.startswith("<")
                    else URIRef(prefixes[ref.split(":")[0]] + ref.split(":", 1)[1])
                )
                assert node == d or derived(g, node, stem), f"{f.id}: {node} is not derived from the document"
                continue
            triples = list(Graph().parse(data=prologue + ref + " .", format="turtle"))
            assert len(triples) == 1, f"{f.id}: {ref}"
            s, p, o = triples[0]
            assert (s, p, o) in g, f"{f.id}: {ref} is not in graph/seed/{stem}"
            assert s == d or derived(g, s, stem), f"{f.id}: {s} is not derived from the document"  # type: ignore[arg-type]
