"""``cspgraph synth``: a synthetic landscape N times the real one, for measuring growth."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any


def register(sub: Any) -> None:
    p = sub.add_parser(
        "synth",
        help="write a synthetic landscape N times the real one (for benchmarks)",
        description="Write a folder holding the real landscape multiplied N times with the same shape (police areas, "
        "CSPs, councils, responsible authorities, funding flows, committees), joined to the same national bodies and "
        "law. Point any command at it with CSPGRAPH_HOME=DIR, e.g. CSPGRAPH_HOME=DIR cspgraph info.",
    )
    p.add_argument("--scale", type=int, required=True, help="how many times the real landscape (1 = the real one)")
    p.add_argument("-o", "--output", type=Path, required=True, help="folder to write (becomes a CSPGRAPH_HOME)")
    p.add_argument("--quiet", action="store_true", help="no progress display (shown only when stderr is a terminal)")
    p.set_defaults(func=cmd_synth)


def cmd_synth(args: argparse.Namespace) -> int:
    from cspgraph.errors import InputError
    from cspgraph.progress import progress
    from cspgraph.synth import steps, synthesise

    if args.scale < 1:
        raise InputError(f"--scale {args.scale}: give a whole number of times the real landscape, 1 or more")
    if args.output.exists() and not args.output.is_dir():
        raise InputError(f"-o {args.output} is a file: give a folder to write the synthetic landscape into")

    with progress(steps(max(args.scale, 1)), quiet=args.quiet, description="synthesising") as step:
        counts = synthesise(args.scale, args.output, step)
    print(f"wrote {args.output} ({counts['landscape triples']} landscape triples); use CSPGRAPH_HOME={args.output}")
    return 0
