"""Settings, from arguments or the environment (CSPGRAPH_*)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

#: the most CSPs one merger view of the network takes (``CSPGRAPH_NETWORK_MAX_CSPS`` on the server)
NETWORK_MAX_CSPS = 400


def _env_int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


def _env_float(name: str, default: float) -> float:
    try:
        return float(os.environ.get(name, default))
    except ValueError:
        return default


@dataclass
class Settings:
    """Server settings. Every field can be set from the environment, e.g. CSPGRAPH_PORT=8080.

    ``store`` is ``oxigraph`` (embedded, default), ``rdflib``, or the URL of a SPARQL 1.1 endpoint (see
    :mod:`cspgraph.remote`). ``base_uri`` is the URI space the app answers for: a request for ``/id/x`` describes
    ``{base_uri}id/x``. ``query_timeout`` (seconds) and ``result_limit`` (rows or triples) bound every public SPARQL
    query, ``query_max_chars`` and ``query_max_depth`` (bracket nesting) its text; ``sparql_workers`` is the number of worker processes that run them; ``workers`` the uvicorn workers;
    ``page_cache`` how many rendered resource documents each worker keeps in memory (0: none);
    ``network_max_csps`` the most CSPs ``/network?csp=...`` takes in one merger view (413 above).
    """

    host: str = field(default_factory=lambda: os.environ.get("CSPGRAPH_HOST", "127.0.0.1"))
    port: int = field(default_factory=lambda: _env_int("CSPGRAPH_PORT", 8000))
    store: str = field(default_factory=lambda: os.environ.get("CSPGRAPH_STORE", "oxigraph"))
    base_uri: str = field(default_factory=lambda: os.environ.get("CSPGRAPH_BASE_URI", "https://w3id.org/cspgraph/"))
    query_timeout: float = field(default_factory=lambda: _env_float("CSPGRAPH_QUERY_TIMEOUT", 10.0))
    result_limit: int = field(default_factory=lambda: _env_int("CSPGRAPH_RESULT_LIMIT", 10000))
    query_max_chars: int = field(default_factory=lambda: _env_int("CSPGRAPH_QUERY_MAX_CHARS", 20000))
    query_max_depth: int = field(default_factory=lambda: _env_int("CSPGRAPH_QUERY_MAX_DEPTH", 24))
    sparql_workers: int = field(default_factory=lambda: _env_int("CSPGRAPH_SPARQL_WORKERS", 2))
    incoming_limit: int = field(default_factory=lambda: _env_int("CSPGRAPH_INCOMING_LIMIT", 500))
    cache_max_age: int = field(default_factory=lambda: _env_int("CSPGRAPH_CACHE_MAX_AGE", 3600))
    workers: int = field(default_factory=lambda: _env_int("CSPGRAPH_WORKERS", 1))
    page_cache: int = field(default_factory=lambda: _env_int("CSPGRAPH_PAGE_CACHE", 4096))
    network_max_csps: int = field(default_factory=lambda: _env_int("CSPGRAPH_NETWORK_MAX_CSPS", NETWORK_MAX_CSPS))

    def __post_init__(self) -> None:
        if not self.base_uri.endswith("/"):
            self.base_uri += "/"
