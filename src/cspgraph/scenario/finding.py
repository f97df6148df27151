"""One broken rule (or gap in the law) as the merger and scenario reports give it: what, where, and the provision.

The merger check (:class:`cspgraph.merger.report.MergerReport`) and the scenario check
(:class:`cspgraph.scenario.report.ScenarioReport`) both report the statutory shapes' results with this record;
each report keeps its own JSON form of it (:meth:`Finding.to_json` for the merger's, :meth:`Finding.issue_json`
for the scenario's).

Examples:
    >>> f = Finding("violation", "in writing", "The agreement is not in writing.", "x", "s")
    >>> f.to_json()["sourceShape"], f.issue_json()
    ('s', {'message': 'The agreement is not in writing.', 'focus': 'x', 'rule': 'in writing'})
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["Finding"]

#: the fields of a scenario report's issue, in the order its JSON gives them
_ISSUE_FIELDS = ("kind", "message", "focus", "focus_name", "provision", "legislation", "provision_uri", "rule",
                 "value", "fix")  # fmt: skip


@dataclass
class Finding:
    """A broken rule: what, where, and the provision.

    Attributes:
        severity: ``violation``, ``warning`` or ``info``.
        rule: the rule's short name (the shape's, or ``s107F``, ``gap``, ``party not required``).
        message: what is wrong, in plain English.
        focus: the IRI of the node it is about; ``focus_name`` its display name (scenario reports).
        source_shape: the IRI of the SHACL shape that found it ("" for a report's own findings).
        value: the IRI or value at fault, if any.
        provision: the provision's citation (``CDA 1998 s5A(5)``); ``provision_uri`` its node in the graph;
            ``legislation`` the provision on legislation.gov.uk.
        fix: what would satisfy the rule.
        kind: in a scenario report, ``proposal`` (the scenario must change) or ``law`` (the law would have to be
            amended); "" in a merger report.
    """

    severity: str
    rule: str
    message: str
    focus: str
    source_shape: str = ""
    value: str | None = None
    provision: str | None = None
    provision_uri: str | None = None
    legislation: str | None = None
    fix: str | None = None
    kind: str = ""
    focus_name: str = ""

    def to_json(self) -> dict[str, Any]:
        """The finding as the merger report's JSON gives it (camelCase keys, every field)."""
        return {
            "severity": self.severity,
            "rule": self.rule,
            "message": self.message,
            "focus": self.focus,
            "sourceShape": self.source_shape,
            "value": self.value,
            "provision": self.provision,
            "provisionUri": self.provision_uri,
            "legislation": self.legislation,
            "fix": self.fix,
        }

    def issue_json(self) -> dict[str, Any]:
        """The finding as the scenario report's JSON gives it (its fields that have a value)."""
        return {k: v for k in _ISSUE_FIELDS if (v := getattr(self, k)) not in (None, "")}

    def lines(self) -> list[str]:
        """The finding as lines of the merger's text report: the message, then its provision and fix when known."""
        out = [f"  - {self.message}"]
        if self.provision or self.legislation:
            out.append(f"    provision: {self.provision or ''} {self.legislation or ''}".rstrip())
        if self.fix:
            out.append(f"    to fix: {self.fix}")
        return out
