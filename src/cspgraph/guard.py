"""The one check of what a SPARQL query from outside may do: read the graph, and nothing else.

Every ad-hoc query (the ``/sparql`` endpoint, ``cspgraph sparql``, a query forwarded to a remote store) passes
:func:`check_query` before any engine sees it. The decision is taken on the query's *parsed form*, never on its
characters: the text is parsed with a SPARQL 1.1 grammar (rdflib's parser, which decodes ``\\u`` escapes and
handles prefixed names, comments and strings as the grammar says), and

* a text that does not parse as a query is refused (an update is named as one);
* a parsed query that holds a ``SERVICE`` pattern anywhere (inside ``EXISTS``, ``OPTIONAL``, a subquery, a
  ``MINUS``...) is refused;
* a text longer than ``max_chars`` or with brackets nested deeper than ``max_depth`` is refused before parsing,
  so that neither the checker nor the engine spends unbounded work (or stack) on it.

A checker and an engine are two programs, and they could still disagree on a query that one reads as federated
and the other does not; :mod:`cspgraph.sandbox` is the second wall: the processes that run public queries cannot
open a network socket at all.

Examples:
    >>> check_query("SELECT ?s WHERE { ?s ?p ?o } LIMIT 1").form
    'SELECT'
    >>> check_query("PREFIX : <http://127.0.0.1:9/> SELECT * WHERE { SERVICE:x { ?s ?p ?o } }")
    Traceback (most recent call last):
    ...
    cspgraph.guard.QueryRefused: SERVICE (federated query) is refused: this endpoint does not send requests to other servers
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from cspgraph.errors import QueryError, Refused, TooLarge

__all__ = [
    "DEFAULT_MAX_CHARS",
    "DEFAULT_MAX_DEPTH",
    "CheckedQuery",
    "QueryRefused",
    "QueryTooLarge",
    "check_query",
    "nesting_depth",
]

DEFAULT_MAX_CHARS = 20_000
DEFAULT_MAX_DEPTH = 24
_FORMS = {"SelectQuery": "SELECT", "ConstructQuery": "CONSTRUCT", "DescribeQuery": "DESCRIBE", "AskQuery": "ASK"}
_PARSE_LOCK = threading.Lock()  # pyparsing's packrat cache is shared by every thread


class QueryRefused(Refused, QueryError):
    """A query that a read-only endpoint will not run: an update (including LOAD) or a federated query."""

    title = "Refused"


class QueryTooLarge(TooLarge, QueryError):
    """A query longer, or nested deeper, than the configured limits."""

    title = "Too large"


@dataclass(frozen=True)
class CheckedQuery:
    """A query that passed :func:`check_query`: its text and its form (SELECT, CONSTRUCT, DESCRIBE or ASK)."""

    text: str
    form: str


# ----------------------------------------------------------------- limits before parsing
_IRI = re.compile(r'<[^<>"{}|^`\\\x00-\x20]*>')


def _skip_string(text: str, pos: int) -> int:
    """The position after the string literal starting at ``pos`` (or after the rest of the line or text when it is
    never closed, so that no character is scanned twice)."""
    quote = text[pos]
    triple = text.startswith(quote * 3, pos)
    i = pos + (3 if triple else 1)
    n = len(text)
    while i < n:
        c = text[i]
        if c == "\\":
            i += 2
            continue
        if triple:
            if text.startswith(quote * 3, i):
                return i + 3
        elif c == quote:
            return i + 1
        elif c in "\r\n":
            return i
        i += 1
    return n


def nesting_depth(text: str) -> int:
    """The deepest nesting of ``{``, ``(`` and ``[`` in ``text``, outside strings, IRIs and comments (linear time).

    >>> nesting_depth("SELECT * WHERE { ?s ?p ?o FILTER(?o = '{{{') }")
    2
    """
    depth = deepest = 0
    pos = 0
    n = len(text)
    while pos < n:
        c = text[pos]
        if c in "\"'":
            pos = _skip_string(text, pos)
            continue
        if c == "\\":  # an escaped character in a prefixed name (``a:b\\#c``) is not a comment
            pos += 2
            continue
        if c == "<":
            m = _IRI.match(text, pos)
            if m is not None:
                pos = m.end()
                continue
        elif c == "#":
            end = text.find("\n", pos)
            pos = n if end < 0 else end
            continue
        elif c in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif c in "})]":
            depth = max(0, depth - 1)
        pos += 1
    return deepest


# ----------------------------------------------------------------- the parsed form
def _nodes(value: Any) -> Iterator[Any]:
    """Every rdflib ``CompValue`` in a parse result, depth first (iteratively: no recursion limit to hit)."""
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [value]
    while stack:
        x = stack.pop()
        if isinstance(x, CompValue):
            yield x
            stack.extend(x.values())
        elif isinstance(x, list | tuple) or hasattr(x, "asList"):
            stack.extend(x)
        elif isinstance(x, dict):
            stack.extend(x.values())


def _update_names(text: str) -> str:
    """The operations of a SPARQL Update, by rdflib's Update parser, or '' when the text is not an update."""
    from rdflib.plugins.sparql.parser import parseUpdate

    try:
        with _PARSE_LOCK:
            parsed = parseUpdate(text)
    except Exception:  # not an update either
        return ""
    requests = getattr(parsed, "request", None) or []
    names = [re.sub(r"(?<!^)(?=[A-Z])", " ", str(getattr(r, "name", ""))).upper() for r in requests]
    return ", ".join(dict.fromkeys(n for n in names if n))


def _parse_message(e: Exception, shift: int) -> str:
    """The parser's complaint, with its position as line:column of the user's text (not counting a prologue)."""
    lineno, col = getattr(e, "lineno", None), getattr(e, "col", None)
    msg = re.sub(r"\s+", " ", str(getattr(e, "msg", "") or e)).strip()[:200]
    if isinstance(lineno, int) and isinstance(col, int):
        line = str(getattr(e, "line", "")).strip()[:80]
        near = f" near {line!r}" if line else ""
        return f"at line:column {max(1, lineno - shift)}:{col}{near}: {msg}"
    return msg


def _undeclared_prefixes(parsed: Any) -> list[str]:
    declared = {str(n.get("prefix", "")) for n in _nodes(parsed) if n.name == "PrefixDecl"}
    used = {str(n.get("prefix", "")) for n in _nodes(parsed) if n.name == "pname"}
    return sorted(used - declared)


def check_query(
    text: str, *, max_chars: int = DEFAULT_MAX_CHARS, max_depth: int = DEFAULT_MAX_DEPTH, prologue: str = ""
) -> CheckedQuery:
    """Check that ``text`` is a read-only, non-federated SPARQL 1.1 query within the limits.

    Accepted queries are remembered (the last 512), so a query sent again is not parsed again.

    Args:
        text: the query as the user sent it.
        max_chars: the longest query accepted (characters).
        max_depth: the deepest nesting of brackets accepted.
        prologue: PREFIX lines the caller will put before ``text`` (checked with it, not counted in the limits).

    Returns:
        The checked query and its form.

    Raises:
        QueryTooLarge: the text is longer or nested deeper than the limits.
        QueryRefused: the text is a SPARQL Update (LOAD included) or the query uses SERVICE.
        QueryError: the text does not parse as a SPARQL 1.1 query (the message gives the parser's position).
    """
    return _check(text, max_chars, max_depth, prologue)


@functools.lru_cache(maxsize=512)
def _check(text: str, max_chars: int, max_depth: int, prologue: str) -> CheckedQuery:
    if not text.strip():
        raise QueryError("the query is empty: send a SELECT, CONSTRUCT, DESCRIBE or ASK query")
    if len(text) > max_chars:
        raise QueryTooLarge(
            f"the query is {len(text):,} characters long, more than this endpoint's limit of {max_chars:,}: "
            "shorten it (a VALUES block or a FILTER can often be replaced by a pattern)"
        )
    depth = nesting_depth(text)
    if depth > max_depth:
        raise QueryTooLarge(
            f"the query nests brackets {depth} deep, more than this endpoint's limit of {max_depth}: flatten it"
        )
    from rdflib.plugins.sparql.parser import parseQuery

    full = prologue + text
    try:
        with _PARSE_LOCK:
            parsed = parseQuery(full)
    except RecursionError as e:
        raise QueryTooLarge(f"the query is nested too deeply to check (limit {max_depth}): flatten it") from e
    except Exception as e:  # pyparsing and rdflib raise several kinds of errors for a malformed query
        update = _update_names(full)
        if update:
            raise QueryRefused(f"SPARQL Update is refused: this endpoint is read-only ({update})") from e
        raise QueryError(f"malformed SPARQL {_parse_message(e, prologue.count(chr(10)))}") from e
    form = _FORMS.get(getattr(parsed[1], "name", ""), "")
    if not form:
        raise QueryError("malformed SPARQL: expected a SELECT, CONSTRUCT, DESCRIBE or ASK query")
    undeclared = _undeclared_prefixes(parsed)
    if undeclared:
        names = ", ".join(f"{p}:" for p in undeclared)
        raise QueryError(
            f"malformed SPARQL: the prefix {names} is not declared; add a line PREFIX {undeclared[0]}: <...>"
        )
    if any(node.name == "ServiceGraphPattern" for node in _nodes(parsed)):
        raise QueryRefused(
            "SERVICE (federated query) is refused: this endpoint does not send requests to other servers"
        )
    return CheckedQuery(text, form)
