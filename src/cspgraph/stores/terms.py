"""Terms between the two RDF libraries, and from SPARQL JSON results: the one place that converts them.

pyoxigraph terms are what the stores and serialisers hold; rdflib terms are what pySHACL, networkx views and user
code see. Every conversion goes through these functions. rdflib is imported only when an rdflib term is made or
met, so code that stays with pyoxigraph terms (the command line's query path) runs without loading it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from cspgraph.errors import QueryError
from cspgraph.iris import XSD_STRING

if TYPE_CHECKING:
    from rdflib import BNode, Literal, URIRef
    from rdflib.term import Node

    RDFTerm = URIRef | BNode | Literal

#: the pyoxigraph term classes (a term of one of them is passed through by :func:`to_ox`)
OX_TERMS = (ox.NamedNode, ox.BlankNode, ox.Literal)
_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')


def __getattr__(name: str) -> Any:
    if name == "RDFTerm":  # the type of an rdflib term, made when asked for
        from rdflib import BNode, Literal, URIRef

        return URIRef | BNode | Literal
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def to_ox(term: Node | Any) -> Any:
    """An rdflib term as a pyoxigraph term (a pyoxigraph term is returned as it is).

    >>> from rdflib import URIRef
    >>> to_ox(URIRef("https://w3id.org/cspgraph/id/csp/E22000365"))
    <NamedNode value=https://w3id.org/cspgraph/id/csp/E22000365>
    """
    if isinstance(term, OX_TERMS):
        return term
    from rdflib import BNode, Literal, URIRef

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
    """A pyoxigraph term as an rdflib term (an rdflib term is returned as it is).

    >>> to_rdflib(ox.Literal("Durham", language="en"))
    rdflib.term.Literal('Durham', lang='en')
    """
    from rdflib import BNode, Literal, URIRef

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
    if isinstance(term, URIRef | BNode | Literal):
        return term
    raise TypeError(f"cannot convert {term!r}")


def from_json(b: Mapping[str, Any]) -> RDFTerm:
    """An rdflib term from one SPARQL 1.1 JSON results binding."""
    from rdflib import BNode, Literal, URIRef

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


def n3(term: Node | Any) -> str:
    """A term (rdflib or pyoxigraph) in SPARQL syntax, checked (an IRI that could break out of ``<...>`` is
    refused).

    >>> n3(ox.Literal("Durham", language="en")), n3(ox.NamedNode("https://w3id.org/cspgraph/id/csp/E22000365"))
    ('"Durham"@en', '<https://w3id.org/cspgraph/id/csp/E22000365>')
    """
    if isinstance(term, ox.NamedNode):
        if not valid_iri(term.value):
            raise QueryError(f"cannot bind {term.value!r}: not a valid IRI")
        return str(term)
    if isinstance(term, ox.Literal):
        return str(term)
    from rdflib import Literal, URIRef

    if isinstance(term, URIRef):
        if not valid_iri(str(term)):
            raise QueryError(f"cannot bind {str(term)!r}: not a valid IRI")
        return f"<{term}>"
    if isinstance(term, Literal):
        return term.n3()
    raise QueryError(f"cannot bind {term!r} here (only IRIs and literals)")
