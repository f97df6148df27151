"""``cspgraph changes``: what changed in the landscape between two days, each change with its event and source."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from typing import Any

EPILOG = """\
examples:
  cspgraph changes --from 2012-11-22                    every change from the first commissioners to the dataset's date
  cspgraph changes --from 2017-01-01 --to 2017-12-31 --area E23000005     Greater Manchester in 2017
  cspgraph changes --from 2022-07-01 --to 2022-07-01 --format csv         the day ICBs replaced CCGs, as CSV
"""

CSV_FIELDS = ("date", "what", "kind", "uri", "label", "policing", "organisation", "member", "events")


def register(sub: Any) -> None:
    p = sub.add_parser(
        "changes",
        help="bodies created and ended, memberships gained and lost, between two days, with their change events",
        description="List the change events dated from --from to --to (both included; --to defaults to the "
        "dataset's own as-of date) with their status (in force, enacted, announced, proposed), sources and "
        "instruments, and the bodies and areas created and ended, the memberships gained and lost and the "
        "local policing body changes of those days, each with the change events that explain it.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--from", dest="start", required=True, metavar="YYYY-MM-DD", help="the first day")
    p.add_argument("--to", dest="end", default=None, metavar="YYYY-MM-DD", help="the last day (default: cspg:asOf)")
    p.add_argument("--area", default=None, metavar="PFA", help="only one police force area (code, URI or name)")
    p.add_argument("--body", default=None, metavar="BODY", help="only one body or area (code, URI, kind/code, name)")
    p.add_argument("--format", choices=["text", "json", "csv"], default="text")
    p.set_defaults(func=cmd_changes)


def cmd_changes(args: argparse.Namespace) -> int:
    from cspgraph.asof import as_date
    from cspgraph.changes import changes
    from cspgraph.stores import open_store

    as_date(args.start)  # a bad date fails before the store is loaded
    if args.end is not None:
        as_date(args.end)
    report = changes(open_store("oxigraph", shapes=False), args.start, args.end, area=args.area, body=args.body)
    if args.format == "json":
        json.dump(report.as_dict(), sys.stdout, indent=2, ensure_ascii=False)
        print()
    elif args.format == "csv":
        sys.stdout.write(to_csv(report))
    else:
        sys.stdout.write(to_text(report))
    return 0


def to_csv(report: Any) -> str:
    """One row per change; its events separated by spaces."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(CSV_FIELDS)
    for c in report.changes:
        d = c.as_dict()
        w.writerow([" ".join(d[f]) if f == "events" else d[f] if d[f] is not None else "" for f in CSV_FIELDS])
    return out.getvalue()


def to_text(report: Any) -> str:
    """The events in date order, each followed by the changes it explains; then the changes no event explains."""
    n = report.counts()
    lines = [
        f"Changes from {report.start} to {report.end} (the dataset is as of {report.dataset_as_of}): "
        f"{n['events']} change event(s), {n['created']} bodies and areas created, {n['ended']} ended, "
        f"{n['gained']} memberships gained, {n['lost']} lost, {n['policing']} local policing body changes.",
    ]
    by_event: dict[str, list[Any]] = {}
    for c in report.changes:
        for e in c.events:
            by_event.setdefault(e, []).append(c)
    for e in report.events:
        src = ", ".join(s for s in e.as_dict()["sources"] if s) or "no source"
        law = f"; {', '.join(e.instruments)}" if e.instruments else ""
        lines.append(f"\n{e.date}  {e.label}\n            [{_last(e.status)}; source: {src}{law}]  {e.uri}")
        lines += [_line(c) for c in by_event.get(e.uri, [])]
    alone = [c for c in report.changes if not c.events]
    if alone:
        lines.append(
            "\nChanges that no change event of their day names (dated by their own schema:validFrom or validUntil):"
        )
        lines += [f"{c.date}  {_line(c).strip()}" for c in alone]
    return "\n".join(lines) + "\n"


def _last(iri: str | None) -> str:
    return "no status" if iri is None else iri.rsplit("/", 1)[-1]


def _line(c: Any) -> str:
    mark = "+" if c.what in ("created", "gained") else "-"
    policing = "  [policing body]" if c.policing else ""
    return f"          {mark} {c.what:<8} {c.kind:<28} {c.label}{policing}"
