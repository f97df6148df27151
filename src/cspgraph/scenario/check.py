"""``check_scenario``: apply a scenario to the landscape as in force on its date, on a copy-on-write view, and
validate only the nodes it touches against the statutory shapes (as the merger check does).

1. The base is :func:`cspgraph.asof.in_force` on the scenario's date; the store is never changed.
2. Each change is applied in order (:mod:`cspgraph.scenario.ops`) into an :class:`~cspgraph.scenario.edit.Edit`.
3. A small view holds the touched nodes and their neighbours after the changes, with the ontology's subclass
   axioms; :func:`cspgraph.validate.validate` runs the compiled shapes on it for the touched nodes only. A
   scenario that touches much of the landscape is validated on a kept working copy of the whole landscape with
   its edits made and undone instead (:mod:`cspgraph.scenario.overlay`). The dated landscape itself is validated
   once (and kept) for what was already broken before the scenario.
4. A rule the scenario breaks (after, not before) is one the proposal must change, unless the node was touched by
   a change that moves a statutory relation onto a body today's law does not provide for: then the law would have
   to be amended. Those relations' own provisions (read from the graph) are listed as the amendments needed.
5. :mod:`cspgraph.scenario.summary` writes the verdicts, the bodies that must act and before/after.
"""

from __future__ import annotations

import weakref
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef

from cspgraph.asof import in_force
from cspgraph.resolve import resolver
from cspgraph.scenario.edit import SUBCLASS, Edit
from cspgraph.scenario.model import Scenario
from cspgraph.scenario.ops import Context, apply_change
from cspgraph.scenario.overlay import edited, is_broad
from cspgraph.scenario.report import ScenarioReport
from cspgraph.scenario.summary import summarise
from cspgraph.stores.base import GraphStore
from cspgraph.stores.oxigraph import OxigraphStore

__all__ = ["Applied", "apply", "check_scenario", "findings", "fixed_quads"]

_AS_OF = ox.NamedNode("https://w3id.org/cspgraph/def/asOf")
#: the named graph of the triples a scenario adds, in :meth:`Applied.landscape`
SCENARIO_GRAPH = ox.NamedNode("urn:cspgraph:scenario")
_FIXED: weakref.WeakKeyDictionary[GraphStore, list[Any]] = weakref.WeakKeyDictionary()


def fixed_quads(base: GraphStore) -> list[Any]:
    """The subclass axioms and the (single, latest) ``cspg:asOf`` of ``base``: every view holds them."""
    fixed = _FIXED.get(base)
    if fixed is None:
        fixed = [ox.Quad(q.subject, q.predicate, q.object) for q in base.match(None, SUBCLASS, None)]
        dates = base.match(None, _AS_OF, None)
        if dates:
            latest = max(dates, key=lambda q: q.object.value)
            fixed.append(ox.Quad(latest.subject, latest.predicate, latest.object))
        _FIXED[base] = fixed = list(dict.fromkeys(fixed))
    return fixed


class Applied:
    """A scenario applied: the base (the dated landscape), the edit, the ids of created bodies, the after view."""

    def __init__(self, store: GraphStore, scenario: Scenario) -> None:
        self.scenario = scenario
        self.store = store
        self.base = in_force(store, scenario.date)  # kept per store generation and day by in_force
        self.edit = Edit(self.base)
        self.context = Context(self.edit, resolver(store), scenario.date)
        for i, change in enumerate(scenario.changes):
            apply_change(self.context, change, i)

    @cached_property
    def after(self) -> ox.Store:
        """The after view: the touched nodes' neighbourhood with the changes made (built when first asked for)."""
        return self.edit.view(fixed_quads(self.base))

    def landscape(self) -> GraphStore:
        """The whole dated landscape with the changes made, as a store of its own (what the after view is cut from,
        for a network of any part of it); the base's named graphs are kept, the additions go in ``SCENARIO_GRAPH``."""
        removed = self.edit.removed
        st = ox.Store()
        st.bulk_extend(q for q in self.base.quads() if q.triple not in removed)
        st.extend(ox.Quad(t.subject, t.predicate, t.object, SCENARIO_GRAPH) for t in self.edit.added)
        return OxigraphStore(store=st)

    def focus(self) -> list[Any]:
        """The nodes to validate: every touched or created IRI that still exists."""
        nodes = set(self.edit.touched) | self.edit.created
        keep = (n.value for n in nodes if isinstance(n, ox.NamedNode) and n not in self.edit.ended)
        return [URIRef(n) for n in sorted(keep)]


def apply(store: GraphStore, scenario: Scenario) -> Applied:
    """Apply ``scenario`` to ``store`` as in force on its date (see the module); the store is not changed.

    Raises:
        InputError: a change names a body that cannot be resolved, or is malformed; the message says which.
    """
    return Applied(store, scenario)


def findings(view: Any, focus: Sequence[Any] | None, shapes: Sequence[Path] | None = None) -> list[Any]:
    """The validation results of ``focus`` on ``view`` (:func:`cspgraph.validate.validate`, Oxigraph engine)."""
    from cspgraph.validate import validate

    return list(validate(view, shapes=shapes, focus_nodes=focus, include_ontology=False).results)


_LANDSCAPE: weakref.WeakKeyDictionary[GraphStore, dict[tuple[Any, ...], list[Any]]] = weakref.WeakKeyDictionary()


def landscape_findings(base: GraphStore, shapes: Sequence[Path] | None, focus: set[str]) -> list[Any]:
    """The results of validating the whole dated landscape ``base`` (before any change), for the nodes ``focus``.

    The dated view is validated once and the results are kept with it: what a scenario breaks is what its after
    view shows and this does not.
    """
    per = _LANDSCAPE.setdefault(base, {})
    key = (base.generation, tuple(shapes or ()))
    if key not in per:
        per[key] = findings(base.oxigraph() if not isinstance(base, ox.Store) else base, None, shapes)
    return [r for r in per[key] if r.focus_node in focus]


def after_findings(applied: Applied, focus: Sequence[Any], shapes: Sequence[Path] | None) -> tuple[list[Any], int]:
    """The results of ``focus`` after the changes, and the size of the data they were validated on.

    A scenario that touches much of the landscape is validated on the kept working copy of the whole landscape
    with its edits made (:mod:`cspgraph.scenario.overlay`); any other on its own neighbourhood view.
    """
    if is_broad(applied.edit):
        with edited(applied.edit, fixed_quads(applied.base)) as whole:
            if whole is not None:
                return findings(whole, focus, shapes), len(whole)
    return findings(applied.after, focus, shapes), len(applied.after)


def check_scenario(
    store: GraphStore, scenario: Scenario, *, areas: Sequence[str] | None = None, shapes: Sequence[Path] | None = None
) -> ScenarioReport:
    """Check a scenario against the statutory shapes; see the module.

    Args:
        store: the whole dataset (never changed).
        scenario: the scenario (:func:`cspgraph.scenario.model.load` or :func:`~cspgraph.scenario.model.parse`).
        areas: only report these police areas (codes, URIs or names) and their CSPs; all changes still apply.
        shapes: shapes files (default: every shapes/*.shapes.ttl).

    Returns:
        The report; ``.allowed`` is the verdict.

    Raises:
        InputError: a change or an area that cannot be resolved; the message says what to fix.
    """
    applied = apply(store, scenario)
    focus = applied.focus()
    before = landscape_findings(applied.base, shapes, {str(f) for f in focus})
    after, size = after_findings(applied, focus, shapes)
    report = summarise(applied, before, after, areas=areas)
    report.focus_count = len(focus)
    report.view_size = size
    return report
