"""The SPARQL worker process: checks and runs one query at a time on its own copy of the dataset.

This file is run as a script (``python -I sparql_worker.py DATASET.nq READ_FD WRITE_FD``). Once the dataset is
loaded the process forbids itself network sockets (:func:`cspgraph.sandbox.deny_network`), then answers jobs: each
query is checked by :func:`cspgraph.guard.check_query` (so that the parse, too, runs under the server's time
limit and out of the server process) and only then run. The server imports this module too, for :func:`execute`
and the serialisers. See :mod:`cspgraph.api.sparql_exec` for how it is used.
"""

from __future__ import annotations

import io
import json
import sys
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

import pyoxigraph as ox

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

# ----------------------------------------------------------------- formats
RESULTS_FORMATS: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
GRAPH_FORMATS: dict[str, str] = {
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "rdf": "application/rdf+xml",
    "jsonld": "application/ld+json",
}
_OX_GRAPH = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "rdf": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
}


# ----------------------------------------------------------------- result serialisers
def _json_term(t: Any) -> dict[str, str]:
    if isinstance(t, ox.NamedNode):
        return {"type": "uri", "value": t.value}
    if isinstance(t, ox.BlankNode):
        return {"type": "bnode", "value": t.value}
    if isinstance(t, ox.Literal):
        d = {"type": "literal", "value": t.value}
        if t.language:
            d["xml:lang"] = t.language
        elif t.datatype.value != XSD_STRING:
            d["datatype"] = t.datatype.value
        return d
    return {"type": "literal", "value": str(t)}


def _xml_term(t: Any) -> str:
    if isinstance(t, ox.NamedNode):
        return f"<uri>{xml_escape(t.value)}</uri>"
    if isinstance(t, ox.BlankNode):
        return f"<bnode>{xml_escape(t.value)}</bnode>"
    if isinstance(t, ox.Literal):
        if t.language:
            return f"<literal xml:lang={quoteattr(t.language)}>{xml_escape(t.value)}</literal>"
        if t.datatype.value != XSD_STRING:
            return f"<literal datatype={quoteattr(t.datatype.value)}>{xml_escape(t.value)}</literal>"
        return f"<literal>{xml_escape(t.value)}</literal>"
    return f"<literal>{xml_escape(str(t))}</literal>"


def _csv_field(t: Any) -> str:
    if t is None:
        s = ""
    elif isinstance(t, ox.BlankNode):
        s = f"_:{t.value}"
    elif isinstance(t, ox.NamedNode | ox.Literal):
        s = t.value
    else:
        s = str(t)
    if any(c in s for c in ',"\r\n'):
        s = '"' + s.replace('"', '""') + '"'
    return s


def serialize_select(variables: list[str], rows: list[list[Any]], fmt: str) -> bytes:
    """SPARQL 1.1 query results (JSON, XML, CSV or TSV) for a SELECT answer."""
    if fmt == "json":
        bindings = [{v: _json_term(t) for v, t in zip(variables, row, strict=True) if t is not None} for row in rows]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}).encode()
    if fmt == "xml":
        out = io.StringIO()
        out.write('<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n<head>')
        out.write("".join(f"<variable name={quoteattr(v)}/>" for v in variables))
        out.write("</head>\n<results>\n")
        for row in rows:
            out.write("<result>")
            for v, t in zip(variables, row, strict=True):
                if t is not None:
                    out.write(f"<binding name={quoteattr(v)}>{_xml_term(t)}</binding>")
            out.write("</result>\n")
        out.write("</results>\n</sparql>\n")
        return out.getvalue().encode()
    if fmt == "csv":
        lines = [",".join(variables)] + [",".join(_csv_field(t) for t in row) for row in rows]
        return ("\r\n".join(lines) + "\r\n").encode()
    if fmt == "tsv":
        lines = ["\t".join("?" + v for v in variables)]
        lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
        return ("\n".join(lines) + "\n").encode()
    raise ValueError(fmt)


def serialize_boolean(value: bool, fmt: str) -> tuple[str, bytes]:
    """An ASK answer: SPARQL JSON or XML (CSV and TSV define no boolean form, so those get JSON)."""
    if fmt == "xml":
        body = (
            '<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#"><head/>'
            f"<boolean>{'true' if value else 'false'}</boolean></sparql>\n"
        )
        return RESULTS_FORMATS["xml"], body.encode()
    return RESULTS_FORMATS["json"], json.dumps({"head": {}, "boolean": value}).encode()


def to_bytes(items: Any, fmt: Any, prefixes: dict[str, str] | None = None) -> bytes:
    """``pyoxigraph.serialize`` into bytes."""
    out = ox.serialize(items, format=fmt, prefixes=prefixes) if prefixes else ox.serialize(items, format=fmt)
    assert out is not None  # no output file was given
    return out


def serialize_triples(triples: list[Any], fmt: str, prefixes: dict[str, str] | None = None) -> bytes:
    """Triples in one of :data:`GRAPH_FORMATS` (Turtle with the project's prefixes)."""
    if fmt == "ttl":
        return to_bytes(triples, ox.RdfFormat.TURTLE, prefixes or {})
    return to_bytes(triples, _OX_GRAPH[fmt])


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
            return Answer(200, RESULTS_FORMATS[results_fmt], serialize_select(variables, rows, results_fmt))
        if isinstance(res, ox.QueryBoolean):
            mt, body = serialize_boolean(bool(res), results_fmt)
            return Answer(200, mt, body)
        triples = []
        for t in res:
            triples.append(t)
            if len(triples) > limit:
                return Answer(400, "text/plain; charset=utf-8", too_many.encode())
        return Answer(200, GRAPH_FORMATS[graph_fmt], serialize_triples(triples, graph_fmt, prefixes))
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
