"""``cspgraph publish``: the linked data as static files, with an nginx configuration that serves them as the app."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

EPILOG = """\
The folder gets site/ (the document root: every resource's document as HTML, Turtle, JSON-LD, RDF/XML and
N-Triples under doc/, the home and downloads pages, the dumps, the VoID description, sitemap.xml, robots.txt and
the static assets) and nginx/ (http.conf and server.conf to include in a server's configuration, and a complete
nginx.conf listening on --listen). nginx answers /id/..., /def/... and /graph/... with the app's 303s, negotiates
/doc/... and /.well-known/void, and sends the app's headers. The SPARQL endpoint, search, map, network and merger
pages compute and are not in the static site.

examples:
  cspgraph publish -o public --base-url https://data.example.org/
  cd public && nginx -p "$PWD" -c nginx/nginx.conf -g 'daemon off;'   # serves it on 127.0.0.1:8080
"""


def register(sub: Any) -> None:
    """Add ``cspgraph publish`` to the command line's subcommands."""
    from cspgraph.publish import DEFAULT_BASE_URL, DEFAULT_LISTEN

    p = sub.add_parser(
        "publish",
        help="write every resource's documents, the dumps, VoID and a sitemap as static files, with an nginx config",
        description="Write the app's linked data as a static site that a web server can serve without the app: "
        "each document byte for byte as the app serves it, and an nginx configuration that does the app's content "
        "negotiation, 303 redirects and headers. The folder appears only once complete.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("-o", "--output", type=Path, required=True, help="folder to write (new or empty, unless --force)")
    p.add_argument(
        "--base-url",
        default=DEFAULT_BASE_URL,
        help=f"the site's public address, http(s)://host[:port]/, used in the sitemap and VoID (default {DEFAULT_BASE_URL})",
    )
    p.add_argument(
        "--listen", default=DEFAULT_LISTEN, help=f"address of the generated nginx.conf (default {DEFAULT_LISTEN})"
    )
    p.add_argument("--force", action="store_true", help="replace the output folder if it already holds files")
    p.add_argument("--quiet", action="store_true", help="no progress display (shown only when stderr is a terminal)")
    p.set_defaults(func=cmd_publish)


def cmd_publish(args: argparse.Namespace) -> int:
    from cspgraph.progress import progress
    from cspgraph.publish import check_base_url, check_listen, publish
    from cspgraph.publish.tree import check_output

    base_url = check_base_url(args.base_url)  # bad input is refused before the app starts
    listen = check_listen(args.listen)
    check_output(args.output.resolve(), args.force)
    with progress(None, quiet=args.quiet, description="publishing") as step:
        result = publish(args.output, base_url=base_url, listen=listen, force=args.force, step=step)
    skipped = f"; {len(result.skipped)} resource URIs left out (see published.json)" if result.skipped else ""
    print(f"wrote {result.out}: {result.resources:,} resources, {result.files:,} files{skipped}")
    return 0
