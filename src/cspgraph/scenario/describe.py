"""How a scenario report names and describes bodies: display names over the edit, before/after of a body's role,
memberships, accountability, funding and scrutiny, and the worst verdict of a set of issues."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyoxigraph as ox

from cspgraph.labels import LABEL_PREDICATES, fallback, pick
from cspgraph.scenario.edit import RDF_TYPE, Edit, N
from cspgraph.scenario.finding import Finding
from cspgraph.scenario.report import VERDICTS

__all__ = ["ASPECTS", "Names", "describe", "is_a_kind", "types_of", "worst"]

_ORG = "http://www.w3.org/ns/org#"
_LABELS = [ox.NamedNode(p) for p in LABEL_PREDICATES]
_FUNDED, _FUNDER = ox.NamedNode("https://schema.org/fundedItem"), ox.NamedNode("https://schema.org/funder")
ASPECTS: dict[str, tuple[tuple[ox.NamedNode, bool], ...]] = {
    "role": ((N.localPolicingBody, False), (N.coversArea, False), (N.mayorOf, False), (N.servesArea, False)),
    "memberships": ((ox.NamedNode(_ORG + "hasMember"), False), (ox.NamedNode(_ORG + "memberOf"), False)),
    "accountability": (
        (N.heldToAccountBy, False),
        (N.holdsToAccount, False),
        (N.relevantLocalPolicingBody, False),
        (N.mustHaveRegardTo, False),
        (N.cooperatesWith, False),
        (N.accountableTo, False),
    ),
    "scrutiny": ((N.scrutinisedBy, False), (N.scrutinises, True)),
}
_INVERSE = [p for preds in ASPECTS.values() for p, inverse in preds if inverse] + [_FUNDED]
_BODY_KINDS = {
    "local-policing-body", "police-and-crime-panel", "csp", "council", "chief-officer", "policing-and-crime-board",
    "combined-authority", "police-force-area",
}  # fmt: skip


def _kind(uri: str) -> str:
    parts = uri.split("/id/", 1)
    return parts[1].split("/", 1)[0] if len(parts) == 2 else ""


class Names:
    """Display names (cspgraph.labels' rule) read from the edited landscape, then the base."""

    def __init__(self, edit: Edit) -> None:
        self.edit, self.cache = edit, {}  # type: ignore[var-annotated]

    def __call__(self, node: Any) -> str:
        key = str(node)
        if key not in self.cache:
            n = node if isinstance(node, ox.NamedNode) else ox.NamedNode(key)
            found = pick((p.value, t.object) for p in _LABELS for t in self.edit.triples(n, p, None))
            if found is None:
                found = pick((p.value, q.object) for p in _LABELS for q in self.edit.match(n, p, None))
            self.cache[key] = found or fallback(key)
        return str(self.cache[key])


def worst(issues: Iterable[Finding], flagged: bool = False) -> str:
    kinds = {i.kind for i in issues}
    if "proposal" in kinds:
        return VERDICTS[3]
    if "law" in kinds:
        return VERDICTS[2]
    return VERDICTS[1] if flagged else VERDICTS[0]


def describe(edit: Edit, node: ox.NamedNode, name: Names, after: bool) -> dict[str, list[str]]:
    """A body's role, memberships, accountability, funding and scrutiny, before or after the edit."""
    if after:
        outgoing = edit.triples(node)
        incoming = [t for p in _INVERSE for t in edit.triples(None, p, node)]
    else:
        outgoing = (q.triple for q in edit.match(node, None, None))
        incoming = [q.triple for p in _INVERSE for q in edit.match(None, p, node)]
    objs: dict[Any, list[Any]] = {}  # the node's objects by predicate, read in one pass
    subs: dict[Any, list[Any]] = {}
    for t in outgoing:
        objs.setdefault(t.predicate, []).append(t.object)
    for t in incoming:
        subs.setdefault(t.predicate, []).append(t.subject)
    out: dict[str, list[str]] = {}
    for aspect, preds in ASPECTS.items():
        values = [
            f"{fallback(p.value)} {name(o)}" for p, inverse in preds for o in (subs if inverse else objs).get(p, ())
        ]
        if values:
            out[aspect] = sorted(set(values))
    funders = [name(f) for flow in subs.get(_FUNDED, ()) for f in (objs_of(edit, flow, _FUNDER, after))]
    if funders:
        out["funding"] = sorted(set(funders))
    return out


def objs_of(edit: Edit, node: Any, p: ox.NamedNode, after: bool) -> list[Any]:
    if after:
        return edit.objects(node, p)
    return [q.object for q in edit.match(node, p, None)]


def is_a_kind(uri: str) -> bool:
    return _kind(uri) in _BODY_KINDS


def types_of(edit: Edit, node: ox.NamedNode) -> set[Any]:
    return {q.object for q in edit.match(node, RDF_TYPE, None)} | set(edit.objects(node, RDF_TYPE))
