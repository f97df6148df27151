"""The SPARQL worker process: checks and runs one query at a time on its own copy of the dataset.

This file is run as a script (``python -I sparql_worker.py DATASET.nq READ_FD WRITE_FD``). Once the dataset is
loaded the process forbids itself network sockets (:func:`cspgraph.sandbox.deny_network`), then answers jobs: each
query is checked by :func:`cspgraph.guard.check_query` (so that the parse, too, runs under the server's time
limit and out of the server process) and only then run. The server imports this module too, for :func:`execute`
and the serialisers. See :mod:`cspgraph.api.sparql_exec` for how it is used.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from cspgraph.rdfio import RDF_FORMATS, RESULTS_FORMATS, serialize, serialize_boolean, serialize_select

#: the graph formats a CONSTRUCT or DESCRIBE answer can be sent in
GRAPH_KEYS = ("ttl", "nt", "rdf", "jsonld")


# ----------------------------------------------------------------- the worker process
@dataclass
class Answer:
    """What a query produced: an HTTP status, a media type and the body."""

    status: int
    media_type: str
    body: bytes


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
) -> Answer:
    """Check one query with :func:`cspgraph.guard.check_query`, run it on a pyoxigraph store, serialise the answer.

    A refused query is answered 403, a query over the size limits 413, a malformed one 400.
    """
    from cspgraph.errors import CspGraphError
    from cspgraph.guard import DEFAULT_MAX_CHARS, DEFAULT_MAX_DEPTH, QueryRefused, QueryTooLarge, check_query

    try:
        check_query(query, max_chars=max_chars or DEFAULT_MAX_CHARS, max_depth=max_depth or DEFAULT_MAX_DEPTH)
    except QueryRefused as e:
        return Answer(403, "text/plain; charset=utf-8", str(e).encode())
    except QueryTooLarge as e:
        return Answer(413, "text/plain; charset=utf-8", str(e).encode())
    except CspGraphError as e:  # malformed
        return Answer(400, "text/plain; charset=utf-8", str(e).encode())
    kw: dict[str, Any] = {}
    if default_graphs:
        kw["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
    else:
        kw["use_default_graph_as_union"] = True
    if named_graphs:
        kw["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
    too_many = (
        f"the answer has more than {limit} results, the limit of this endpoint: add a LIMIT, narrow the query, "
        "or download the dump at /dumps/"
    )
    try:
        res = store.query(query, **kw)
        if isinstance(res, ox.QuerySolutions):
            variables = [v.value for v in res.variables]
            rows = []
            for sol in res:
                rows.append([sol[v] for v in variables])
                if len(rows) > limit:
                    return Answer(400, "text/plain; charset=utf-8", too_many.encode())
            body = serialize_select(variables, rows, results_fmt)
            return Answer(200, RESULTS_FORMATS[results_fmt].media_type, body)
        if isinstance(res, ox.QueryBoolean):
            mt, body = serialize_boolean(bool(res), results_fmt)
            return Answer(200, mt, body)
        triples = []
        for t in res:
            triples.append(t)
            if len(triples) > limit:
                return Answer(400, "text/plain; charset=utf-8", too_many.encode())
        return Answer(200, RDF_FORMATS[graph_fmt].media_type, serialize(triples, graph_fmt, prefixes))
    except SyntaxError as e:
        return Answer(400, "text/plain; charset=utf-8", f"malformed SPARQL: {e}".encode())
    except (OSError, RuntimeError, ValueError, TypeError) as e:
        return Answer(400, "text/plain; charset=utf-8", f"the query failed: {e}".encode())


def main(argv: list[str]) -> None:  # pragma: no cover - runs in a child process
    """``python sparql_worker.py DATASET.nq READ_FD WRITE_FD``: load the dataset, then answer jobs until EOF."""
    from multiprocessing.connection import Connection

    nquads_path, rfd, wfd = argv[1], int(argv[2]), int(argv[3])
    inbox, outbox = Connection(rfd, writable=False), Connection(wfd, readable=False)
    store = ox.Store()
    store.bulk_load(path=nquads_path, format=ox.RdfFormat.N_QUADS)
    from cspgraph import guard, sandbox

    guard.check_query("ASK {}")  # load the checker's parser now, not on the first query
    walled = sandbox.deny_network()
    outbox.send(("ready", len(store), walled, sandbox.last_error))
    while True:
        try:
            msg = inbox.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        try:
            ans = execute(store, **msg)
        except Exception as e:  # never let one query kill the worker silently
            ans = Answer(500, "text/plain; charset=utf-8", f"internal error: {type(e).__name__}".encode())
        outbox.send((ans.status, ans.media_type, ans.body))


if __name__ == "__main__":  # pragma: no cover
    main(sys.argv)
