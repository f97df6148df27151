"""Settings, from arguments or the environment (CSPGRAPH_*)."""

from __future__ import annotations

import os
from dataclasses import dataclass, field

#: the most CSPs one merger view of the network takes (``CSPGRAPH_NETWORK_MAX_CSPS`` on the server)
NETWORK_MAX_CSPS = 400

#: where the server reads its pages from (``CSPGRAPH_PAGES_STORE``)
PAGES_STORES = ("auto", "memory", "disk")

#: ``auto`` serves pages from the on-disk store when the dataset's files (ontology, data, shapes) exceed this many
#: MiB, and parses them into memory otherwise: 129 MiB (the 10x landscape) take 1.7-2.1 s to parse and a copy of the
#: dataset per server, the real dataset (5.5 MiB) 0.1 s, while pages read from disk are 2-7x slower at 10x
PAGES_STORE_MAX_MB = 64.0


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
    """Server settings. Every field can be set from the environment: ``CSPGRAPH_`` and the field's name in capitals
    (``CSPGRAPH_PORT=8080``).

    Where the data comes from: ``store`` is ``oxigraph`` (embedded, the default), ``rdflib``, or the URL of a SPARQL
    1.1 endpoint (:mod:`cspgraph.stores.remote`; ``store_timeout`` seconds to connect and read); ``base_uri`` is the
    URI space the app answers for (a request for ``/id/x`` describes ``{base_uri}id/x``).

    Limits on what a stranger can make the server do, each answered with a problem+json that says which:

    * ``max_body``: bytes of a request body (413);
    * ``query_max_chars``, ``query_max_depth``: the length and the bracket nesting of a SPARQL query (413);
    * ``query_timeout``: seconds a public query may run (503, the worker is killed and replaced);
    * ``result_limit``, ``result_max_bytes``: rows or triples, and bytes, of an answer (413);
    * ``worker_memory_mb``: memory a SPARQL worker may take on top of the dataset (the query fails, the worker
      is replaced);
    * ``compute_timeout``, ``compute_workers``: seconds and parallel slots for the routes that compute (merger
      check, network views): past the time the client gets 503, and at most that many run at once;
    * ``max_merger_csps``: CSPs in one proposed merger check (413); ``network_max_csps``: CSPs in one merger
      network view (413);
    * ``client_concurrency``: requests one client (IP address) may have in flight on the routes that compute or
      query (429).

    ``sparql_workers`` is the number of worker processes that run public queries; ``workers`` the uvicorn
    workers; ``page_cache`` how many rendered resource documents each worker keeps in memory (0: none);
    ``incoming_limit`` how many incoming links a resource page lists; ``cache_max_age`` the seconds of
    ``Cache-Control: max-age``.

    ``pages_store`` is where the server itself reads the project's dataset for pages, documents and checks, when
    it is on the embedded store: ``memory`` (parsed into memory at start, the fastest pages), ``disk`` (the shared
    read-only on-disk store its SPARQL workers open: no parse at start and one copy of the data) or ``auto``
    (``memory`` while the dataset's files total at most ``pages_store_max_mb`` MiB, else ``disk``). The choice is
    fixed for the life of the process and reported on ``/health``.
    """

    host: str = field(default_factory=lambda: os.environ.get("CSPGRAPH_HOST", "127.0.0.1"))
    port: int = field(default_factory=lambda: _env_int("CSPGRAPH_PORT", 8000))
    store: str = field(default_factory=lambda: os.environ.get("CSPGRAPH_STORE", "oxigraph"))
    base_uri: str = field(default_factory=lambda: os.environ.get("CSPGRAPH_BASE_URI", "https://w3id.org/cspgraph/"))
    query_timeout: float = field(default_factory=lambda: _env_float("CSPGRAPH_QUERY_TIMEOUT", 10.0))
    result_limit: int = field(default_factory=lambda: _env_int("CSPGRAPH_RESULT_LIMIT", 10000))
    query_max_chars: int = field(default_factory=lambda: _env_int("CSPGRAPH_QUERY_MAX_CHARS", 20000))
    query_max_depth: int = field(default_factory=lambda: _env_int("CSPGRAPH_QUERY_MAX_DEPTH", 24))
    result_max_bytes: int = field(default_factory=lambda: _env_int("CSPGRAPH_RESULT_MAX_BYTES", 32 * 1024 * 1024))
    worker_memory_mb: int = field(default_factory=lambda: _env_int("CSPGRAPH_WORKER_MEMORY_MB", 1024))
    max_body: int = field(default_factory=lambda: _env_int("CSPGRAPH_MAX_BODY", 1024 * 1024))
    client_concurrency: int = field(default_factory=lambda: _env_int("CSPGRAPH_CLIENT_CONCURRENCY", 4))
    compute_timeout: float = field(default_factory=lambda: _env_float("CSPGRAPH_COMPUTE_TIMEOUT", 30.0))
    compute_workers: int = field(default_factory=lambda: _env_int("CSPGRAPH_COMPUTE_WORKERS", 2))
    max_merger_csps: int = field(default_factory=lambda: _env_int("CSPGRAPH_MAX_MERGER_CSPS", 40))
    store_timeout: float = field(default_factory=lambda: _env_float("CSPGRAPH_STORE_TIMEOUT", 10.0))
    sparql_workers: int = field(default_factory=lambda: _env_int("CSPGRAPH_SPARQL_WORKERS", 2))
    incoming_limit: int = field(default_factory=lambda: _env_int("CSPGRAPH_INCOMING_LIMIT", 500))
    cache_max_age: int = field(default_factory=lambda: _env_int("CSPGRAPH_CACHE_MAX_AGE", 3600))
    workers: int = field(default_factory=lambda: _env_int("CSPGRAPH_WORKERS", 1))
    page_cache: int = field(default_factory=lambda: _env_int("CSPGRAPH_PAGE_CACHE", 4096))
    network_max_csps: int = field(default_factory=lambda: _env_int("CSPGRAPH_NETWORK_MAX_CSPS", NETWORK_MAX_CSPS))
    pages_store: str = field(default_factory=lambda: os.environ.get("CSPGRAPH_PAGES_STORE", "auto"))
    pages_store_max_mb: float = field(
        default_factory=lambda: _env_float("CSPGRAPH_PAGES_STORE_MAX_MB", PAGES_STORE_MAX_MB)
    )

    def __post_init__(self) -> None:
        if not self.base_uri.endswith("/"):
            self.base_uri += "/"
