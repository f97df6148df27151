"""The published static tree behind nginx against the app, for the same URIs, with a native load generator.

``cspgraph publish`` copies the documents of every CSP (and the site around them) into a temporary folder; Debian's
nginx serves it with the generated configuration, and the app runs under uvicorn (``CSPGRAPH_BENCH_WORKERS``
workers, default 2, embedded store, page cache on and warmed) — both on 127.0.0.1, on the same machine as the load
generator. ``wrk`` (Debian's, C, ``make loadgen`` installs it) sends requests for ``CSPGRAPH_BENCH_SECONDS`` per
round from ``CSPGRAPH_BENCH_CONNECTIONS`` connections (default 16) on 2 threads, going round the URIs with a Lua
script; any answer other than the expected status fails the run. The same URIs and Accept headers are asked of both:

* Turtle documents: ``/doc/id/csp/<code>.ttl``;
* HTML pages: ``/doc/id/csp/<code>.html``;
* negotiated 303s: ``/id/csp/<code>`` with ``Accept: text/turtle``.

Each figure's medians are seconds per request at saturation (1 / throughput, median over the rounds, interleaved),
so ratio = nginx throughput / app throughput. Without wrk the module measures nothing and says so in the report.
"""

from __future__ import annotations

import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from devkit.loopback import stop_process, wait_until_answers

from .common import Figure, free_port

SECONDS = float(os.environ.get("CSPGRAPH_BENCH_SECONDS", "4"))
CONNECTIONS = int(os.environ.get("CSPGRAPH_BENCH_CONNECTIONS", "16"))
APP_WORKERS = int(os.environ.get("CSPGRAPH_BENCH_WORKERS", "2"))
LUA = """local paths = {%s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i], {["Accept"] = "%s"})
end
"""
_section: list[str] = []


def wrk(url: str, paths: list[str], accept: str, seconds: float, script_dir: Path, strict: bool = True) -> float:
    """Requests per second that wrk reaches over ``paths`` on ``url``; RuntimeError when any answer was not 2xx/3xx
    or did not come within 30 s (``strict``; a warm-up round is not strict)."""
    script = script_dir / "paths.lua"
    script.write_text(LUA % (", ".join(f'"{p}"' for p in paths), accept))
    cmd = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{seconds:g}s", "--timeout", "30s", "-s", str(script), url]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    if strict and ("Non-2xx or 3xx responses" in out or "Socket errors" in out):
        raise RuntimeError(f"wrk saw failed requests on {url}:\n{out}")
    found = re.search(r"Requests/sec:\s+([0-9.]+)", out)
    if not found:
        raise RuntimeError(f"wrk printed no throughput:\n{out}")
    return float(found.group(1))


def _servers(tmp: Path, nginx: str) -> tuple[subprocess.Popen[bytes], subprocess.Popen[bytes], str, str, list[str]]:
    from cspgraph.publish import publish
    from cspgraph.publish.walk import resource_paths
    from cspgraph.stores import open_store

    store = open_store("oxigraph", shapes=False)
    csps = [p for p in resource_paths(store, "https://w3id.org/cspgraph/", ("html",)).paths if p.startswith("id/csp/")]
    web_port, app_port = free_port(), free_port()
    out = tmp / "published"
    publish(out, base_url=f"http://127.0.0.1:{web_port}/", listen=f"127.0.0.1:{web_port}", only=csps)
    globals_ = "daemon off;" + (" user root;" if os.geteuid() == 0 else "")
    web = subprocess.Popen(
        [nginx, "-e", "stderr", "-p", str(out), "-c", "nginx/nginx.conf", "-g", globals_],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    env = {**os.environ, "CSPGRAPH_SPARQL_WORKERS": "1", "CSPGRAPH_STORE": "oxigraph"}
    app = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "cspgraph.api.app:create_app", "--factory", "--host", "127.0.0.1"]
        + ["--port", str(app_port), "--workers", str(APP_WORKERS), "--log-level", "warning", "--no-access-log"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    return web, app, f"http://127.0.0.1:{web_port}", f"http://127.0.0.1:{app_port}", csps


def run(runs: int = 5) -> list[Figure]:
    _section.clear()
    nginx = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else "")
    if not shutil.which("wrk") or not nginx:
        missing = " and ".join(n for n, ok in (("wrk", shutil.which("wrk")), ("nginx", nginx)) if not ok)
        _section.append(
            f"## Static publishing\n\nNot measured: {missing} is not installed (`make loadgen`, `make webserver`)."
        )
        return []
    rounds = max(1, min(runs, 3))
    figures = []
    with tempfile.TemporaryDirectory(prefix="cspgraph-bench-publish-") as d:
        tmp = Path(d)
        web, app, web_url, app_url, csps = _servers(tmp, nginx)
        try:
            wait_until_answers(app_url + "/health", app)
            wait_until_answers(web_url + "/", web)
            scenarios = [
                ("Turtle documents", [f"/doc/{p}.ttl" for p in csps], "text/turtle"),
                ("HTML pages", [f"/doc/{p}.html" for p in csps], "text/html"),
                ("303 from resource URIs", [f"/{p}" for p in csps], "text/turtle"),
            ]
            for name, paths, accept in scenarios:
                # warm-up: the app renders each page once into its page cache; then connections, file cache
                wrk(app_url, paths, accept, max(2.0, SECONDS), tmp, strict=False)
                wrk(web_url, paths, accept, 1.0, tmp, strict=False)
                app_rps, web_rps = [], []
                for _ in range(rounds):  # interleaved, so a busy moment on the machine hits both
                    app_rps.append(wrk(app_url, paths, accept, SECONDS, tmp))
                    web_rps.append(wrk(web_url, paths, accept, SECONDS, tmp))
                a, w = statistics.median(app_rps), statistics.median(web_rps)
                figures.append(
                    Figure(
                        name=f"static publishing: {name} ({len(paths)} CSPs)",
                        project="nginx on the published tree (cspgraph publish)",
                        baseline=f"cspgraph app (uvicorn, {APP_WORKERS} workers, page cache warm)",
                        project_median_s=1 / w,
                        baseline_median_s=1 / a,
                        runs=rounds,
                        target="≥ 5× the app's throughput",
                        note=f"wrk, {CONNECTIONS} connections × {SECONDS:g} s; nginx {w:.0f} req/s, app {a:.0f} req/s",
                    )
                )
        finally:
            stop_process(web)
            stop_process(app)
    rows = "\n".join(f"| {f.name} | {f.note} | {f.ratio:.1f}× |" for f in figures)
    _section.append(
        "## Static publishing\n\nThe same URIs and Accept headers asked of nginx serving `cspgraph publish`'s tree and of "
        "the app, by wrk on the same machine (`benchmarks/bench_publish.py`).\n\n| figure | throughput | ratio |\n"
        f"|---|---|---|\n{rows}"
    )
    return figures


def report_section() -> str:
    return "\n".join(_section)
