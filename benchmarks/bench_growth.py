"""How cost grows: load, validation, merger check, the query library and resource GETs on synthetic landscapes 1x,
10x and 100x the real one, plus peak resident memory of ``cspgraph serve`` at each scale."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .common import Figure, free_port

HERE = Path(__file__).resolve().parent
SCALES = (1, 10, 100)
VALIDATION_BUDGET_S = 240  # one full validation per scale; a run over budget is reported as such
_RESULTS: dict[int, dict[str, Any]] = {}


def _home(scale: int) -> Path:
    from cspgraph.synth import synthesise

    home = Path(os.environ.get("CSPGRAPH_SYNTH_DIR", "/tmp/cspgraph-synth")) / f"x{scale}"
    synthesise(scale, home)
    return home


def serve_peak_rss_mb(home: Path, timeout: float = 600) -> float:
    """Start ``cspgraph serve`` on the home, wait for /health, and read its peak resident memory (VmHWM)."""
    port = free_port()
    env = dict(os.environ, CSPGRAPH_HOME=str(home))
    exe = Path(sys.executable).with_name("cspgraph")
    proc = subprocess.Popen(
        [str(exe), "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.time() + timeout
        while time.time() < deadline:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        else:
            raise RuntimeError("server did not answer /health in time")
        status = Path(f"/proc/{proc.pid}/status").read_text()
        kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM"))
        return kb / 1024
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def slope(xs: Sequence[float], ys: Sequence[float]) -> float:
    """Least-squares slope of log(y) on log(x): 1 is linear growth, 2 quadratic."""
    lx = [math.log(x) for x in xs]
    ly = [math.log(max(y, 1e-9)) for y in ys]
    mx, my = sum(lx) / len(lx), sum(ly) / len(ly)
    return sum((a - mx) * (b - my) for a, b in zip(lx, ly, strict=True)) / sum((a - mx) ** 2 for a in lx)


def run(runs: int = 3) -> list[Figure]:
    for scale in SCALES:
        home = _home(scale)
        env = dict(os.environ, CSPGRAPH_HOME=str(home))
        r = subprocess.run(
            [sys.executable, "-m", "benchmarks.growth_worker", str(runs)],
            env=env,
            capture_output=True,
            text=True,
            cwd=HERE.parent,
            check=False,
        )
        if r.returncode != 0:
            raise RuntimeError(f"growth worker failed at {scale}x: {r.stderr[-2000:]}")
        res = json.loads(r.stdout.strip().splitlines()[-1])
        try:
            v = subprocess.run(
                [sys.executable, "-m", "benchmarks.growth_worker", "--validation-only"],
                env=env,
                capture_output=True,
                text=True,
                cwd=HERE.parent,
                check=False,
                timeout=VALIDATION_BUDGET_S,
            )
            res.update(json.loads(v.stdout.strip().splitlines()[-1]))
        except subprocess.TimeoutExpired:
            res["full validation"] = None  # over budget: reported as "> budget"
        res["serve peak RSS (MB)"] = serve_peak_rss_mb(home)
        _RESULTS[scale] = res
    _plot()
    return []


def _operations() -> list[str]:
    first = _RESULTS[SCALES[0]]
    return [k for k, v in first.items() if isinstance(v, float) and k != "serve peak RSS (MB)"]


def _measured(op: str) -> tuple[list[int], list[float]]:
    pts = [(s, _RESULTS[s].get(op)) for s in SCALES]
    return [s for s, y in pts if y is not None], [float(y) for _, y in pts if y is not None]


def _plot() -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return
    fig, ax = plt.subplots(figsize=(7, 4.5))
    for op in _operations():
        xs, ys = _measured(op)
        ax.loglog(xs, ys, marker="o", label=op)
    ax.loglog(SCALES, [_RESULTS[1][_operations()[0]] * s for s in SCALES], "k:", label="linear reference")
    ax.set_xlabel("landscape scale (× the real one)")
    ax.set_ylabel("median seconds")
    ax.set_title("cspgraph: how cost grows")
    ax.legend(fontsize=7)
    fig.tight_layout()
    fig.savefig(HERE / "growth.png", dpi=110)


def report_section() -> str:
    if not _RESULTS:
        return ""
    quads = [_RESULTS[s]["quads"] for s in SCALES]
    lines = [
        "## Growth: 1x, 10x, 100x synthetic landscapes",
        "",
        "`cspgraph synth --scale N` multiplies the real landscape N times with the same shape. Medians in seconds; "
        "growth is the least-squares slope of log(time) on log(scale) (1 = linear).",
        "",
        "| operation | " + " | ".join(f"{s}x ({q} quads)" for s, q in zip(SCALES, quads, strict=True)) + " | growth |",
        "|---|" + "---|" * (len(SCALES) + 1),
    ]
    for op in _operations() + ["serve peak RSS (MB)"]:
        xs, ys = _measured(op)
        unit = "" if "MB" in op else " s"
        cells = " | ".join(
            f"{float(y):.4g}{unit}" if (y := _RESULTS[s].get(op)) is not None else f"> {VALIDATION_BUDGET_S} s"
            for s in SCALES
        )
        if len(xs) < len(SCALES):
            verdict = "worse than linear (over budget at the largest scale)"
        else:
            k = slope(xs, ys)
            verdict = (
                "sub-linear" if k < 0.9 else "linear" if k <= 1.15 else "worse than linear"
            ) + f" (slope {k:.2f})"
        lines.append(f"| {op} | {cells} | {verdict} |")
    lines += ["", "![growth](growth.png)"]
    return "\n".join(lines)
