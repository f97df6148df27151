"""From a proposal and the shapes' findings to the :class:`~cspgraph.merger.report.MergerReport`.

Every body the report names gets its name by the one display-name rule (:mod:`cspgraph.labels`) and its code
from its own triples, read from the store when the neighbourhood does not hold them: a party from outside it
(Durham County Council named as a party to a Cleveland merger) is shown by its name, not its code. Besides the
findings, the report notes the parties the law does not require, states its assumptions, and says what happens to
the crime and disorder committees and what changes compared with today.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rdflib.namespace import DCTERMS, RDF, SKOS

from cspgraph.labels import fallback
from cspgraph.merger.neighbourhood import Neighbourhood
from cspgraph.merger.proposal import Proposal, kind_of
from cspgraph.merger.report import Body, Finding, MergerReport
from cspgraph.namespaces import CSPG, ID
from cspgraph.stores import GraphStore

__all__ = ["Bodies", "build_report"]


class Bodies:
    """The :class:`Body` of each IRI the report names: its display name (:func:`cspgraph.labels.pick`, the one
    rule) and its code, from the neighbourhood's triples, or for a body outside it (a party the law does not
    require) from its triples in the store.

    Args:
        store: the loaded store.
        nb: the neighbourhood of the constituent CSPs.
    """

    def __init__(self, store: GraphStore, nb: Neighbourhood) -> None:
        self.store = store
        self.nb = nb
        self.outside = Neighbourhood()
        self._bodies: dict[str, Body] = {}

    def __call__(self, iri: Any) -> Body:
        """The body of one IRI."""
        key = str(iri)
        body = self._bodies.get(key)
        if body is None:
            held = self.nb
            if not held.describes(iri):
                held = self.outside
                held.describe(self.store, [iri])
            code = held.value(iri, DCTERMS.identifier) or held.value(iri, SKOS.notation) or fallback(key)
            body = self._bodies[key] = Body(key, str(code), held.name(iri), kind_of(key))
        return body

    def json(self, iris: Iterable[Any]) -> list[dict[str, str]]:
        """The bodies of several IRIs as the report's JSON gives them."""
        return [self(i).to_json() for i in iris]


def build_report(store: GraphStore, p: Proposal, findings: Iterable[Finding]) -> MergerReport:
    """The report on a proposal: its bodies, the findings sorted by severity, notes, assumptions and changes.

    Args:
        store: the loaded store (for the names and codes of the bodies).
        p: the proposal.
        findings: the results of the statutory shapes on the proposal's view.

    Returns:
        The report (without its view).
    """
    b = Bodies(store, p.nb)
    r = MergerReport(
        name=p.name,
        proposed_uri=str(p.uri),
        csps=[b(c) for c in p.csps],
        areas=[b(a) for a in p.areas],
        police_areas=[b(x) for x in p.pfas],
        local_policing_bodies=[b(x) for x in p.lpbs],
        responsible_authorities=[b(x) for x in p.ras],
        required_parties=[b(x) for x in p.required],
        parties=[b(x) for x in p.parties],
        parties_given=p.parties_given,
        secretary_of_state_party=p.secretary_of_state_party,
        cross_police_area=p.cross,
        outside_england=[b(a) for a in p.outside],
        focus_nodes=[str(f) for f in p.focus_nodes()],
    )
    for f in findings:
        {"violation": r.violations, "warning": r.warnings}.get(f.severity, r.infos).append(f)
    r.infos.extend(_not_required(r, str(p.agreement)))
    r.assumptions = _assumptions(p)
    r.committee_arrangement = _committee_arrangement(p, b)
    r.changes = _changes(p, b)
    return r


def _not_required(r: MergerReport, agreement: str) -> list[Finding]:
    """A note for each party given that the law does not require."""
    return [
        Finding(
            severity="info",
            rule="party not required",
            message=f"{extra} is named as a party but is not a responsible authority or local policing body for the "
            "combined area; the law does not require it to sign (it may still co-operate).",
            focus=agreement,
            source_shape="",
            value=extra.uri,
            provision="CDA 1998 s5A",
            provision_uri=str(ID["provision/cda-1998-s5a"]),
            legislation="http://www.legislation.gov.uk/ukpga/1998/37/section/5A",
        )
        for extra in r.extra_parties
    ]


def _assumptions(p: Proposal) -> list[str]:
    out = []
    if not p.parties_given:
        out.append(
            "No list of signing parties was given: the agreement is evaluated as if every required party signed."
        )
    out.append("The agreement is assumed to be in writing (CDA 1998 s5A(7)).")
    if p.cross:
        out.append(
            "The agreement is assumed to contain co-operation arrangements between the local policing bodies "
            "and the responsible authorities (CDA 1998 s5A(4))."
            if p.cooperation
            else "The agreement is taken to contain no co-operation arrangements, as the scenario says."
        )
    out.append(
        "The local policing body may make the agreement only if it considers it in the interests of reducing "
        "crime and disorder, reducing re-offending or combating substance misuse (CDA 1998 s5A(2)); the graph "
        "cannot judge that."
    )
    return out


def _committee_arrangement(p: Proposal, b: Bodies) -> dict[str, Any]:
    committees = p.committees()
    if p.outside:
        text = "None: the areas cannot be combined, so each council's committee keeps scrutinising its own CSP."
    else:
        text = (
            f"Each of the {len(committees)} councils' crime and disorder committees (PJA 2006 s19) would "
            "scrutinise the combined CSP, unless the combination agreement requires the councils to appoint a "
            "joint crime and disorder committee (CDA 1998 s5(1C)-(1D); PJA 2006 s21)."
        )
    return {
        "text": text,
        "jointCommitteePossible": not p.outside,
        "committees": b.json(committees),
        "provisions": [
            {"citation": "PJA 2006 s19", "uri": str(ID["provision/pja-2006-s19"])},
            {"citation": "PJA 2006 s21", "uri": str(ID["provision/pja-2006-s21"])},
            {"citation": "CDA 1998 s5(1A)-(1E)", "uri": str(ID["provision/cda-1998-s5-1a"])},
        ],
    }


def _changes(p: Proposal, b: Bodies) -> dict[str, Any]:
    """What changes compared with today: who joins each constituent CSP, which committees and panels gain."""
    nb = p.nb
    csps = []
    for c in p.csps:
        current = set(nb.objects(c, CSPG.responsibleAuthority))
        lpb_now = set(nb.objects(c, CSPG.relevantLocalPolicingBody))
        csps.append(
            {
                "csp": b(c).to_json(),
                "joining": b.json(x for x in p.ras if x not in current),
                "localPolicingBodiesJoining": b.json(x for x in p.lpbs if x not in lpb_now),
            }
        )
    committees = []
    for cdc in p.committees():
        before = {
            a for c in nb.subjects(CSPG.scrutinisedBy, cdc) if c in p.csps for a in nb.objects(c, CSPG.servesArea)
        }
        gains = [a for a in p.areas if a not in before]
        if gains:
            committees.append({"committee": b(cdc).to_json(), "gains": b.json(gains)})
    panels = []
    for lpb in p.lpbs:
        for panel in sorted(nb.objects(lpb, CSPG.scrutinisedBy)):
            if (panel, RDF.type, CSPG.PoliceAndCrimePanel) not in nb:
                continue
            text = f"scrutinises {b(lpb).name}, a party to the agreement"
            if p.cross:
                text += ", whose combined CSP would extend beyond its police area"
            panels.append({"panel": b(panel).to_json(), "localPolicingBody": b(lpb).to_json(), "text": text})
    return {"csps": csps, "committees": committees, "panels": panels, "ceasing": b.json(p.csps)}
