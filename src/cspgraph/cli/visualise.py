"""``cspgraph visualise``: write the interactive network of one view to a standalone HTML file that works offline."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cspgraph.cli.options import add_as_of, landscape

EPILOG = """\
views (one at a time; none of them = the whole of England and Wales, aggregated by police area):
  --area E23000008                  one police force area (Durham)
  --body csp/E22000365              the accountability chain of one body (a URI, or kind/code)
  --csp E22000365 --csp E22000072   a proposed merger of CSPs, with the bodies that would join highlighted

examples:
  cspgraph visualise --area E23000008 -o durham.html
  cspgraph visualise --kind csp --kind policing-body --relation cooperation -o csps.html
  cspgraph visualise --area E23000008 --engine pyvis -o durham-pyvis.html
  cspgraph visualise --area E23000008 --format json -o durham.json

The file carries vis-network {version} inline and links nothing on the internet; links to a body's linked-data
page use its URI (https://w3id.org/cspgraph/id/...), or the path on a server given with --link-base.
"""


def register(sub: Any) -> None:
    """Add ``cspgraph visualise`` to the command line's subcommands."""
    from cspgraph.visualise import GROUP_BY_KEY, RELATION_BY_KEY, VIS_NETWORK_VERSION

    p = sub.add_parser(
        "visualise",
        help="write the interactive network (an area, the country, a chain, a merger) to an offline HTML file",
        description="Write the interactive network of the landscape to one HTML file with every script and style "
        "inline, so it opens with no internet. Colour and shape show the kind of body; edge styles the relation.",
        epilog=EPILOG.format(version=VIS_NETWORK_VERSION),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--area", metavar="CODE", help="police force area code (E23.../W15...)")
    p.add_argument("--body", metavar="BODY", help="a body, for its accountability chain (URI or kind/code)")
    p.add_argument("--csp", metavar="CODE", action="append", default=[], help="a CSP of a merger (repeat, 2 or more)")
    p.add_argument(
        "--kind",
        action="append",
        default=[],
        choices=list(GROUP_BY_KEY),
        metavar="KIND",
        help="body kinds to show (repeatable): " + ", ".join(GROUP_BY_KEY),
    )
    p.add_argument(
        "--relation",
        action="append",
        default=[],
        choices=list(RELATION_BY_KEY),
        metavar="RELATION",
        help="relations to show (repeatable): " + ", ".join(RELATION_BY_KEY),
    )
    p.add_argument(
        "--engine",
        choices=["vis", "pyvis"],
        default="vis",
        help="vis (default: the project's page with legend, filters and search) or pyvis (a plain pyvis export)",
    )
    p.add_argument("--format", choices=["html", "json"], default="html", help="html (default) or the graph JSON")
    p.add_argument("--store", default="oxigraph", help="oxigraph (default) or rdflib")
    add_as_of(p)
    p.add_argument("-o", "--output", type=Path, required=True, help="file to write (written atomically)")
    p.set_defaults(func=cmd_visualise)


def cmd_visualise(args: argparse.Namespace) -> int:
    """Write the view the arguments ask for (HTML with vis-network or pyvis, or the graph JSON); 0 on success."""
    import json

    from cspgraph import visualise
    from cspgraph.errors import InputError
    from cspgraph.files import write_bytes_atomic

    if args.output.exists() and args.output.is_dir():
        raise InputError(f"-o {args.output} is a folder; give a file name such as network.html")
    store = landscape(args, args.store)  # a bad --as-of fails before the store is opened
    data = visualise.view(
        store, area=args.area, body=args.body, csps=args.csp, kinds=args.kind or None, relations=args.relation or None
    )
    if args.format == "json":
        out = json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")
    elif args.engine == "pyvis":
        out = visualise.render_pyvis(data).encode("utf-8")
    else:
        out = visualise.render_html(data, inline=True).encode("utf-8")
    write_bytes_atomic(args.output, out)
    print(
        f"wrote {args.output}: {data['title']}, {len(data['nodes'])} nodes, {len(data['edges'])} edges",
        file=sys.stderr,
    )
    return 0
