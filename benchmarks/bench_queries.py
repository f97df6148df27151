"""The whole named query library on the embedded store against rdflib's engine, on the same loaded dataset.

Each query runs with its example parameters, bound the same way on both engines (resources resolved once, before
timing). The overall figure is the sum of the per-query medians; the report section lists each query's medians.
Answers are checked equal (as sets) before anything is timed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from cspgraph.queries import QueryRegistry
from cspgraph.stores import OxigraphStore, RdflibStore

from .common import Figure, median_time

TARGET_RATIO = 30.0
TARGET_MS = 50.0


@dataclass
class QueryTiming:
    name: str
    rows: int
    oxigraph_s: float
    rdflib_s: float

    @property
    def ratio(self) -> float:
        return self.rdflib_s / self.oxigraph_s if self.oxigraph_s else float("inf")


_LAST: list[QueryTiming] = []


def run(runs: int = 5) -> list[Figure]:
    reg = QueryRegistry()
    ox = OxigraphStore().load_dataset()
    rl = RdflibStore().load_dataset()
    timings: list[QueryTiming] = []
    for q in reg:
        bound = reg.bindings(ox, q.name, q.example)  # resolve arguments once: the same terms on both engines
        a = reg.run(ox, q.name, **bound)
        b = reg.run(rl, q.name, **bound)
        if a.as_set() != b.as_set():
            raise AssertionError(f"{q.name}: Oxigraph and rdflib answers differ")
        t_ox = median_time(partial(reg.run, ox, q.name, **bound), runs)
        t_rl = median_time(partial(reg.run, rl, q.name, **bound), max(3, runs // 2))
        timings.append(QueryTiming(q.name, len(a), t_ox, t_rl))
    _LAST[:] = timings
    total_ox = sum(t.oxigraph_s for t in timings)
    total_rl = sum(t.rdflib_s for t in timings)
    slowest = max(timings, key=lambda t: t.oxigraph_s)
    return [
        Figure(
            name=f"named query library ({len(timings)} queries, sum of medians)",
            project="pyoxigraph Store.query with substitutions",
            baseline="rdflib Dataset.query (prepared) with initBindings",
            project_median_s=total_ox,
            baseline_median_s=total_rl,
            runs=runs,
            target=f">= {TARGET_RATIO:.0f}x overall, each query < {TARGET_MS:.0f} ms",
            note=f"slowest on Oxigraph: {slowest.name} {slowest.oxigraph_s * 1000:.1f} ms; "
            f"{sum(t.oxigraph_s * 1000 < TARGET_MS for t in timings)}/{len(timings)} under {TARGET_MS:.0f} ms",
        )
    ]


def report_section() -> str:
    lines = [
        "## Named queries: Oxigraph against rdflib, per query",
        "",
        "Medians of the same query with the same bound parameters on the same dataset, answers checked equal.",
        "",
        "| query | rows | Oxigraph | rdflib | ratio |",
        "|---|---|---|---|---|",
    ]
    for t in _LAST:
        lines.append(
            f"| {t.name} | {t.rows} | {t.oxigraph_s * 1000:.1f} ms | {t.rdflib_s * 1000:.1f} ms | {t.ratio:.1f}× |"
        )
    return "\n".join(lines)
