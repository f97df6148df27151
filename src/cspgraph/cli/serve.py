"""``cspgraph serve``: the linked-data server."""

from __future__ import annotations

import argparse
import os
from typing import Any

from cspgraph.config import PAGES_STORES, Settings


def register(sub: Any) -> None:
    d = Settings()
    p = sub.add_parser(
        "serve",
        help="serve the linked-data app (default 127.0.0.1:8000)",
        description="Serve the linked-data app: dereferenceable URIs, HTML pages, dumps, /.well-known/void and a "
        "read-only SPARQL endpoint at /sparql. Every option can also be set in the environment (CSPGRAPH_HOST, "
        "CSPGRAPH_PORT, CSPGRAPH_STORE, CSPGRAPH_BASE_URI, CSPGRAPH_QUERY_TIMEOUT, CSPGRAPH_RESULT_LIMIT, "
        "CSPGRAPH_SPARQL_WORKERS, CSPGRAPH_WORKERS, CSPGRAPH_PAGES_STORE, CSPGRAPH_PAGES_STORE_MAX_MB). The server "
        "reads its pages from a copy of the dataset in memory (fastest pages) or from the read-only on-disk store its "
        "SPARQL workers open (no parse at start, one copy of the data); --pages-store auto picks memory for a dataset "
        "whose files total at most --pages-store-max-mb MiB. The choice is logged at start and shown on /health.",
        epilog="examples:\n  cspgraph serve --port 8080\n"
        "  cspgraph serve --store http://127.0.0.1:7878 --workers 4   (data on an Oxigraph server)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--host", default=d.host, help=f"interface to listen on (default {d.host})")
    p.add_argument("--port", type=int, default=d.port, help=f"port (default {d.port})")
    p.add_argument(
        "--store",
        default=d.store,
        help="oxigraph (default, embedded), rdflib, or the URL of a SPARQL 1.1 endpoint holding the dataset",
    )
    p.add_argument("--base-uri", default=d.base_uri, help=f"the URI space served (default {d.base_uri})")
    p.add_argument(
        "--query-timeout", type=float, default=d.query_timeout, help="seconds before a SPARQL query is cancelled"
    )
    p.add_argument("--result-limit", type=int, default=d.result_limit, help="most rows or triples a query may return")
    p.add_argument(
        "--sparql-workers", type=int, default=d.sparql_workers, help="worker processes running public queries"
    )
    p.add_argument(
        "--pages-store",
        default=d.pages_store,
        metavar="{" + ",".join(PAGES_STORES) + "}",
        help=f"where pages are read from: memory, disk, or auto by the dataset's size (default {d.pages_store})",
    )
    p.add_argument(
        "--pages-store-max-mb",
        type=float,
        default=d.pages_store_max_mb,
        help=f"the largest dataset (MiB of its files) auto keeps in memory (default {d.pages_store_max_mb:g})",
    )
    p.add_argument("--workers", type=int, default=d.workers, help="uvicorn worker processes (default 1)")
    p.set_defaults(func=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from cspgraph.errors import InputError

    if not 0 < args.port < 65536:
        raise InputError(f"--port {args.port} is not a TCP port (1-65535)")
    if args.query_timeout <= 0 or args.result_limit <= 0:
        raise InputError("--query-timeout and --result-limit must be positive")
    if not 1 <= args.workers <= 64 or not 1 <= args.sparql_workers <= 64:
        raise InputError("--workers and --sparql-workers must be between 1 and 64")
    if args.store.startswith(("http://", "https://")):
        from cspgraph.stores.remote import RemoteStore

        remote = RemoteStore(args.store)  # a malformed URL fails here, with a message
        problem = remote.ping(timeout=5.0)
        remote.close()
        if problem is not None:
            raise InputError(f"{problem}: start the SPARQL server first, or check --store")
    elif args.store not in ("oxigraph", "rdflib"):
        raise InputError(f"--store {args.store!r}: use oxigraph, rdflib or the URL of a SPARQL endpoint")
    if args.pages_store.strip().lower() not in PAGES_STORES:
        raise InputError(f"--pages-store {args.pages_store!r} (or CSPGRAPH_PAGES_STORE): use {', '.join(PAGES_STORES)}")
    if not args.pages_store_max_mb >= 0:
        raise InputError("--pages-store-max-mb must be 0 or more")
    # the factory reads its settings from the environment, so every uvicorn worker gets the same ones
    env = {
        "CSPGRAPH_HOST": args.host,
        "CSPGRAPH_PORT": str(args.port),
        "CSPGRAPH_STORE": args.store,
        "CSPGRAPH_BASE_URI": args.base_uri,
        "CSPGRAPH_QUERY_TIMEOUT": str(args.query_timeout),
        "CSPGRAPH_RESULT_LIMIT": str(args.result_limit),
        "CSPGRAPH_SPARQL_WORKERS": str(args.sparql_workers),
        "CSPGRAPH_PAGES_STORE": args.pages_store,
        "CSPGRAPH_PAGES_STORE_MAX_MB": str(args.pages_store_max_mb),
    }
    os.environ.update(env)
    uvicorn.run(
        "cspgraph.api.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level="info",
    )
    return 0
