"""The small helpers every part of the build writes the landscape with: add, label, code, dated, relate, body,
flow and membership, on one :class:`GraphBuilder`, which also remembers the period of every dated resource so that
a statement between two resources is qualified (a cspg:Relationship with its own dates) only when it holds for less
time than both of them.

URIs: today's bodies keep ``id/<kind>/<code>``; an earlier resource of the same kind and code gets a suffix
(:func:`earlier`): the date its period began, or ``until-`` the date it ended when the sources do not say when it
began.
"""

from __future__ import annotations

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, OWL, SKOS

from cspgraph.build.dated import ALWAYS, Period
from cspgraph.namespaces import CSPG, FUND, GOVYEAR, ID, ROLE, SCHEMA, STATGEO, bind_prefixes

ENGLAND, WALES = ID["country/E92000001"], ID["country/W92000004"]

#: Sub-properties of org:reportsTo, materialised as org:reportsTo too.
REPORTING = (CSPG.heldToAccountBy, CSPG.scrutinisedBy, CSPG.electedBy, CSPG.accountableTo, CSPG.reportsTo)
#: The accountability relations that also imply cspg:accountableTo.
ACCOUNTABLE = (CSPG.heldToAccountBy, CSPG.scrutinisedBy, CSPG.electedBy)


def prov(slug: str) -> URIRef:
    """The URI of a provision in data/legislation.ttl.

    Examples:
        >>> prov("cda-1998-s5")
        rdflib.term.URIRef('https://w3id.org/cspgraph/id/provision/cda-1998-s5')
    """
    return ID[f"provision/{slug}"]


def tail(uri: URIRef | str) -> str:
    """The last path segment of a URI (a code or slug).

    Examples:
        >>> tail(ID["csp/E22000365"])
        'E22000365'
    """
    return str(uri).rstrip("/").rsplit("/", 1)[-1]


def kind(uri: URIRef | str) -> str:
    """The kind of resource a URI under ``id/`` names: its first path segment.

    Examples:
        >>> kind(ID["csp/E22000365"]), kind(ID["local-policing-body/E23000005/2012-11-22"])
        ('csp', 'local-policing-body')
    """
    return str(uri).removeprefix(str(ID)).split("/", 1)[0]


def key(uri: URIRef | str) -> str:
    """What a URI under ``id/`` names within its kind: the code, and for an earlier resource its suffix.

    Examples:
        >>> key(ID["local-policing-body/E23000005/2012-11-22"]), key(ID["organisation/home-office"])
        ('E23000005/2012-11-22', 'home-office')
        >>> key(URIRef("https://w3id.org/cspgraph/def/partnership-kind/combined"))
        'combined'
    """
    text = str(uri)
    if not text.startswith(str(ID)):
        return tail(text)
    return text.removeprefix(str(ID)).split("/", 1)[-1]


def earlier(uri: URIRef, period: Period) -> URIRef:
    """The URI of an earlier resource of the kind and code of ``uri``: suffixed with the day its period began, or
    with ``until-`` the day it ended when its start is not known.

    Examples:
        >>> from cspgraph.build.dated import day
        >>> key(earlier(ID["local-policing-body/E23000005"], Period(day("2012-11-22"), day("2017-05-08"))))
        'E23000005/2012-11-22'
        >>> key(earlier(ID["fire-and-rescue-authority/E31000015"], Period(None, day("2017-10-01"))))
        'E31000015/until-2017-10-01'
    """
    if period.start is not None:
        return URIRef(f"{uri}/{period.start.isoformat()}")
    if period.end is None:
        raise ValueError(f"an earlier resource of {uri} needs a start or an end")
    return URIRef(f"{uri}/until-{period.end.isoformat()}")


def country_of(code: str) -> URIRef:
    """The country of an ONS code: Wales for ``W...`` codes, England otherwise.

    Examples:
        >>> tail(country_of("W06000001"))
        'W92000004'
    """
    return WALES if code.startswith("W") else ENGLAND


class GraphBuilder:
    """A graph under construction, with the project's prefixes bound, and the helpers that write its patterns.

    Examples:
        >>> gb = GraphBuilder()
        >>> gb.body(ID["organisation/home-office"], CSPG.GovernmentDepartment, "Home Office")
        >>> gb.has(ID["organisation/home-office"], CSPG.GovernmentDepartment), len(gb.g)
        (True, 2)
    """

    def __init__(self, graph: Graph | None = None) -> None:
        self.g = graph if graph is not None else bind_prefixes(Graph())
        self.periods: dict[URIRef, Period] = {}

    def period(self, s: URIRef) -> Period:
        """The period of a resource (always, for an undated one)."""
        return self.periods.get(s, ALWAYS)

    def dated(self, s: URIRef, period: Period, note: str | None = None) -> None:
        """Give ``s`` its period (schema:validFrom, schema:validUntil where known) and, when given, a date note."""
        self.periods[s] = period
        if period.start is not None:
            self.date(s, SCHEMA.validFrom, period.start.isoformat())
        if period.end is not None:
            self.date(s, SCHEMA.validUntil, period.end.isoformat())
        if note:
            self.note(s, CSPG.dateNote, note)

    def implied(self, s: URIRef, o: URIRef) -> Period | None:
        """The days on which both resources are in force (what a statement linking them holds for unqualified)."""
        return self.period(s).meet(self.period(o))

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

    def relate(
        self,
        s: URIRef,
        p: URIRef,
        o: URIRef,
        basis: str | None = None,
        slug: str | None = None,
        period: Period | None = None,
    ) -> None:
        """Add a relation; accountability sub-properties also get org:reportsTo (and accountableTo). A qualified
        cspg:Relationship node is added when there is a statutory ``basis`` to cite or when the relation holds for a
        ``period`` shorter than both resources; the node carries the period the relation holds for."""
        self.add(s, p, o)
        if p in REPORTING:
            self.add(s, ORG.reportsTo, o)
        if p in ACCOUNTABLE:
            self.add(s, CSPG.accountableTo, o)
        implied = self.implied(s, o)
        narrower = period is not None and period != implied
        if not (basis or narrower):
            return
        local = str(p).rsplit("/", 1)[-1]
        rel = ID[f"relationship/{slug or key(s)}/{local}/{key(o)}"]
        if narrower and (rel, RDF.type, CSPG.Relationship) in self.g:
            rel = earlier(rel, period)  # type: ignore[arg-type]
        self.add(rel, RDF.type, CSPG.Relationship)
        self.add(rel, CSPG.relation, p)
        self.add(rel, CSPG.object, o)
        if basis:
            self.add(rel, CSPG.statutoryBasis, prov(basis))
        holds = period if narrower else implied
        if holds is not None:
            self.dated(rel, holds)
        self.add(s, CSPG.qualifiedRelationship, rel)

    def body(self, s: URIRef, cls: URIRef, name: str, alt: str | None = None, country: URIRef | None = None) -> None:
        """A typed, labelled body or area, in ``country`` when given."""
        self.add(s, RDF.type, cls)
        self.label(s, name, alt)
        if country is not None:
            self.add(s, CSPG.inCountry, country)

    def flow(
        self, funder: URIRef, recipient: URIRef, fund: str, basis: str, note: str | None = None, year: str | None = None
    ) -> URIRef | None:
        """A structural funding flow of ``fund`` (no amount: the sources give none), for as long as both its funder
        and its recipient exist, and in the financial ``year`` when given. Returns the flow, or None when the two
        never existed together."""
        period = self.implied(funder, recipient)
        if period is None:
            return None
        f = ID[f"funding-flow/{fund}/{key(funder)}/{key(recipient)}"]
        self.add(f, RDF.type, CSPG.FundingFlow)
        self.add(f, SCHEMA.funder, funder)
        self.add(f, CSPG.recipient, recipient)
        self.add(f, SCHEMA.fundedItem, recipient)
        self.add(f, CSPG.fund, FUND[fund])
        if year:
            self.add(f, CSPG.financialYear, GOVYEAR[year])
        self.add(f, CSPG.statutoryBasis, prov(basis))
        self.note(f, RDFS.label, f"{fund.replace('-', ' ')}: {key(funder)} to {key(recipient)}")
        if note:
            self.note(f, SKOS.note, note)
        self.dated(f, period)
        return f

    def membership(self, csp: URIRef, member: URIRef, basis: str, period: Period = ALWAYS) -> None:
        """A responsible-authority membership of ``member`` in ``csp`` for ``period``, citing the paragraph
        ``basis``. A later period of the same membership keeps the plain URI; an earlier one is suffixed."""
        m = ID[f"membership/{key(csp)}/{kind(member)}-{key(member)}"]
        if (m, RDF.type, ORG.Membership) in self.g:
            m = earlier(m, period)
        self.add(m, RDF.type, CSPG.ResponsibleAuthorityMembership)
        self.add(m, RDF.type, ORG.Membership)
        self.add(m, ORG.member, member)
        self.add(m, ORG.organization, csp)
        self.add(m, ORG.role, ROLE["responsible-authority"])
        self.add(m, CSPG.statutoryBasis, prov(basis))
        self.dated(m, period)
        self.add(csp, CSPG.responsibleAuthority, member)
        self.add(csp, ORG.hasMember, member)
