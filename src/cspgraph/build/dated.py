"""Periods of validity, and the interval arithmetic the build does with them.

A :class:`Period` is what ``schema:validFrom`` and ``schema:validUntil`` say of a resource: its first day, and the
first day on which it no longer holds (an exclusive end), either unknown (None). :func:`cspgraph.asof.holds` is the
one rule of validity; a period only applies it. The build splits time into epochs at every date on which something
changes (:func:`epochs`), evaluates who is responsible in each, and merges the epochs back into periods
(:func:`spans`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from cspgraph.asof import holds

#: The first day the landscape describes (2012, the year local policing bodies replaced police authorities).
#: A period that began before it has no schema:validFrom unless a source dates it.
SPAN_START = dt.date(2012, 1, 1)

K = TypeVar("K", bound=Hashable)


def day(text: str | None) -> dt.date | None:
    """A date from ``YYYY-MM-DD`` text, None for none.

    Examples:
        >>> day("2019-04-01"), day("")
        (datetime.date(2019, 4, 1), None)
    """
    return dt.date.fromisoformat(text) if text else None


@dataclass(frozen=True)
class Period:
    """When a resource or statement holds: from ``start`` (inclusive) until ``end`` (exclusive); None is unknown.

    Examples:
        >>> p = Period(day("2012-11-22"), day("2017-05-08"))
        >>> p.holds(dt.date(2017, 5, 7)), p.holds(dt.date(2017, 5, 8))
        (True, False)
        >>> p.meet(Period(day("2015-01-01"))) == Period(day("2015-01-01"), day("2017-05-08"))
        True
    """

    start: dt.date | None = None
    end: dt.date | None = None

    def holds(self, when: dt.date) -> bool:
        """Whether the period includes the day ``when``."""
        return holds(when, self.start, self.end)

    def meet(self, other: Period) -> Period | None:
        """The days both periods include, or None if they share none."""
        starts = [d for d in (self.start, other.start) if d is not None]
        ends = [d for d in (self.end, other.end) if d is not None]
        start, end = (max(starts) if starts else None), (min(ends) if ends else None)
        if start is not None and end is not None and start >= end:
            return None
        return Period(start, end)

    def within(self, other: Period) -> bool:
        """Whether every day of this period is in ``other``."""
        return self.meet(other) == self

    def dates(self) -> list[dt.date]:
        """The dates the period names."""
        return [d for d in (self.start, self.end) if d is not None]


ALWAYS = Period()


def epochs(boundaries: Iterable[dt.date]) -> list[Period]:
    """Consecutive periods split at each boundary after :data:`SPAN_START`; the first has no start, the last no end.

    Examples:
        >>> [(p.start, p.end) for p in epochs([day("2020-04-01")])]
        [(None, datetime.date(2020, 4, 1)), (datetime.date(2020, 4, 1), None)]
    """
    days = sorted({d for d in boundaries if d > SPAN_START})
    starts: list[dt.date | None] = [None, *days]
    ends: list[dt.date | None] = [*days, None]
    return [Period(s, e) for s, e in zip(starts, ends, strict=True)]


def sample(epoch: Period) -> dt.date:
    """The day on which an epoch is evaluated: its first day, or :data:`SPAN_START` for the first epoch."""
    return epoch.start or SPAN_START


def spans(periods: Sequence[Period], present: Sequence[Iterable[K]]) -> dict[K, list[Period]]:
    """For each key, the periods in which it is present, consecutive epochs merged.

    Args:
        periods: the epochs, in order.
        present: for each epoch, the keys present in it.

    Examples:
        >>> e = epochs([day("2019-04-01"), day("2021-04-01")])
        >>> out = spans(e, [{"a"}, {"a", "b"}, {"b"}])
        >>> [(p.start, p.end) for p in out["a"]], [(p.start, p.end) for p in out["b"]]
        ([(None, datetime.date(2021, 4, 1))], [(datetime.date(2019, 4, 1), None)])
    """
    out: dict[K, list[Period]] = {}
    previous: set[K] = set()
    for epoch, keys in zip(periods, present, strict=True):
        now = set(keys)
        for k in now:
            runs = out.setdefault(k, [])
            if k in previous:
                runs[-1] = Period(runs[-1].start, epoch.end)
            else:
                runs.append(Period(epoch.start, epoch.end))
        previous = now
    return out


def later(when: dt.date, days: int = 1) -> dt.date:
    """The day ``days`` after ``when``.

    Examples:
        >>> later(day("2019-03-31"))
        datetime.date(2019, 4, 1)
    """
    return when + dt.timedelta(days=days)


class Cover:
    """Which bodies cover each district (or police area), and when.

    Examples:
        >>> c = Cover()
        >>> c.add("E06000063", "icb/E54000050", Period(day("2023-04-01")))
        >>> c.at("E06000063", day("2024-01-01")), c.at("E06000063", day("2020-01-01"))
        (['icb/E54000050'], [])
    """

    def __init__(self) -> None:
        self.by: dict[str, list[tuple[str, Period]]] = {}

    def add(self, where: str, body: str, period: Period) -> None:
        """``body`` covers ``where`` during ``period``."""
        self.by.setdefault(where, []).append((body, period))

    def at(self, where: str, when: dt.date) -> list[str]:
        """The bodies covering ``where`` on ``when``, in the order they were added."""
        out: list[str] = []
        for body, period in self.by.get(where, ()):
            if period.holds(when) and body not in out:
                out.append(body)
        return out
