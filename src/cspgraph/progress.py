"""Progress of long commands on standard error, drawn by rich.

Progress is shown only when standard error is a terminal and the command was not asked to be quiet, so tests,
pipes and log files get none. A command reports each step as it starts by calling the function :func:`progress`
gives it; the work itself never prints progress.

Examples:
    >>> with progress(2, quiet=True) as step:
    ...     step("reading")
    ...     step("writing")
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TextIO

__all__ = ["Step", "progress", "silent", "wanted"]

#: Called with a short description of each step as it starts.
Step = Callable[[str], None]


def silent(message: str) -> None:
    """A :data:`Step` that shows nothing.

    Examples:
        >>> silent("reading")
    """


def wanted(quiet: bool = False, stream: TextIO | None = None) -> bool:
    """Whether to show progress: not quiet, and ``stream`` (default standard error) is a terminal.

    Examples:
        >>> import io
        >>> wanted(stream=io.StringIO())
        False
    """
    stream = stream if stream is not None else sys.stderr
    return not quiet and stream.isatty()


@contextmanager
def progress(
    total: int | None = None,
    *,
    quiet: bool = False,
    description: str = "",
    animate: bool = True,
    stream: TextIO | None = None,
) -> Iterator[Step]:
    """Show a progress bar on ``stream`` (default standard error) while the ``with`` block runs.

    Args:
        total: how many steps there will be; None for a spinner with no bar.
        quiet: show nothing.
        description: what to show before the first step.
        animate: redraw on a timer (spinner, elapsed time); False redraws only when a step starts, for work that
            must not share the CPU with a drawing thread (benchmarks).
        stream: where to draw; nothing is drawn unless it is a terminal.

    Yields:
        A :data:`Step` to call as each step starts, with what it does.

    Examples:
        >>> import io
        >>> with progress(3, stream=io.StringIO()) as step:
        ...     step("reading")
    """
    if not wanted(quiet, stream):
        yield silent
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = [SpinnerColumn(), TextColumn("{task.description}")]
    if total:
        columns += [BarColumn(), MofNCompleteColumn()]
    columns.append(TimeElapsedColumn())
    console = Console(file=stream if stream is not None else sys.stderr)
    with Progress(*columns, console=console, auto_refresh=animate, redirect_stdout=False) as bar:
        task = bar.add_task(description, total=total)
        started = 0

        def step(message: str) -> None:
            nonlocal started
            bar.update(task, advance=1 if started else 0, description=message, refresh=not animate)
            started += 1

        yield step
        bar.update(task, completed=total or started, refresh=True)
