"""The proposed combined CSP, the triples it would add, and the copy-on-write view the shapes run on.

:class:`Proposal` derives the combined CSP from the neighbourhood of its constituents: the areas it would serve,
their police force areas, its responsible authorities by the CDA 1998 s5(1) rule (the union over the constituent
areas, s5(1BA); :mod:`cspgraph.responsible`), its relevant local policing bodies (s5(1E), s7), whether it crosses
police areas (then the Secretary of State is a party, s5A(5)) and the parties to the written combination agreement
(s5A(1)). :meth:`Proposal.additions` gives its new triples; :meth:`Proposal.view` the view: the neighbourhood
without the constituent CSPs, plus the proposal. The store is never changed.

Examples:
    >>> slug_for(["E22000030", "E22000027"])
    'E22000027-E22000030'
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyoxigraph as ox
from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS

from cspgraph.labels import fallback
from cspgraph.merger.neighbourhood import Neighbourhood
from cspgraph.namespaces import CSPG, ID, KIND, ROLE
from cspgraph.stores import to_ox

__all__ = ["ENGLAND", "HOME_SECRETARY", "Proposal", "kind_of", "slug_for"]

ENGLAND = ID["country/E92000001"]
#: "the Secretary of State" of s5A(5): in practice the Home Secretary, who also acts for the City of London
HOME_SECRETARY = ID["organisation/home-secretary"]

Triple = tuple[Any, Any, Any]


def slug_for(codes: Sequence[str]) -> str:
    """The proposal's key: the constituent CSPs' codes, sorted, joined by ``-`` (``id/csp/proposed/<slug>``)."""
    return "-".join(sorted(codes))


def kind_of(uri: Any) -> str:
    """The kind of a resource under ``id/``: the first segment of its path (``council``), else "".

    >>> kind_of("https://w3id.org/cspgraph/id/council/E06000047")
    'council'
    """
    s, base = str(uri), str(ID)
    return s[len(base) :].split("/", 1)[0] if s.startswith(base) else ""


def _and(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _sorted(items: Any) -> list[Any]:
    return sorted(set(items))


class Proposal:
    """The combined CSP derived from the neighbourhood of its constituents, and the triples that would change.

    Args:
        nb: the neighbourhood of the constituent CSPs (:func:`cspgraph.merger.neighbourhood.fetch`).
        csps: the constituent CSPs' URIs.
        name: a name for the combined CSP (default: from the areas' names).
        parties: the bodies that would sign, or None for every required party.
        cooperation: whether the agreement contains co-operation arrangements (s5A(4)).
    """

    def __init__(
        self,
        nb: Neighbourhood,
        csps: Sequence[URIRef],
        *,
        name: str | None = None,
        parties: Sequence[URIRef] | None = None,
        cooperation: bool = True,
    ) -> None:
        self.nb = nb
        self.csps = list(csps)
        self.slug = slug_for([str(nb.value(c, DCTERMS.identifier) or fallback(str(c))) for c in csps])
        self.uri = ID[f"csp/proposed/{self.slug}"]
        self.agreement = ID[f"combination-agreement/proposed/{self.slug}"]
        self.arrangements = ID[f"cooperation-arrangements/proposed/{self.slug}"]
        self.areas: list[Any] = _sorted(a for c in csps for a in nb.objects(c, CSPG.servesArea))
        default = f"Combined Community Safety Partnership for {_and([nb.name(a) for a in self.areas])} (proposed)"
        self.name = name or default
        self.duties = {URIRef(d.body): d for d in nb.duties}
        self.ras: list[Any] = sorted(self.duties)
        self.lpbs: list[Any] = _sorted(x for c in csps for x in nb.objects(c, CSPG.relevantLocalPolicingBody))
        within = {w for a in self.areas for w in nb.objects(a, CSPG.withinArea)}
        self.pfas: list[Any] = sorted(w for w in within if (w, RDF.type, CSPG.PoliceForceArea) in nb)
        self.outside = [a for a in self.areas if (a, CSPG.inCountry, ENGLAND) not in nb]
        self.cross = len(self.pfas) > 1
        secretaries = sorted(nb.subjects(RDF.type, CSPG.SecretaryOfState), key=lambda x: (x != HOME_SECRETARY, str(x)))
        self.sos: Any = secretaries[0] if secretaries else None
        self.required: list[Any] = self.ras + [x for x in self.lpbs if x not in self.duties]
        if self.cross and self.sos is not None and self.sos not in self.required:
            self.required.append(self.sos)
        self.parties_given = parties is not None
        self.parties: list[Any] = list(parties) if parties is not None else list(self.required)
        self.cooperation = cooperation

    # ------------------------------------------------------------ derived facts
    def councils(self) -> list[Any]:
        """The councils among the responsible authorities (s5(1)(a))."""
        return [r for r in self.ras if self.duties[r].role == "council"]

    def committees(self) -> list[Any]:
        """The councils' crime and disorder committees (PJA 2006 s19), council by council."""
        return [cdc for c in self.councils() for cdc in sorted(self.nb.objects(c, CSPG.crimeAndDisorderCommittee))]

    @property
    def secretary_of_state_party(self) -> bool:
        """Whether the Secretary of State must be a party: across police areas, or for the City of London."""
        return self.cross or (self.sos is not None and self.sos in self.lpbs)

    def focus_nodes(self) -> list[Any]:
        """The nodes the merger touches: the combined CSP, its agreement (and arrangements), and its areas."""
        nodes: list[Any] = [self.uri, self.agreement]
        if self.cross and self.cooperation:
            nodes.append(self.arrangements)
        return nodes + list(self.areas)

    # ------------------------------------------------------------ the new triples
    def additions(self) -> list[Triple]:
        """The proposal's new triples: the combined CSP, its memberships and committees, the agreement."""
        return self._partnership() + self._memberships() + self._agreement()

    def _partnership(self) -> list[Triple]:
        p = self.uri
        out: list[Triple] = [
            (p, RDF.type, CSPG.CommunitySafetyPartnership),
            (p, RDF.type, CSPG.CombinedCommunitySafetyPartnership),
            (p, RDFS.label, Literal(self.name, lang="en")),
            (p, DCTERMS.identifier, Literal(f"proposed/{self.slug}")),
            (p, CSPG.partnershipKind, KIND["combined"]),
            (p, CSPG.statutoryBasis, ID["provision/cda-1998-s5-1a"]),
        ]
        out += [
            (p, CSPG.inCountry, c) for c in _sorted(c for a in self.areas for c in self.nb.objects(a, CSPG.inCountry))
        ]
        for area in self.areas:
            out += [(p, CSPG.servesArea, area), (self.agreement, CSPG.constituentArea, area)]
        out += [(p, CSPG.policeForceArea, pfa) for pfa in self.pfas]
        out += [(p, CSPG.relevantLocalPolicingBody, lpb) for lpb in self.lpbs]
        for cdc in self.committees():
            out += [(p, CSPG.scrutinisedBy, cdc), (p, ORG.reportsTo, cdc), (p, CSPG.accountableTo, cdc)]
            out.append((cdc, CSPG.scrutinises, p))
        return out

    def _memberships(self) -> list[Triple]:
        """One responsible-authority membership per body, with the provision of s5(1) that makes it one."""
        p, out = self.uri, []
        for ra in self.ras:
            duty = self.duties[ra]
            m = ID[f"membership/proposed-{self.slug}/{kind_of(ra)}-{fallback(str(ra))}"]
            out += [
                (p, CSPG.responsibleAuthority, ra),
                (p, ORG.hasMember, ra),
                (m, RDF.type, CSPG.ResponsibleAuthorityMembership),
                (m, RDF.type, ORG.Membership),
                (m, ORG.member, ra),
                (m, ORG.organization, p),
                (m, ORG.role, ROLE["responsible-authority"]),
                (m, CSPG.statutoryBasis, ID[f"provision/{duty.provision}"]),
            ]
        return out

    def _agreement(self) -> list[Triple]:
        a = self.agreement
        out: list[Triple] = [
            (self.uri, CSPG.combinationAgreement, a),
            (a, RDF.type, CSPG.CombinationAgreement),
            (a, RDFS.label, Literal(f"Combination agreement for {self.name}", lang="en")),
            (a, CSPG.inWriting, Literal(True)),
        ]
        out += [(a, CSPG.party, party) for party in self.parties]
        if self.cross and self.cooperation:
            out.append((a, CSPG.cooperationArrangements, self.arrangements))
            out.append((self.arrangements, RDF.type, CSPG.CooperationArrangements))
        return out

    # ------------------------------------------------------------ the view
    def view(self, fixed: Sequence[Any] = ()) -> ox.Store:
        """The copy-on-write view: the neighbourhood without the constituent CSPs, plus ``fixed`` and the proposal.

        Args:
            fixed: quads every view holds (:func:`cspgraph.merger.neighbourhood.fixed_quads`).

        Returns:
            A new in-memory pyoxigraph Store; the neighbourhood and the store it came from are unchanged.
        """
        old = {to_ox(c) for c in self.csps}
        quads = [q for q in self.nb.quads() if q.subject not in old and q.object not in old]
        quads += fixed
        quads += [ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in self.additions()]
        st = ox.Store()
        st.extend(quads)  # one write: each costs a transaction
        return st
