"""Full validation of the whole dataset: cspgraph.validate (SPARQL on Oxigraph) against plain pySHACL (issue 3).

The baseline is ``pyshacl.validate(graph, shacl_graph=shapes)`` with default options, where ``graph`` is an rdflib
Graph of the same data (ontology, landscape, legislation, metadata, seeds) and ``shapes`` the parsed shapes/ files.
pySHACL re-parses each SPARQL constraint for every focus node, so one baseline run takes minutes on this machine: it
runs once (``CSPGRAPH_BENCH_BASELINE_RUNS`` to change). Both engines must report the identical set of results; the
benchmark fails otherwise.
"""

from __future__ import annotations

import importlib
import os
import time

import pyshacl

from cspgraph.stores import open_store

from .common import Figure, median_time

v = importlib.import_module("cspgraph.validate")


def run(runs: int = 5) -> list[Figure]:
    store = open_store("oxigraph")
    bundle = v.load_shapes()
    data = v._prepare(store, (), None, None)
    graph = v._as_graph(data)

    fast_report = v.validate(store)

    def fast() -> None:
        v.validate(store)

    fast_s = median_time(fast, runs)

    baseline_runs = int(os.environ.get("CSPGRAPH_BENCH_BASELINE_RUNS", "1"))
    times = []
    report_graph = None
    for _ in range(baseline_runs):
        t0 = time.perf_counter()
        _, report_graph, _ = pyshacl.validate(graph, shacl_graph=bundle.graph)
        times.append(time.perf_counter() - t0)
    times.sort()
    baseline_s = times[len(times) // 2]
    baseline_keys = {r.key for r in v._results(data, report_graph, bundle.graph)}
    if baseline_keys != fast_report.keys():
        raise AssertionError(
            f"engines disagree: {len(baseline_keys ^ fast_report.keys())} results differ "
            f"(pySHACL {len(baseline_keys)}, Oxigraph {len(fast_report.keys())})"
        )
    c = fast_report.counts
    return [
        Figure(
            name="validate the whole dataset against every shape",
            project="cspgraph.validate: each SPARQL constraint once over Oxigraph, focus nodes filtered",
            baseline="plain pyshacl.validate on an rdflib Graph, default options",
            project_median_s=fast_s,
            baseline_median_s=baseline_s,
            runs=runs,
            target=">= 10x with identical results",
            note=(
                f"{data.triples} triples, {len(bundle.compiled or [])} shapes in {len(bundle.files)} files; "
                f"identical results ({len(baseline_keys)}: {c['Violation']} violations, {c['Warning']} warnings, "
                f"{c['Info']} info); baseline runs: {baseline_runs}"
            ),
        )
    ]
