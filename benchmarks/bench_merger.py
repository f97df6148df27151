"""One merger check (the Cleveland single CSP) on the full landscape, against the naive approach.

The project: ``check_merger`` reads the constituent CSPs' neighbourhood from the embedded store, builds the
proposal on a copy-on-write view of a few hundred triples and validates only the nodes the merger touches
(cspgraph.validate, Oxigraph engine). The naive approach (:func:`naive_check`, here): copy the whole landscape into
an rdflib graph, apply the same proposal (``cspgraph.merger.propose``), and run plain ``pyshacl.validate`` over
everything with the same shapes. Both must give the same verdict and the same violations on the touched nodes
(asserted here).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pyshacl
from rdflib import Graph
from rdflib.namespace import ORG, RDF

from cspgraph import resources
from cspgraph.asof import latest_view
from cspgraph.merger import check_merger, propose, violation_set
from cspgraph.namespaces import SH
from cspgraph.stores import GraphStore, open_store

from .common import Figure, median_time

CLEVELAND = ["E22000027", "E22000028", "E22000029", "E22000030"]
OTHER_CASES: list[tuple[str, list[str], dict[str, Any]]] = [
    ("cross-police-area Stockton+Darlington", ["E22000030", "E22000072"], {}),
    (
        "the same with parties missing",
        ["E22000030", "E22000072"],
        {
            "parties": ["E06000004", "E06000005", "local-policing-body/E23000013", "local-policing-body/E23000008"],
            "cooperation_arrangements": False,
        },
    ),
    ("Welsh Anglesey+Gwynedd", ["W14000001", "W14000002"], {}),
]


def modified_landscape(store: Any, csps: list[str], **kw: Any) -> tuple[Graph, Any]:
    """Today's landscape (shapes left out) copied into an rdflib graph with the proposal applied: the CSPs and their
    memberships removed, the combined partnership added; and the proposal (``kw`` as :func:`propose` takes them)."""
    store = latest_view(store)
    proposal = propose(store, csps, **kw)
    whole = Graph()
    for gname in store.graph_names():
        if gname != resources.SHAPES_GRAPH:
            whole += store.graph(gname)
    old: set[Any] = set(proposal.csps) | {m for c in proposal.csps for m in whole.subjects(ORG.organization, c)}
    for t in list(whole):
        if t[0] in old or t[2] in old:
            whole.remove(t)
    for t in proposal.additions():
        whole.add(t)
    return whole, proposal


def naive_check(
    store: GraphStore,
    csps: Sequence[str],
    *,
    name: str | None = None,
    parties: Sequence[str] | None = None,
    cooperation_arrangements: bool = True,
    shapes: Sequence[Path] | None = None,
    focus_only: bool = False,
) -> tuple[bool, set[tuple[str, str, str | None]]]:
    """The naive baseline: copy the whole landscape into rdflib, apply the proposal, run plain pySHACL on everything.

    With ``focus_only`` pySHACL checks only the touched nodes, still over the whole copied landscape (a quicker
    independent check that the view holds everything the shapes need).

    Returns:
        The verdict (True when allowed) and the (source shape, focus node, value) triples of the Violation results on
        the nodes the merger touches, for comparison with ``check_merger``.
    """
    whole, proposal = modified_landscape(
        store, csps, name=name, parties=parties, cooperation_arrangements=cooperation_arrangements
    )
    touched = set(proposal.focus_nodes())
    shapes_graph = Graph()
    for f in shapes or resources.shapes_files():
        shapes_graph.parse(f, format="turtle")
    extra: dict[str, Any] = {"focus_nodes": sorted(touched)} if focus_only else {}
    _conforms, rg, _text = pyshacl.validate(whole, shacl_graph=shapes_graph, **extra)
    results = {
        (str(rg.value(r, SH.sourceShape)), str(rg.value(r, SH.focusNode)), _text_of(rg.value(r, SH.value)))
        for r in rg.subjects(RDF.type, SH.ValidationResult)
        if rg.value(r, SH.focusNode) in touched and rg.value(r, SH.resultSeverity) == SH.Violation
    }
    return not results, results


def _text_of(term: Any) -> str | None:
    return None if term is None else str(term)


def _baseline(store: Any, csps: list[str], **kw: Any) -> tuple[Any, Any]:
    """The naive check with every shapes file; if pySHACL rejects one of them, with the combination shapes only."""
    try:
        return naive_check(store, csps, **kw), None
    except Exception as e:  # pySHACL refuses a shapes graph it cannot run (reported in the note)
        only = [resources.shapes_dir() / "combination.shapes.ttl"]
        return naive_check(store, csps, shapes=only, **kw), (only, f"{type(e).__name__}: {str(e).splitlines()[0]}")


def run(runs: int = 5) -> list[Figure]:
    """The merger figure: the Cleveland check against the naive baseline (one run), and the other cases' medians."""
    store = open_store("oxigraph", shapes=False)
    t0 = time.perf_counter()
    (naive_allowed, naive_results), fallback = _baseline(store, CLEVELAND)
    naive = time.perf_counter() - t0  # one run: the naive check takes minutes
    shapes = fallback[0] if fallback else None
    report = check_merger(store, CLEVELAND, shapes=shapes)
    assert report.allowed == naive_allowed, "the fast check and the naive check disagree on the verdict"
    assert violation_set(report) == naive_results, "the fast check and the naive check disagree on the results"
    fast_runs = max(runs * 4, 20)
    fast = median_time(lambda: check_merger(store, CLEVELAND, shapes=shapes), fast_runs, warmup=2)
    others: dict[str, float] = {}
    for label, csps, kw in OTHER_CASES:

        def one(csps: Any = csps, kw: Any = kw) -> None:
            check_merger(store, csps, shapes=shapes, **kw)

        others[label] = round(median_time(one, fast_runs, warmup=1) * 1000, 1)
    note = (
        f"verdict {'allowed' if report.allowed else 'not allowed'} on both, {len(naive_results)} violations on both; "
        f"view {len(report.view)} triples, {len(report.focus_nodes)} focus nodes; baseline 1 run; other cases (ms): "
        + ", ".join(f"{k} {v}" for k, v in others.items())
    )
    if fallback:
        note += f"; pySHACL rejected the full shapes set ({fallback[1]}), so both sides used combination.shapes.ttl"
    return [
        Figure(
            name="merger check: the four Cleveland CSPs",
            project="check_merger: neighbourhood queries + copy-on-write view + focus-node validation (Oxigraph)",
            baseline="whole landscape copied into rdflib + plain pyshacl.validate over everything",
            project_median_s=fast,
            baseline_median_s=naive,
            runs=fast_runs,
            target=">= 40x faster and < 50 ms median",
            note=note,
            extra={"other_cases_median_ms": others},
        )
    ]
