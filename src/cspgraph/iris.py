"""The namespaces of cspgraph and of the vocabularies it reuses, as plain IRI strings.

This is where the namespace IRIs are written down. :mod:`cspgraph.namespaces` wraps them as rdflib namespaces for
code that builds rdflib graphs; code that works on pyoxigraph terms or strings (the stores, the resolver, the
dated views, the command line's query path) takes them from here, so it runs without importing rdflib.

Examples:
    >>> CSPG + "asOf"
    'https://w3id.org/cspgraph/def/asOf'
    >>> PREFIXES["id"] == ID
    True
"""

from __future__ import annotations

BASE = "https://w3id.org/cspgraph/"
CSPG = BASE + "def/"
ID = BASE + "id/"
GRAPH = BASE + "graph/"
ROLE = BASE + "def/role/"
FUND = BASE + "def/fund/"
THEME = BASE + "def/theme/"
KIND = BASE + "def/partnership-kind/"
CONFIDENCE = BASE + "def/confidence/"
STATUS = BASE + "def/change-status/"

SCHEMA = "https://schema.org/"
VANN = "http://purl.org/vocab/vann/"
SH = "http://www.w3.org/ns/shacl#"
STATGEO = "http://statistics.data.gov.uk/id/statistical-geography/"
GOVYEAR = "http://reference.data.gov.uk/id/government-year/"
ORG = "http://www.w3.org/ns/org#"
DCTERMS = "http://purl.org/dc/terms/"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
OWL = "http://www.w3.org/2002/07/owl#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD = "http://www.w3.org/2001/XMLSchema#"
FOAF = "http://xmlns.com/foaf/0.1/"
DCAT = "http://www.w3.org/ns/dcat#"
VOID = "http://rdfs.org/ns/void#"

RDF_TYPE = RDF + "type"
XSD_STRING = XSD + "string"

#: the project's preferred prefixes (Turtle output, short names on pages and tables, the SPARQL prologue)
PREFIXES: dict[str, str] = {
    "cspg": CSPG,
    "id": ID,
    "org": ORG,
    "dcterms": DCTERMS,
    "skos": SKOS,
    "prov": PROV,
    "schema": SCHEMA,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "foaf": FOAF,
    "dcat": DCAT,
    "void": VOID,
    "sh": SH,
    "role": ROLE,
    "fund": FUND,
    "theme": THEME,
}


def sparql_prologue() -> str:
    """PREFIX declarations for every namespace in :data:`PREFIXES`, for ad-hoc queries."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
