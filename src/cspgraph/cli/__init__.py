"""The ``cspgraph`` command: one argparse group; each module in this package registers its sub-commands.

Every module here defines ``register(subparsers)`` and sets ``func`` on its parsers; ``func(args)`` returns the
exit code. Errors cspgraph raises on purpose (CspGraphError) print one line saying what to fix and exit 2.
"""

from __future__ import annotations

import argparse
import importlib
import signal
import sys
import threading
from collections.abc import Sequence
from typing import Any

from cspgraph.errors import CspGraphError
from cspgraph.version import __version__

DESCRIPTION = """\
cspgraph: the knowledge graph of who is accountable to whom in community safety in England and Wales
(PCCs and other local policing bodies, Community Safety Partnerships, panels, responsible authorities, funding).
"""

EPILOG = """\
examples:
  cspgraph info                          counts per class and per source graph
  cspgraph build                         regenerate data/ from ../shared/reference
  cspgraph export --format nt -o all.nt  the whole dataset as N-Triples
  cspgraph serve --port 8000             the linked-data server on the embedded store
Run 'cspgraph COMMAND --help' for each command's options.
"""


#: the module of this package that registers each command: a command line imports only its own command's module
#: (a test checks the table against what the modules register)
COMMAND_MODULES = {
    "build": "core",
    "info": "core",
    "export": "core",
    "changes": "changes",
    "load": "load",
    "merger": "merger",
    "network": "network",
    "publish": "publish",
    "query": "query",
    "sparql": "query",
    "scenario": "scenario",
    "serve": "serve",
    "synth": "synth",
    "validate": "validate",
    "visualise": "visualise",
}


def _modules(command: str | None) -> list[str]:
    """The modules to register: the command's own, or every one (for the top-level help or an unknown command)."""
    if command in COMMAND_MODULES:
        return [COMMAND_MODULES[command]]
    import pkgutil

    return sorted(m.name for m in pkgutil.iter_modules(__path__))


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser: with ``command``, only that command's (so a command imports only what it uses)."""
    parser = argparse.ArgumentParser(
        prog="cspgraph",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"cspgraph {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in _modules(command):
        module = importlib.import_module(f"{__name__}.{name}")
        register = getattr(module, "register", None)
        if register is not None:
            register(sub)
    return parser


class Terminated(BaseException):
    """SIGTERM, raised in the main thread so that files being written are cleaned up on the way out."""


def _terminate(signum: int, frame: Any) -> None:
    raise Terminated()


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return its exit code (0 success, 1 a negative answer such as violations, 2 bad input)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser(argv[0] if argv else None)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    in_main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.signal(signal.SIGTERM, _terminate) if in_main_thread else None
    try:
        return int(args.func(args) or 0)
    except CspGraphError as e:
        print(f"cspgraph {args.command}: error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except Terminated:
        return 143
    except BrokenPipeError:
        return 0
    finally:
        if in_main_thread:
            signal.signal(signal.SIGTERM, previous)
