"""The scenario engine: the whole ``pcc-abolition-2028`` check (43 police areas, 314 CSPs) and a one-area scenario
(``mayor-2027-cumbria``), each against re-validating the whole modified landscape with the same shapes in the same
run; how the check grows with the number of police areas a scenario touches (1, 10, 43); and how it grows with the
landscape (synthetic 1x, 10x and 30x landscapes, ``cspgraph.synth``), each scale measured in a fresh process
(``benchmarks.scenario_growth_worker``) with the slope of log(time) on log(scale) as bench_growth reports it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from cspgraph.scenario import apply, check_scenario, load
from cspgraph.scenario.check import fixed_quads
from cspgraph.scenario.model import Scenario
from cspgraph.stores import open_store
from cspgraph.validate import validate

from .bench_growth import slope
from .common import Figure, median_time

#: synthetic scales measured (100x is left out: on the shared 2-core machine one scale's first whole check alone,
#: which validates the whole dated landscape once, would take tens of minutes)
SCALES = (1, 10, 30)
SCALE_BUDGET_S = 1800  # per scale; a scale over budget is reported as such
_GROWTH: dict[int, dict[str, Any]] = {}
#: the operations reported, worker key -> what it is
OPERATIONS = {
    "one-area check": "one-area scenario (mayor-2027-cumbria), dated view kept",
    "one-area check, first (dated view and its validation)": "one-area scenario, first check on the day",
    "whole check": "whole pcc-abolition-2028-style scenario (derived per landscape), dated view kept",
    "whole check, first (dated view and its validation)": "whole pcc-abolition-2028-style scenario, first check",
    "derive pcc-abolition-2028": "deriving the whole scenario (cspgraph.scenario.derive.pcc_abolition)",
}


def whole_modified(store: Any, sc: Scenario) -> tuple[ox.Store, list[Any]]:
    """The baseline's input: the whole landscape in force on the date, with the scenario's edits, as one store."""
    applied = apply(store, sc)
    st = ox.Store()
    base = applied.base
    st.extend(
        ox.Quad(q.subject, q.predicate, q.object)
        for q in base.quads()
        if ox.Triple(q.subject, q.predicate, q.object) not in applied.edit.removed
    )
    st.extend(fixed_quads(base))
    st.extend(ox.Quad(t.subject, t.predicate, t.object) for t in applied.edit.added)
    return st, applied.focus()


def baseline(store: Any, sc: Scenario) -> Any:
    """Apply the scenario to a copy of the whole landscape and validate all of it with the same shapes."""
    st, _ = whole_modified(store, sc)
    return validate(st, include_ontology=False)


def _violations(results: Any, focus: set[str]) -> set[tuple[str, str, str | None]]:
    return {
        (r.source_shape, r.focus_node, r.value)
        for r in results
        if r.severity.value == "Violation" and r.focus_node in focus
    }


def _agree(store: Any, sc: Scenario) -> str:
    """Check that the engine's focus-node results equal the whole re-validation's for the same nodes."""
    from cspgraph.scenario.check import findings

    applied = apply(store, sc)
    focus = {str(f) for f in applied.focus()}
    engine = _violations(findings(applied.after, applied.focus()), focus)
    full = _violations(baseline(store, sc).results, focus)
    missing, extra = full - engine, engine - full
    return f"{len(engine)} focus violations, {len(missing)} missed and {len(extra)} extra against the whole run"


def _subset(sc: Scenario, areas: int) -> Scenario:
    """The first ``areas`` police areas' changes of a scenario (for the growth figure)."""
    out, seen = [], []
    for c in sc.changes:
        key = c.get("area") or c.get("body", "").rsplit("/", 1)[-1]
        if key not in seen:
            seen.append(key)
        if seen.index(key) < areas:
            out.append(c)
    return Scenario(sc.name, sc.date, sc.status, out, sc.title)


def run(runs: int = 5) -> list[Figure]:
    store = open_store("oxigraph", shapes=False)
    out = []
    for name, target in (("pcc-abolition-2028", "< 1 s median"), ("mayor-2027-cumbria", "< 50 ms median")):
        sc = load(name)
        report = check_scenario(store, sc)
        agree = _agree(store, sc)
        fast = median_time(lambda sc=sc: check_scenario(store, sc), runs, warmup=1)
        t0 = time.perf_counter()
        slow = median_time(lambda sc=sc: baseline(store, sc), max(1, runs // 2), warmup=0)
        _ = t0
        out.append(
            Figure(
                name=f"scenario check: {name}",
                project="check_scenario: dated view + edit + focus-node validation on the neighbourhood view after the changes, or on the kept working copy of the landscape with the edits made and undone when the scenario touches over 1/8 of it (the dated landscape's own results kept per day)",
                baseline="the whole modified landscape copied into one store and validated whole, same shapes",
                project_median_s=fast,
                baseline_median_s=slow,
                runs=runs,
                target=target,
                note=f"{len(report.areas)} police areas, {len(report.csps)} CSPs, {report.focus_count} focus nodes, "
                f"validated on {report.view_size} triples; {agree}",
            )
        )
    pcc = load("pcc-abolition-2028")
    growth = {n: median_time(lambda n=n: check_scenario(store, _subset(pcc, n)), max(3, runs // 2), warmup=1)
              for n in (1, 10, 43)}  # fmt: skip
    out.append(
        Figure(
            name="scenario check growth: 1, 10 and 43 police areas of pcc-abolition-2028",
            project="check_scenario on the first N areas' changes",
            baseline="the 1-area check x N (linear)",
            project_median_s=growth[43],
            baseline_median_s=growth[1] * 43,
            runs=max(3, runs // 2),
            target="linear or better in the areas touched (ratio >= 1)",
            note=", ".join(f"{n} areas {v * 1000:.0f} ms" for n, v in growth.items()),
        )
    )
    return out + landscape_growth(runs)


def _home(scale: int) -> Path:
    """A synthetic CSPGRAPH_HOME of ``scale`` (under CSPGRAPH_SYNTH_DIR, default /tmp/cspgraph-synth), written once."""
    from cspgraph.synth import synthesise

    home = Path(os.environ.get("CSPGRAPH_SYNTH_DIR", "/tmp/cspgraph-synth")) / f"x{scale}"
    if not (home / "data" / "landscape.ttl").is_file():
        synthesise(scale, home)
    return home


def _measure(scale: int, runs: int) -> dict[str, Any] | None:
    """The worker's figures on the ``scale`` landscape, or None over :data:`SCALE_BUDGET_S`."""
    env = dict(os.environ, CSPGRAPH_HOME=str(_home(scale)))
    cmd = [sys.executable, "-m", "benchmarks.scenario_growth_worker", str(runs)]
    here = Path(__file__).resolve().parent.parent
    try:
        r = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=here, check=False, timeout=SCALE_BUDGET_S)
    except subprocess.TimeoutExpired:
        return None
    if r.returncode != 0:
        raise RuntimeError(f"scenario growth worker failed at {scale}x: {r.stderr[-2000:]}")
    return dict(json.loads(r.stdout.strip().splitlines()[-1]))


def landscape_growth(runs: int) -> list[Figure]:
    """One figure per operation: the median at the largest scale measured against the 1x median times the scale
    (linear growth), with the slope over every scale measured."""
    for scale in SCALES:
        found = _measure(scale, max(2, runs // 2))
        if found is not None:
            _GROWTH[scale] = found
    scales = sorted(_GROWTH)
    if len(scales) < 2 or scales[0] != 1:
        return []
    top = scales[-1]
    out = []
    for key, what in OPERATIONS.items():
        ys = [float(_GROWTH[s][key]) for s in scales]
        out.append(
            Figure(
                name=f"scenario growth with the landscape: {what}",
                project=f"median at {top}x",
                baseline=f"the 1x median x {top} (linear growth)",
                project_median_s=ys[-1],
                baseline_median_s=ys[0] * top,
                runs=max(2, runs // 2),
                target="linear or better in the landscape (slope <= 1.15, ratio >= 1)",
                note=f"slope {slope(scales, ys):.2f}; "
                + ", ".join(f"{s}x {y:.3g} s" for s, y in zip(scales, ys, strict=True)),
            )
        )
    return out


def report_section() -> str:
    """The growth table, as bench_growth writes its own."""
    if not _GROWTH:
        return ""
    scales = sorted(_GROWTH)
    head = " | ".join(
        f"{s}x ({_GROWTH[s]['quads']} quads, {_GROWTH[s]['police areas']} areas, {_GROWTH[s]['focus nodes']} focus nodes)"
        for s in scales
    )
    lines = [
        "## Scenario engine growth: synthetic landscapes",
        "",
        "`cspgraph synth --scale N` landscapes; the whole scenario is derived from each as `cspgraph build` derives "
        'pcc-abolition-2028, so it touches every copy\'s police areas. Seconds (medians; a "first" check is one '
        "run). Growth is the least-squares slope of log(time) on log(scale) (1 = linear). "
        + ", ".join(f"{s}x over the {SCALE_BUDGET_S} s budget" for s in SCALES if s not in _GROWTH),
        "",
        f"| operation | {head} | growth |",
        "|---|" + "---|" * (len(scales) + 1),
    ]
    for key, what in OPERATIONS.items():
        ys = [float(_GROWTH[s][key]) for s in scales]
        k = slope(scales, ys) if len(scales) > 1 else float("nan")
        verdict = "sub-linear" if k < 0.9 else "linear" if k <= 1.15 else "worse than linear"
        lines.append(f"| {what} | " + " | ".join(f"{y:.4g} s" for y in ys) + f" | {verdict} (slope {k:.2f}) |")
    return "\n".join(lines)
