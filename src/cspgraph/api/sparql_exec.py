"""Running public SPARQL queries safely: read-only checks, worker processes with a hard time limit, result limits.

pyoxigraph cannot cancel a query from Python once it runs, so public queries never run in the server process.
Each runs in one of a small pool of worker processes, each holding its own copy of the dataset (loaded from an
N-Quads snapshot of the store). The server waits for the answer at most ``timeout`` seconds; a worker that has not
answered by then is killed and replaced in the background, and the client gets a 503 saying so. The server process
keeps answering every other request meanwhile. Results are serialised in the worker, and a query whose answer
exceeds ``limit`` rows (or triples) is stopped there with a 400 saying to add a LIMIT.

Each worker checks its query with :func:`cspgraph.guard.check_query` before running it (Update, LOAD and SERVICE
are refused from the query's parsed form; queries over the size limits are refused before parsing), so the check
too runs under the time limit and outside the server process. Workers only ever call ``Store.query``, which cannot
run an update, and a worker cannot open a network socket (:mod:`cspgraph.sandbox`), so no public query can make
the server send a request anywhere.
"""

from __future__ import annotations

import contextlib
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from cspgraph.api.sparql_worker import Answer, execute
from cspgraph.errors import QueryError, TimeLimit, Unavailable
from cspgraph.guard import QueryRefused, QueryTooLarge, check_query

__all__ = [
    "Answer",
    "Busy",
    "QueryRefused",
    "QueryTimeout",
    "QueryTooLarge",
    "WorkerPool",
    "check_query",
    "execute",
]
WORKER_SCRIPT = Path(__file__).with_name("sparql_worker.py")


class _Worker:
    """One worker process, talking over two pipes (multiprocessing connections over raw file descriptors)."""

    def __init__(self, nquads_path: str) -> None:
        from multiprocessing.connection import Connection

        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        self.proc = subprocess.Popen(
            [sys.executable, "-I", str(WORKER_SCRIPT), nquads_path, str(to_child_r), str(from_child_w)],
            pass_fds=(to_child_r, from_child_w),
            stdin=subprocess.DEVNULL,
            close_fds=True,
        )
        os.close(to_child_r)
        os.close(from_child_w)
        self.outbox = Connection(to_child_w, readable=False)
        self.inbox = Connection(from_child_r, writable=False)
        self.walled = False
        self.wall_error = ""

    def wait_ready(self, timeout: float) -> None:
        if not self.inbox.poll(timeout):
            self.kill()
            raise RuntimeError("a SPARQL worker process did not start")
        _, _, self.walled, self.wall_error = self.inbox.recv()

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(5)
        self.outbox.close()
        self.inbox.close()


class QueryTimeout(TimeLimit):
    """A query ran past the time limit and was cancelled."""


class Busy(Unavailable):
    """Every worker stayed busy for the whole time limit."""


class WorkerPool:
    """Worker processes that run public queries, each holding the dataset; see the module docstring."""

    def __init__(self, nquads_path: str, size: int = 2, start_timeout: float = 120.0) -> None:
        self.nquads_path = nquads_path
        self.size = max(1, size)
        self.start_timeout = start_timeout
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.killed = 0

    @property
    def network_walled(self) -> bool:
        """True when every live worker runs without network access (:func:`cspgraph.sandbox.deny_network`)."""
        with self._lock:
            return bool(self._all) and all(w.walled for w in self._all)

    def start(self) -> None:
        workers = [_Worker(self.nquads_path) for _ in range(self.size)]
        for w in workers:
            w.wait_ready(self.start_timeout)
            with self._lock:
                self._all.add(w)
            self._idle.put(w)

    def _replace(self) -> None:
        if self._closed:
            return
        try:
            w = _Worker(self.nquads_path)
            w.wait_ready(self.start_timeout)
        except Exception:
            return
        with self._lock:
            if self._closed:
                w.kill()
                return
            self._all.add(w)
        self._idle.put(w)

    def run(self, timeout: float, **job: Any) -> Answer:
        """Run ``execute(**job)`` in a worker; raise QueryTimeout after ``timeout`` seconds (the worker is killed)."""
        deadline = time.monotonic() + timeout
        try:
            w = self._idle.get(timeout=timeout)
        except queue.Empty as e:
            raise Busy(f"every query worker stayed busy for {timeout:g} s; try again shortly") from e
        try:
            w.outbox.send(job)
            remaining = max(0.0, deadline - time.monotonic())
            if w.inbox.poll(remaining):
                status, media_type, body = w.inbox.recv()
                self._idle.put(w)
                return Answer(status, media_type, body)
        except (EOFError, OSError, BrokenPipeError):
            pass  # the worker died; replace it below
        with self._lock:
            self._all.discard(w)
        w.kill()
        self.killed += 1
        threading.Thread(target=self._replace, daemon=True).start()
        if time.monotonic() >= deadline:
            raise QueryTimeout(
                f"the query was cancelled after the time limit of {timeout:g} s (CSPGRAPH_QUERY_TIMEOUT); "
                "narrow it, add a LIMIT, or download the dump at /dumps/"
            )
        raise QueryError("the query worker stopped unexpectedly; the query was not answered")

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            try:
                w.outbox.send(None)
                w.proc.wait(1)
            except (OSError, subprocess.TimeoutExpired):
                pass
            w.kill()
