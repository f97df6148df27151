"""Measure the operations of one CSPGRAPH_HOME (run in a fresh process per scale by bench_growth).

Prints one JSON object: median seconds per operation, and the quad count.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .common import median_time

CLEVELAND = ["E22000027", "E22000028", "E22000029", "E22000030"]
ASOF_DAY = "2017-06-01"  # bench_asof's past day
CHANGES_FROM = "2012-11-22"  # the first police and crime commissioners: the widest pair of bench_asof


def timed_once(fn: Callable[[], Any]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 3
    from cspgraph.stores import OxigraphStore

    out: dict[str, Any] = {}
    holder: dict[str, Any] = {}

    def load() -> None:
        holder["store"] = OxigraphStore().load_dataset()

    out["load"] = timed_once(load)
    store = holder["store"]
    out["quads"] = len(store)

    if "--asof" in sys.argv:
        print(json.dumps({**asof_operations(store, runs), "quads": out["quads"], "load": out["load"]}))
        return 0
    if "--validation-only" in sys.argv:
        from cspgraph.validate import validate

        print(json.dumps({"full validation": timed_once(lambda: validate(store))}))
        return 0
    try:
        from cspgraph.merger import check_merger

        out["merger check (Cleveland)"] = median_time(lambda: check_merger(store, CLEVELAND), runs)
    except ImportError:
        pass
    try:  # the repository's scenario file: a synthetic home has no data/scenarios/ (copy 1 is the real landscape)
        from cspgraph.scenario import check_scenario, load

        cumbria = load(Path(__file__).resolve().parents[1] / "data" / "scenarios" / "mayor-2027-cumbria.json")
        out["scenario check (one area)"] = median_time(lambda: check_scenario(store, cumbria), runs)
    except ImportError:
        pass
    try:
        from cspgraph.queries import QueryRegistry

        registry = QueryRegistry()

        def library() -> None:
            for q in registry:
                registry.run(store, q.name, **q.example)

        out["query library"] = median_time(library, runs)
    except (ImportError, AttributeError, TypeError):
        pass
    try:
        from fastapi.testclient import TestClient

        from cspgraph.api import create_app

        with TestClient(create_app(store=store)) as client:
            paths = ["/id/csp/E22000365", "/id/police-force-area/E23000008", "/id/local-policing-body/E23000013"]

            def gets() -> None:
                for p in paths:
                    r = client.get(p, headers={"Accept": "text/turtle"}, follow_redirects=True)
                    r.raise_for_status()

            out["resource GET (3 pages)"] = median_time(gets, runs)
    except Exception as e:  # the server may not serve resources yet
        out["resource GET error"] = str(e)[:200]
    print(json.dumps(out))
    return 0


def asof_operations(store: Any, runs: int) -> dict[str, float]:
    """The landscape on a day at this scale: building the view of a past day (once, uncached), the query library on
    that view (cached, as the CLI and the server use it) and on the store as loaded, and the widest ``changes``."""
    from cspgraph import asof
    from cspgraph.asof import in_force, latest
    from cspgraph.changes import changes
    from cspgraph.queries import QueryRegistry

    registry = QueryRegistry()
    selects = [q for q in registry if q.form == "SELECT"]
    bound = {q.name: registry.bindings(store, q.name, q.example) for q in selects}  # resolved once, both ways
    out = {"view of a past day (in_force, built once)": timed_once(lambda: in_force(store, ASOF_DAY))}

    def library(day: str | None) -> None:
        for q in selects:
            registry.run(store, q.name, as_of=day, **bound[q.name])

    out["query library as_of (cached view)"] = median_time(lambda: library(ASOF_DAY), runs)
    out["query library (as loaded)"] = median_time(lambda: library(None), runs)
    out["changes (widest pair)"] = median_time(lambda: changes(store, CHANGES_FROM, latest(store)), runs)
    asof._CACHE.clear()  # one view in memory at a time: at 100x each is a copy of millions of quads
    out["latest view (in_force of cspg:asOf)"] = timed_once(lambda: in_force(store, latest(store) or ASOF_DAY))
    return out


if __name__ == "__main__":
    raise SystemExit(main())
