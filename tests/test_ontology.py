"""Every ontology term is documented, and the closed Python namespace matches the ontology."""

from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from cspgraph import resources
from cspgraph.namespaces import CSPG

BASE = "https://w3id.org/cspgraph/def/"


@pytest.fixture(scope="module")
def onto() -> Graph:
    g = Graph()
    for f in resources.ontology_files():
        g.parse(f)
    return g


def terms(g: Graph) -> set[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property)
    return {s for k in kinds for s in g.subjects(RDF.type, k) if isinstance(s, URIRef) and str(s).startswith(BASE)}


def test_there_are_terms(onto: Graph) -> None:
    assert len(terms(onto)) > 100


@pytest.mark.parametrize("prop", [RDFS.label, SKOS.definition, RDFS.isDefinedBy])
def test_every_term_is_documented(onto: Graph, prop: URIRef) -> None:
    missing = sorted(str(t) for t in terms(onto) if onto.value(t, prop) is None)
    assert not missing, f"terms without {prop}: {missing}"


def test_labels_and_definitions_are_english(onto: Graph) -> None:
    bad = [str(t) for t in terms(onto) for p in (RDFS.label, SKOS.definition) if onto.value(t, p).language != "en"]
    assert not bad


def test_every_term_is_defined_by_a_module_that_exists(onto: Graph) -> None:
    modules = set(onto.subjects(RDF.type, OWL.Ontology))
    orphans = [str(t) for t in terms(onto) if onto.value(t, RDFS.isDefinedBy) not in modules]
    assert not orphans


def test_header(onto: Graph) -> None:
    head = URIRef(BASE)
    for p in (
        OWL.versionIRI,
        OWL.versionInfo,
        URIRef("http://purl.org/dc/terms/license"),
        URIRef("http://purl.org/vocab/vann/preferredNamespacePrefix"),
    ):
        assert onto.value(head, p) is not None, p


def test_each_module_imports_the_core(onto: Graph) -> None:
    modules = [m for m in onto.subjects(RDF.type, OWL.Ontology) if m != URIRef(BASE)]
    assert len(modules) >= 6
    for m in modules:
        assert (m, OWL.imports, URIRef(BASE)) in onto, m


def test_python_namespace_matches_ontology(onto: Graph) -> None:
    declared = {str(CSPG[name]) for name in CSPG.__annotations__}
    assert declared == {str(t) for t in terms(onto)}


def test_misspelt_term_fails() -> None:
    with pytest.raises(AttributeError):
        _ = CSPG.CommunitySafetyPartnershp  # type: ignore[attr-defined]


def test_superclasses_and_ranges_resolve(onto: Graph) -> None:
    """Every cspg: term used as a superclass, domain or range is itself defined."""
    defined = terms(onto)
    used = {
        o
        for p in (RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range, OWL.inverseOf)
        for o in onto.objects(None, p)
        if isinstance(o, URIRef) and str(o).startswith(BASE)
    }
    assert used <= defined, used - defined


def test_skos_schemes_are_documented(onto: Graph) -> None:
    concepts = set(onto.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) > 30
    for c in concepts:
        assert onto.value(c, SKOS.prefLabel) is not None and onto.value(c, SKOS.definition) is not None, c
        assert onto.value(c, SKOS.inScheme) is not None, c
