"""Load the whole dataset into the embedded store, against rdflib's own parse of the same files."""

from __future__ import annotations

from cspgraph import resources
from cspgraph.stores import OxigraphStore, RdflibStore

from .common import Figure, median_time


def run(runs: int = 5) -> list[Figure]:
    def oxigraph() -> None:
        OxigraphStore().load_dataset()

    def rdflib() -> None:
        RdflibStore().load_dataset()

    files = resources.ontology_files() + resources.data_files() + resources.shapes_files()
    n = len(OxigraphStore().load_dataset())
    return [
        Figure(
            name="load the whole dataset",
            project="pyoxigraph Store.load into named graphs",
            baseline="rdflib Dataset.parse of the same files",
            project_median_s=median_time(oxigraph, runs),
            baseline_median_s=median_time(rdflib, max(3, runs // 2)),
            runs=runs,
            note=f"{len(files)} files, {n} quads",
        )
    ]
