"""``cspgraph serve`` on the 10x synthetic landscape: cold start, and the resident memory of the whole process tree.

The server and its SPARQL workers are separate processes, so memory is the sum of the resident set sizes (RSS) of
the server process and all its descendants (psutil), sampled every 50 ms: the peak while it starts, and the
steady value after it has answered some pages and SPARQL queries. "One copy of the dataset" is what holding the
10x dataset in memory costs one process: the RSS growth of a Python process loading it into an in-memory Oxigraph
store. Cold start is the time from starting ``cspgraph serve`` to the first 200 from ``/health`` (which the server
gives once its workers are ready), with the on-disk store and what is derived from it (search index and resolver,
per-graph facts) already built for this dataset version: the first start, which builds them, is reported too.

The server keeps its pages on an in-memory store (parsed while its SPARQL workers start) and its SPARQL workers open
the shared on-disk store read-only.
The baseline is the same server with ``CSPGRAPH_DISK_STORE=0``: the dataset parsed into memory by the server and
loaded again by each SPARQL worker from an N-Quads copy, as before the on-disk store.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import psutil

from .common import Figure, free_port

SCALE = 10
_rows: list[dict[str, Any]] = []
COPY_SCRIPT = """
import psutil, sys
from cspgraph.stores import OxigraphStore
p = psutil.Process()
before = p.memory_info().rss
store = OxigraphStore().load_dataset()
print((p.memory_info().rss - before) / 2**20, len(store))
"""


def _home() -> Path:
    from cspgraph.synth import synthesise

    home = Path(os.environ.get("CSPGRAPH_SYNTH_DIR", "/tmp/cspgraph-synth")) / f"x{SCALE}"
    if not (home / "data" / "landscape.ttl").is_file():
        synthesise(SCALE, home)
    return home


def tree_rss_mb(proc: psutil.Process) -> float:
    """The RSS of a process and all its descendants, in MiB."""
    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        with contextlib.suppress(psutil.Error):
            total += p.memory_info().rss
    return total / 2**20


def one_copy_mb(env: dict[str, str]) -> tuple[float, int]:
    out = subprocess.run([sys.executable, "-c", COPY_SCRIPT], env=env, capture_output=True, text=True, check=True)
    mb, quads = out.stdout.split()
    return float(mb), int(quads)


def _get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as r:
            r.read()
            return int(r.status)
    except OSError:
        return 0


def serve(env: dict[str, str], timeout: float = 900) -> dict[str, float]:
    """Start the server, time it to a ready /health, sample the tree's RSS; then some requests; then stop."""
    port = free_port()
    exe = Path(sys.executable).with_name("cspgraph")
    t0 = time.perf_counter()
    popen = subprocess.Popen(
        [str(exe), "serve", "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    proc = psutil.Process(popen.pid)
    peak = 0.0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, tree_rss_mb(proc))
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    base = f"http://127.0.0.1:{port}"
    try:
        while _get(base + "/health") != 200:
            if time.perf_counter() - t0 > timeout or popen.poll() is not None:
                raise RuntimeError("the server did not become ready")
            time.sleep(0.05)
        start = time.perf_counter() - t0
        query = urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?s a ?c }")
        for path in ("/doc/id/csp/E22000365", "/doc/id/police-force-area/E23000008.ttl", f"/sparql?query={query}"):
            for _ in range(5):
                _get(base + path)
        time.sleep(1.0)
        steady = tree_rss_mb(proc)
        return {
            "start_s": start,
            "peak_mb": max(peak, steady),
            "steady_mb": steady,
            "processes": 1 + len(proc.children(recursive=True)),
        }
    finally:
        stop.set()
        sampler.join(5)
        popen.terminate()
        popen.wait(60)


def run(runs: int = 3) -> list[Figure]:
    home = _home()
    cache = Path(tempfile.mkdtemp(prefix="cspgraph-bench-cache-"))
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(CSPGRAPH_HOME=str(home), CSPGRAPH_CACHE_DIR=str(cache))
    copy_mb, quads = one_copy_mb(env)
    build_s = serve(env)["start_s"]  # the first start builds the on-disk store and what is derived from it
    new = serve(env)
    old = serve(dict(env, CSPGRAPH_DISK_STORE="0"))
    _rows[:] = [
        dict(new, name="server in memory, workers on the shared on-disk store"),
        dict(old, name="before: server and each worker in memory"),
    ]
    ratio = new["steady_mb"] / copy_mb
    return [
        Figure(
            name=f"serve at {SCALE}x: cold start",
            project="cspgraph serve: pages on the in-memory store, SPARQL workers on the shared on-disk store",
            baseline="cspgraph serve with CSPGRAPH_DISK_STORE=0 (parsed in memory, a copy per worker)",
            project_median_s=new["start_s"],
            baseline_median_s=old["start_s"],
            runs=1,
            target="< 3 s",
            note=f"{quads} quads; the first start of this dataset version, building the on-disk store and what is "
            f"derived from it: {build_s:.1f} s",
        ),
        Figure(
            name=f"serve at {SCALE}x: whole-tree RSS against one copy of the dataset",
            project=f"steady {new['steady_mb']:.0f} MB, peak {new['peak_mb']:.0f} MB ({new['processes']:.0f} processes)",
            baseline=f"one copy in memory: {copy_mb:.0f} MB; before: steady {old['steady_mb']:.0f} MB, "
            f"peak {old['peak_mb']:.0f} MB",
            project_median_s=new["steady_mb"] / 1000,
            baseline_median_s=copy_mb / 1000,
            runs=1,
            target="tree at most 1.5x one copy (ratio >= 0.67)",
            note=f"tree / one copy = {ratio:.2f} (medians shown as MB/1000)",
        ),
    ]


def report_section() -> str:
    lines = [
        f"## Memory of `cspgraph serve` at {SCALE}x (bench_memory)",
        "",
        "Resident memory of the server and every descendant process (psutil), sampled every 50 ms.",
        "",
        "| server | cold start | peak RSS | steady RSS | processes |",
        "|---|---|---|---|---|",
    ]
    for r in _rows:
        lines.append(
            f"| {r['name']} | {r['start_s']:.2f} s | {r['peak_mb']:.0f} MB | {r['steady_mb']:.0f} MB | "
            f"{r['processes']:.0f} |"
        )
    return "\n".join(lines)
