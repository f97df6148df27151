"""Errors that say what to fix, and the one table of what each means to a caller.

The command line turns every :class:`CspGraphError` into one line on standard error and exit code 2; the HTTP API
into an RFC 9457 ``application/problem+json`` answer whose status and title come from the class here (see
:mod:`cspgraph.api.problems`), so the same bad input gets the same answer on every route.

Examples:
    >>> e = NotFound("no police force area has the code 'E23999999'")
    >>> e.status, e.title
    (404, 'Not found')
"""

from __future__ import annotations


class CspGraphError(Exception):
    """Base class of every error cspgraph raises on purpose."""

    status = 400
    title = "Bad input"


class InputError(CspGraphError):
    """Bad input from a user: an unknown code, a malformed argument, a missing file."""


class LoadError(InputError):
    """A file could not be read or parsed. The message names the file and, where known, the line."""

    title = "Unreadable file"

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        where = f"{path}, line {line}" if line else path
        super().__init__(f"{where}: {message}")


class ReferenceDataError(LoadError):
    """A reference file needed by ``cspgraph build`` is missing or does not have the expected columns."""


class QueryError(InputError):
    """A SPARQL query is malformed, or asks for something a read-only endpoint refuses."""

    title = "Bad query"


class NotFound(InputError):
    """A named resource (query, body, CSP, scenario) does not exist."""

    status = 404
    title = "Not found"


class Refused(InputError):
    """A request the public server will not carry out (an update, a federated query)."""

    status = 403
    title = "Refused"


class TooLarge(InputError):
    """A request over one of the configured limits (body size, query length or nesting, number of CSPs)."""

    status = 413
    title = "Too large"


class Unavailable(CspGraphError):
    """The server cannot answer now (time limit reached, every worker busy, the store down); try again later."""

    status = 503
    title = "Unavailable"
    retry_after = 5


class TimeLimit(Unavailable):
    """Work that ran past its time limit and was stopped."""

    title = "Time limit reached"
