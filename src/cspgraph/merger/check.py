"""``check_merger``: would a proposed combination of CSPs meet the law, and who must sign?

The check resolves what the user gave (:mod:`cspgraph.merger.inputs`), reads the constituent CSPs' neighbourhood
from the store (:mod:`cspgraph.merger.neighbourhood`), builds the proposal and its copy-on-write view
(:mod:`cspgraph.merger.proposal`), validates only the nodes the merger touches against the statutory shapes
(:func:`cspgraph.scenario.check.findings`, the scenario engine's validation stage: the compiled shapes on
Oxigraph, over the view only) and writes the report
(:mod:`cspgraph.merger.assemble`). The store is never changed.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from cspgraph.asof import latest_view
from cspgraph.merger.assemble import build_report
from cspgraph.merger.inputs import csps_with, parties_with
from cspgraph.merger.neighbourhood import fetch, fixed_quads
from cspgraph.merger.proposal import Proposal
from cspgraph.merger.report import Finding, MergerReport
from cspgraph.resolve import resolver
from cspgraph.stores import GraphStore

__all__ = ["check_merger", "propose", "validate_view"]


def propose(
    store: GraphStore,
    csps: Sequence[str],
    *,
    name: str | None = None,
    parties: Sequence[str] | None = None,
    cooperation_arrangements: bool = True,
) -> Proposal:
    """The proposed combined CSP for the CSPs and parties given (resolved, as :func:`check_merger` does).

    Args:
        store: the loaded landscape (only read).
        csps: two or more CSP codes, URIs or names.
        name: a name for the combined CSP.
        parties: the bodies that would sign, or None for every required party.
        cooperation_arrangements: whether the agreement contains co-operation arrangements (s5A(4)).

    Returns:
        The proposal: its facts, :meth:`~Proposal.additions`, :meth:`~Proposal.focus_nodes` and
        :meth:`~Proposal.view`.

    Raises:
        InputError: a CSP or party that cannot be resolved, or fewer than two CSPs; the message says what to fix.
    """
    store = latest_view(store)  # a merger is proposed on the landscape of the dataset's own date
    r = resolver(store)
    uris = csps_with(r, store, csps)
    party_uris = parties_with(r, parties) if parties is not None else None
    nb = fetch(store, uris)
    return Proposal(nb, uris, name=name, parties=party_uris, cooperation=cooperation_arrangements)


def check_merger(
    store: GraphStore,
    csps: Sequence[str],
    *,
    name: str | None = None,
    parties: Sequence[str] | None = None,
    cooperation_arrangements: bool = True,
    shapes: Sequence[Path] | None = None,
) -> MergerReport:
    """Check a proposed combination of CSPs against the statutory shapes, on a copy-on-write view.

    Args:
        store: the loaded landscape (never changed).
        csps: two or more CSP codes, URIs or names.
        name: a name for the combined CSP (default: from the constituent areas' names).
        parties: the bodies that would sign; without it the agreement is evaluated as if every required party
            signed (the report says so).
        cooperation_arrangements: whether the agreement would contain co-operation arrangements (s5A(4)); only
            relevant when the combined area crosses police areas.
        shapes: shapes files (default: every shapes/*.shapes.ttl).

    Returns:
        A MergerReport; ``.allowed`` is the verdict.

    Raises:
        InputError: fewer than two CSPs, a duplicate, an unknown code, a code that is not a CSP, or a CSP that no
            longer exists; the message says what to fix.

    Examples:
        >>> from cspgraph.stores import open_store
        >>> report = check_merger(open_store(shapes=False), ["E22000027", "E22000028", "E22000029", "E22000030"])
        >>> report.allowed, len(report.required_parties), report.cross_police_area
        (True, 9, False)
    """
    store = latest_view(store)  # a merger is proposed on the landscape of the dataset's own date
    proposal = propose(store, csps, name=name, parties=parties, cooperation_arrangements=cooperation_arrangements)
    view = proposal.view(fixed_quads(store))
    findings = validate_view(view, proposal.focus_nodes(), shapes)
    report = build_report(store, proposal, findings)
    report.view = view
    return report


def validate_view(view: Any, focus: Sequence[Any], shapes: Sequence[Path] | None = None) -> list[Finding]:
    """Validate only the focus nodes of a view against the statutory shapes (:func:`cspgraph.validate.validate`).

    The view (a few hundred triples in an in-memory pyoxigraph Store) holds the dataset's date and the subclass
    axioms, so every SPARQL-based constraint is answered by Oxigraph over the view alone, with no copy.

    Args:
        view: the view, a pyoxigraph Store.
        focus: the nodes to validate.
        shapes: shapes files (default: every shapes/*.shapes.ttl).

    Returns:
        The findings, sorted by severity, shape, focus node and value.
    """
    from cspgraph.scenario.check import findings

    results = findings(view, focus, shapes)  # the scenario engine's validation stage: focus nodes on a view
    out = [
        Finding(
            severity=r.severity.value.lower(),
            rule=r.rule or r.source_shape.rsplit("/", 1)[-1],
            message=r.message,
            focus=r.focus_node,
            source_shape=r.source_shape,
            value=r.value,
            provision=r.provision,
            provision_uri=r.provision_node,
            legislation=r.provision_uri,
            fix=r.fix,
        )
        for r in results
    ]
    out.sort(key=lambda f: (f.severity, f.source_shape, f.focus, f.value or ""))
    return out
