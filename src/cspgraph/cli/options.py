"""Options shared by the commands that read the landscape: ``--as-of latest|all|YYYY-MM-DD``.

Every such command takes ``--as-of`` through :func:`add_as_of` and opens its store through :func:`landscape` (or
:func:`dated` for a store it opened itself), so the option has one meaning everywhere, from the data's own dates,
never the wall clock:

* ``latest`` (the default): the landscape in force on the dataset's latest date, its ``cspg:asOf``
  (:func:`cspgraph.asof.latest_view`; on the embedded store a read-only on-disk copy built once per dataset
  version, :func:`cspgraph.asof.open_latest`);
* ``all``: the whole dataset with its history (ended bodies and memberships too), as an open-data dump holds it;
* ``YYYY-MM-DD``: the landscape in force on that day (:func:`cspgraph.asof.in_force`).
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path
from typing import Any

__all__ = ["ALL", "LATEST", "add_as_of", "as_of", "as_of_day", "dated", "landscape"]

LATEST, ALL = "latest", "all"

AS_OF_HELP = (
    "the landscape in force on a day, from the data's own dates: YYYY-MM-DD, 'latest' (the landscape on the "
    "dataset's latest date, its cspg:asOf) or 'all' (the whole dataset with its history, ended bodies too); "
    "default: %(default)s"
)


def add_as_of(parser: argparse.ArgumentParser, *aliases: str, default: str = LATEST) -> None:
    """Add ``--as-of latest|all|YYYY-MM-DD`` (and any ``aliases``, such as validate's ``--date``) to ``parser``."""
    parser.add_argument(
        "--as-of", *aliases, dest="as_of", default=default, metavar="latest|all|YYYY-MM-DD", help=AS_OF_HELP
    )


def as_of(args: argparse.Namespace) -> str | dt.date:
    """What ``--as-of`` asks for: :data:`LATEST`, :data:`ALL` or a day.

    Raises:
        InputError: the value is none of them (the command prints one line and exits 2).
    """
    from cspgraph.asof import as_date
    from cspgraph.errors import InputError

    value = str(getattr(args, "as_of", None) or LATEST).strip()
    if value.lower() in (LATEST, ALL):
        return value.lower()
    try:
        return as_date(value)
    except InputError:
        raise InputError(f"--as-of {value!r} is not a date: use latest, all or YYYY-MM-DD") from None


def as_of_day(args: argparse.Namespace) -> dt.date | None:
    """The day ``--as-of`` gave, or None for ``latest`` and ``all``.

    Raises:
        InputError: the value is not latest, all or a date.
    """
    choice = as_of(args)
    return choice if isinstance(choice, dt.date) else None


def dated(store: Any, args: argparse.Namespace) -> Any:
    """``store`` as ``--as-of`` asks: the landscape on the dataset's latest date, the whole store, or on a day."""
    choice = as_of(args)
    if choice == ALL:
        return store
    from cspgraph.asof import in_force, latest_view

    return latest_view(store) if choice == LATEST else in_force(store, choice)


def landscape(
    args: argparse.Namespace, kind: str = "oxigraph", *, shapes: bool = False, data: Path | None = None
) -> Any:
    """Open the store of ``kind`` as ``--as-of`` asks (see the module); ``latest`` on the embedded store opens the
    read-only on-disk copy of the latest landscape, built once per dataset version, so no command filters the data.
    """
    from cspgraph.stores import open_store
    from cspgraph.stores.disk import enabled

    choice = as_of(args)  # a bad value fails before the store is opened
    if choice == LATEST and kind == "oxigraph" and enabled():
        from cspgraph.asof import open_latest

        return open_latest(data, shapes)
    return dated(open_store(kind, data=data, shapes=shapes, disk=True), args)
