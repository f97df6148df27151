"""cspgraph: the knowledge graph of community safety governance in England and Wales.

Example:
    >>> from cspgraph import open_store
    >>> store = open_store()
    >>> store.count_instances("https://w3id.org/cspgraph/def/CommunitySafetyPartnership") >= 314
    True
"""

from __future__ import annotations

__version__ = "0.1.0"

from cspgraph.errors import CspGraphError, InputError, LoadError
from cspgraph.queries import QueryRegistry, run_query
from cspgraph.stores import GraphStore, OxigraphStore, RdflibStore, open_store
from cspgraph.validate import Severity, ValidationReport, ValidationResult, validate

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
    "validate",
    "run_query",
]
