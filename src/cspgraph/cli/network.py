"""``cspgraph network chain|central|check``: network analysis of accountability, membership and funding."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from typing import Any

from cspgraph.cli.options import add_as_of, landscape
from cspgraph.namespaces import ID


def register(sub: Any) -> None:
    """Add ``cspgraph network chain|central|check`` to the command line's subcommands."""
    p = sub.add_parser(
        "network",
        help="network analysis: accountability chains, central bodies, structural checks",
        description="Network analysis on typed networkx views built from the store (accountability, membership, "
        "funding). BODY is a GSS code, a URI, kind/code (e.g. chief-officer/E23000008) or a unique label.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=textwrap.dedent(
            """\
            examples:
              cspgraph network chain chief-officer/E23000008
              cspgraph network chain "Safer Durham Partnership"
              cspgraph network central --kind fire-and-rescue-authority --top 10
              cspgraph network check --format json
            """
        ),
    )
    nsub = p.add_subparsers(dest="network_command", metavar="ACTION")
    p.set_defaults(func=lambda a: (p.print_help(), 2)[1])

    c = nsub.add_parser("chain", help="the accountability chain above a body, up to the electorate or Parliament")
    c.add_argument("body")
    c.add_argument("--format", choices=["text", "json"], default="text")
    c.set_defaults(func=cmd_chain)

    ce = nsub.add_parser(
        "central",
        help="bodies ranked by betweenness and degree on the membership + accountability network",
        description="Rank bodies by how many shortest paths between other bodies pass through them (betweenness "
        "on the combined membership and accountability network), then by degree: partnerships sat on, members, "
        "lines answered to and answerable to it.",
    )
    ce.add_argument("--kind", default=None, help="only this kind: a URI kind (csp, council) or class (Council)")
    ce.add_argument("--top", type=int, default=20, help="how many to show (0 for all; default 20)")
    ce.add_argument(
        "--exact", action="store_true", help="exact betweenness (slower) instead of 400 seeded sample pivots"
    )
    ce.add_argument("--format", choices=["text", "json"], default="text")
    ce.set_defaults(func=cmd_central)

    ck = nsub.add_parser(
        "check",
        help="cycles in accountability lines; bodies with no route to any electorate or Parliament",
        description="Report cycles in the accountability lines (exit 1 if any) and every body from which no "
        "recorded line reaches an electorate or a legislature (a finding about the data, exit 0).",
    )
    ck.add_argument("--format", choices=["text", "json"], default="text")
    ck.add_argument("--all", action="store_true", help="list every body found (default: 10 per kind)")
    ck.set_defaults(func=cmd_check)
    for parser in (c, ce, ck):
        add_as_of(parser)


def _store(args: argparse.Namespace) -> Any:
    return landscape(args)  # a bad --as-of fails before the store is opened


def _short(uri: str) -> str:
    return uri.removeprefix(str(ID))


def cmd_chain(args: argparse.Namespace) -> int:
    """Print the accountability chain above a body (text or JSON); 0."""
    from cspgraph.labels import fallback
    from cspgraph.network import chain
    from cspgraph.resolve import resolve

    store = _store(args)
    body = str(resolve(store, args.body, "body"))
    result = chain(store, body)
    if args.format == "json":
        json.dump(result.as_dict(), sys.stdout, indent=2)
        print()
        return 0
    print(f"{result.label} ({_short(body)})")
    if not result.links:
        print("  no line of accountability is recorded for this body")
        return 0
    for link in result.links:
        rel = fallback(link.relation)
        end = "  [electorate/legislature]" if link.terminal else ""
        print(f"{'  ' * link.depth}{link.source_label} --{rel}--> {link.target_label} ({_short(link.target)}){end}")
    if result.open_ends:
        names = ", ".join(_short(n) for n in result.open_ends)
        print(f"\nno line recorded above: {names}")
    return 0


def cmd_central(args: argparse.Namespace) -> int:
    """Print the bodies ranked by betweenness, then degree (text or JSON); 0."""
    from cspgraph.errors import InputError
    from cspgraph.network import centrality

    if args.top < 0:
        raise InputError("--top must be 0 (all) or more")
    rows = centrality(_store(args), kind=args.kind, top=args.top, samples=None if args.exact else 400)
    if args.format == "json":
        json.dump([r.as_dict() for r in rows], sys.stdout, indent=2)
        print()
        return 0
    print(f"{'betweenness':>11} {'partner':>7} {'members':>7} {'up':>3} {'down':>4}  body")
    for r in rows:
        print(
            f"{r.betweenness:>11.4f} {r.partnerships:>7} {r.members:>7} {r.answers_to:>3} {r.answerable:>4}  "
            f"{r.label} ({_short(r.body)})"
        )
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    """Print the structural findings (text or JSON); 1 when there is a cycle, else 0."""
    from cspgraph.network import check

    report = check(_store(args))
    if args.format == "json":
        json.dump(report.as_dict(), sys.stdout, indent=2)
        print()
        return 0 if report.ok else 1
    print(f"{report.bodies} bodies checked.")
    if report.cycles:
        print(f"\n{len(report.cycles)} cycle(s) in accountability lines:")
        for cyc in report.cycles:
            print("  " + " -> ".join(_short(n) for n in cyc + cyc[:1]))
    else:
        print("No cycles in accountability lines.")
    print(f"\n{len(report.unaccountable)} bodies with no recorded route to any electorate or legislature:")
    shown: dict[str, int] = {}
    for f in report.unaccountable:
        shown[f["kind"]] = shown.get(f["kind"], 0) + 1
        if args.all or shown[f["kind"]] <= 10:
            print(f"  {f['label']} ({_short(f['body'])}): {f['reason']}")
    for kind, n in report.by_kind.items():
        if not args.all and n > 10:
            print(f"  ... and {n - 10} more of kind {kind} (--all lists them)")
    return 0 if report.ok else 1
