"""``cspgraph validate``: check the landscape (and any extra files) against the statutory shapes."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cspgraph.cli.options import add_as_of, as_of_day, dated

EPILOG = """\
exit codes: 0 no violation (warnings and info may be printed), 1 violations, 2 bad input.
examples:
  cspgraph validate                              the shipped landscape, grouped by body
  cspgraph validate proposal.ttl --format json   the landscape plus a file of your own
  cspgraph validate --as-of 2013-04-01           the rules in force on 1 April 2013, on the landscape of that day
  cspgraph validate --shapes shapes/policing.shapes.ttl --format ttl -o report.ttl
"""


def register(sub: Any) -> None:
    p = sub.add_parser(
        "validate",
        help="check the graph against the statutory rules (SHACL shapes) and report by body",
        description="Validate the loaded landscape, and any extra RDF files, against the SHACL shapes of the "
        "statutory rules in shapes/*.shapes.ttl. Results are grouped by body, each with the rule in plain English, "
        "the provision and its legislation.gov.uk URI, the body's name and code, and what would fix it. With --as-of "
        "(or --date) the landscape in force on that day is checked against the rules in force on that day: a rule "
        "whose provision came into force later is skipped and listed as not in force.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("files", nargs="*", type=Path, metavar="FILE", help="extra RDF files to validate with the data")
    p.add_argument("--format", choices=["text", "json", "ttl"], default="text", help="text (default), json or ttl")
    p.add_argument(
        "--shapes",
        action="append",
        type=Path,
        default=None,
        metavar="PATH",
        help="a shapes file or folder to use instead of shapes/ (repeatable)",
    )
    add_as_of(p, "--date")
    p.add_argument(
        "--engine",
        choices=["oxigraph", "pyshacl"],
        default="oxigraph",
        help="oxigraph: SPARQL on the embedded store (default); pyshacl: plain pySHACL (slow)",
    )
    p.add_argument(
        "--focus",
        action="append",
        default=None,
        metavar="BODY",
        help="validate only this node: a URI, kind/code, GSS code or name (repeatable)",
    )
    p.add_argument("--data", type=Path, default=None, help="a data folder other than the project's data/")
    p.add_argument("-o", "--output", type=Path, default=None, help="write the report to a file")
    p.set_defaults(func=cmd_validate)


def _focus(store: Any, value: str, with_files: bool) -> str:
    """A --focus value as an IRI: resolved in the landscape, or (with files of your own) any absolute IRI."""
    from cspgraph.errors import NotFound
    from cspgraph.resolve import resolve
    from cspgraph.stores.terms import valid_iri

    try:
        return str(resolve(store, value, "any"))
    except NotFound:
        if with_files and valid_iri(value) and value.startswith(("http://", "https://", "urn:")):
            return value  # a node of the files given
        raise


def cmd_validate(args: argparse.Namespace) -> int:
    from cspgraph.errors import InputError
    from cspgraph.files import write_bytes_atomic
    from cspgraph.stores import open_store
    from cspgraph.validate import validate

    if args.data is not None and not args.data.is_dir():
        raise InputError(f"data folder {args.data} does not exist")
    day = as_of_day(args)  # a bad --as-of fails before the store is loaded; None for latest and all
    store = dated(open_store("oxigraph", data=args.data, shapes=False), args)
    focus = [_focus(store, f, bool(args.files)) for f in args.focus] if args.focus else None
    report = validate(
        store,
        extra_files=args.files,
        shapes=args.shapes,
        as_of=day,
        focus_nodes=focus,
        engine=args.engine,
    )
    text = {"text": report.to_text, "json": report.to_json, "ttl": report.to_turtle}[args.format]()
    if args.output is not None:
        write_bytes_atomic(args.output, text.encode("utf-8"))
        c = report.counts
        print(
            f"wrote {args.output}: {c['Violation']} violations, {c['Warning']} warnings, {c['Info']} info",
            file=sys.stderr,
        )
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return 0 if report.conforms else 1
