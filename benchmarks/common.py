"""Shared helpers for the benchmarks: timing medians and the Figure record; the loopback server and the Chromium the
browser runs use come from ``devkit``, as for the tests."""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from devkit.browser import CHROMIUM, CHROMIUM_ARGS
from devkit.loopback import ThreadServer, free_port

__all__ = ["CHROMIUM", "CHROMIUM_ARGS", "Figure", "ThreadServer", "free_port", "median_time"]


@dataclass
class Figure:
    """One measured figure: the project's median against the named baseline's median, in the same run."""

    name: str
    project: str
    baseline: str
    project_median_s: float
    baseline_median_s: float
    runs: int
    target: str = ""
    note: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ratio(self) -> float:
        """How many times faster the project is than the baseline."""
        return self.baseline_median_s / self.project_median_s if self.project_median_s else float("inf")

    def as_dict(self) -> dict[str, Any]:
        d = asdict(self)
        d["ratio"] = round(self.ratio, 2)
        return d


def median_time(fn: Callable[[], Any], runs: int = 5, warmup: int = 1) -> float:
    """Median wall-clock seconds of ``fn()`` over ``runs`` runs after ``warmup`` unmeasured runs."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        gc.collect()
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)
