"""Full validation of the whole dataset: cspgraph.validate (SPARQL on Oxigraph) against plain pySHACL.

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
        user_shapes(),
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
        ),
    ]


USER_SHAPES = """
@prefix sh: <http://www.w3.org/ns/shacl#> . @prefix cspg: <https://w3id.org/cspgraph/def/> .
@prefix ex: <https://example.org/local-rules#> .
ex: sh:declare [ sh:prefix "cspg" ; sh:namespace "https://w3id.org/cspgraph/def/" ] .
ex:PartnershipHasPlan a sh:NodeShape ; sh:targetClass cspg:CommunitySafetyPartnership ;
  sh:severity sh:Info ; sh:message "This partnership has no recorded plan" ;
  sh:sparql [ sh:prefixes ex: ; sh:select "SELECT $this WHERE { FILTER NOT EXISTS { $this cspg:hasPlan ?plan } }" ] .
"""


def user_shapes(runs: int = 5) -> Figure:
    """A user's shapes file whose constraint needs per-focus runs (``$this`` only inside FILTER NOT EXISTS): the
    default engine against pySHACL on the same rdflib graph."""
    from rdflib import Graph

    store = open_store("oxigraph")
    shapes = Graph().parse(data=USER_SHAPES, format="turtle")
    data = v._prepare(store, (), None, None)
    graph = v._as_graph(data)
    fast_report = v.validate(graph, shapes=shapes)
    assert {e.reason for e in fast_report.engines} == {v._MODES["per-focus"]}, fast_report.engines
    fast_s = median_time(lambda: v.validate(graph, shapes=shapes), runs)
    base_s = median_time(lambda: v.validate(graph, shapes=shapes, engine="pyshacl"), runs)
    plain = v.validate(graph, shapes=shapes, engine="pyshacl")
    if plain.keys() != fast_report.keys():
        raise AssertionError("engines disagree on the per-focus user shapes")
    return Figure(
        name="validate the dataset against a user's per-focus SPARQL constraint",
        project="cspgraph.validate: one Oxigraph run per focus node with $this bound",
        baseline="pyshacl.validate on the same rdflib Graph",
        project_median_s=fast_s,
        baseline_median_s=base_s,
        runs=runs,
        target=">= 1x (no slower than pySHACL) with identical results",
        note=f"{len(fast_report.results)} results, identical",
    )
