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
from cspgraph.errors import TimeLimit, Unavailable
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

    def __init__(self, nquads_path: str, memory_mb: int) -> None:
        from multiprocessing.connection import Connection

        to_child_r, to_child_w = os.pipe()
        from_child_r, from_child_w = os.pipe()
        argv = [str(WORKER_SCRIPT), nquads_path, str(to_child_r), str(from_child_w), str(os.getpid()), str(memory_mb)]
        self.proc = subprocess.Popen(
            [sys.executable, "-I", *argv],
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
        _, self.walled, self.wall_error = self.inbox.recv()

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
    """Worker processes that run public queries, each holding the dataset; see the module docstring.

    One long-lived supervisor thread starts every worker (so that the kernel's "kill me with my parent" request,
    which is tied to the starting thread, lasts as long as the server) and replaces the ones that die, retrying
    with a growing pause when a start fails; :meth:`health` says how many are alive.
    """

    def __init__(self, nquads_path: str, size: int = 2, start_timeout: float = 120.0, memory_mb: int = 0) -> None:
        self.nquads_path = nquads_path
        self.size = max(1, size)
        self.start_timeout = start_timeout
        self.memory_mb = memory_mb
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._wanted: queue.Queue[bool] = queue.Queue()  # one item per worker to start; False stops the supervisor
        self._closed = False
        self.killed = 0
        self.started = 0
        self.last_error = ""
        self._supervisor = threading.Thread(target=self._supervise, name="sparql-supervisor", daemon=True)

    @property
    def network_walled(self) -> bool:
        """True when every live worker runs without network access (:func:`cspgraph.sandbox.deny_network`)."""
        with self._lock:
            return bool(self._all) and all(w.walled for w in self._all)

    def health(self) -> dict[str, Any]:
        """Workers alive against workers wanted, whether they are walled off, and the last start error."""
        with self._lock:
            alive = sum(1 for w in self._all if w.proc.poll() is None)
        return {
            "workers": self.size,
            "alive": alive,
            "without_network": self.network_walled,
            "restarts": max(0, self.started - self.size),
            "killed": self.killed,
            "last_error": self.last_error,
        }

    def start(self) -> None:
        """Start the supervisor and wait until every worker is ready (RuntimeError if one cannot start)."""
        self.launch()
        self.wait_started()

    def launch(self) -> None:
        """Start the supervisor, which starts the workers in the background (:meth:`wait_started` waits for them)."""
        self._supervisor.start()
        for _ in range(self.size):
            self._wanted.put(True)

    def wait_started(self) -> None:
        """Wait until every worker is ready (RuntimeError if one cannot start)."""
        deadline = time.monotonic() + self.start_timeout * self.size
        while time.monotonic() < deadline:
            with self._lock:
                if len(self._all) >= self.size:
                    return
            if self.last_error and self.started == 0:
                break
            time.sleep(0.05)
        raise RuntimeError(f"the SPARQL worker processes did not start: {self.last_error or 'time limit'}")

    def _supervise(self) -> None:
        pause = 0.5
        while self._wanted.get():
            while not self._closed:
                try:
                    w = _Worker(self.nquads_path, self.memory_mb)
                    w.wait_ready(self.start_timeout)
                except Exception as e:  # a worker that cannot start: say why, wait, try again
                    self.last_error = f"{type(e).__name__}: {e}"
                    time.sleep(pause)
                    pause = min(pause * 2, 30.0)
                    continue
                pause = 0.5
                self.started += 1
                with self._lock:
                    if self._closed:
                        w.kill()
                        return
                    self._all.add(w)
                self._idle.put(w)
                break

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
        self._retire(w)
        if time.monotonic() >= deadline:
            raise QueryTimeout(
                f"the query was cancelled after the time limit of {timeout:g} s (CSPGRAPH_QUERY_TIMEOUT); "
                "narrow it, add a LIMIT, or download the dump at /dumps/"
            )
        raise Unavailable("the query stopped its worker (it may need more memory than this endpoint allows); narrow it")

    def _retire(self, w: _Worker) -> None:
        with self._lock:
            self._all.discard(w)
        w.kill()
        self.killed += 1
        if not self._closed:
            self._wanted.put(True)

    def close(self) -> None:
        self._closed = True
        self._wanted.put(False)
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
