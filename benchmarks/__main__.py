"""``python -m benchmarks [NAME ...]``: run the benchmarks and write benchmarks/REPORT.md and report.json."""

from __future__ import annotations

import argparse
import fcntl
import importlib
import json
import os
import pkgutil
import platform
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cspgraph.progress import progress

from .common import Figure  # noqa: E402

HERE = Path(__file__).resolve().parent


def machine() -> dict[str, str]:
    import pyoxigraph
    import rdflib

    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": str(os.cpu_count()),
        "rdflib": rdflib.__version__,
        "pyoxigraph": getattr(pyoxigraph, "__version__", "?"),
    }


#: the modules measured against the fair baselines, listed first in the report
FAIR = ("bench_fair", "bench_cli", "bench_remote", "bench_throughput", "bench_memory")


def _order(module: str) -> tuple[int, str]:
    return (FAIR.index(module), "") if module in FAIR else (len(FAIR), module)


def write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    with os.fdopen(fd, "w") as fh:
        fh.write(text)
    os.replace(tmp, path)


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")


def merge_previous(
    previous: dict[str, Any],
    mods: list[str],
    figures: list[Figure],
    extras: dict[str, str],
    measured: dict[str, str],
) -> tuple[list[Figure], dict[str, str], dict[str, str]]:
    """Keep the figures, sections and measuring times of the modules this run did not measure (``mods``)."""
    kept = [f for f in previous.get("figures", []) if f.get("module") and f.get("module") not in mods]
    extras = {k: v for k, v in previous.get("sections", {}).items() if k not in mods} | extras
    figures = [Figure(**{k: v for k, v in d.items() if k not in ("ratio", "module")}) for d in kept] + figures
    before = previous.get("measured") or {}
    measured = dict(measured)
    for module in {str(d.get("module")) for d in kept} | set(previous.get("sections", {})):
        if module not in mods:
            measured.setdefault(module, before.get(module, previous.get("run", "an earlier run")))
    return figures, extras, measured


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    ap.add_argument("names", nargs="*", help="benchmark modules to run (default: all bench_*)")
    ap.add_argument("--runs", type=int, default=5, help="measured runs per figure (default 5)")
    ap.add_argument("--no-write", action="store_true", help="print only; do not rewrite REPORT.md")
    ap.add_argument("--quiet", action="store_true", help="no progress display (shown only when stderr is a terminal)")
    args = ap.parse_args(argv)
    mods = sorted(m.name for m in pkgutil.iter_modules([str(HERE)]) if m.name.startswith("bench_"))
    if args.names:
        unknown = [n for n in args.names if n not in mods and f"bench_{n}" not in mods]
        if unknown:
            print(f"unknown benchmark(s) {unknown}; known: {mods}", file=sys.stderr)
            return 2
        mods = [m for m in mods if m in args.names or m.removeprefix("bench_") in args.names]
    extras: dict[str, str] = {}
    figures = []
    measured: dict[str, str] = {}  # module -> when it was measured (a partial run keeps the others' times)
    # No redrawing between steps: a drawing thread would share the CPU with what is being measured.
    with progress(len(mods), quiet=args.quiet, description="benchmarks", animate=False) as step:
        for name in mods:
            measured[name] = _now()
            step(f"running {name}")
            mod = importlib.import_module(f"benchmarks.{name}")
            for f in mod.run(runs=args.runs):
                f.extra["module"] = name
                figures.append(f)
            if hasattr(mod, "report_section"):
                extras[name] = mod.report_section()
    if not args.no_write:
        lock = open(HERE / ".report.lock", "w")  # noqa: SIM115 - held until the report is written
        fcntl.flock(lock, fcntl.LOCK_EX)
        # A partial run (some modules named) keeps the other modules' figures from the last report.json, read now so
        # that runs of disjoint modules side by side merge.
        previous = json.loads((HERE / "report.json").read_text()) if (HERE / "report.json").is_file() else {}
        figures, extras, measured = merge_previous(previous, mods, figures, extras, measured)
    measured = dict(sorted(measured.items()))
    figures.sort(key=lambda f: _order(str(f.extra.get("module", ""))))
    extras = dict(sorted(extras.items(), key=lambda kv: _order(kv[0])))
    info = machine()
    stamp = _now()
    lines = [
        "# cspgraph benchmark report",
        "",
        f"Run {stamp} with `make bench` on {info['cpus']} CPUs, Python {info['python']}, rdflib {info['rdflib']}, "
        f"pyoxigraph {info['pyoxigraph']} ({info['platform']}).",
        "Each figure is the median of the runs, measured in the same run as its baseline; ratio = baseline / project.",
        "The first figures (" + ", ".join(FAIR) + ") are against the baselines a competent user would pick: pySHACL on "
        "Oxigraph, Oxigraph's own command line and server, a native load generator; the older figures after them "
        "compare with rdflib's in-memory engine and a Python load client.",
    ]
    if len(set(measured.values())) > 1:
        lines.append(
            "Modules were measured at different times (a partial run keeps the others' figures): "
            + "; ".join(f"{m} {t}" for m, t in measured.items())
            + "."
        )
    lines += [
        "",
        "| figure | project | baseline | project median | baseline median | ratio | target | note |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for f in figures:
        lines.append(
            f"| {f.name} | {f.project} | {f.baseline} | {f.project_median_s * 1000:.1f} ms | "
            f"{f.baseline_median_s * 1000:.1f} ms | {f.ratio:.1f}× | {f.target} | {f.note} |"
        )
    for section in extras.values():
        lines += ["", section]
    report = "\n".join(lines) + "\n"
    print(report)
    if not args.no_write:
        write_atomic(HERE / "REPORT.md", report)
        write_atomic(
            HERE / "report.json",
            json.dumps(
                {
                    "machine": info,
                    "run": stamp,
                    "measured": measured,
                    "sections": extras,
                    "figures": [dict(f.as_dict(), module=f.extra.get("module")) for f in figures],
                },
                indent=2,
            ),
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
