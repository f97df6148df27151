"""The typed validation report: severities, results, and the text, JSON and Turtle renderings of a report.

Examples:
    >>> Severity.from_iri("http://www.w3.org/ns/shacl#Warning")
    <Severity.WARNING: 'Warning'>
    >>> Severity.WARNING.iri
    rdflib.term.URIRef('http://www.w3.org/ns/shacl#Warning')
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any

from rdflib import Graph, URIRef

from cspgraph.namespaces import SH, bind_prefixes

__all__ = ["EngineChoice", "ResultKey", "Severity", "ValidationReport", "ValidationResult"]

ResultKey = tuple[str, str, str, str, str | None, str | None, str]


class Severity(StrEnum):
    """The severity of a result, from the shape's ``sh:severity``.

    SHACL allows any IRI as a severity; one outside ``sh:Violation``, ``sh:Warning`` and ``sh:Info`` counts as a
    violation (it is not known to be harmless) and the result keeps the IRI in ``severity_iri``.
    """

    VIOLATION = "Violation"
    WARNING = "Warning"
    INFO = "Info"

    @property
    def iri(self) -> URIRef:
        """The SHACL IRI of the severity (``sh:Violation``...)."""
        return SH[self.value]

    @classmethod
    def from_iri(cls, iri: Any) -> Severity:
        """The severity of a ``sh:resultSeverity`` IRI; any IRI outside SHACL's three is a violation.

        >>> Severity.from_iri("http://example.org/ns#MySeverity")
        <Severity.VIOLATION: 'Violation'>
        """
        name = str(iri).removeprefix(str(SH))
        return cls(name) if name in cls._value2member_map_ else cls.VIOLATION


SEVERITY_ORDER = {Severity.VIOLATION: 0, Severity.WARNING: 1, Severity.INFO: 2}


def tail(iri: str) -> str:
    """The last segment of an IRI.

    >>> tail("https://w3id.org/cspgraph/shapes/PoliceForceAreaShape-panel")
    'PoliceForceAreaShape-panel'
    """
    return iri.rstrip("/").rsplit("/", 1)[-1]


@dataclass(frozen=True)
class ValidationResult:
    """One SHACL result, with what a person needs to act on it."""

    focus_node: str
    focus_label: str | None
    focus_code: str | None
    source_shape: str
    severity: Severity
    message: str
    rule: str | None
    provision: str | None
    provision_uri: str | None
    provision_node: str | None
    fix: str | None
    path: str | None
    value: str | None
    value_label: str | None
    constraint_component: str
    severity_iri: str | None = None

    @property
    def key(self) -> ResultKey:
        """What identifies the result: (focus, shape, severity, component, path, value, message)."""
        return (
            self.focus_node,
            self.source_shape,
            self.severity_iri or self.severity.value,
            self.constraint_component,
            self.path,
            self.value,
            self.message,
        )

    def to_dict(self) -> dict[str, Any]:
        """The result as a JSON-ready dict (the severity as its name)."""
        d = asdict(self)
        d["severity"] = self.severity.value
        return d


@dataclass(frozen=True)
class EngineChoice:
    """Which engine checked one shape, and why (``engine`` is ``"oxigraph"`` or ``"pyshacl"``)."""

    shape: str
    engine: str
    reason: str


@dataclass
class ValidationReport:
    """The results of a validation, the counts per severity and the raw SHACL report graph (``graph``).

    ``conforms`` is True when there is no sh:Violation (warnings and info do not break conformance);
    ``shacl_conforms`` is SHACL's own verdict (no result of any severity). ``engines`` says, per shape, which engine
    checked it and why; ``engine`` is ``"oxigraph"`` when every shape ran there, else ``"pyshacl"``.
    """

    results: list[ValidationResult]
    graph: Graph
    as_of: str | None
    engine: str
    shapes: list[str]
    focus_nodes: list[str] | None = None
    triples: int = 0
    notes: list[str] = field(default_factory=list)
    engines: list[EngineChoice] = field(default_factory=list)
    not_in_force: list[str] = field(default_factory=list)

    @property
    def conforms(self) -> bool:
        """True when no result is a violation."""
        return not any(r.severity is Severity.VIOLATION for r in self.results)

    @property
    def shacl_conforms(self) -> bool:
        """SHACL's verdict: True when there is no result at all."""
        return not self.results

    @property
    def counts(self) -> dict[str, int]:
        """The number of results per severity name."""
        out = {s.value: 0 for s in Severity}
        for r in self.results:
            out[r.severity.value] += 1
        return out

    def keys(self) -> set[ResultKey]:
        """The results as a set of :attr:`ValidationResult.key` tuples, for comparing two reports."""
        return {r.key for r in self.results}

    def pairs(self) -> set[tuple[str, str]]:
        """The (source shape, focus node) pairs of the results."""
        return {(r.source_shape, r.focus_node) for r in self.results}

    def by_focus(self) -> dict[str, list[ValidationResult]]:
        """Results grouped by focus body, bodies in order of label (then IRI)."""
        groups: dict[str, list[ValidationResult]] = defaultdict(list)
        for r in self.results:
            groups[r.focus_node].append(r)
        order = sorted(groups, key=lambda f: ((groups[f][0].focus_label or "").lower(), f))
        return {f: groups[f] for f in order}

    def to_json(self) -> str:
        """The report as JSON: verdicts, counts, notes, the engine of each shape and every result."""
        data = {
            "conforms": self.conforms,
            "shacl_conforms": self.shacl_conforms,
            "as_of": self.as_of,
            "engine": self.engine,
            "shapes": self.shapes,
            "focus_nodes": self.focus_nodes,
            "counts": self.counts,
            "notes": self.notes,
            "not_in_force": self.not_in_force,
            "engines": [asdict(e) for e in self.engines],
            "results": [r.to_dict() for r in self.results],
        }
        return json.dumps(data, indent=2, ensure_ascii=False)

    def to_turtle(self) -> str:
        """The SHACL report graph in Turtle."""
        return bind_prefixes(self.graph).serialize(format="turtle")

    def _engine_lines(self) -> list[str]:
        if not self.engines:
            return []
        return ["Engine per shape (each shape's in --format json):", *_engine_summary(self.engines)]

    def to_text(self) -> str:
        """The report for a person: a summary, then the results grouped by body."""
        c = self.counts
        verdict = "conforms" if self.conforms else "does not conform"
        lines = [
            f"Validation of {self.triples} triples against {len(self.shapes)} shapes files, as of "
            f"{self.as_of or 'an undated graph'} ({self.engine}): {verdict}.",
            f"{c['Violation']} violations, {c['Warning']} warnings, {c['Info']} info, "
            f"about {len(self.by_focus())} bodies.",
            *self.notes,
            *self._engine_lines(),
            "",
        ]
        for focus, results in self.by_focus().items():
            lines.extend(_body_lines(focus, results))
        return "\n".join(lines).rstrip() + "\n"


def _engine_summary(engines: list[EngineChoice]) -> list[str]:
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for e in engines:
        counts[(e.engine, e.reason)] += 1
    return [f"  {n} shapes: {engine}, {reason}" for (engine, reason), n in sorted(counts.items())]


def _body_lines(focus: str, results: list[ValidationResult]) -> list[str]:
    first = results[0]
    name = first.focus_label or tail(focus)
    code = f" ({first.focus_code})" if first.focus_code else ""
    lines = [f"{name}{code}  <{focus}>"]
    for r in sorted(results, key=lambda x: (SEVERITY_ORDER[x.severity], x.source_shape, x.value or "")):
        lines.append(f"  {r.severity.value.upper():<9} {r.rule or tail(r.source_shape)}")
        lines.append(f"    {r.message}")
        if r.value is not None:
            shown = r.value_label or r.value
            lines.append(f"    Value: {shown}" + (f"  <{r.value}>" if r.value_label else ""))
        if r.provision or r.provision_uri:
            lines.append(f"    Law: {r.provision or ''}  {r.provision_uri or ''}".rstrip())
        if r.fix:
            lines.append(f"    Fix: {r.fix}")
        lines.append(f"    Shape: {r.source_shape}")
    lines.append("")
    return lines
