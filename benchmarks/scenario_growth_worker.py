"""Measure the scenario engine on one CSPGRAPH_HOME (run in a fresh process per scale by bench_scenario).

The whole-landscape scenario is derived from the landscape loaded, as ``cspgraph build`` derives
``pcc-abolition-2028`` (:func:`cspgraph.scenario.derive.pcc_abolition`): on a synthetic landscape it covers every
copy's police areas. The one-area scenario is the repository's ``mayor-2027-cumbria`` (copy 1 is the real landscape).
Prints one JSON object: seconds per operation, the quad count and the size of the derived scenario.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .common import median_time


def timed_once(fn: Callable[[], Any]) -> tuple[float, Any]:
    t0 = time.perf_counter()
    value = fn()
    return time.perf_counter() - t0, value


def main() -> int:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 3
    from cspgraph.scenario import check_scenario, load
    from cspgraph.scenario.derive import pcc_abolition
    from cspgraph.stores import OxigraphStore

    out: dict[str, Any] = {}
    out["load"], store = timed_once(lambda: OxigraphStore().load_dataset())
    out["quads"] = len(store)
    out["derive pcc-abolition-2028"], whole = timed_once(lambda: pcc_abolition(store))
    out["changes"] = len(whole.changes)
    out["police areas"] = len({c.get("area") for c in whole.changes if c.get("area")})
    one = load(Path(__file__).resolve().parents[1] / "data" / "scenarios" / "mayor-2027-cumbria.json")
    out["one-area check, first (dated view and its validation)"], _ = timed_once(lambda: check_scenario(store, one))
    out["one-area check"] = median_time(lambda: check_scenario(store, one), runs, warmup=0)
    out["whole check, first (dated view and its validation)"], report = timed_once(lambda: check_scenario(store, whole))
    out["focus nodes"] = report.focus_count
    out["whole check"] = median_time(lambda: check_scenario(store, whole), max(1, runs // 2), warmup=0)
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
