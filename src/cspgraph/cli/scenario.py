"""``cspgraph scenario list|show|check``: reform what-ifs (a dated set of changes) checked against the law."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

EPILOG = """\
examples:
  cspgraph scenario list
  cspgraph scenario show surrey-2027
  cspgraph scenario check pcc-abolition-2028 --area Cheshire --area Humberside
  cspgraph scenario check surrey-2027 --format json
  cspgraph scenario check my-scenario.json --format ttl
  cspgraph scenario coverage --date 2027-05-01

exit codes: 0 nothing in the scenario itself must change (gaps in today's law may remain: the report lists the
provisions to amend), 1 the scenario breaks a statutory rule it could avoid, 2 bad input.
The file format is documented in data/scenarios/README.md.
"""


def register(sub: Any) -> None:
    p = sub.add_parser(
        "scenario",
        help="check a reform what-if (PCC abolition, council reorganisation, mayoral transfers) against the law",
        description="A scenario is a dated set of changes (create, end or merge bodies; transfer the local policing "
        "body's role; combine CSPs; change memberships), each with its status and source. It is applied to the "
        "landscape as in force on its date on a copy-on-write view (the stored graph is never changed), and only the "
        "nodes it touches are validated against the statutory shapes.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ssub = p.add_subparsers(dest="scenario_command", metavar="SUBCOMMAND")
    ls = ssub.add_parser("list", help="list the shipped scenarios (data/scenarios/)")
    ls.set_defaults(func=cmd_list)
    sh = ssub.add_parser("show", help="print a scenario file (a shipped name or a path)")
    sh.add_argument("scenario", metavar="NAME|FILE")
    sh.set_defaults(func=cmd_show)
    c = ssub.add_parser(
        "check",
        help="apply a scenario and check it",
        description="Apply the scenario and report a verdict per police area and per CSP, every broken rule with "
        "its provision (what the proposal must change, and what the law would have to be amended for), the bodies "
        "that must act, and before/after for each touched body. Exit 0 can stand, 1 must change, 2 bad input.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    c.add_argument("scenario", metavar="NAME|FILE", help="a shipped scenario's name or a scenario JSON file")
    c.add_argument("--area", action="append", default=None, metavar="PFA", help="only this police area; repeat")
    c.add_argument("--format", choices=["text", "json", "ttl"], default="text")
    c.add_argument("--bodies", action="store_true", help="text: also print before/after of every touched body")
    c.set_defaults(func=cmd_check)
    cov = ssub.add_parser(
        "coverage",
        help="mayoral coverage of the police areas on a date (queries/mayoral-coverage.rq)",
        description="Which police areas are coterminous with, within, partly covered by or outside a combined "
        "authority on the date, from the data's own dates.",
    )
    cov.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    cov.add_argument("--format", choices=["text", "json"], default="text")
    cov.set_defaults(func=cmd_coverage)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def cmd_list(args: argparse.Namespace) -> int:
    from cspgraph.scenario import load, scenario_files

    for path in scenario_files():
        sc = load(path)
        print(f"{sc.name:<38} {sc.date.isoformat()}  {sc.status:<10} {len(sc.changes):>4} changes  {sc.title}")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from cspgraph.scenario import load

    sys.stdout.write(load(args.scenario).dumps())
    return 0


def cmd_check(args: argparse.Namespace) -> int:
    from cspgraph.scenario import check_scenario, load
    from cspgraph.stores import open_store

    sc = load(args.scenario)
    report = check_scenario(open_store(shapes=False), sc, areas=args.area)
    if args.format == "json":
        json.dump(report.to_json(), sys.stdout, indent=2, ensure_ascii=False)
        print()
    elif args.format == "ttl":
        sys.stdout.write(report.to_graph().serialize(format="turtle"))
    else:
        sys.stdout.write(report.to_text(bodies=args.bodies))
    return 0 if report.allowed else 1


def cmd_coverage(args: argparse.Namespace) -> int:
    from cspgraph.scenario import coverage
    from cspgraph.stores import open_store

    rows = coverage(open_store(shapes=False), args.date)
    if args.format == "json":
        json.dump([r.__dict__ for r in rows], sys.stdout, indent=2)
        print()
        return 0
    for r in rows:
        who = f"{r.authority_label} ({r.shared}/{r.pfa_districts} districts)" if r.authority else ""
        print(f"{r.pfa_code}  {r.pfa_label:<45} {r.coverage:<15} {who}")
    return 0
