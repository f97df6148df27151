"""Terms between the two RDF libraries, and from SPARQL JSON results: the one place that converts them.

pyoxigraph terms are what the stores and serialisers hold; rdflib terms are what pySHACL, networkx views and user
code see. Every conversion goes through these functions.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from cspgraph.errors import QueryError

RDFTerm = URIRef | BNode | Literal
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def to_ox(term: Node) -> Any:
    """An rdflib term as a pyoxigraph term.

    >>> to_ox(URIRef("https://w3id.org/cspgraph/id/csp/E22000365"))
    <NamedNode value=https://w3id.org/cspgraph/id/csp/E22000365>
    """
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"cannot convert {term!r}")


def to_rdflib(term: Any) -> RDFTerm:
    """A pyoxigraph term as an rdflib term.

    >>> to_rdflib(ox.Literal("Durham", language="en"))
    rdflib.term.Literal('Durham', lang='en')
    """
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        if dt == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(dt))
    raise TypeError(f"cannot convert {term!r}")


def from_json(b: Mapping[str, Any]) -> RDFTerm:
    """An rdflib term from one SPARQL 1.1 JSON results binding."""
    t, v = b["type"], b["value"]
    if t == "uri":
        return URIRef(v)
    if t == "bnode":
        return BNode(v)
    if "xml:lang" in b:
        return Literal(v, lang=b["xml:lang"])
    dt = b.get("datatype")
    if dt and dt != XSD_STRING:
        return Literal(v, datatype=URIRef(dt))
    return Literal(v)


def valid_iri(iri: str) -> bool:
    """Whether ``iri`` is an absolute IRI that SPARQL and N-Triples can carry.

    >>> valid_iri("https://w3id.org/cspgraph/id/csp/E22000365"), valid_iri("a b")
    (True, False)
    """
    if not iri or _BAD_IRI.search(iri) or ":" not in iri:
        return False
    try:
        ox.NamedNode(iri)
    except ValueError:
        return False
    return True


def n3(term: Node) -> str:
    """A term in SPARQL syntax, checked (an IRI that could break out of ``<...>`` is refused)."""
    if isinstance(term, URIRef):
        if not valid_iri(str(term)):
            raise QueryError(f"cannot bind {str(term)!r}: not a valid IRI")
        return f"<{term}>"
    if isinstance(term, Literal):
        return term.n3()
    raise QueryError(f"cannot bind {term!r} here (only IRIs and literals)")
