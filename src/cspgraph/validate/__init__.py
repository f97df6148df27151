"""Validate the graph against the statutory shapes in shapes/*.shapes.ttl, with a typed report.

Two engines give the same results (the tests compare them on the landscape and on every fixture):

* ``"oxigraph"`` (the default): each SPARQL-based constraint is run once over the whole Oxigraph store, with
  ``$this`` left unbound, and the solutions are kept for the shape's focus nodes; ``sh:minCount``/``sh:maxCount``
  are counted with one query per path. The shapes graph is parsed and compiled once per set of files. A shapes graph
  that uses anything else falls back to pySHACL, and the report says so (``engine``).
* ``"pyshacl"``: plain ``pyshacl.validate`` over an rdflib copy of the same data.

The date a rule treats as "now" is the data's ``cspg:asOf`` (data/metadata.ttl says 2024-12-31) or ``as_of``,
never the wall clock, so results are reproducible.

The package's modules: :mod:`~cspgraph.validate.report` (the typed report), :mod:`~cspgraph.validate.shapes`
(shapes files), :mod:`~cspgraph.validate.compile` (the fast engine's form of the shapes),
:mod:`~cspgraph.validate.data` (the data graph and its date), :mod:`~cspgraph.validate.focus` (targets),
:mod:`~cspgraph.validate.engine` (Oxigraph), :mod:`~cspgraph.validate.pyshacl_engine` (pySHACL) and
:mod:`~cspgraph.validate.annotate` (names, codes and law of each result).

Examples:
    >>> from cspgraph.stores import open_store
    >>> from cspgraph.validate import validate
    >>> report = validate(open_store())
    >>> report.counts["Violation"] > 0   # the real landscape breaks some rules; see the README
    True
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef

from cspgraph.errors import InputError
from cspgraph.validate.annotate import results as _results
from cspgraph.validate.commence import in_force_bundle, provision_dates
from cspgraph.validate.compile import Shape as _Shape
from cspgraph.validate.compile import Unsupported
from cspgraph.validate.data import Data as _Data
from cspgraph.validate.data import as_graph as _as_graph
from cspgraph.validate.data import prepare as _prepare
from cspgraph.validate.engine import report_graph, run_oxigraph
from cspgraph.validate.focus import Focus as _Focus
from cspgraph.validate.pyshacl_engine import run_pyshacl
from cspgraph.validate.report import EngineChoice, Severity, ValidationReport, ValidationResult
from cspgraph.validate.shapes import SHAPES_NS, ShapesBundle, load_shapes, meta_validate

__all__ = [
    "SHAPES_NS",
    "InputError",
    "EngineChoice",
    "Severity",
    "ShapesBundle",
    "ValidationReport",
    "ValidationResult",
    "load_shapes",
    "meta_validate",
    "validate",
]

# the internals the tests and benchmarks reach for, under their historical names
_INTERNALS = (_Data, _Focus, _Shape, _as_graph, _prepare, _results)


def validate(
    data: Any,
    *,
    extra_files: Sequence[str | Path] = (),
    shapes: Sequence[str | Path] | Graph | None = None,
    as_of: str | dt.date | None = None,
    focus_nodes: Iterable[str | URIRef] | None = None,
    engine: str = "oxigraph",
    include_ontology: bool | None = None,
) -> ValidationReport:
    """Validate a store or graph against the statutory shapes.

    Args:
        data: an :class:`~cspgraph.stores.OxigraphStore` (fastest: validated in place, never modified), another
            ``GraphStore``, an rdflib ``Graph`` or a pyoxigraph ``Store``. The shapes graph of a store is left out
            of the data.
        extra_files: RDF files to add to the data (the store itself is not changed: the data is copied).
        shapes: shapes files or folders, or an rdflib Graph of shapes; by default every shapes/*.shapes.ttl
            (including rule 5's combination.shapes.ttl).
        as_of: the date the rules treat as today (``YYYY-MM-DD``); by default the data's ``cspg:asOf``.
            Memberships and bodies count as current while ``schema:validFrom <= as_of < schema:validUntil``, and a
            rule whose provision came into force later (``cspg:inForceFrom`` in the data's legislation graph) is
            skipped and listed in ``not_in_force`` (:mod:`cspgraph.validate.commence`). To check the landscape of
            a past day, validate :func:`cspgraph.asof.in_force` of that day (``cspgraph validate --as-of``).
        focus_nodes: restrict validation to these nodes: each is checked against the shapes that target it (as
            pySHACL's ``focus_nodes``), and only results about them are returned. Use it to check a proposal
            (say a merged CSP built on a small copy-on-write graph) without validating everything.
        engine: ``"oxigraph"`` (SPARQL on Oxigraph, the default) or ``"pyshacl"`` (plain pySHACL on rdflib).
        include_ontology: add the ontology to the data (needed for subclass tests); by default it is added when
            the data does not contain it.

    Returns:
        A :class:`ValidationReport`.

    Raises:
        InputError: an unreadable or malformed file (the message names the file and line), a bad date or engine.
    """
    if engine not in ("oxigraph", "pyshacl"):
        raise InputError(f"unknown engine {engine!r}: use 'oxigraph' or 'pyshacl'")
    d = _prepare(data, extra_files, as_of, include_ontology)
    bundle, skipped = in_force_bundle(load_shapes(shapes), provision_dates(d.store), d.as_of)
    focus = {URIRef(str(f)) for f in focus_nodes} if focus_nodes is not None else None
    report, used, notes = _run(bundle, d, focus, engine)
    engines = _engines(bundle, used, notes)
    notes = [n.note(str(d.as_of)) for n in skipped] + notes
    return ValidationReport(
        results=_results(d, report, bundle.graph),
        graph=report,
        as_of=d.as_of,
        engine=used,
        shapes=[str(Path(f).name) for f in bundle.files],
        focus_nodes=sorted(str(f) for f in focus) if focus is not None else None,
        triples=d.triples,
        notes=notes,
        engines=engines,
        not_in_force=[n.shape for n in skipped],
    )


def _run(bundle: ShapesBundle, d: _Data, focus: set[Any] | None, engine: str) -> tuple[Graph, str, list[str]]:
    """The report graph, the engine that made it and why it was not the one asked for."""
    notes: list[str] = []
    if engine == "oxigraph" and bundle.compiled is None:
        notes.append(f"Validated with pySHACL: {bundle.unsupported}.")
    elif engine == "oxigraph":
        try:
            return (
                report_graph(run_oxigraph(d, bundle.compiled or [], focus, bundle.graph), bundle.graph),
                engine,
                notes,
            )
        except Unsupported as e:
            notes.append(f"Validated with pySHACL: {e}.")
    return run_pyshacl(d, bundle.graph, focus), "pyshacl", notes


def _engines(bundle: ShapesBundle, used: str, notes: list[str]) -> list[EngineChoice]:
    """Which engine checked each shape, and why."""
    if used == "oxigraph":
        out = []
        for shape in bundle.compiled or []:
            modes = sorted({sp.mode for sp in shape.sparqls})
            how = " and ".join(_MODES[m] for m in modes) if modes else "cardinalities counted with one query per path"
            out.append(EngineChoice(str(shape.node), "oxigraph", how))
        return out
    why = notes[-1] if notes else "the pyshacl engine was asked for"
    return [EngineChoice(str(s), "pyshacl", why) for s in sorted(_shape_nodes_of(bundle), key=str)]


_MODES = {
    "unbound": "SPARQL run once with $this unbound ($this bound by a top-level triple pattern)",
    "per-focus": "SPARQL run once per focus node with $this bound (an unbound run would change the meaning)",
}


def _shape_nodes_of(bundle: ShapesBundle) -> set[Any]:
    from cspgraph.namespaces import SH

    g = bundle.graph
    return {
        s for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf) for s in g.subjects(p, None)
    }
