"""``cspgraph serve`` on the 10x synthetic landscape: cold start, and the resident memory of the whole process tree.

The server and its SPARQL workers are separate processes, so memory is the sum of the resident set sizes (RSS) of
the server process and all its descendants (psutil), sampled every 50 ms: the peak while it starts, and the
steady value after it has answered some pages and SPARQL queries. "One copy of the dataset" is what holding the
10x dataset in memory costs one process: the RSS growth of a Python process loading it into an in-memory Oxigraph
store. Cold start is the time from starting ``cspgraph serve`` to the first 200 from ``/health`` (which the server
gives once its workers are ready), with the on-disk store and what is derived from it (search index and resolver,
per-graph facts) already built for this dataset version: the first start, which builds them, is reported too.

The SPARQL workers open the shared on-disk store read-only; the server reads its pages from the store its
``--pages-store`` setting picks: ``auto`` (the default) serves the 10x landscape (129 MiB of files) from the same
on-disk store, and keeps the 1x landscape (13 MiB) in memory. The 10x server is also measured with ``memory`` (its
own in-memory copy, parsed while the workers start). Page latency is the median of uncached requests (the page cache
off) for a CSP page and a police force area's Turtle document, so the trade-off of the two stores is stated.
The baseline is the same server with ``CSPGRAPH_DISK_STORE=0``: the dataset parsed into memory by the server and
loaded again by each SPARQL worker from an N-Quads copy, as before the on-disk store.
"""

from __future__ import annotations

import contextlib
import json
import os
import statistics
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


#: the uncached requests timed in each run
PAGES = ("/doc/id/csp/E22000365", "/doc/id/police-force-area/E23000008.ttl")


def _home(scale: int = SCALE) -> Path:
    from cspgraph import resources
    from cspgraph.synth import synthesise

    home = Path(os.environ.get("CSPGRAPH_SYNTH_DIR", "/tmp/cspgraph-synth")) / f"x{scale}"
    # a landscape synthesised from another checkout links that checkout's queries, which may lack this one's
    if (
        not (home / "data" / "landscape.ttl").is_file()
        or (home / "queries").resolve() != resources.queries_dir().resolve()
    ):
        synthesise(scale, home)
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


def _timed_ms(url: str, runs: int = 7) -> float:
    """The median milliseconds of ``runs`` requests for ``url`` (after one unmeasured)."""
    _get(url)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        _get(url)
        times.append((time.perf_counter() - t) * 1000)
    return statistics.median(times)


def _pages_store(base: str) -> str:
    with urllib.request.urlopen(base + "/health", timeout=30) as r:
        return str(json.load(r).get("pages_store"))


def serve(env: dict[str, str], timeout: float = 900) -> dict[str, float]:
    """Start the server, time it to a ready /health, sample the tree's RSS; then some requests; then stop."""
    port = free_port()
    t0 = time.perf_counter()
    popen = subprocess.Popen(
        [sys.executable, "-m", "cspgraph", "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
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
        latency = {path: _timed_ms(base + path) for path in PAGES}
        query = urllib.parse.quote("SELECT (COUNT(*) AS ?n) WHERE { ?s a ?c }")
        for path in ("/doc/id/csp/E22000365", "/doc/id/police-force-area/E23000008.ttl", f"/sparql?query={query}"):
            for _ in range(5):
                _get(base + path)
        time.sleep(1.0)
        steady = tree_rss_mb(proc)
        return {
            "pages_store": _pages_store(base),
            **{f"ms {path}": ms for path, ms in latency.items()},
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


def _env(scale: int) -> dict[str, str]:
    """The environment of a server on the synthetic landscape at ``scale``, with an empty store cache of its own."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    cache = tempfile.mkdtemp(prefix=f"cspgraph-bench-cache-x{scale}-")
    # the page cache off: every timed request renders its page
    return dict(env, CSPGRAPH_HOME=str(_home(scale)), CSPGRAPH_CACHE_DIR=cache, CSPGRAPH_PAGE_CACHE="0")


def _measure() -> tuple[dict[str, dict[str, Any]], float, int, float, float]:
    """Each server's figures (the first start of each store kind builds what it keeps beside the on-disk store)."""
    env = _env(SCALE)
    copy_mb, quads = one_copy_mb(env)
    build_s = serve(env)["start_s"]  # the first start builds the on-disk store and what is derived from it
    runs = {"auto": serve(env)}
    memory = dict(env, CSPGRAPH_PAGES_STORE="memory")
    serve(memory)  # the search index and facts of the in-memory copy are kept under their own names
    runs["memory"] = serve(memory)
    runs["before"] = serve(dict(env, CSPGRAPH_DISK_STORE="0"))
    small = _env(1)
    serve(small)
    runs["auto 1x"] = serve(small)
    return runs, copy_mb, quads, build_s, one_copy_mb(small)[0]


def run(runs: int = 3) -> list[Figure]:
    measured, copy_mb, quads, build_s, small_copy_mb = _measure()
    new, mem, old, small = (measured[k] for k in ("auto", "memory", "before", "auto 1x"))
    _rows[:] = [
        dict(new, name=f"{SCALE}x, --pages-store auto: pages and workers on the shared on-disk store"),
        dict(mem, name=f"{SCALE}x, --pages-store memory: pages in memory, workers on the on-disk store"),
        dict(old, name=f"{SCALE}x, before: server and each worker in memory (CSPGRAPH_DISK_STORE=0)"),
        dict(small, name=f"1x, --pages-store auto (one copy: {small_copy_mb:.0f} MB)"),
    ]
    csp, ttl = (f"ms {p}" for p in PAGES)
    return [
        Figure(
            name=f"serve at {SCALE}x: cold start",
            project=f"cspgraph serve --pages-store auto (picked {new['pages_store']}): pages and SPARQL workers on "
            "the shared on-disk store",
            baseline="cspgraph serve with CSPGRAPH_DISK_STORE=0 (parsed in memory, a copy per worker)",
            project_median_s=new["start_s"],
            baseline_median_s=old["start_s"],
            runs=1,
            target="< 3 s",
            note=f"{quads} quads; --pages-store memory: {mem['start_s']:.1f} s; the first start of this dataset "
            f"version, building the on-disk store and what is derived from it: {build_s:.1f} s; 1x auto (picked "
            f"{small['pages_store']}): {small['start_s']:.1f} s",
        ),
        Figure(
            name=f"serve at {SCALE}x: whole-tree RSS against one copy of the dataset",
            project=f"auto: steady {new['steady_mb']:.0f} MB, peak {new['peak_mb']:.0f} MB "
            f"({new['processes']:.0f} processes)",
            baseline=f"one copy in memory: {copy_mb:.0f} MB; memory: steady {mem['steady_mb']:.0f} MB; "
            f"before: steady {old['steady_mb']:.0f} MB, peak {old['peak_mb']:.0f} MB",
            project_median_s=new["steady_mb"] / 1000,
            baseline_median_s=copy_mb / 1000,
            runs=1,
            target="tree at most 1.5x one copy (ratio >= 0.67)",
            note=f"tree / one copy = {new['steady_mb'] / copy_mb:.2f} (auto), {mem['steady_mb'] / copy_mb:.2f} "
            f"(memory); 1x auto: {small['steady_mb'] / small_copy_mb:.2f} (medians shown as MB/1000)",
        ),
        Figure(
            name=f"serve at {SCALE}x: an uncached CSP page, on-disk store against in memory",
            project=f"--pages-store auto (on disk): GET {PAGES[0]}",
            baseline=f"--pages-store memory: the same page (police force area Turtle: {new[ttl]:.0f} ms on disk, "
            f"{mem[ttl]:.0f} ms in memory)",
            project_median_s=new[csp] / 1000,
            baseline_median_s=mem[csp] / 1000,
            runs=7,
            target="stated, not a target: the price of starting without a parse and holding one copy",
            note="median of 7 requests with the page cache off, over HTTP",
        ),
    ]


def report_section() -> str:
    lines = [
        f"## Memory of `cspgraph serve` at {SCALE}x (bench_memory)",
        "",
        "Resident memory of the server and every descendant process (psutil), sampled every 50 ms.",
        "",
        "Page times are medians of 7 uncached requests (page cache off) over HTTP.",
        "",
        "| server | pages from | cold start | peak RSS | steady RSS | processes | CSP page | PFA Turtle |",
        "|---|---|---|---|---|---|---|---|",
    ]
    csp, ttl = (f"ms {p}" for p in PAGES)
    for r in _rows:
        lines.append(
            f"| {r['name']} | {r['pages_store']} | {r['start_s']:.2f} s | {r['peak_mb']:.0f} MB | "
            f"{r['steady_mb']:.0f} MB | {r['processes']:.0f} | {r[csp]:.0f} ms | {r[ttl]:.0f} ms |"
        )
    return "\n".join(lines)
