"""One merger check (the Cleveland single CSP) on the full landscape, against the naive approach (issue 4).

The project: ``check_merger`` fetches the constituent CSPs' neighbourhood from the embedded store, builds the
proposal on a copy-on-write view of a few hundred triples and validates only the nodes the merger touches
(cspgraph.validate, Oxigraph engine). The naive approach: copy the whole landscape into an rdflib graph, apply the
proposal, and run plain ``pyshacl.validate`` over everything with the same shapes. Both must give the same verdict
and the same violations on the touched nodes (asserted here).
"""

from __future__ import annotations

import statistics
import time
from typing import Any

from cspgraph import resources
from cspgraph.merger import check_merger, naive_check, violation_set
from cspgraph.store import open_store

from .common import Figure, median_time

CLEVELAND = ["E22000027", "E22000028", "E22000029", "E22000030"]
CROSS = ["E22000030", "E22000072"]
CROSS_PARTIES = ["E06000004", "E06000005", "local-policing-body/E23000013", "local-policing-body/E23000008"]


def _baseline(store: Any, csps: list[str], **kw: Any) -> tuple[Any, Any]:
    """The naive check with every shapes file; if pySHACL rejects one of them, with the combination shapes only."""
    try:
        return naive_check(store, csps, **kw), None
    except Exception as e:  # pySHACL refuses a shapes graph it cannot run (reported in the note)
        only = [resources.shapes_dir() / "combination.shapes.ttl"]
        return naive_check(store, csps, shapes=only, **kw), (only, f"{type(e).__name__}: {str(e).splitlines()[0]}")


def run(runs: int = 5) -> list[Figure]:
    store = open_store("oxigraph", shapes=False)
    figures = []
    cases: list[tuple[str, list[str], dict[str, Any]]] = [
        ("Cleveland single CSP (allowed)", CLEVELAND, {}),
        (
            "Stockton + Darlington, parties missing (not allowed)",
            CROSS,
            {"parties": CROSS_PARTIES, "cooperation_arrangements": False},
        ),
    ]
    for label, csps, kw in cases:
        t0 = time.perf_counter()
        (naive_allowed, naive_results), fallback = _baseline(store, csps, **kw)
        first = time.perf_counter() - t0
        shapes = fallback[0] if fallback else None
        report = check_merger(store, csps, shapes=shapes, **kw)
        assert report.allowed == naive_allowed, "the fast check and the naive check disagree on the verdict"
        assert violation_set(report) == naive_results, "the fast check and the naive check disagree on the results"
        fast_runs = max(runs * 4, 20)

        def one(csps: Any = csps, shapes: Any = shapes, kw: Any = kw) -> None:
            check_merger(store, csps, shapes=shapes, **kw)

        fast = median_time(one, fast_runs, warmup=2)
        naive_runs = max(1, runs // 3)
        times = [first]
        for _ in range(naive_runs - 1):
            t0 = time.perf_counter()
            _baseline(store, csps, **kw)
            times.append(time.perf_counter() - t0)
        note = (
            f"verdict {'allowed' if report.allowed else 'not allowed'} on both, {len(naive_results)} identical "
            f"violations; view {len(report.view or ())} triples, {len(report.focus_nodes)} focus nodes"
        )
        if fallback:
            note += f"; pySHACL rejected the full shapes set ({fallback[1]}), so both sides used combination.shapes.ttl"
        figures.append(
            Figure(
                name=f"merger check: {label}",
                project="check_merger: neighbourhood walk + copy-on-write view + focus-node validation (Oxigraph)",
                baseline="whole landscape copied into rdflib + plain pyshacl.validate over everything",
                project_median_s=fast,
                baseline_median_s=statistics.median(times),
                runs=fast_runs,
                target=">= 40x faster and < 50 ms median",
                note=note + f"; baseline runs {len(times)}",
            )
        )
    return figures
