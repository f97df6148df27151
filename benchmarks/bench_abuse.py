"""The public server under attack: p50/p99 of /health and resource pages while 64 loopback clients send runaway,
oversized and over-limit requests, against the same probes on the idle server in the same run (the baseline)."""

from __future__ import annotations

import time

from devkit.abuse import Server, attack

from benchmarks.common import Figure

PROBES = ("/health", "/doc/id/csp/E22000365.ttl", "/doc/id/police-force-area/E23000008")


def _idle(url: str, seconds: float) -> dict[str, list[float]]:
    import httpx

    out: dict[str, list[float]] = {p: [] for p in PROBES}
    end = time.monotonic() + seconds
    with httpx.Client(timeout=10) as c:
        while time.monotonic() < end:
            for p in PROBES:
                t = time.perf_counter()
                c.get(url + p)
                out[p].append(time.perf_counter() - t)
            time.sleep(0.02)
    return out


def run(runs: int = 1) -> list[Figure]:
    server = Server(query_timeout=3, sparql_workers=2, page_cache=0).wait()
    try:
        idle = _idle(server.url, 10)
        result = attack(server.url, clients=64, seconds=40, probes=PROBES)
    finally:
        server.stop()
    figures = []
    for p in PROBES:
        xs = sorted(idle[p])
        idle_p99 = xs[min(len(xs) - 1, int(0.99 * len(xs)))]
        figures.append(
            Figure(
                name=f"p99 of GET {p} under attack (64 clients, 40 s)",
                project=f"under attack: p50 {result.median(p) * 1000:.1f} ms, p99 {result.p(p, 0.99) * 1000:.1f} ms",
                baseline=f"idle server: p99 {idle_p99 * 1000:.1f} ms",
                project_median_s=result.p(p, 0.99),
                baseline_median_s=idle_p99,
                runs=len(result.latencies[p]),
                target="p99 under 200 ms",
                note=f"attackers got {dict(result.statuses)}; probes got {dict(result.probe_statuses[p])}",
            )
        )
    return figures
