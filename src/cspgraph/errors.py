"""Errors that say what to fix. The CLI turns each into a message and exit code 2; the API into HTTP 4xx."""

from __future__ import annotations


class CspGraphError(Exception):
    """Base class of every error cspgraph raises on purpose."""


class InputError(CspGraphError):
    """Bad input from a user: an unknown code, a malformed argument, a missing file."""


class LoadError(InputError):
    """A file could not be read or parsed. The message names the file and, where known, the line."""

    def __init__(self, path: str, message: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        where = f"{path}, line {line}" if line else path
        super().__init__(f"{where}: {message}")


class ReferenceDataError(LoadError):
    """A reference file needed by ``cspgraph build`` is missing or does not have the expected columns."""


class QueryError(InputError):
    """A SPARQL query is malformed, or asks for something a read-only endpoint refuses."""


class NotFound(InputError):
    """A named resource (query, body, CSP) does not exist."""
