"""The merger report: the bodies it names, the results of the statutory shapes, and its text and JSON forms.

A :class:`MergerReport` answers "if these CSPs combined, would the result still meet the law, and who must
sign?": the verdict (:attr:`MergerReport.allowed`), every broken rule as a :class:`Finding` with its provision,
the bodies (:class:`Body`) that must be party to the combination agreement, the crime and disorder committee
arrangement and what changes compared with today. :meth:`MergerReport.to_json` is the answer of
``POST /api/merger`` and ``cspgraph merger check --format json``; :meth:`MergerReport.to_text` is the command
line's.

Examples:
    >>> durham = Body("https://w3id.org/cspgraph/id/council/E06000047", "E06000047", "Durham County Council", "council")
    >>> str(durham)
    'Durham County Council (E06000047)'
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from rdflib import Graph
from rdflib.namespace import XSD

from cspgraph.namespaces import bind_prefixes
from cspgraph.scenario.finding import Finding
from cspgraph.stores import to_rdflib

__all__ = ["Body", "Finding", "MergerReport", "report_graph", "violation_set"]


@dataclass(frozen=True)
class Body:
    """A body, area or partnership named in the report.

    Attributes:
        uri: its IRI.
        code: its code (GSS code or other identifier), else the last segment of its IRI.
        name: its display name (:mod:`cspgraph.labels`).
        kind: the kind of resource, from its IRI (``council``, ``csp``, ``local-authority-district``).

    Examples:
        >>> Body("https://w3id.org/cspgraph/id/csp/E22000027", "E22000027", "Hartlepool CSP", "csp").to_json()["code"]
        'E22000027'
    """

    uri: str
    code: str
    name: str
    kind: str = ""

    def to_json(self) -> dict[str, str]:
        """The body as the report's JSON gives it: ``uri``, ``code``, ``name`` and ``kind``."""
        return {"uri": self.uri, "code": self.code, "name": self.name, "kind": self.kind}

    def __str__(self) -> str:
        return f"{self.name} ({self.code})" if self.code and self.code not in self.name else self.name


@dataclass
class MergerReport:
    """The answer to "if these CSPs combined, would the result still meet the law, and who must sign?".

    ``check_merger`` makes it (see :mod:`cspgraph.merger`). ``view`` is the copy-on-write view the shapes ran on (a
    pyoxigraph Store): the neighbourhood of the constituent CSPs without them, plus the proposal.
    """

    name: str
    proposed_uri: str
    csps: list[Body]
    areas: list[Body]
    police_areas: list[Body]
    local_policing_bodies: list[Body]
    responsible_authorities: list[Body]
    required_parties: list[Body]
    parties: list[Body]
    parties_given: bool
    secretary_of_state_party: bool
    cross_police_area: bool
    outside_england: list[Body]
    violations: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    infos: list[Finding] = field(default_factory=list)
    committee_arrangement: dict[str, Any] = field(default_factory=dict)
    changes: dict[str, Any] = field(default_factory=dict)
    assumptions: list[str] = field(default_factory=list)
    focus_nodes: list[str] = field(default_factory=list)
    view: Any = field(default=None, repr=False)  # the copy-on-write view, a pyoxigraph Store

    @property
    def allowed(self) -> bool:
        """True when no statutory rule (sh:Violation) is broken by the proposal."""
        return not self.violations

    @property
    def missing_parties(self) -> list[Body]:
        """The required parties that are not among the parties given."""
        given = {p.uri for p in self.parties}
        return [p for p in self.required_parties if p.uri not in given]

    @property
    def extra_parties(self) -> list[Body]:
        """The parties given that the law does not require."""
        required = {p.uri for p in self.required_parties}
        return [p for p in self.parties if p.uri not in required]

    def to_json(self) -> dict[str, Any]:
        """The report as JSON (the answer of ``POST /api/merger`` and ``--format json``)."""
        return {
            "name": self.name,
            "proposedUri": self.proposed_uri,
            "allowed": self.allowed,
            "csps": [b.to_json() for b in self.csps],
            "areas": [b.to_json() for b in self.areas],
            "policeAreas": [b.to_json() for b in self.police_areas],
            "crossPoliceArea": self.cross_police_area,
            "outsideEngland": [b.to_json() for b in self.outside_england],
            "localPolicingBodies": [b.to_json() for b in self.local_policing_bodies],
            "secretaryOfStateMustBeParty": self.secretary_of_state_party,
            "responsibleAuthorities": [b.to_json() for b in self.responsible_authorities],
            "requiredParties": [b.to_json() for b in self.required_parties],
            "partiesGiven": self.parties_given,
            "parties": [b.to_json() for b in self.parties],
            "missingParties": [b.to_json() for b in self.missing_parties],
            "extraParties": [b.to_json() for b in self.extra_parties],
            "violations": [f.to_json() for f in self.violations],
            "warnings": [f.to_json() for f in self.warnings],
            "infos": [f.to_json() for f in self.infos],
            "committeeArrangement": self.committee_arrangement,
            "changes": self.changes,
            "assumptions": self.assumptions,
        }

    def to_text(self) -> str:
        """The report as the command line prints it: the verdict first, then rules, parties, committees, changes."""
        out = self._heading()
        for title, findings in (
            (f"Rules broken ({len(self.violations)}):", self.violations),
            (f"Warnings ({len(self.warnings)}):", self.warnings),
            ("Notes:", self.infos),
        ):
            if findings:
                out += ["", title] + [line for f in findings for line in f.lines()]
        out += [""] + self._party_lines() + self._committee_lines() + self._change_lines()
        if self.assumptions:
            out += ["", "Assumptions:"] + [f"  - {a}" for a in self.assumptions]
        return "\n".join(out) + "\n"

    def _heading(self) -> list[str]:
        police_areas = "; ".join(str(p) for p in self.police_areas)
        return [
            f"{self.name}: {'ALLOWED' if self.allowed else 'NOT ALLOWED'}",
            f"  proposed CSP: {self.proposed_uri}",
            "  combining: " + "; ".join(str(c) for c in self.csps),
            "  areas: " + "; ".join(str(a) for a in self.areas),
            f"  police areas: {police_areas}" + (" (crosses police areas)" if self.cross_police_area else ""),
        ]

    def _party_lines(self) -> list[str]:
        if self.outside_england:
            out = [
                "Parties: none possible. There is no power to combine local government areas outside England "
                "(CDA 1998 s5(1A)); the bodies below would otherwise have had to sign."
            ]
        else:
            out = [
                f"Parties to the written combination agreement ({len(self.required_parties)}, CDA 1998 s5(1A), s5A):"
            ]
        missing = self.missing_parties
        for p in self.required_parties:
            mark = "" if not self.parties_given else ("  [signs]" if p not in missing else "  [MISSING]")
            out.append(f"  - {p}{mark}")
        if self.extra_parties:
            out.append("  Also named as parties, though the law does not require them:")
            out.extend(f"  - {p}" for p in self.extra_parties)
        return out

    def _committee_lines(self) -> list[str]:
        ca = self.committee_arrangement
        if not ca:
            return []
        return ["", "Crime and disorder committee arrangement:", "  " + ca["text"]] + [
            f"  - {c['name']}" for c in ca.get("committees", [])
        ]

    def _change_lines(self) -> list[str]:
        ch = self.changes
        if not ch:
            return []
        out = ["", "What changes compared with today:"]
        for c in ch.get("csps", []):
            joining = ", ".join(b["name"] for b in c["joining"]) or "no new bodies"
            out.append(f"  - {c['csp']['name']} is replaced; bodies joining its partnership: {joining}")
        for c in ch.get("committees", []):
            gains = ", ".join(a["name"] for a in c["gains"])
            out.append(f"  - {c['committee']['name']} gains scrutiny of the partnership for {gains}")
        for p in ch.get("panels", []):
            out.append(f"  - {p['panel']['name']}: {p['text']}")
        return out


def violation_set(report: MergerReport) -> set[tuple[str, str, str | None]]:
    """The report's violations as (source shape, focus node, value) triples, for comparison with another engine.

    Args:
        report: a merger report.

    Returns:
        One (source shape IRI, focus node IRI, value or None) triple per violation.
    """
    return {(f.source_shape, f.focus, f.value) for f in report.violations}


def report_graph(report: MergerReport) -> Graph:
    """The proposal's view as an rdflib graph with the project's prefixes (for writing it as Turtle).

    Args:
        report: a merger report.

    Returns:
        The triples of ``report.view`` (empty when the report has no view).
    """
    g = bind_prefixes(Graph())
    if report.view is not None:
        for q in report.view:
            g.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))  # type: ignore[arg-type]
    g.bind("xsd", XSD)
    return g
