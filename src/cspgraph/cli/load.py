"""``cspgraph load --store URL``: push the dataset to a SPARQL server over the Graph Store Protocol."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser(
        "load",
        help="push the dataset to a SPARQL server (Graph Store Protocol)",
        description="Replace each named graph of the dataset (ontology, data files, seeds, shapes) on a SPARQL "
        "server with the local files, over the SPARQL 1.1 Graph Store Protocol (HTTP PUT, then POST for further "
        "files of the same graph). Running it again gives the same result. Then serve from it with "
        "'cspgraph serve --store URL'.",
        epilog="examples:\n  oxigraph serve --location db --union-default-graph &\n"
        "  cspgraph load --store http://127.0.0.1:7878\n"
        "  cspgraph load --store http://127.0.0.1:3030/ds/sparql --gsp http://127.0.0.1:3030/ds/data   (Fuseki)",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--store", required=True, help="the server: http://host:port (Oxigraph) or its query endpoint URL")
    p.add_argument("--gsp", default=None, help="the Graph Store Protocol endpoint, when it cannot be derived")
    p.add_argument("--data", type=Path, default=None, help="a data folder other than the project's data/")
    p.add_argument("--no-shapes", action="store_true", help="leave the SHACL shapes graph out")
    p.add_argument("--quiet", action="store_true", help="no progress display (shown only when stderr is a terminal)")
    p.set_defaults(func=cmd_load)


def cmd_load(args: argparse.Namespace) -> int:
    from cspgraph.errors import InputError
    from cspgraph.progress import progress
    from cspgraph.stores.remote import RemoteStore

    if args.data is not None and not args.data.is_dir():
        raise InputError(f"--data {args.data} is not a folder")
    store = RemoteStore(args.store, gsp_url=args.gsp)
    try:
        with progress(quiet=args.quiet) as step:
            step(f"pushing the dataset to {store.gsp_url}")
            graphs = store.push_dataset(data=args.data, shapes=not args.no_shapes)
            step("counting the quads on the server")
            n = len(store)
    finally:
        store.close()
    for g, files in sorted(graphs.items()):
        print(f"  {g}  ({files} file{'s' if files > 1 else ''})", file=sys.stderr)
    print(f"loaded {len(graphs)} graphs into {store.gsp_url}; the server now holds {n} quads in named graphs")
    return 0
