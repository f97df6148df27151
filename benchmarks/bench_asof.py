"""The landscape on any date: the cost of ``as_of`` against the same work today, in the same run.

* Every named query with ``as_of`` (a past day's view, built once and cached per store and day, as the CLI and the
  server use it) against the same query on the dataset as loaded (what ``cspgraph query run`` does without
  ``--as-of``). Target: within 1.5x. Building the view itself (``cspgraph.asof.in_force``, uncached) is reported.
* ``cspgraph.changes.changes`` between pairs of days, the widest (the first commissioners to the dataset's date)
  included, against one pass over every quad of the store. Target: each pair under 300 ms.
* Full validation of a past day (the view of 1 April 2013, built afresh each run, then the rules in force that day)
  against full validation today. Target: no slower.
* Growth: at 1x, 10x, 30x and 100x synthetic landscapes (:mod:`cspgraph.synth`, as bench_growth makes them; one
  fresh process per scale, ``benchmarks.growth_worker --asof``), building a past day's view, the query library
  with ``as_of`` and as loaded, the widest ``changes`` and the latest view. Target: linear (slope of log time on
  log scale <= 1.15). A scale over its time budget is reported as such.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from functools import partial
from pathlib import Path
from typing import Any

from cspgraph import asof
from cspgraph.asof import in_force, latest
from cspgraph.changes import changes
from cspgraph.queries import QueryRegistry
from cspgraph.stores import open_store
from cspgraph.validate import validate

from .bench_growth import slope
from .common import Figure, median_time

PAST = "2017-06-01"
VALIDATION_DAY = "2013-04-01"
PAIRS = (("2012-11-22", None), ("2017-01-01", "2017-12-31"), ("2022-07-01", "2022-07-01"), ("2019-04-01", "2023-04-01"))
CHANGES_TARGET_S = 0.300
GROWTH_SCALES = (1, 10, 30, 100)
GROWTH_BUDGET_S = 1200  # one worker per scale; a scale over budget is reported as such
_GROWTH: dict[int, dict[str, Any]] = {}

_LAST: dict[str, list[tuple[str, float, float]]] = {}


def _queries(runs: int) -> Figure:
    reg = QueryRegistry()
    store = open_store("oxigraph", shapes=False)
    t0 = time.perf_counter()
    in_force(store, PAST)
    view_s = time.perf_counter() - t0
    rows = []
    for q in reg:
        if q.form != "SELECT":
            continue
        bound = reg.bindings(store, q.name, q.example)  # resolved once: the same terms both ways
        today = median_time(partial(reg.run, store, q.name, **bound), runs)
        dated = median_time(partial(reg.run, store, q.name, as_of=PAST, **bound), runs)
        rows.append((q.name, dated, today))
    _LAST["queries"] = rows
    worst = max(rows, key=lambda r: r[1] / r[2] if r[2] else 0)
    return Figure(
        name=f"named query library with as_of={PAST} ({len(rows)} queries, sum of medians)",
        project="reg.run(store, name, as_of=day): the query on the cached view of that day",
        baseline="reg.run(store, name): the same query on the dataset as loaded",
        project_median_s=sum(r[1] for r in rows),
        baseline_median_s=sum(r[2] for r in rows),
        runs=runs,
        target="ratio >= 0.67 (as_of within 1.5x of today)",
        note=f"building the view of {PAST} once: {view_s * 1000:.0f} ms (then cached per store and day); "
        f"highest per-query ratio dated/today: {worst[0]} {worst[1] / worst[2]:.2f}x",
    )


def _changes(runs: int) -> Figure:
    store = open_store("oxigraph", shapes=False)
    rows = []
    for first, last in PAIRS:
        t = median_time(partial(changes, store, first, last), runs)
        rows.append((f"{first} to {last or latest(store)}", t, 0.0))
    scan = median_time(lambda: sum(1 for _ in store.quads()), runs)
    _LAST["changes"] = [(n, t, scan) for n, t, _ in rows]
    slowest = max(rows, key=lambda r: r[1])
    return Figure(
        name=f"cspgraph changes between two days (slowest of {len(rows)} pairs)",
        project="cspgraph.changes.changes(store, from, to)",
        baseline="one pass over every quad of the store",
        project_median_s=slowest[1],
        baseline_median_s=scan,
        runs=runs,
        target=f"each pair < {CHANGES_TARGET_S * 1000:.0f} ms",
        note=f"slowest pair: {slowest[0]} {slowest[1] * 1000:.0f} ms; "
        f"{sum(r[1] < CHANGES_TARGET_S for r in rows)}/{len(rows)} under {CHANGES_TARGET_S * 1000:.0f} ms",
    )


def _validation(runs: int) -> Figure:
    store = open_store("oxigraph", shapes=False)

    def past() -> None:
        asof._CACHE.clear()  # build the view each run: the whole cost of validating a past day
        validate(in_force(store, VALIDATION_DAY), as_of=VALIDATION_DAY)

    today = median_time(partial(validate, store), runs)
    dated = median_time(past, runs)
    return Figure(
        name=f"full validation as of {VALIDATION_DAY} (view built each run)",
        project="validate(in_force(store, day), as_of=day): that day's landscape, that day's rules",
        baseline="validate(store): today's landscape and rules",
        project_median_s=dated,
        baseline_median_s=today,
        runs=runs,
        target="ratio >= 1 (no slower than today)",
    )


def _growth_at(scale: int, runs: int) -> dict[str, Any] | None:
    from cspgraph.synth import synthesise

    home = Path(os.environ.get("CSPGRAPH_SYNTH_DIR", "/tmp/cspgraph-synth")) / f"x{scale}"
    synthesise(scale, home)  # written afresh, as bench_growth does: the home carries its own copy of queries/
    env = dict(os.environ, CSPGRAPH_HOME=str(home), CSPGRAPH_DISK_STORE="0")
    cmd = [sys.executable, "-m", "benchmarks.growth_worker", str(runs), "--asof"]
    try:
        r = subprocess.run(
            cmd,
            env=env,
            capture_output=True,
            text=True,
            cwd=Path(__file__).resolve().parents[1],
            check=False,
            timeout=GROWTH_BUDGET_S,
        )
    except subprocess.TimeoutExpired:
        return None
    if r.returncode != 0:
        raise RuntimeError(f"as_of growth worker failed at {scale}x: {r.stderr[-2000:]}")
    return dict(json.loads(r.stdout.strip().splitlines()[-1]))


def _growth(runs: int) -> Figure:
    for scale in GROWTH_SCALES:
        res = _growth_at(scale, runs)
        if res is None:
            break  # a larger scale would be over budget too
        _GROWTH[scale] = res
    top = max(_GROWTH)
    slopes = {op: k for op in _growth_ops() if (k := _growth_slope(op)) is not None}
    return Figure(
        name=f"as_of growth: query library on a past day's view at {top}x ({_GROWTH[top]['quads']} quads)",
        project=f"reg.run(store, name, as_of={PAST}) for every query, on the cached view",
        baseline="the same queries on the store as loaded, same scale",
        project_median_s=_GROWTH[top]["query library as_of (cached view)"],
        baseline_median_s=_GROWTH[top]["query library (as loaded)"],
        runs=runs,
        target="every as_of operation linear in the scale (slope <= 1.15)",
        note=f"scales measured: {', '.join(f'{s}x' for s in _GROWTH)}; slopes: "
        + "; ".join(f"{op} {k:.2f}" for op, k in slopes.items()),
    )


def _growth_ops() -> list[str]:
    first = _GROWTH[min(_GROWTH)]
    return [k for k, v in first.items() if isinstance(v, float) and k not in ("load", "quads")]


def _growth_slope(op: str) -> float | None:
    scales = sorted(_GROWTH)
    return slope(scales, [_GROWTH[s][op] for s in scales]) if len(scales) > 1 else None


def run(runs: int = 5) -> list[Figure]:
    return [_queries(runs), _changes(runs), _validation(max(3, runs // 2)), _growth(2)]


def report_section() -> str:
    lines = [
        "## The landscape on any date: as_of against today, per query and per pair of days",
        "",
        f"Named queries: median on the view of {PAST} (cached) and on the dataset as loaded.",
        "",
        "| query | as_of | today | as_of / today |",
        "|---|---|---|---|",
    ]
    for name, dated, today in _LAST.get("queries", []):
        ratio = dated / today if today else float("inf")
        lines.append(f"| {name} | {dated * 1000:.1f} ms | {today * 1000:.1f} ms | {ratio:.2f} |")
    lines += ["", "`cspgraph changes`: median per pair of days.", "", "| days | changes | one pass over the quads |"]
    lines.append("|---|---|---|")
    for name, t, scan in _LAST.get("changes", []):
        lines.append(f"| {name} | {t * 1000:.0f} ms | {scan * 1000:.0f} ms |")
    return "\n".join(lines + _growth_lines()) + "\n"


def _growth_lines() -> list[str]:
    if not _GROWTH:
        return []
    scales = sorted(_GROWTH)
    over = [f"{s}x" for s in GROWTH_SCALES if s not in _GROWTH]
    lines = [
        "",
        f"as_of growth on synthetic landscapes (median seconds; growth is the slope of log time on log scale, 1 = "
        f"linear){'; over the ' + str(GROWTH_BUDGET_S) + ' s budget: ' + ', '.join(over) if over else ''}.",
        "",
        "| operation | " + " | ".join(f"{s}x ({_GROWTH[s]['quads']} quads)" for s in scales) + " | growth |",
        "|---|" + "---|" * (len(scales) + 1),
    ]
    for op in ["load", *_growth_ops()]:
        k = _growth_slope(op)
        verdict = "" if k is None else ("sub-linear" if k < 0.9 else "linear" if k <= 1.15 else "worse than linear")
        cells = " | ".join(f"{_GROWTH[s][op]:.4g} s" for s in scales)
        lines.append(f"| {op} | {cells} | {verdict}{f' (slope {k:.2f})' if k is not None else ''} |")
    return lines
