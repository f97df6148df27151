"""The small helpers every part of the build writes the landscape with: add, label, code, relate, body, flow and
membership, on one :class:`GraphBuilder`.
"""

from __future__ import annotations

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, SKOS

from cspgraph.build import facts
from cspgraph.namespaces import CSPG, FUND, GOVYEAR, ID, ROLE, SCHEMA, STATGEO, bind_prefixes

ENGLAND, WALES = ID["country/E92000001"], ID["country/W92000004"]

#: Sub-properties of org:reportsTo, materialised as org:reportsTo too.
REPORTING = (CSPG.heldToAccountBy, CSPG.scrutinisedBy, CSPG.electedBy, CSPG.accountableTo, CSPG.reportsTo)
#: The accountability relations that also imply cspg:accountableTo.
ACCOUNTABLE = (CSPG.heldToAccountBy, CSPG.scrutinisedBy, CSPG.electedBy)


def prov(slug: str) -> URIRef:
    """The URI of a provision in data/legislation.ttl.

    Example:
        >>> prov("cda-1998-s5")
        rdflib.term.URIRef('https://w3id.org/cspgraph/id/provision/cda-1998-s5')
    """
    return ID[f"provision/{slug}"]


def tail(uri: URIRef | str) -> str:
    """The last path segment of a URI (a code or slug).

    Example:
        >>> tail(ID["csp/E22000365"])
        'E22000365'
    """
    return str(uri).rstrip("/").rsplit("/", 1)[-1]


def kind(uri: URIRef | str) -> str:
    """The kind of resource a URI under ``id/`` names: its last but one path segment.

    Example:
        >>> kind(ID["csp/E22000365"])
        'csp'
    """
    return str(uri).rstrip("/").rsplit("/", 2)[-2]


def country_of(code: str) -> URIRef:
    """The country of an ONS code: Wales for ``W...`` codes, England otherwise.

    Example:
        >>> tail(country_of("W06000001"))
        'W92000004'
    """
    return WALES if code.startswith("W") else ENGLAND


class GraphBuilder:
    """A graph under construction, with the project's prefixes bound, and the helpers that write its patterns.

    Example:
        >>> gb = GraphBuilder()
        >>> gb.body(ID["organisation/home-office"], CSPG.GovernmentDepartment, "Home Office")
        >>> gb.has(ID["organisation/home-office"], CSPG.GovernmentDepartment), len(gb.g)
        (True, 2)
    """

    def __init__(self, graph: Graph | None = None) -> None:
        self.g = graph if graph is not None else bind_prefixes(Graph())

    def add(self, s: URIRef, p: URIRef, o: URIRef | Literal) -> None:
        """Add one triple."""
        self.g.add((s, p, o))

    def has(self, s: URIRef, cls: URIRef) -> bool:
        """Whether ``s`` is already typed ``cls`` (so a body met again is not described twice)."""
        return (s, RDF.type, cls) in self.g

    def label(self, s: URIRef, text: str, alt: str | None = None) -> None:
        """An English rdfs:label, and a skos:altLabel when ``alt`` differs from it."""
        self.add(s, RDFS.label, Literal(text, lang="en"))
        if alt and alt != text:
            self.add(s, SKOS.altLabel, Literal(alt, lang="en"))

    def date(self, s: URIRef, p: URIRef, day: str) -> None:
        """A property whose value is an xsd:date."""
        self.add(s, p, Literal(day, datatype=XSD.date))

    def note(self, s: URIRef, p: URIRef, text: str) -> None:
        """A property whose value is English text."""
        self.add(s, p, Literal(text, lang="en"))

    def code(self, s: URIRef, gss: str, geography: bool) -> None:
        """An official code as identifier and notation; a geography's code also as gssCode and owl:sameAs."""
        self.add(s, DCTERMS.identifier, Literal(gss))
        self.add(s, SKOS.notation, Literal(gss))
        if geography:
            self.add(s, CSPG.gssCode, Literal(gss))
            self.add(s, OWL.sameAs, STATGEO[gss])

    def relate(self, s: URIRef, p: URIRef, o: URIRef, basis: str | None = None, slug: str | None = None) -> None:
        """Add a relation; accountability sub-properties also get org:reportsTo (and accountableTo); with a
        statutory ``basis``, a qualified cspg:Relationship node citing it."""
        self.add(s, p, o)
        if p in REPORTING:
            self.add(s, ORG.reportsTo, o)
        if p in ACCOUNTABLE:
            self.add(s, CSPG.accountableTo, o)
        if basis:
            local = str(p).rsplit("/", 1)[-1]
            rel = ID[f"relationship/{slug or tail(s)}/{local}/{tail(o)}"]
            self.add(rel, RDF.type, CSPG.Relationship)
            self.add(rel, CSPG.relation, p)
            self.add(rel, CSPG.object, o)
            self.add(rel, CSPG.statutoryBasis, prov(basis))
            self.add(s, CSPG.qualifiedRelationship, rel)

    def body(self, s: URIRef, cls: URIRef, name: str, alt: str | None = None, country: URIRef | None = None) -> None:
        """A typed, labelled body or area, in ``country`` when given."""
        self.add(s, RDF.type, cls)
        self.label(s, name, alt)
        if country is not None:
            self.add(s, CSPG.inCountry, country)

    def flow(self, funder: URIRef, recipient: URIRef, fund: str, basis: str, note: str | None = None) -> None:
        """A structural funding flow of ``fund`` in the current financial year (no amount: the sources give none)."""
        f = ID[f"funding-flow/{fund}/{tail(funder)}/{tail(recipient)}"]
        self.add(f, RDF.type, CSPG.FundingFlow)
        self.add(f, SCHEMA.funder, funder)
        self.add(f, CSPG.recipient, recipient)
        self.add(f, SCHEMA.fundedItem, recipient)
        self.add(f, CSPG.fund, FUND[fund])
        self.add(f, CSPG.financialYear, GOVYEAR[facts.FINANCIAL_YEAR])
        self.add(f, CSPG.statutoryBasis, prov(basis))
        self.note(f, RDFS.label, f"{fund.replace('-', ' ')}: {tail(funder)} to {tail(recipient)}")
        if note:
            self.note(f, SKOS.note, note)

    def membership(self, csp: URIRef, member: URIRef, basis: str, since: str | None = None) -> None:
        """A responsible-authority membership of ``member`` in ``csp``, citing the paragraph ``basis``."""
        m = ID[f"membership/{tail(csp)}/{kind(member)}-{tail(member)}"]
        self.add(m, RDF.type, CSPG.ResponsibleAuthorityMembership)
        self.add(m, RDF.type, ORG.Membership)
        self.add(m, ORG.member, member)
        self.add(m, ORG.organization, csp)
        self.add(m, ORG.role, ROLE["responsible-authority"])
        self.add(m, CSPG.statutoryBasis, prov(basis))
        if since:
            self.date(m, SCHEMA.validFrom, since)
        self.add(csp, CSPG.responsibleAuthority, member)
        self.add(csp, ORG.hasMember, member)
