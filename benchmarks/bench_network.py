"""Time until the whole-country network is interactive in headless Chromium.

Project: the served ``/network`` page (vendored vis-network 10.1.5, positions precomputed with networkx, physics
off, aggregated by police area), from navigation start to its first drawing. Baseline: pyvis 0.3.2 with its
defaults (physics on, ``cdn_resources="in_line"``) on the same nodes and edges, from navigation start to the
first drawing after its stabilisation. Both run in the same browser in the same run; the baseline is capped.
Requests off 127.0.0.1 are blocked (pyvis still asks jsdelivr for Bootstrap).
"""

from __future__ import annotations

import statistics
import tempfile
from pathlib import Path
from typing import Any

from .common import CHROMIUM, CHROMIUM_ARGS, Figure, ThreadServer

CAP_S = 60.0
PYVIS_PROBE = """<script>
(function () {
  function done() { window.cspgraphReady = performance.now(); }
  network.once("stabilizationIterationsDone", function () { network.once("afterDrawing", done); network.redraw(); });
})();
</script>
"""


def _pyvis_defaults(data: dict[str, Any]) -> str:
    from pyvis.network import Network

    net = Network(directed=True, cdn_resources="in_line")  # pyvis defaults otherwise: physics on, no positions
    for n in data["nodes"]:
        net.add_node(n["id"], label=n["label"], title=n["label"], group=n["group"])
    for e in data["edges"]:
        net.add_edge(e["from"], e["to"], title=e.get("wording", ""))
    html = net.generate_html()
    return html.replace("</body>", PYVIS_PROBE + "</body>", 1)


def _serve(store: Any) -> ThreadServer:
    """The whole app (one SPARQL worker) on the store, as ``cspgraph serve`` runs it."""
    from cspgraph.api import create_app
    from cspgraph.config import Settings

    return ThreadServer(create_app(Settings(sparql_workers=1), store=store)).start()


def _time_to_ready(browser: Any, url: str, cap: float, after: str | None = None) -> tuple[float, float | None]:
    """Seconds from navigation start to ``window.cspgraphReady`` (None past the cap); with ``after``, also the
    seconds a script (e.g. expanding every area) takes until the next drawing."""
    page = browser.new_page(viewport={"width": 1400, "height": 900})

    def route(r: Any) -> None:
        if r.request.url.startswith(("http://127.0.0.1:", "file:", "data:", "about:")):
            r.continue_()
        else:
            r.abort()

    page.route("**/*", route)
    try:
        page.goto(url, timeout=cap * 1000, wait_until="commit")
        page.wait_for_function("window.cspgraphReady !== undefined", timeout=cap * 1000, polling=50)
        ready = float(page.evaluate("window.cspgraphReady")) / 1000
        extra = None
        if after:
            extra = (
                float(
                    page.evaluate(
                        "() => new Promise(res => { const t0 = performance.now();"
                        " cspgraph.network.once('afterDrawing', () => res(performance.now() - t0));"
                        f" {after}; cspgraph.network.redraw(); }})"
                    )
                )
                / 1000
            )
        return ready, extra
    except Exception:  # the cap was reached
        return float("inf"), None
    finally:
        page.close()


def run(runs: int = 5) -> list[Figure]:
    from playwright.sync_api import sync_playwright

    from cspgraph.stores import open_store
    from cspgraph.visualise import country_view

    if not CHROMIUM.exists():
        raise SystemExit("bench_network needs Debian chromium at /usr/bin/chromium (make browser)")
    store = open_store("oxigraph", shapes=False)
    data = country_view(store)
    srv = _serve(store)
    base_url = srv.url
    tmp = Path(tempfile.mkdtemp(prefix="cspgraph-bench-network-"))
    baseline_file = tmp / "pyvis-defaults.html"
    baseline_file.write_text(_pyvis_defaults(data), encoding="utf-8")
    project, expand, baseline = [], [], []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            _time_to_ready(browser, f"{base_url}/network", CAP_S)  # warm-up: builds and caches the view
            for _ in range(runs):
                t, x = _time_to_ready(browser, f"{base_url}/network", CAP_S, after="cspgraph.expandAll()")
                project.append(t)
                if x is not None:
                    expand.append(x)
            for _ in range(max(1, min(3, runs))):
                baseline.append(_time_to_ready(browser, baseline_file.as_uri(), CAP_S)[0])
            browser.close()
    finally:
        srv.stop()
    p_med = statistics.median(project)
    b_med = statistics.median(baseline)
    capped = b_med == float("inf")
    note = f"{len(data['nodes'])} nodes, {len(data['edges'])} edges; served page aggregated by police area"
    if expand:
        note += f"; expanding all 43 areas then takes {statistics.median(expand) * 1000:.0f} ms"
    if capped:
        note += f"; pyvis never became interactive within the {CAP_S:.0f} s cap (ratio is a lower bound)"
    return [
        Figure(
            name="country network: time to interactive in headless Chromium",
            project="/network (vis-network 10.1.5, networkx positions, physics off)",
            baseline="pyvis 0.3.2 defaults (physics on) on the same graph",
            project_median_s=p_med,
            baseline_median_s=CAP_S if capped else b_med,
            runs=runs,
            target="< 3 s and >= 5x",
            note=note,
            extra={"project_runs_s": project, "baseline_runs_s": baseline, "cap_s": CAP_S, "expand_all_s": expand},
        )
    ]
