"""Abuse on loopback: many clients sending runaway or oversized requests while cheap routes are timed.

Used by ``tests/api/test_load.py`` (bounded, a few seconds) and ``benchmarks/bench_abuse.py`` (the figures in the
report). The attackers run in their own process (asyncio, one connection each), so the timing client in the caller's
process is not slowed by them; the server runs as ``cspgraph serve`` in a third process.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import textwrap
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx

from devkit.loopback import free_port

RUNAWAY = [
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }",
    'SELECT (CONCAT(STR(?s), STR(?p), STR(?o), "' + "x" * 3000 + '") AS ?x) WHERE { ?s ?p ?o }',
    "SELECT * WHERE " + "{" * 5000 + "}" * 5000,
    "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o . ?x ?y ?z }",
]

ATTACKER = textwrap.dedent(
    """
    import asyncio, json, sys, httpx
    url, clients, seconds, queries = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), json.loads(sys.argv[4])
    async def one(i, counts):
        loop = asyncio.get_running_loop(); end = loop.time() + seconds
        async with httpx.AsyncClient(timeout=30) as c:
            while loop.time() < end:
                q = queries[i % len(queries)]
                try:
                    if i % 3 == 0:
                        r = await c.post(url + "/sparql", content=q, headers={"Content-Type": "application/sparql-query"})
                    elif i % 3 == 1:
                        r = await c.post(url + "/api/merger", json={"csps": ["E22000027"] * 5000})
                    else:
                        r = await c.get(url + "/sparql", params={"query": q[:4000]})
                    counts[str(r.status_code)] = counts.get(str(r.status_code), 0) + 1
                except httpx.HTTPError as e:
                    counts[type(e).__name__] = counts.get(type(e).__name__, 0) + 1
    async def main():
        counts = {}
        await asyncio.gather(*(one(i, counts) for i in range(clients)))
        print(json.dumps(counts))
    asyncio.run(main())
    """
)


@dataclass
class AbuseResult:
    """Latencies of the cheap routes under attack, and the statuses the attackers got."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    statuses: Counter[str] = field(default_factory=Counter)
    probe_statuses: dict[str, Counter[int]] = field(default_factory=dict)

    def p(self, path: str, q: float) -> float:
        xs = sorted(self.latencies[path])
        return xs[min(len(xs) - 1, int(q * len(xs)))]

    def median(self, path: str) -> float:
        return statistics.median(self.latencies[path])


class Server:
    """``cspgraph serve`` in a child process on a free loopback port."""

    def __init__(self, **env: Any) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        e = dict(os.environ, **{f"CSPGRAPH_{k.upper()}": str(v) for k, v in env.items()})
        cmd = [sys.executable, "-m", "cspgraph", "serve", "--port", str(self.port)]
        self.proc = subprocess.Popen(cmd, env=e, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def wait(self, timeout: float = 120) -> Server:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/health", timeout=2).status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            if self.proc.poll() is not None:
                break
            time.sleep(0.3)
        self.stop()
        raise RuntimeError("cspgraph serve did not start")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


def attack(url: str, clients: int, seconds: float, probes: tuple[str, ...]) -> AbuseResult:
    """``clients`` attackers for ``seconds`` while this process times GETs of ``probes`` one after the other."""
    attacker = subprocess.Popen(
        [sys.executable, "-c", ATTACKER, url, str(clients), str(seconds), json.dumps(RUNAWAY)],
        stdout=subprocess.PIPE,
        text=True,
    )
    result = AbuseResult(latencies={p: [] for p in probes}, probe_statuses={p: Counter() for p in probes})
    time.sleep(min(2.0, seconds / 4))  # let the attack build up
    end = time.monotonic() + seconds - 3
    with httpx.Client(timeout=10) as c:
        while time.monotonic() < end:
            for p in probes:
                t = time.perf_counter()
                r = c.get(url + p)
                result.latencies[p].append(time.perf_counter() - t)
                result.probe_statuses[p][r.status_code] += 1
            time.sleep(0.02)
    out, _ = attacker.communicate(timeout=seconds + 60)
    result.statuses.update(json.loads(out or "{}"))
    return result
