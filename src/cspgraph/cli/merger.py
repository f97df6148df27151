"""``cspgraph merger check``: would a proposed combination of CSPs meet the law, and who must sign?"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from cspgraph.cli.options import add_as_of, as_of, landscape
from cspgraph.errors import InputError

EPILOG = """\
examples:
  cspgraph merger check --csp E22000027 --csp E22000028 --csp E22000029 --csp E22000030
  cspgraph merger check --scenario cleveland-single-csp
  cspgraph merger check --csp E22000030 --csp E22000072 --parties parties.txt --format json
  cspgraph merger scenarios

exit codes: 0 the combination is allowed, 1 it is not (a statutory rule is broken), 2 bad input.
A parties file is a JSON list or one code, path (local-policing-body/E23000013) or URI a line.
"""


def register(sub: Any) -> None:
    p = sub.add_parser(
        "merger",
        help="check a proposed combination of CSPs against the law (who must sign, what changes)",
        description="What-if checks of proposed CSP combinations (CDA 1998 s5(1A)-(1E), s5A) on a copy-on-write "
        "view of the landscape: the stored graph is never changed.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    msub = p.add_subparsers(dest="merger_command", metavar="SUBCOMMAND")
    c = msub.add_parser(
        "check",
        help="check one proposed combination",
        description="Build the proposed combined CSP, derive its areas, responsible authorities (the union), local "
        "policing bodies and whether the Secretary of State must be a party, run the statutory shapes on the nodes "
        "the merger touches, and report the verdict, every broken rule with its provision, the required parties, the "
        "crime and disorder committee arrangement and what changes. Exit 0 allowed, 1 not allowed, 2 bad input.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    c.add_argument(
        "--csp", action="append", default=[], metavar="CODE", help="a CSP to combine (code, URI or name); repeat"
    )
    c.add_argument("--scenario", metavar="FILE", help="a scenario JSON file, or the name of one in data/scenarios/")
    c.add_argument("--name", help="a name for the combined CSP")
    c.add_argument("--parties", type=Path, metavar="FILE", help="the bodies that would sign (JSON list or one a line)")
    c.add_argument(
        "--no-cooperation-arrangements",
        action="store_true",
        help="the agreement has no co-operation arrangements (matters only across police areas)",
    )
    c.add_argument("--format", choices=["text", "json"], default="text")
    c.add_argument("--store", default="oxigraph", help="oxigraph (default) or rdflib")
    add_as_of(c)
    c.set_defaults(func=cmd_check)
    s = msub.add_parser(
        "scenarios",
        help="list the scenarios in data/scenarios/",
        description="List the what-if scenarios shipped in data/scenarios/.",
    )
    s.set_defaults(func=cmd_scenarios)
    p.set_defaults(func=lambda args: (p.print_help(), 2)[1])


def cmd_check(args: argparse.Namespace) -> int:
    from cspgraph.merger import check_merger, load_scenario, read_parties_file

    csps: list[str] = list(args.csp)
    name = args.name
    parties: list[str] | None = None
    coop = not args.no_cooperation_arrangements
    if args.scenario:
        if csps:
            raise InputError("give either --scenario or --csp, not both")
        sc = load_scenario(args.scenario)
        csps, name, parties = sc.csps, name or sc.name, sc.parties
        coop = coop and sc.cooperation_arrangements
    if args.parties is not None:
        parties = read_parties_file(args.parties)
    if not csps:
        raise InputError("give the CSPs to combine with --csp CODE (at least two), or --scenario FILE")
    as_of(args)  # a bad --as-of fails before anything is read
    store = landscape(args, args.store)
    report = check_merger(store, csps, name=name, parties=parties, cooperation_arrangements=coop)
    if args.format == "json":
        json.dump(report.to_json(), sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        sys.stdout.write(report.to_text())
    return 0 if report.allowed else 1


def cmd_scenarios(args: argparse.Namespace) -> int:
    from cspgraph.merger import list_scenarios, load_scenario

    for path in list_scenarios():
        sc = load_scenario(path)
        print(f"{path.stem:<40} {sc.name} ({', '.join(sc.csps)})")
    return 0
