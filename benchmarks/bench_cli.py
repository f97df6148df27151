"""The command line's wall time, against Oxigraph's own command line answering the same question from the same store.

``cspgraph query run list-csps-in-police-area --param pfa=E23000008`` and ``cspgraph info`` are run as fresh
processes with their default ``--as-of latest``, interleaved run by run with ``oxigraph query --location STORE``
(the ``oxigraph`` CLI of the same Oxigraph version, from PyPI) on the on-disk store the command line opens (the
latest landscape's, :func:`cspgraph.asof.open_latest`, built once per dataset version), with the
same query text, the parameter substituted as a constant (:func:`cspgraph.stores.substitute.substitute`). The
answers are compared as sets of CSV rows. Each process is started warm: byte code compiled and the store built by an
unmeasured first run. The old path (parsing the Turtle files into memory on every command, ``CSPGRAPH_DISK_STORE=0``)
is measured beside it.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from cspgraph.asof import open_latest
from cspgraph.cli.core import GRAPH_QUERY, INFO_QUERY
from cspgraph.queries import default_registry
from cspgraph.resolve import resolve
from cspgraph.stores.substitute import substitute

from .common import Figure

BIN = Path(sys.executable).parent
QUERY = "list-csps-in-police-area"
PFA = "E23000008"
_last: dict[str, float] = {}


def _env(disk: bool = True) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["CSPGRAPH_DISK_STORE"] = "1" if disk else "0"
    return env


def _wall(cmd: list[str], env: dict[str, str]) -> tuple[float, str]:
    t0 = time.perf_counter()
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
    return time.perf_counter() - t0, out


def _rows(text: str) -> set[tuple[str, ...]]:
    return {tuple(r) for r in list(csv.reader(io.StringIO(text)))[1:] if r}


def _pair(ours: list[str], theirs: list[str], runs: int) -> tuple[float, float, str, str]:
    """Medians of the two commands, run alternately; and the last output of each."""
    a, b = [], []
    out_a = out_b = ""
    env = _env()
    _wall(ours, env)  # warm: byte code and the on-disk store
    _wall(theirs, env)
    for _ in range(runs):
        t, out_a = _wall(ours, env)
        a.append(t)
        t, out_b = _wall(theirs, env)
        b.append(t)
    return statistics.median(a), statistics.median(b), out_a, out_b


def _old(cmd: list[str], runs: int) -> float:
    env = _env(disk=False)
    _wall(cmd, env)
    return statistics.median(_wall(cmd, env)[0] for _ in range(runs))


def run(runs: int = 7) -> list[Figure]:
    runs = max(runs, 7)
    oxigraph = shutil.which("oxigraph", path=str(BIN)) or shutil.which("oxigraph")
    if oxigraph is None:
        raise RuntimeError("the oxigraph command line (pip install oxigraph) is not installed")
    reg = default_registry()
    store = open_latest(shapes=False)  # the store the command opens by default (--as-of latest)
    text = substitute(reg.get(QUERY).text, {"pfa": resolve(store, PFA, "pfa")})
    cmd = [str(BIN / "cspgraph"), "query", "run", QUERY, "--param", f"pfa={PFA}", "--format", "csv"]
    theirs = [oxigraph, "query", "--location", str(store.location), "--union-default-graph"]
    ours_s, theirs_s, out_a, out_b = _pair(cmd, [*theirs, "--query", text, "--results-format", "csv"], runs)
    same = _rows(out_a) == _rows(out_b)
    old = _old(cmd, 3)
    with_shapes = open_latest(shapes=True)  # the store with the shapes graph, which info counts
    info_cmd = [str(BIN / "cspgraph"), "info", "--format", "json"]
    info_theirs = [oxigraph, "query", "--location", str(with_shapes.location), "--results-format", "csv"]
    both = f"SELECT * WHERE {{ {{ {INFO_QUERY} }} UNION {{ {GRAPH_QUERY} }} }}"  # the two counts info prints
    info_s, info_ox, _, _ = _pair(info_cmd, [*info_theirs, "--query", both], runs)
    info_old = _old(info_cmd, 3)
    return [
        Figure(
            name=f"command line: query run {QUERY} --param pfa={PFA}",
            project="cspgraph query run (a fresh process, default --as-of latest: the latest landscape's on-disk store)",
            baseline="oxigraph query --location on the same store, the same query with the constant substituted",
            project_median_s=ours_s,
            baseline_median_s=theirs_s,
            runs=runs,
            target="at most 5x the oxigraph CLI (ratio >= 0.2)",
            note=f"answers {'identical' if same else 'DIFFERENT'} ({len(_rows(out_a))} rows); before the on-disk "
            f"store (parse every file on each command): {old * 1000:.0f} ms",
        ),
        Figure(
            name="command line: info",
            project="cspgraph info --format json (default --as-of latest: two queries and a count on its on-disk store)",
            baseline="oxigraph query --location on the same store: instances per class and triples per graph, "
            "in one query",
            project_median_s=info_s,
            baseline_median_s=info_ox,
            runs=runs,
            target="at most 5x the oxigraph CLI (ratio >= 0.2)",
            note=f"before the on-disk store: {info_old * 1000:.0f} ms",
        ),
    ]
