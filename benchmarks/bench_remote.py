"""The named query library on a SPARQL server (``--store URL``), against the embedded store and against plain HTTP.

The server is ``oxigraph serve`` in memory, loaded with the dataset by ``RemoteStore.push_dataset`` (the same
engine and data as the embedded store, so the figure is the cost of going through a server), and then
``oxigraph serve-read-only`` on the on-disk store of this dataset version (reported in the note); both with
``--union-default-graph``. Each query runs with its example parameters, resolved once before timing:

* **project**: :class:`cspgraph.stores.remote.RemoteStore` (checked constants substituted into the text, one HTTP
  request, the JSON results parsed into rdflib terms), through ``QueryRegistry.run``;
* **embedded**: the same ``QueryRegistry.run`` on the in-memory Oxigraph store (the target: remote within 3x);
* **plain HTTP** (what a competent user would write): the same substituted text POSTed with httpx on a kept-alive
  connection, the JSON answer decoded, nothing else.

Every query's answer on the server must equal the embedded store's answer as a set.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from functools import partial
from pathlib import Path
from typing import Any

import httpx

from cspgraph.queries import QueryRegistry
from cspgraph.stores import open_store
from cspgraph.stores.disk import ensure_disk_store
from cspgraph.stores.remote import RemoteStore
from cspgraph.stores.substitute import substitute

from .common import Figure, free_port, median_time

_rows: list[dict[str, Any]] = []


def _server(location: Path | None) -> tuple[subprocess.Popen[bytes], str]:
    """An Oxigraph server on loopback: read-only on ``location``, or in memory (loaded by ``push_dataset``)."""
    oxigraph = shutil.which("oxigraph", path=str(Path(sys.executable).parent)) or shutil.which("oxigraph")
    if not oxigraph:
        raise RuntimeError("the oxigraph server is not installed (pip install oxigraph)")
    port = free_port()
    cmd = [oxigraph, "serve", "--bind", f"127.0.0.1:{port}"]
    if location is not None:
        cmd = [oxigraph, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    proc = subprocess.Popen([*cmd, "--union-default-graph"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(url + "/query", params={"query": "ASK {}"}, timeout=2)
            break
        except httpx.HTTPError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.terminate()
                raise RuntimeError("the oxigraph server did not start") from None
            time.sleep(0.2)
    if location is None:
        remote = RemoteStore(url)
        remote.push_dataset(shapes=False)
        remote.close()
    return proc, url


def measure(reg: QueryRegistry, embedded: Any, location: Path | None, runs: int) -> list[dict[str, Any]]:
    """Per query: the medians on the server through RemoteStore, on the embedded store, and over plain HTTP."""
    proc, url = _server(location)
    remote = RemoteStore(url)
    client = httpx.Client(timeout=60)
    rows = []
    try:
        for q in reg:
            bound = reg.bindings(embedded, q.name, q.example)
            a, b = reg.run(embedded, q.name, **bound), reg.run(remote, q.name, **bound)
            if a.as_set() != b.as_set():
                raise AssertionError(f"{q.name}: the server's answer differs from the embedded store's")
            text = substitute(q.text, bound)

            def plain(text: str = text) -> Any:
                r = client.post(
                    url + "/query",
                    content=text.encode(),
                    headers={"Content-Type": "application/sparql-query", "Accept": "application/sparql-results+json"},
                )
                r.raise_for_status()
                return r.json()

            rows.append(
                {
                    "name": q.name,
                    "rows": len(a),
                    "remote": median_time(partial(reg.run, remote, q.name, **bound), runs),
                    "embedded": median_time(partial(reg.run, embedded, q.name, **bound), runs),
                    "plain": median_time(plain, runs),
                }
            )
    finally:
        client.close()
        remote.close()
        proc.terminate()
        proc.wait(30)
    return rows


def run(runs: int = 5) -> list[Figure]:
    reg = QueryRegistry()
    embedded = open_store("oxigraph", shapes=False)
    _rows[:] = measure(reg, embedded, None, runs)
    on_disk = measure(reg, embedded, ensure_disk_store(shapes=False), runs)
    emb, rem, plain_s = (sum(r[k] for r in _rows) for k in ("embedded", "remote", "plain"))
    worst = max(_rows, key=lambda r: r["remote"] / r["embedded"])
    n = len(_rows)
    disk_emb, disk_rem = (sum(r[k] for r in on_disk) for k in ("embedded", "remote"))
    return [
        Figure(
            name=f"named query library on a SPARQL server ({n} queries, sum of medians)",
            project="RemoteStore on an in-memory oxigraph server (checked constants substituted, JSON parsed)",
            baseline="the same library on the embedded in-memory store (the same engine, in process)",
            project_median_s=rem,
            baseline_median_s=emb,
            runs=runs,
            target="remote within 3x of embedded (ratio >= 0.33), identical answers",
            note=f"answers identical for {n}/{n} queries; worst query {worst['name']} "
            f"{worst['remote'] / worst['embedded']:.1f}x the embedded time; the same server on the on-disk store "
            f"(serve-read-only): {disk_rem * 1000:.0f} ms against {disk_emb * 1000:.0f} ms embedded, answers identical",
        ),
        Figure(
            name=f"named query library on a SPARQL server, against plain HTTP ({n} queries, sum of medians)",
            project="RemoteStore on an in-memory oxigraph server (checked constants substituted, JSON parsed)",
            baseline="the same substituted text POSTed with httpx to the same server (kept-alive), JSON decoded",
            project_median_s=rem,
            baseline_median_s=plain_s,
            runs=runs,
            target="reported",
            note="the difference is substitution, the store's client and turning the answer into rdflib terms",
        ),
    ]


def report_section() -> str:
    lines = [
        "## Named queries on a SPARQL server (bench_remote)",
        "",
        "Medians per query: RemoteStore on an in-memory `oxigraph serve`, the embedded in-memory store, and the same "
        "substituted text over plain HTTP to the same server. Answers checked equal.",
        "",
        "| query | rows | remote | embedded | plain HTTP | remote / embedded |",
        "|---|---|---|---|---|---|",
    ]
    for r in _rows:
        lines.append(
            f"| {r['name']} | {r['rows']} | {r['remote'] * 1000:.1f} ms | {r['embedded'] * 1000:.1f} ms | "
            f"{r['plain'] * 1000:.1f} ms | {r['remote'] / r['embedded']:.1f}x |"
        )
    return "\n".join(lines)
