"""The benchmark runner's report merging: a partial run keeps the other modules' figures and says when they were
measured, and replaces the modules it re-measured."""

from __future__ import annotations

from benchmarks.__main__ import merge_previous
from benchmarks.common import Figure


def _fig(name: str, module: str, project: float) -> Figure:
    return Figure(name, "p", "b", project, 1.0, 3, extra={"module": module})


PREVIOUS = {
    "run": "2026-01-01 00:00 UTC",
    "measured": {"bench_load": "2026-01-01 00:00 UTC", "bench_validate": "2026-01-02 00:00 UTC"},
    "sections": {"bench_growth": "## Growth (old)", "bench_validate": "## Validate (old)"},
    "figures": [
        dict(_fig("load", "bench_load", 0.1).as_dict(), module="bench_load"),
        dict(_fig("validate", "bench_validate", 2.0).as_dict(), module="bench_validate"),
    ],
}


def test_partial_run_keeps_others_and_replaces_its_own() -> None:
    new = [_fig("validate", "bench_validate", 1.0)]
    figures, extras, measured = merge_previous(
        PREVIOUS, ["bench_validate"], new, {"bench_validate": "## Validate (new)"}, {"bench_validate": "now"}
    )
    assert {(f.name, f.project_median_s) for f in figures} == {("load", 0.1), ("validate", 1.0)}
    assert extras == {"bench_growth": "## Growth (old)", "bench_validate": "## Validate (new)"}
    assert measured == {
        "bench_validate": "now",
        "bench_load": "2026-01-01 00:00 UTC",
        "bench_growth": "2026-01-01 00:00 UTC",  # no time of its own: the previous run's
    }


def test_full_run_keeps_nothing() -> None:
    mods = ["bench_growth", "bench_load", "bench_validate"]
    figures, extras, measured = merge_previous(PREVIOUS, mods, [], {}, {m: "now" for m in mods})
    assert figures == [] and extras == {} and set(measured.values()) == {"now"}
