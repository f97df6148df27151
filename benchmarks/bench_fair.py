"""The baselines a competent user would pick: pySHACL on an Oxigraph-backed rdflib graph (oxrdflib).

pySHACL runs on any rdflib Graph; with oxrdflib's ``Oxigraph`` store its SPARQL constraints are answered by
Oxigraph, the same engine cspgraph uses. These figures stand beside the older ones (bench_validate, bench_merger),
whose baselines are pySHACL on rdflib's own in-memory engine:

* **validation**: ``pyshacl.validate`` over the same data graph as :func:`cspgraph.validate.validate` sees (ontology,
  landscape, legislation, metadata, seeds, in an oxrdflib graph), with the same shapes; the results must be
  identical.
* **merger check**: the proposal's additions applied to an Oxigraph copy of today's landscape (the constituent
  CSPs and their memberships taken out, as :mod:`benchmarks.bench_merger` does), then ``pyshacl.validate`` with
  ``focus_nodes`` = the nodes the merger touches. Only the validation call is timed (the copy is made once, untimed);
  the project's time is the whole ``check_merger``. Both must give the same violations.
"""

from __future__ import annotations

import importlib
import statistics
import time
from typing import Any

import pyshacl
from rdflib import Graph
from rdflib.namespace import RDF

from cspgraph import resources
from cspgraph.merger import check_merger, violation_set
from cspgraph.namespaces import SH
from cspgraph.stores import open_store

from .bench_merger import modified_landscape
from .common import Figure, median_time

v = importlib.import_module("cspgraph.validate")
CLEVELAND = ["E22000027", "E22000028", "E22000029", "E22000030"]


def _oxigraph_graph(source: Graph) -> Graph:
    g = Graph(store="Oxigraph")
    g += source
    return g


def _timed(fn: Any, runs: int) -> tuple[float, Any]:
    times, out = [], None
    for _ in range(runs):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def validation(runs: int) -> Figure:
    store = open_store("oxigraph")
    bundle = v.load_shapes()
    data = v._prepare(store, (), None, None)
    graph = _oxigraph_graph(v._as_graph(data))
    report = v.validate(store)
    fast = median_time(lambda: v.validate(store), runs)
    base, (_conforms, report_graph, _text) = _timed(lambda: pyshacl.validate(graph, shacl_graph=bundle.graph), 1)
    keys = {r.key for r in v._results(data, report_graph, bundle.graph)}
    if keys != report.keys():
        raise AssertionError(f"pySHACL on Oxigraph and cspgraph disagree: {len(keys ^ report.keys())} results differ")
    return Figure(
        name="validate the whole dataset (fair baseline)",
        project="cspgraph.validate: each SPARQL constraint once over Oxigraph, focus nodes filtered",
        baseline="pyshacl.validate on an Oxigraph-backed rdflib graph (oxrdflib) of the same data, same shapes",
        project_median_s=fast,
        baseline_median_s=base,
        runs=runs,
        target=">= 20x with identical results",
        note=f"{len(graph)} triples; identical results ({len(keys)}); baseline 1 run",
    )


def _merger_copy(store: Any, csps: list[str]) -> tuple[Graph, list[Any]]:
    """Today's landscape in an oxrdflib graph with the proposal applied, and the nodes the merger touches."""
    whole, proposal = modified_landscape(store, csps)
    return _oxigraph_graph(whole), sorted(proposal.focus_nodes())


def merger(runs: int) -> Figure:
    store = open_store("oxigraph", shapes=False)
    shapes = Graph()
    for f in resources.shapes_files():
        shapes.parse(f, format="turtle")
    copy, focus = _merger_copy(store, CLEVELAND)
    report = check_merger(store, CLEVELAND)
    fast_runs = max(runs * 4, 20)
    fast = median_time(lambda: check_merger(store, CLEVELAND), fast_runs, warmup=2)

    def baseline() -> Any:
        return pyshacl.validate(copy, shacl_graph=shapes, focus_nodes=focus)[1]

    base, rg = _timed(baseline, max(3, runs))
    touched = set(focus)
    found = {
        (str(rg.value(r, SH.sourceShape)), str(rg.value(r, SH.focusNode)), _text(rg.value(r, SH.value)))
        for r in rg.subjects(RDF.type, SH.ValidationResult)
        if rg.value(r, SH.focusNode) in touched and rg.value(r, SH.resultSeverity) == SH.Violation
    }
    if found != violation_set(report):
        raise AssertionError("pySHACL focus_nodes on Oxigraph and check_merger disagree on the violations")
    return Figure(
        name="merger check: the four Cleveland CSPs (fair baseline)",
        project="check_merger: neighbourhood, copy-on-write view, focus-node validation (whole check timed)",
        baseline="pyshacl.validate(focus_nodes=the touched nodes) on an Oxigraph copy of the landscape with the "
        "proposal applied (validation only timed)",
        project_median_s=fast,
        baseline_median_s=base,
        runs=fast_runs,
        target=">= 25x and < 8 ms median",
        note=f"{len(focus)} focus nodes; same violations ({len(found)}); copy {len(copy)} triples",
    )


def _text(term: Any) -> str | None:
    return None if term is None else str(term)


def run(runs: int = 5) -> list[Figure]:
    return [merger(runs), validation(runs)]
