"""Options shared by the commands that read the landscape: ``--as-of YYYY-MM-DD``.

Every such command takes ``--as-of`` through :func:`add_as_of` and opens its store through :func:`dated`, so the
option has one meaning everywhere: the landscape in force on that day (:func:`cspgraph.asof.in_force`), from the
data's own dates, never the wall clock. Without it a command reads the dataset as it is.
"""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any

__all__ = ["add_as_of", "as_of_day", "dated"]

AS_OF_HELP = (
    "the landscape in force on this day, from the data's own dates (default: the whole dataset, as of its latest "
    "date, cspg:asOf)"
)


def add_as_of(parser: argparse.ArgumentParser, *aliases: str) -> None:
    """Add ``--as-of YYYY-MM-DD`` (and any ``aliases``, such as validate's ``--date``) to ``parser``."""
    parser.add_argument("--as-of", *aliases, dest="as_of", default=None, metavar="YYYY-MM-DD", help=AS_OF_HELP)


def as_of_day(args: argparse.Namespace) -> dt.date | None:
    """The day ``--as-of`` gave, or None.

    Raises:
        InputError: the value is not a date (the command prints one line and exits 2).
    """
    from cspgraph.asof import as_date

    value = getattr(args, "as_of", None)
    return None if value is None else as_date(value)


def dated(store: Any, args: argparse.Namespace) -> Any:
    """``store`` as of the day ``--as-of`` gave (:func:`cspgraph.asof.in_force`), or ``store`` itself."""
    day = as_of_day(args)
    if day is None:
        return store
    from cspgraph.asof import in_force

    return in_force(store, day)
