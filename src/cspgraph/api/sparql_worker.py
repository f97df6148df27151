"""The SPARQL worker process: checks and runs one query at a time on the dataset.

This file is run as a script (``python -I sparql_worker.py DATASET READ_FD WRITE_FD PARENT_PID MEMORY_MB``). It
first asks the kernel to kill it when its server goes (:func:`cspgraph.sandbox.die_with_parent`), opens the
dataset (:func:`open_dataset`: the server's on-disk store read-only, so that every worker shares one copy, or an
N-Quads file of a store the server was given), caps its own memory (:func:`cspgraph.sandbox.limit_memory`) and forbids itself network sockets
(:func:`cspgraph.sandbox.deny_network`); then it answers jobs: each query is checked by
:func:`cspgraph.guard.check_query` (so the parse, too, runs under the server's time limit and out of the server
process) and only then run, its answer cut off at the row and byte limits. The server imports this module too, for
:func:`execute`. See :mod:`cspgraph.api.sparql_exec` for how it is used.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from cspgraph.rdfio import RDF_FORMATS, RESULTS_FORMATS, serialize, serialize_boolean, serialize_select

#: the graph formats a CONSTRUCT or DESCRIBE answer can be sent in
GRAPH_KEYS = ("ttl", "nt", "rdf", "jsonld")
PLAIN = "text/plain; charset=utf-8"
DEFAULT_MAX_BYTES = 32 * 1024 * 1024


@dataclass
class Answer:
    """What a query produced: an HTTP status, a media type and the body."""

    status: int
    media_type: str
    body: bytes


class _Limit(Exception):
    """An answer over the row or byte limit (the message says which)."""


def _check(query: str, max_chars: int | None, max_depth: int | None, prologue: str = "") -> Answer | None:
    """The refusal of a query the guard does not accept (with the predeclared ``prologue``), or None."""
    from cspgraph.errors import CspGraphError
    from cspgraph.guard import DEFAULT_MAX_CHARS, DEFAULT_MAX_DEPTH, check_query

    try:
        check_query(
            query, max_chars=max_chars or DEFAULT_MAX_CHARS, max_depth=max_depth or DEFAULT_MAX_DEPTH, prologue=prologue
        )
    except CspGraphError as e:
        return Answer(e.status, PLAIN, str(e).encode())
    return None


def _dataset(default_graphs: list[str] | None, named_graphs: list[str] | None) -> dict[str, Any]:
    """The query's dataset from the protocol's ``default-graph-uri`` and ``named-graph-uri`` (ValueError if bad)."""
    kw: dict[str, Any] = {}
    if default_graphs:
        kw["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    else:
        kw["use_default_graph_as_union"] = True
    if named_graphs:
        kw["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    return kw


def _size(term: Any) -> int:
    return 0 if term is None else len(getattr(term, "value", "")) + 16


def _collect(items: Any, width: int, limit: int, max_bytes: int, row: Any) -> list[Any]:
    """The items of a result, stopping with _Limit past ``limit`` items or ``max_bytes`` of terms."""
    out: list[Any] = []
    size = 0
    for item in items:
        values = row(item)
        size += sum(_size(t) for t in values[:width])
        out.append(values)
        if len(out) > limit:
            raise _Limit(f"the answer has more than {limit} results, the limit of this endpoint")
        if size > max_bytes:
            raise _Limit(f"the answer is larger than {max_bytes // (1024 * 1024)} MB, the limit of this endpoint")
    return out


def execute(
    store: Any,
    query: str,
    results_fmt: str,
    graph_fmt: str,
    limit: int,
    default_graphs: list[str] | None = None,
    named_graphs: list[str] | None = None,
    prefixes: dict[str, str] | None = None,
    max_chars: int | None = None,
    max_depth: int | None = None,
    max_bytes: int | None = None,
) -> Answer:
    """Check one query with :func:`cspgraph.guard.check_query`, run it on a pyoxigraph store, serialise the answer.

    A refused query is answered 403, a query over the size limits 413, a malformed one (or a bad graph IRI) 400,
    an answer over the row or byte limit 413 with what to do instead. The namespaces of ``prefixes`` are
    predeclared: a query may use ``cspg:`` or ``org:`` without its PREFIX line (its own declarations win).
    """
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in (prefixes or {}).items())
    refused = _check(query, max_chars, max_depth, prologue)
    if refused is not None:
        return refused
    cap = max_bytes or DEFAULT_MAX_BYTES
    try:
        res = store.query(prologue + query, **_dataset(default_graphs, named_graphs))
        if isinstance(res, ox.QuerySolutions):
            variables = [v.value for v in res.variables]
            rows = _collect(res, len(variables), limit, cap, lambda sol: [sol[v] for v in variables])
            return Answer(200, RESULTS_FORMATS[results_fmt].media_type, serialize_select(variables, rows, results_fmt))
        if isinstance(res, ox.QueryBoolean):
            mt, body = serialize_boolean(bool(res), results_fmt)
            return Answer(200, mt, body)
        found = _collect(res, 3, limit, cap, lambda t: [t.subject, t.predicate, t.object, t])
        triples = [row[3] for row in found]
        return Answer(200, RDF_FORMATS[graph_fmt].media_type, serialize(triples, graph_fmt, prefixes))
    except _Limit as e:
        return Answer(413, PLAIN, f"{e}: add a LIMIT, narrow the query, or download the dump at /dumps/".encode())
    except SyntaxError as e:
        return Answer(400, PLAIN, f"malformed SPARQL: {e}".encode())
    except (OSError, RuntimeError, ValueError, TypeError) as e:
        return Answer(400, PLAIN, f"the query failed: {e}".encode())


def open_dataset(path: str) -> ox.Store:
    """The worker's dataset: the shared on-disk store opened read-only (a folder), or an N-Quads file loaded."""
    import os

    if os.path.isdir(path):
        return ox.Store.read_only(path)
    store = ox.Store()
    store.bulk_load(path=path, format=ox.RdfFormat.N_QUADS)
    return store


def main(argv: list[str]) -> None:  # pragma: no cover - runs in a child process
    """Load the dataset, wall the process off, then answer jobs until EOF (see the module docstring)."""
    from multiprocessing.connection import Connection

    from cspgraph import guard, sandbox

    nquads_path, rfd, wfd, parent, memory_mb = argv[1], int(argv[2]), int(argv[3]), int(argv[4]), int(argv[5])
    sandbox.die_with_parent(parent)
    inbox, outbox = Connection(rfd, writable=False), Connection(wfd, readable=False)
    store = open_dataset(nquads_path)
    guard.check_query("ASK {}")  # load the checker's parser now, not on the first query
    if memory_mb > 0:
        sandbox.limit_memory(memory_mb)
    walled = sandbox.deny_network()
    outbox.send(("ready", walled, sandbox.last_error))  # not len(store): on disk that reads every quad
    while True:
        try:
            msg = inbox.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        try:
            ans = execute(store, **msg)
        except MemoryError:
            ans = Answer(413, PLAIN, b"the query needs more memory than this endpoint allows: narrow it")
        except Exception as e:  # never let one query kill the worker silently
            ans = Answer(500, PLAIN, f"internal error: {type(e).__name__}".encode())
        outbox.send((ans.status, ans.media_type, ans.body))


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv)
