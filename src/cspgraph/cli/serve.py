"""``cspgraph serve``: the linked-data server."""

from __future__ import annotations

import argparse
from typing import Any

from cspgraph.config import Settings


def register(sub: Any) -> None:
    d = Settings()
    p = sub.add_parser(
        "serve",
        help="serve the linked-data app (default 127.0.0.1:8000)",
        description="Serve the linked-data app on the embedded store. Host, port and store can also "
        "be set with CSPGRAPH_HOST, CSPGRAPH_PORT and CSPGRAPH_STORE.",
    )
    p.add_argument("--host", default=d.host, help=f"interface to listen on (default {d.host})")
    p.add_argument("--port", type=int, default=d.port, help=f"port (default {d.port})")
    p.add_argument("--store", default=d.store, help="oxigraph (default, embedded) or rdflib")
    p.set_defaults(func=cmd_serve)


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    from cspgraph.api import create_app
    from cspgraph.errors import InputError

    if not 0 < args.port < 65536:
        raise InputError(f"--port {args.port} is not a TCP port (1-65535)")
    settings = Settings(host=args.host, port=args.port, store=args.store)
    uvicorn.run(create_app(settings), host=args.host, port=args.port, log_level="info")
    return 0
