"""cspgraph: the knowledge graph of community safety governance in England and Wales.

The public names below are imported on first use, so that ``import cspgraph`` (and every command) loads only what
it needs. Validation is :func:`cspgraph.validate.validate` (``cspgraph.validate`` is the package).

Examples:
    >>> from cspgraph import open_store
    >>> store = open_store()
    >>> store.count_instances("https://w3id.org/cspgraph/def/CommunitySafetyPartnership") >= 314
    True
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from cspgraph.version import __version__

if TYPE_CHECKING:
    from cspgraph.errors import CspGraphError, InputError, LoadError
    from cspgraph.queries import QueryRegistry, run_query
    from cspgraph.stores import GraphStore, OxigraphStore, RdflibStore, open_store
    from cspgraph.validate import Severity, ValidationReport, ValidationResult

_HOMES = {
    "CspGraphError": "cspgraph.errors",
    "InputError": "cspgraph.errors",
    "LoadError": "cspgraph.errors",
    "QueryRegistry": "cspgraph.queries",
    "run_query": "cspgraph.queries",
    "GraphStore": "cspgraph.stores",
    "OxigraphStore": "cspgraph.stores",
    "RdflibStore": "cspgraph.stores",
    "open_store": "cspgraph.stores",
    "Severity": "cspgraph.validate",
    "ValidationReport": "cspgraph.validate",
    "ValidationResult": "cspgraph.validate",
}

__all__ = [
    "CspGraphError",
    "GraphStore",
    "InputError",
    "LoadError",
    "OxigraphStore",
    "QueryRegistry",
    "RdflibStore",
    "Severity",
    "ValidationReport",
    "ValidationResult",
    "__version__",
    "open_store",
    "run_query",
]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        value = getattr(importlib.import_module(_HOMES[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'cspgraph' has no attribute {name!r}")
