"""Running public SPARQL queries safely: read-only checks, worker processes with a hard time limit, result limits.

pyoxigraph cannot cancel a query from Python once it runs, so public queries never run in the server process.
Each runs in one of a small pool of worker processes, each holding its own copy of the dataset (loaded from an
N-Quads snapshot of the store). The server waits for the answer at most ``timeout`` seconds; a worker that has not
answered by then is killed and replaced in the background, and the client gets a 503 saying so. The server process
keeps answering every other request meanwhile. Results are serialised in the worker, and a query whose answer
exceeds ``limit`` rows (or triples) is stopped there with a 400 saying to add a LIMIT.

Update, LOAD and SERVICE are refused before anything runs, by :func:`check_query`: a SPARQL tokenizer (comments,
strings and IRIs are recognised, ``\\u`` escapes decoded) finds the query form and any SERVICE keyword, and rdflib's
SPARQL Update parser confirms and names an update operation. Workers only ever call ``Store.query``, which cannot
run an update.
"""

from __future__ import annotations

import contextlib
import os
import queue
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from cspgraph.api.sparql_worker import GRAPH_FORMATS, RESULTS_FORMATS, Answer, execute
from cspgraph.errors import QueryError

__all__ = [
    "GRAPH_FORMATS",
    "RESULTS_FORMATS",
    "Answer",
    "Busy",
    "QueryRefused",
    "QueryTimeout",
    "WorkerPool",
    "check_query",
    "execute",
]
WORKER_SCRIPT = Path(__file__).with_name("sparql_worker.py")


class QueryRefused(QueryError):
    """A query that a read-only public endpoint will not run (Update, LOAD, SERVICE)."""


# ----------------------------------------------------------------- the read-only check
_TOKEN = re.compile(
    r"""
    (?P<comment>\#[^\n\r]*)
  | (?P<lstr>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*''')
  | (?P<str>"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7-\uFFFF]+)
  | (?P<pname>[A-Za-z\u00C0-\uFFFF][\w.\-\u00B7-\uFFFF]*:[\w.\-:%\\\u00B7-\uFFFF]*|:[\w.\-:%\\\u00B7-\uFFFF]*)
  | (?P<word>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<other>\S)
    """,
    re.VERBOSE | re.DOTALL,
)
_FORMS = {"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"}
_UPDATES = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "ADD", "MOVE", "COPY", "WITH"}
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")


def _words(query: str) -> list[str]:
    """The bare keywords of a query, upper-cased, ignoring comments, strings, IRIs, variables and prefixed names."""
    return [m.group("word").upper() for m in _TOKEN.finditer(query) if m.lastgroup == "word"]


def _decode_escapes(query: str) -> str:
    def sub(m: re.Match[str]) -> str:
        try:
            return chr(int(m.group(1) or m.group(2), 16))
        except ValueError:
            return m.group(0)

    return _ESCAPE.sub(sub, query)


def check_query(query: str) -> str:
    """The query form (SELECT, CONSTRUCT, DESCRIBE or ASK) of a query a read-only endpoint may run.

    Raises:
        QueryRefused: the text is a SPARQL Update (including LOAD), or uses SERVICE (federation would make the
            server send requests on behalf of the public).
        QueryError: no query form was found (the engine's parser reports the detail when it runs).
    """
    streams = [_words(query)]
    decoded = _decode_escapes(query)
    if decoded != query:  # SPARQL allows \\u escapes anywhere; judge the decoded text as well
        streams.append(_words(decoded))
    form = None
    for words in streams:
        if "SERVICE" in words:
            raise QueryRefused(
                "SERVICE (federated query) is refused: this endpoint does not send requests to other servers"
            )
        first = next((w for w in words if w not in ("PREFIX", "BASE")), None)
        if first in _UPDATES or any(w in ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP") for w in words):
            raise QueryRefused(f"SPARQL Update is refused: this endpoint is read-only ({_update_name(query)})")
        if first in _FORMS and form is None:
            form = first
    if form is None:
        raise QueryError("malformed SPARQL: expected a SELECT, CONSTRUCT, DESCRIBE or ASK query")
    return form


def _update_name(text: str) -> str:
    """Name the operations of an update, using rdflib's SPARQL Update parser where it accepts the text."""
    try:
        from rdflib.plugins.sparql.parser import parseUpdate

        parsed = parseUpdate(text)
        names = [str(getattr(r, "name", "")) for r in parsed.request]
        names = [re.sub(r"(?<!^)(?=[A-Z])", " ", n).upper() for n in names if n]
        if names:
            return ", ".join(dict.fromkeys(names))
    except Exception:  # not a well-formed update: name the keyword the tokenizer found
        pass
    words = [w for w in _words(text) if w in _UPDATES]
    return words[0] if words else "update"


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

    def wait_ready(self, timeout: float) -> None:
        if not self.inbox.poll(timeout):
            self.kill()
            raise RuntimeError("a SPARQL worker process did not start")
        self.inbox.recv()

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(5)
        self.outbox.close()
        self.inbox.close()


class QueryTimeout(QueryError):
    """A query ran past the time limit and was cancelled."""


class Busy(QueryError):
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
