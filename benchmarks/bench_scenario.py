"""The scenario engine: the whole ``pcc-abolition-2028`` check (43 police areas, 314 CSPs) and a one-area scenario
(``mayor-2027-cumbria``), each against re-validating the whole modified landscape with the same shapes in the same
run; and how the check grows with the number of police areas a scenario touches (1, 10, 43)."""

from __future__ import annotations

import time
from typing import Any

import pyoxigraph as ox

from cspgraph.scenario import apply, check_scenario, load
from cspgraph.scenario.check import fixed_quads
from cspgraph.scenario.model import Scenario
from cspgraph.stores import open_store
from cspgraph.validate import validate

from .common import Figure, median_time


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
    return out
