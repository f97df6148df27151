"""The linked-data server under concurrent load on loopback, against an Oxigraph server holding the same data.

Both servers run as separate processes on 127.0.0.1: the app under uvicorn (embedded store; ``CSPGRAPH_BENCH_WORKERS``
uvicorn workers, default 2) and ``oxigraph serve`` (the Rust server from the ``oxigraph`` package), loaded with
the same N-Quads. A thread-pool load generator (httpx, keep-alive, ``CONCURRENCY`` clients) sends requests for a
fixed time per round and records every latency. The same information is asked of both:

* resource (Turtle / HTML): the app's ``/doc/id/csp/<code>.ttl`` or ``.html`` page, against the SPARQL CONSTRUCT of
  the same description (the statements about the CSP and the links to it) sent straight to Oxigraph as Turtle;
* SPARQL: one SELECT (the CSPs of a police force area with their labels) through the app's ``/sparql`` and straight
  to Oxigraph's ``/query``, as SPARQL JSON.

Each figure's medians are seconds per request at saturation (1 / throughput, median over the rounds), so
ratio = app throughput / Oxigraph throughput. p50 and p99 latencies are in the note and in the report section.
"""

from __future__ import annotations

import itertools
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
from devkit.loopback import stop_process, wait_until_answers

from .common import Figure, free_port

SECONDS = float(os.environ.get("CSPGRAPH_BENCH_SECONDS", "4"))
CONCURRENCY = int(os.environ.get("CSPGRAPH_BENCH_CONCURRENCY", "8"))
APP_WORKERS = int(os.environ.get("CSPGRAPH_BENCH_WORKERS", "2"))
DESCRIBE = """CONSTRUCT { <IRI> ?p ?o . ?s ?q <IRI> } WHERE { { <IRI> ?p ?o } UNION { ?s ?q <IRI> } }"""
SELECT = """PREFIX cspg: <https://w3id.org/cspgraph/def/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?csp ?name WHERE { ?csp a cspg:CommunitySafetyPartnership ;
  cspg:policeForceArea <PFA> ; rdfs:label ?name } ORDER BY ?name"""
_rows: list[dict[str, Any]] = []


@contextmanager
def servers(tmp: Path) -> Iterator[tuple[str, str, str]]:
    """(app URL, app-without-page-cache URL, Oxigraph URL): all serving the whole dataset on loopback."""
    from cspgraph.rdfio import serialize
    from cspgraph.stores import OxigraphStore

    binary = str(Path(sys.executable).parent / "oxigraph")
    if not Path(binary).exists():
        binary = shutil.which("oxigraph") or ""
    if not binary:
        raise RuntimeError("the oxigraph server is not installed (pip install oxigraph)")
    nq = tmp / "dataset.nq"
    nq.write_bytes(serialize(OxigraphStore().load_dataset().quads(), "nq"))
    db = tmp / "oxigraph"
    subprocess.run([binary, "load", "--location", str(db), "--file", str(nq)], check=True, capture_output=True)
    ox_port, app_port, cold_port = free_port(), free_port(), free_port()
    oxi = subprocess.Popen(
        [binary, "serve", "--location", str(db), "--bind", f"127.0.0.1:{ox_port}", "--union-default-graph"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def start_app(port: int, page_cache: int) -> subprocess.Popen[bytes]:
        env = {
            **os.environ,
            "CSPGRAPH_SPARQL_WORKERS": "1",
            "CSPGRAPH_STORE": "oxigraph",
            "CSPGRAPH_PAGE_CACHE": str(page_cache),
        }
        return subprocess.Popen(
            [sys.executable, "-m", "uvicorn", "cspgraph.api.app:create_app", "--factory", "--host", "127.0.0.1"]
            + ["--port", str(port), "--workers", str(APP_WORKERS), "--log-level", "warning", "--no-access-log"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    app, cold = start_app(app_port, 4096), start_app(cold_port, 0)
    try:
        ox_url, app_url, cold_url = (f"http://127.0.0.1:{p}" for p in (ox_port, app_port, cold_port))
        wait_until_answers(ox_url + "/query?query=ASK%7B%7D", oxi)
        wait_until_answers(app_url + "/health", app)
        wait_until_answers(cold_url + "/health", cold)
        yield app_url, cold_url, ox_url
    finally:
        stop_process(app)
        stop_process(cold)
        stop_process(oxi)


def load(
    requests: Callable[[], Iterator[tuple[str, dict[str, str], dict[str, str]]]], seconds: float
) -> dict[str, float]:
    """Send requests from CONCURRENCY threads for ``seconds``; throughput and latency percentiles."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def client() -> None:
        mine: list[float] = []
        with httpx.Client(timeout=30) as c:
            for url, params, headers in requests():
                if time.monotonic() >= stop:
                    break
                t0 = time.perf_counter()
                r = c.get(url, params=params, headers=headers)
                mine.append(time.perf_counter() - t0)
                if r.status_code != 200:
                    errors[0] += 1
        with lock:
            latencies.extend(mine)

    t0 = time.monotonic()
    threads = [threading.Thread(target=client) for _ in range(CONCURRENCY)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - t0
    latencies.sort()
    if errors[0]:
        raise RuntimeError(f"{errors[0]} requests failed")
    return {
        "rps": len(latencies) / elapsed,
        "p50": latencies[len(latencies) // 2],
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
        "n": len(latencies),
    }


def _scenario(
    name: str,
    app: Callable[[], Iterator[tuple[str, dict[str, str], dict[str, str]]]],
    oxi: Callable[[], Iterator[tuple[str, dict[str, str], dict[str, str]]]],
    rounds: int,
    target: str,
) -> Figure:
    app_runs, ox_runs = [], []
    load(app, 1.0)  # warm-up: caches, connection pools, worker start
    load(oxi, 1.0)
    for _ in range(rounds):  # interleaved, so a busy moment on the machine hits both
        app_runs.append(load(app, SECONDS))
        ox_runs.append(load(oxi, SECONDS))
    a = {k: statistics.median(r[k] for r in app_runs) for k in ("rps", "p50", "p99")}
    o = {k: statistics.median(r[k] for r in ox_runs) for k in ("rps", "p50", "p99")}
    _rows.append({"name": name, "app": a, "oxigraph": o})
    return Figure(
        name=name,
        project=f"cspgraph app (uvicorn, {APP_WORKERS} workers, embedded store)",
        baseline="oxigraph server, same data and question",
        project_median_s=1 / a["rps"],
        baseline_median_s=1 / o["rps"],
        runs=rounds,
        target=target,
        note=(
            f"{CONCURRENCY} clients × {SECONDS:g} s; app {a['rps']:.0f} req/s p50 {a['p50'] * 1000:.1f} ms "
            f"p99 {a['p99'] * 1000:.1f} ms; oxigraph {o['rps']:.0f} req/s p50 {o['p50'] * 1000:.1f} ms "
            f"p99 {o['p99'] * 1000:.1f} ms"
        ),
        extra={"app": a, "oxigraph": o},
    )


def run(runs: int = 5) -> list[Figure]:
    from cspgraph.stores import open_store

    store = open_store("oxigraph", shapes=False)
    csps = sorted(
        str(r["csp"])
        for r in store.select("SELECT ?csp WHERE { ?csp a <https://w3id.org/cspgraph/def/CommunitySafetyPartnership> }")
    )[:60]
    pfas = sorted(
        str(r["p"]) for r in store.select("SELECT ?p WHERE { ?p a <https://w3id.org/cspgraph/def/PoliceForceArea> }")
    )
    base = "https://w3id.org/cspgraph/"
    rounds = max(1, min(runs, 3))
    _rows.clear()
    with (
        tempfile.TemporaryDirectory(prefix="cspgraph-bench-") as tmp,
        servers(Path(tmp)) as (app_url, cold_url, ox_url),
    ):

        def app_doc(ext: str, url: str = app_url) -> Callable[[], Iterator[tuple[str, dict[str, str], dict[str, str]]]]:
            return lambda: ((f"{url}/doc/{c[len(base) :]}.{ext}", {}, {}) for c in itertools.cycle(csps))

        def ox_describe() -> Iterator[tuple[str, dict[str, str], dict[str, str]]]:
            for c in itertools.cycle(csps):
                yield f"{ox_url}/query", {"query": DESCRIBE.replace("IRI", c)}, {"Accept": "text/turtle"}

        def app_select() -> Iterator[tuple[str, dict[str, str], dict[str, str]]]:
            for p in itertools.cycle(pfas):
                yield (
                    f"{app_url}/sparql",
                    {"query": SELECT.replace("PFA", p)},
                    {"Accept": "application/sparql-results+json"},
                )

        def ox_select() -> Iterator[tuple[str, dict[str, str], dict[str, str]]]:
            for p in itertools.cycle(pfas):
                yield (
                    f"{ox_url}/query",
                    {"query": SELECT.replace("PFA", p)},
                    {"Accept": "application/sparql-results+json"},
                )

        half = "app throughput >= 0.5x oxigraph (ratio >= 0.5)"
        return [
            _scenario("server: resource page GET, Turtle", app_doc("ttl"), ox_describe, rounds, half),
            _scenario("server: resource page GET, HTML", app_doc("html"), ox_describe, rounds, half),
            _scenario(
                "server: resource GET, Turtle, no page cache", app_doc("ttl", cold_url), ox_describe, rounds, half
            ),
            _scenario(
                "server: resource GET, HTML, no page cache", app_doc("html", cold_url), ox_describe, rounds, half
            ),
            _scenario("server: SPARQL SELECT via /sparql", app_select, ox_select, rounds, "reported"),
        ]


def report_section() -> str:
    lines = [
        "## Linked-data server under load (bench_server)",
        "",
        f"{CONCURRENCY} concurrent keep-alive clients on loopback, {SECONDS:g} s per round, median of the rounds; "
        "the load generator shares the machine with both servers. "
        "'no page cache' is the app started with CSPGRAPH_PAGE_CACHE=0, so every request reads the store and renders.",
        "",
        "| scenario | app req/s | app p50 | app p99 | oxigraph req/s | oxigraph p50 | oxigraph p99 | app / oxigraph |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for r in _rows:
        a, o = r["app"], r["oxigraph"]
        lines.append(
            f"| {r['name']} | {a['rps']:.0f} | {a['p50'] * 1000:.1f} ms | {a['p99'] * 1000:.1f} ms | {o['rps']:.0f} | "
            f"{o['p50'] * 1000:.1f} ms | {o['p99'] * 1000:.1f} ms | {a['rps'] / o['rps']:.2f} |"
        )
    return "\n".join(lines)
