"""The answer to a scenario: a verdict per police area and per CSP, every broken rule (split into what the
proposal must change and what the law would have to be amended for), the bodies that must act, and before/after
for each touched body; as text, JSON or RDF (Turtle).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef

from cspgraph.namespaces import CSPG, bind_prefixes
from cspgraph.scenario.finding import Finding

__all__ = ["VERDICTS", "AreaVerdict", "BeforeAfter", "CspVerdict", "ScenarioReport"]

#: verdicts, from best to worst
VERDICTS = ("lawful", "to be decided", "needs the law amended", "proposal must change")
REPORT = Namespace("https://w3id.org/cspgraph/def/scenario-report#")


@dataclass
class BeforeAfter:
    """One touched body: its name and, per aspect (role, memberships, accountability, funding, scrutiny), what it
    held before and after (display names)."""

    uri: str
    name: str
    status: str  # created, ended, changed
    before: dict[str, list[str]] = field(default_factory=dict)
    after: dict[str, list[str]] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {**self.__dict__, "aspects": sorted(set(self.before) | set(self.after))}


@dataclass
class AreaVerdict:
    """A police area: its local policing body before and after, its mayoral coverage, and the verdict."""

    uri: str
    name: str
    verdict: str
    before: list[str]
    after: list[str]
    coverage: str = ""
    note: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


@dataclass
class CspVerdict:
    """A CSP: its relevant local policing body (CDA 1998 s7) before and after, and the verdict."""

    uri: str
    name: str
    verdict: str
    before: list[str]
    after: list[str]
    status: str = "changed"

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class ScenarioReport:
    """See the module."""

    name: str
    title: str
    date: dt.date
    status: str
    source: str | None
    areas: list[AreaVerdict]
    csps: list[CspVerdict]
    issues: list[Finding]
    must_act: list[dict[str, str]]
    bodies: list[BeforeAfter]
    notes: list[str] = field(default_factory=list)
    focus_count: int = 0
    view_size: int = 0

    @property
    def proposal_issues(self) -> list[Finding]:
        return [i for i in self.issues if i.kind == "proposal"]

    @property
    def law_issues(self) -> list[Finding]:
        return [i for i in self.issues if i.kind == "law"]

    @property
    def allowed(self) -> bool:
        """True when nothing in the scenario itself must change (gaps in the law alone do not fail it)."""
        return not self.proposal_issues

    def amendments(self) -> list[tuple[str, str | None, int]]:
        """The provisions the law would have to amend: (citation, legislation URI, how many relations), sorted."""
        seen: dict[tuple[str, str | None], int] = {}
        for i in self.law_issues:
            key = (i.provision or "(no provision recorded)", i.legislation)
            seen[key] = seen.get(key, 0) + 1
        return sorted(((k[0], k[1], n) for k, n in seen.items()), key=lambda t: t[0])

    def to_json(self) -> dict[str, Any]:
        return {
            "scenario": self.name,
            "title": self.title,
            "date": self.date.isoformat(),
            "status": self.status,
            "source": self.source,
            "allowed": self.allowed,
            "areas": [a.to_json() for a in self.areas],
            "csps": [c.to_json() for c in self.csps],
            "proposal_must_change": [i.issue_json() for i in self.proposal_issues],
            "law_must_be_amended": [i.issue_json() for i in self.law_issues],
            "amendments": [{"provision": p, "legislation": u, "relations": n} for p, u, n in self.amendments()],
            "must_act": self.must_act,
            "bodies": [b.to_json() for b in self.bodies],
            "notes": self.notes,
        }

    def to_text(self, *, bodies: bool = False) -> str:
        out = [f"{self.title} ({self.name}), {self.date.isoformat()}, {self.status}"]
        if self.source:
            out.append(f"source: {self.source}")
        verdict = "the scenario can stand" if self.allowed else "the scenario must change"
        out += [f"verdict: {verdict}; {len(self.law_issues)} relation(s) need the law amended", ""]
        out.append(f"police areas ({len(self.areas)}):")
        for a in self.areas:
            extra = f" [{a.coverage}]" if a.coverage else ""
            out.append(f"  {a.name}{extra}: {a.verdict}: {', '.join(a.before) or '-'} -> {', '.join(a.after) or '-'}")
            if a.note:
                out.append(f"      {a.note}")
        out.append(f"CSPs ({len(self.csps)}):")
        for c in self.csps:
            if c.status == "ended":
                out.append(f"  {c.name}: ends (replaced)")
            else:
                out.append(f"  {c.name}: {c.verdict}: relevant local policing body {', '.join(c.after) or 'none'}")
        out += self._issue_lines()
        if self.must_act:
            out.append("must act or sign:")
            out += [f"  {m['name']}: {m['why']}" for m in self.must_act]
        if bodies:
            out.append("before -> after:")
            for b in self.bodies:
                out.append(f"  {b.name} ({b.status})")
                for aspect in sorted(set(b.before) | set(b.after)):
                    before, after = b.before.get(aspect, []), b.after.get(aspect, [])
                    if before != after:
                        out.append(f"    {aspect}: {', '.join(before) or '-'} -> {', '.join(after) or '-'}")
        out += [f"note: {n}" for n in self.notes]
        return "\n".join(out) + "\n"

    def _issue_lines(self) -> list[str]:
        out = [f"the proposal must change ({len(self.proposal_issues)}):"]
        for i in self.proposal_issues:
            out.append(f"  {i.focus_name}: {i.message} [{i.provision or i.rule}] {i.legislation or ''}".rstrip())
        out.append("the law would have to be amended:")
        for prov, uri, n in self.amendments():
            out.append(f"  {prov} {uri or ''}: {n} relation(s)".replace("  :", ":"))
        return out

    def to_graph(self) -> Graph:
        """The report as RDF: the scenario, its verdicts and issues, under ``def/scenario-report#``."""
        g = bind_prefixes(Graph())
        g.bind("report", REPORT)
        r = URIRef(f"https://w3id.org/cspgraph/id/scenario/{self.name}")
        g.add((r, RDF.type, REPORT.ScenarioReport))
        g.add((r, RDFS.label, Literal(self.title, lang="en")))
        g.add((r, REPORT.date, Literal(self.date.isoformat(), datatype=XSD.date)))
        g.add((r, REPORT.status, Literal(self.status)))
        g.add((r, REPORT.allowed, Literal(self.allowed)))
        verdicts: list[AreaVerdict | CspVerdict] = [*self.areas, *self.csps]
        for v in verdicts:
            n = BNode()
            g.add((r, REPORT.verdict, n))
            g.add((n, REPORT.about, URIRef(v.uri)))
            g.add((n, REPORT.value, Literal(v.verdict)))
            for body in v.after:
                g.add((n, REPORT.after, Literal(body)))
        for i in self.issues:
            n = BNode()
            g.add((r, REPORT.issue, n))
            g.add((n, REPORT.kind, Literal(i.kind)))
            g.add((n, REPORT.about, URIRef(i.focus)))
            g.add((n, RDFS.comment, Literal(i.message, lang="en")))
            if i.provision_uri:
                g.add((n, CSPG.statutoryBasis, URIRef(i.provision_uri)))
            if i.legislation:
                g.add((n, RDFS.seeAlso, URIRef(i.legislation)))
        return g
