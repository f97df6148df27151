"""The DCAT/VoID description of the dataset (data/metadata.ttl): title, scope, licence and attribution, each
reference source with its publisher and licence, and the landscape subset with its triple count.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, ORG, PROV, SKOS, VOID

from cspgraph.build.funding import financial_year
from cspgraph.build.reference import (
    AUTHORITIES,
    BOUNDARIES,
    CAUTH,
    CCG,
    FIRE,
    FIRE21,
    ICB,
    ICB24,
    LAD22_23,
    LHB,
    LOOKUP,
    LOOKUP17,
)
from cspgraph.namespaces import CSPG, GOVYEAR, ID, SCHEMA, bind_prefixes

OGL = URIRef("http://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/")
CC_BY = URIRef("https://creativecommons.org/licenses/by/4.0/")
DATASET = ID["dataset/cspgraph"]
LANDSCAPE = URIRef(str(ID).replace("/id/", "/graph/") + "landscape")
ONS = "Office for National Statistics"

TITLE = "cspgraph: community safety governance in England and Wales"
DESCRIPTION = (
    "Who is accountable to whom in community safety in England and Wales: the 43 police force areas and their local "
    "policing bodies, chief officers and police and crime panels; the 314 Community Safety Partnerships with the "
    "local government areas they serve and their responsible authorities under Crime and Disorder Act 1998 s5(1); "
    "councils, fire and rescue authorities, integrated care boards, local health boards, probation regions and crime "
    "and disorder committees; structural funding flows; and the detail of five published source documents on "
    "Durham, Northumbria, Cleveland and Kent."
)
RIGHTS = (
    "Contains public sector information licensed under the Open Government Licence v3.0. Source: Office for National "
    "Statistics licensed under the Open Government Licence v.3.0. Contains OS data © Crown copyright and database right "
    "(the boundary files behind the maps). Contains data from mySociety's UK local authority register (CC-BY-4.0)."
)
SCOPE = (
    "The landscape from 2012 to the dataset's as-of date (cspg:asOf, the latest date on which the sources record a "
    "change in force): areas, CSPs and LAD -> CSP -> PFA links from the January 2017 and December 2024 ONS lookups "
    "and the LAD vintages between them, councils with mySociety's start and end dates, combined authorities from "
    "the 2019-2023 lookups, fire, CCG, ICB and LHB areas from the lookups of each date, and local policing bodies, "
    "probation and dated changes from the shared timeline and statutory rules (R11, R17, R21), each change with its "
    "status, source and confidence. Every resource and statement carries schema:validFrom and schema:validUntil "
    "where it started or ended."
)
ONS_RIGHTS = "Source: Office for National Statistics licensed under the Open Government Licence v.3.0"
MYSOCIETY_RIGHTS = "© mySociety, licensed under CC-BY-4.0"
EXAMPLES = ("police-force-area/E23000008", "csp/E22000365", "local-policing-body/E23000013")


class Source(NamedTuple):
    """One reference source the landscape is derived from.

    Attributes:
        slug: its name under ``id/source/``.
        title: the publisher's title.
        publisher: who publishes it.
        licence: the licence's URI.
        url: its landing page, where known.
        file: the reference file read.
    """

    slug: str
    title: str
    publisher: str
    licence: URIRef
    url: str | None
    file: str


SOURCES = (
    Source(
        "ons-lad24-csp24-pfa24",
        "LAD to Community Safety Partnership to PFA (December 2024) Lookup in EW",
        ONS,
        OGL,
        "https://geoportal.statistics.gov.uk/datasets/ons::lad-to-community-safety-partnership-to-pfa-december-2024-lookup-in-ew",
        LOOKUP,
    ),
    Source(
        "ons-lad17-csp17-pfa17",
        "Local Authority District to Community Safety Partnerships to Police Force Areas (January 2017) Lookup in "
        "England and Wales, Version 2",
        ONS,
        OGL,
        None,
        LOOKUP17,
    ),
    Source("ons-lad24-fra24", "LAD to Fire and Rescue Authority (December 2024) Lookup in EW", ONS, OGL, None, FIRE),
    Source("ons-lad21-fra21", "LAD to Fire and Rescue Authority (December 2021) Lookup in EW", ONS, OGL, None, FIRE21),
    Source(
        "ons-lsoa11-ccg21",
        "LSOA (2011) to Clinical Commissioning Group to STP to LAD (April 2021) Lookup in England",
        ONS,
        OGL,
        None,
        CCG,
    ),
    Source(
        "ons-lsoa11-icb22",
        "LSOA (2011) to Sub-ICB Locations to Integrated Care Boards (July 2022) Lookup in England",
        ONS,
        OGL,
        None,
        ICB,
    ),
    Source(
        "ons-lsoa21-icb24",
        "LSOA (2021) to Sub-ICB Locations to Integrated Care Boards (April 2024) Lookup in England",
        ONS,
        OGL,
        None,
        ICB24,
    ),
    Source(
        "ons-ua22-lhb22", "Unitary Authority to Local Health Board (December 2022) Lookup in Wales", ONS, OGL, None, LHB
    ),
    Source("ons-lad22-lad23", "LAD (2022) to LAD (2023) Lookup in the UK", ONS, OGL, None, LAD22_23),
    *(
        Source(
            f"ons-lad{y % 100}-cauth{y % 100}",
            f"LAD to Combined Authority (December {y}) Lookup in EN",
            ONS,
            OGL,
            None,
            name,
        )
        for y, name in CAUTH.items()
    ),
    *(
        Source(
            f"ons-lad{y % 100}-boundaries", f"Local Authority Districts ({y}) Boundaries UK BUC", ONS, OGL, None, name
        )
        for y, name in BOUNDARIES.items()
    ),
    Source(
        "mysociety-uk-local-authorities",
        "UK local authority names and codes, v1.6.1",
        "mySociety",
        CC_BY,
        "https://github.com/mysociety/uk_local_authority_names_and_codes",
        AUTHORITIES,
    ),
)


class Notes(NamedTuple):
    """The shared notes the dated changes come from.

    Attributes:
        slug: its name under ``id/source/``.
        title: its title.
        file: the file read.
    """

    slug: str
    title: str
    file: str


NOTES = (
    Notes("timeline", "The landscape through time: dated changes 2012-2028", "domain/timeline.md"),
    Notes(
        "statutory-rules",
        "Community safety governance law (England and Wales): rules to encode as SHACL constraints",
        "domain/statutory-rules.md",
    ),
)
NOTES_COMMENT = (
    "Read from the shared notes ({file}), compiled from legislation.gov.uk, gov.uk, Hansard and other sources; each "
    "dated change carries the note's confidence tag (cspg:confidence)."
)
NOTES_RIGHTS = (
    "Notes of the cspgraph project (CC-BY-4.0), compiled from legislation.gov.uk and gov.uk (Open Government Licence "
    "v3.0), Hansard (Open Parliament Licence v3.0) and other public sources, each cited in the notes."
)


def as_of(landscape: Graph) -> dt.date | None:
    """The dataset's as-of date: the latest schema:validFrom or schema:validUntil in the landscape, the latest day on
    which its sources record a change in force.

    Examples:
        >>> as_of(Graph()) is None
        True
    """
    days = [
        dt.date.fromisoformat(str(o)) for p in (SCHEMA.validFrom, SCHEMA.validUntil) for o in landscape.objects(None, p)
    ]
    return max(days) if days else None


def metadata_graph(landscape: Graph) -> Graph:
    """DCAT/VoID description of the dataset, the sources and their licences and attribution.

    Args:
        landscape: the landscape graph, whose size the landscape subset records.

    Examples:
        >>> g = metadata_graph(Graph())
        >>> int(g.value(LANDSCAPE, VOID.triples)), len(list(g.objects(DATASET, DCTERMS.source)))
        (0, 19)
    """
    g = bind_prefixes(Graph())
    g.bind("dcat", DCAT)
    g.bind("void", VOID)
    describe_dataset(g, as_of(landscape))
    for source in SOURCES:
        describe_source(g, source)
    for notes in NOTES:
        describe_notes(g, notes)
    # The landscape graph is one subset of the dataset; the server counts the whole dataset as it serves it.
    g.add((DATASET, VOID.subset, LANDSCAPE))
    g.add((LANDSCAPE, RDF.type, VOID.Dataset))
    g.add((LANDSCAPE, VOID.triples, Literal(len(landscape), datatype=XSD.integer)))
    for source in SOURCES:
        g.add((LANDSCAPE, PROV.wasDerivedFrom, ID[f"source/{source.slug}"]))
    return g


def describe_dataset(g: Graph, day: dt.date | None) -> None:
    """The dataset's title, description, licence, rights, as-of date (when it has one), scope, vocabularies and
    examples."""
    d = DATASET
    for t in (DCAT.Dataset, VOID.Dataset, PROV.Entity):
        g.add((d, RDF.type, t))
    g.add((d, DCTERMS.title, Literal(TITLE, lang="en")))
    g.add((d, DCTERMS.description, Literal(DESCRIPTION, lang="en")))
    g.add((d, DCTERMS.license, CC_BY))
    g.add((d, DCTERMS.rights, Literal(RIGHTS, lang="en")))
    if day is not None:
        g.add((d, CSPG.asOf, Literal(day.isoformat(), datatype=XSD.date)))
        g.add((d, DCTERMS.temporal, GOVYEAR[financial_year(day)]))
    g.add((d, SKOS.scopeNote, Literal(SCOPE, lang="en")))
    g.add((d, DCTERMS.publisher, Literal("cspgraph")))
    g.add((d, VOID.uriSpace, Literal(str(ID))))
    g.add((d, VOID.vocabulary, URIRef(str(CSPG))))
    g.add((d, VOID.vocabulary, URIRef(str(ORG))))
    for r in EXAMPLES:
        g.add((d, VOID.exampleResource, ID[r]))
    g.add((d, FOAF.homepage, URIRef("https://w3id.org/cspgraph/")))


def describe_source(g: Graph, source: Source) -> None:
    """One source: a dataset the landscape was derived from, with its publisher, licence and attribution."""
    s = ID[f"source/{source.slug}"]
    g.add((s, RDF.type, DCAT.Dataset))
    g.add((s, RDF.type, PROV.Entity))
    g.add((s, DCTERMS.title, Literal(source.title, lang="en")))
    g.add((s, DCTERMS.publisher, Literal(source.publisher)))
    g.add((s, DCTERMS.license, source.licence))
    g.add((s, RDFS.comment, Literal(f"Read from the reference file {source.file}.", lang="en")))
    rights = ONS_RIGHTS if source.licence == OGL else MYSOCIETY_RIGHTS
    g.add((s, DCTERMS.rights, Literal(rights, lang="en")))
    if source.url:
        g.add((s, DCAT.landingPage, URIRef(source.url)))
    g.add((DATASET, DCTERMS.source, s))
    g.add((DATASET, PROV.wasDerivedFrom, s))


def describe_notes(g: Graph, notes: Notes) -> None:
    """The shared notes that give the dated changes their dates, statuses and confidence."""
    s = ID[f"source/{notes.slug}"]
    g.add((s, RDF.type, PROV.Entity))
    g.add((s, DCTERMS.title, Literal(notes.title, lang="en")))
    g.add((s, RDFS.comment, Literal(NOTES_COMMENT.format(file=notes.file), lang="en")))
    g.add((s, DCTERMS.license, CC_BY))
    g.add((s, DCTERMS.rights, Literal(NOTES_RIGHTS, lang="en")))
    g.add((DATASET, DCTERMS.source, s))
    g.add((DATASET, PROV.wasDerivedFrom, s))
