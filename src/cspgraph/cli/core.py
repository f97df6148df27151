"""``cspgraph build``, ``info`` and ``export``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from cspgraph import resources
from cspgraph.cli.options import ALL, add_as_of, dated, landscape
from cspgraph.errors import InputError
from cspgraph.files import write_bytes_atomic

EXPORT_FORMATS = ("ttl", "nt", "nq", "trig", "jsonld", "rdfxml")


def register(sub: Any) -> None:
    p = sub.add_parser(
        "build",
        help="regenerate data/landscape.ttl and data/metadata.ttl from the reference lookups",
        description="Regenerate data/landscape.ttl and data/metadata.ttl from the ONS and mySociety reference "
        "files. Both files are written to temporary files and then renamed, so data/ is never left half-written; "
        "a temporary file left by an interrupted build is removed by the next.",
    )
    p.add_argument(
        "--reference",
        type=Path,
        default=None,
        help="folder of reference CSVs (default: $CSPGRAPH_REFERENCE or ../shared/reference)",
    )
    p.add_argument("--out", type=Path, default=None, help="output folder (default: the project's data/)")
    p.add_argument("--quiet", action="store_true", help="no progress display (shown only when stderr is a terminal)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser(
        "info",
        help="counts per class and per source graph",
        description="Print counts per class and per named graph (source) of the landscape on the dataset's latest "
        "date (or the day --as-of gives; --as-of all counts the whole dataset with its history), read from the "
        "dataset's on-disk store "
        "(built once per dataset version in $CSPGRAPH_CACHE_DIR, default ~/.cache/cspgraph; CSPGRAPH_DISK_STORE=0 "
        "loads the files into memory instead).",
    )
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.add_argument("--store", default="oxigraph", help="oxigraph (default) or rdflib")
    add_as_of(p)
    p.set_defaults(func=cmd_info)

    p = sub.add_parser(
        "export",
        help="write the whole dataset in one RDF format",
        description="Write the whole dataset (ontology, data, provenance graphs) in one RDF format. "
        "Quad formats (nq, trig) keep the named graphs; the others merge them. A dump keeps the dataset's "
        "history by default (--as-of all: ended bodies and memberships with their dates); --as-of latest or "
        "--as-of YYYY-MM-DD writes the landscape in force on one day.",
    )
    p.add_argument("--format", choices=sorted(EXPORT_FORMATS), default="ttl")
    p.add_argument("-o", "--output", type=Path, default=None, help="file to write (default: standard output)")
    p.add_argument("--no-shapes", action="store_true", help="leave the SHACL shapes graph out")
    add_as_of(p, default=ALL)
    p.set_defaults(func=cmd_export)


def cmd_build(args: argparse.Namespace) -> int:
    from cspgraph.build import STEPS, build
    from cspgraph.progress import progress

    reference = args.reference or resources.default_reference_dir()
    if not reference.is_dir():
        raise InputError(f"reference folder {reference} does not exist; pass --reference DIR or set CSPGRAPH_REFERENCE")
    with progress(STEPS, quiet=args.quiet, description="building") as step:
        counts = build(reference, args.out, step)
    out = args.out or resources.data_dir()
    for name, n in counts.items():
        unit = "features" if name.startswith("maps/") else "changes" if name.startswith("scenarios/") else "triples"
        print(f"wrote {out / name} ({n} {unit})")
    return 0


INFO_QUERY = resources.internal_query("info-class-counts")
GRAPH_QUERY = resources.internal_query("graph-counts")


def info(store: Any) -> dict[str, Any]:
    """Counts per class and per named graph of ``store``."""
    classes = {c.value: int(n.value) for c, n in store.select_terms(INFO_QUERY, variables=("class", "n"))}
    graphs = {g.value: int(n.value) for g, n in store.select_terms(GRAPH_QUERY, variables=("g", "n"))}
    return {"quads": len(store), "graphs": graphs, "classes": classes}


def cmd_info(args: argparse.Namespace) -> int:
    data = info(landscape(args, args.store, shapes=True))
    if args.format == "json":
        json.dump(data, sys.stdout, indent=2)
        print()
        return 0
    from cspgraph.labels import curie as short

    print(f"{data['quads']} quads in {len(data['graphs'])} named graphs\n")
    print("graph (source)                                                   triples")
    for g, n in data["graphs"].items():
        print(f"  {g:<62} {n:>7}")
    print("\nclass                                                instances")
    for c, n in data["classes"].items():
        print(f"  {short(c):<50} {n:>7}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from cspgraph.stores import open_store

    store = dated(open_store("oxigraph", shapes=not args.no_shapes), args)  # by default the whole dataset
    data = export_bytes(store, args.format)
    if args.output is None:
        sys.stdout.buffer.write(data)
        return 0
    write_bytes_atomic(args.output, data)
    print(f"wrote {args.output} ({len(data)} bytes)", file=sys.stderr)
    return 0


def export_bytes(store: Any, fmt: str) -> bytes:
    """Serialise the whole store in one of :data:`EXPORT_FORMATS` (``rdfxml`` is RDF/XML)."""
    from cspgraph.namespaces import PREFIXES
    from cspgraph.rdfio import rdf_format, serialize

    return serialize(store.quads(), rdf_format(fmt).key, PREFIXES)
