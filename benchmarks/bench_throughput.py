"""Server throughput measured with a native load generator (``wrk``, Debian's package; ``make loadgen``).

A Python load client tops out near the servers' own rate on this machine, so it measures itself; ``wrk`` does not.
Both servers run on loopback on the same data: the app (``uvicorn cspgraph.api.app:create_app``,
``CSPGRAPH_BENCH_WORKERS`` uvicorn workers, default 2; pages from its in-memory store, public SPARQL from workers on
the on-disk store of this dataset version, :mod:`cspgraph.stores.disk`) and ``oxigraph serve-read-only --location``
on that same on-disk store. The same statements are asked
of both: the app's page of a CSP (``/doc/id/csp/<code>``, HTML or Turtle) against Oxigraph's answer to the SPARQL
CONSTRUCT of that CSP's description (its statements and the links to it) as Turtle. The requests cycle through 60
CSPs (a Lua script); ``wrk`` runs ``CONCURRENCY`` connections on 2 threads for ``SECONDS`` per round, the two
servers interleaved round by round. "Uncached" is a second app started with ``CSPGRAPH_PAGE_CACHE=0``, so each
request reads the store and renders. Ratio = app requests/s / Oxigraph requests/s (medians of the rounds).
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from devkit.loopback import wait_until_answers

from .common import Figure, free_port

SECONDS = float(os.environ.get("CSPGRAPH_BENCH_SECONDS", "5"))
CONCURRENCY = int(os.environ.get("CSPGRAPH_BENCH_CONCURRENCY", "16"))
APP_WORKERS = int(os.environ.get("CSPGRAPH_BENCH_WORKERS", "2"))
DESCRIBE = "CONSTRUCT { <IRI> ?p ?o . ?s ?q <IRI> } WHERE { { <IRI> ?p ?o } UNION { ?s ?q <IRI> } }"
_rows: list[dict[str, Any]] = []
LUA = """
paths = {PATHS}
i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i], {ACCEPT})
end
"""


@contextmanager
def servers() -> Iterator[tuple[str, str, str]]:
    """(app URL, app-without-page-cache URL, Oxigraph URL), all on the same on-disk store."""
    from cspgraph.stores.disk import ensure_disk_store

    oxigraph = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if not oxigraph:
        raise RuntimeError("the oxigraph server is not installed (pip install oxigraph)")
    location = ensure_disk_store()
    ports = free_port(), free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(CSPGRAPH_SPARQL_WORKERS="1", CSPGRAPH_STORE="oxigraph")
    procs = []

    def app(port: int, cache: int) -> subprocess.Popen[bytes]:
        cmd = [sys.executable, "-m", "uvicorn", "cspgraph.api.app:create_app", "--factory", "--host", "127.0.0.1"]
        cmd += ["--port", str(port), "--workers", str(APP_WORKERS), "--log-level", "warning", "--no-access-log"]
        return subprocess.Popen(
            cmd, env=dict(env, CSPGRAPH_PAGE_CACHE=str(cache)), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )

    try:
        procs.append(app(ports[0], 4096))
        procs.append(app(ports[1], 0))
        cmd = [oxigraph, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{ports[2]}"]
        procs.append(
            subprocess.Popen([*cmd, "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        )
        urls = tuple(f"http://127.0.0.1:{p}" for p in ports)
        wait_until_answers(urls[0] + "/health", procs[0])
        wait_until_answers(urls[1] + "/health", procs[1])
        wait_until_answers(urls[2] + "/query?query=ASK%7B%7D", procs[2])
        yield urls  # type: ignore[misc]
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            p.wait(60)


def wrk(url: str, paths: list[str], accept: str, seconds: float) -> dict[str, float]:
    """One wrk round: requests/s, and the latency percentiles it reports."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        quoted = ", ".join('"' + p.replace("\\", "\\\\").replace('"', '\\"') + '"' for p in paths)
        fh.write(LUA.replace("{PATHS}", "{" + quoted + "}").replace("{ACCEPT}", '{["Accept"] = "' + accept + '"}'))
        script = fh.name
    try:
        cmd = ["wrk", "-t2", f"-c{CONCURRENCY}", f"-d{seconds:g}s", "--latency", "-s", script, url]
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    finally:
        os.unlink(script)
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if bad:
        raise RuntimeError(f"{bad.group(1)} requests to {url} failed:\n{out}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    return {"rps": rps, "p50": _ms(out, "50%"), "p99": _ms(out, "99%")}


def _ms(out: str, pct: str) -> float:
    m = re.search(rf"^\s+{re.escape(pct)}\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
    if not m:
        return float("nan")
    return float(m.group(1)) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]


def _scenario(
    name: str, app: tuple[str, list[str], str], oxi: tuple[str, list[str], str], rounds: int, target: str
) -> Figure:
    wrk(*app, 1.0)  # warm: page caches, connections, the workers' first queries
    wrk(*oxi, 1.0)
    a_runs, o_runs = [], []
    for _ in range(rounds):
        a_runs.append(wrk(*app, SECONDS))
        o_runs.append(wrk(*oxi, SECONDS))
    a = {k: statistics.median(r[k] for r in a_runs) for k in ("rps", "p50", "p99")}
    o = {k: statistics.median(r[k] for r in o_runs) for k in ("rps", "p50", "p99")}
    _rows.append({"name": name, "app": a, "oxigraph": o})
    return Figure(
        name=name,
        project=f"cspgraph app (uvicorn, {APP_WORKERS} workers, in-memory store; SPARQL workers on the on-disk store)",
        baseline="oxigraph serve-read-only on the same store: CONSTRUCT of the same statements, Turtle",
        project_median_s=1 / a["rps"],
        baseline_median_s=1 / o["rps"],
        runs=rounds,
        target=target,
        note=f"wrk, {CONCURRENCY} connections × {SECONDS:g} s; app {a['rps']:.0f} req/s (p99 {a['p99']:.1f} ms); "
        f"oxigraph {o['rps']:.0f} req/s (p99 {o['p99']:.1f} ms)",
    )


def run(runs: int = 5) -> list[Figure]:
    from cspgraph.stores import open_store

    if not shutil.which("wrk"):
        raise RuntimeError("wrk is not installed: run make loadgen (Debian's wrk package)")
    store = open_store("oxigraph", shapes=False, disk=True)
    cls = "<https://w3id.org/cspgraph/def/CommunitySafetyPartnership>"
    csps = sorted(str(r["csp"]) for r in store.select(f"SELECT ?csp WHERE {{ ?csp a {cls} }}"))[:60]
    base = "https://w3id.org/cspgraph/"
    pages = [f"/doc/{c[len(base) :]}" for c in csps]
    turtle = [p + ".ttl" for p in pages]
    described = ["/query?query=" + urllib.parse.quote(DESCRIBE.replace("IRI", c)) for c in csps]
    rounds = max(1, min(runs, 3))
    _rows.clear()
    with servers() as (app_url, cold_url, ox_url):
        oxi = (ox_url, described, "text/turtle")
        return [
            _scenario(
                "throughput (wrk): profile page, HTML, cached",
                (app_url, pages, "text/html"),
                oxi,
                rounds,
                ">= 0.75x oxigraph",
            ),
            _scenario(
                "throughput (wrk): resource, Turtle, cached",
                (app_url, turtle, "text/turtle"),
                oxi,
                rounds,
                ">= 0.75x oxigraph",
            ),
            _scenario(
                "throughput (wrk): profile page, HTML, uncached",
                (cold_url, pages, "text/html"),
                oxi,
                rounds,
                ">= 0.25x oxigraph",
            ),
            _scenario(
                "throughput (wrk): resource, Turtle, uncached",
                (cold_url, turtle, "text/turtle"),
                oxi,
                rounds,
                ">= 0.25x oxigraph",
            ),
        ]


def report_section() -> str:
    lines = [
        "## Server throughput with a native load generator (bench_throughput)",
        "",
        f"wrk on loopback, {CONCURRENCY} connections, {SECONDS:g} s per round, median of the rounds; the load "
        "generator shares the machine's CPUs with both servers.",
        "",
        "| scenario | app req/s | app p99 | oxigraph req/s | oxigraph p99 | app / oxigraph |",
        "|---|---|---|---|---|---|",
    ]
    for r in _rows:
        a, o = r["app"], r["oxigraph"]
        lines.append(
            f"| {r['name']} | {a['rps']:.0f} | {a['p99']:.1f} ms | {o['rps']:.0f} | {o['p99']:.1f} ms | "
            f"{a['rps'] / o['rps']:.2f} |"
        )
    return "\n".join(lines)
