"""Mayoral coverage of the police areas on any day: which are coterminous with, within, partly covered by or outside
a combined (county) authority, with London's MOPAC as its own case.

The named query ``queries/mayoral-coverage.rq`` does the counting; :func:`coverage` runs it on the dataset as in
force on the day asked (:func:`cspgraph.asof.in_force`), so the answer follows the data's own dates.

Examples:
    >>> from cspgraph.stores import open_store
    >>> rows = coverage(open_store(shapes=False), "2026-12-01")
    >>> sorted(r.pfa_code for r in rows if r.coverage == "coterminous")[:2]
    ['E23000002', 'E23000005']
"""

from __future__ import annotations

import datetime as dt
import weakref
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from cspgraph.asof import as_date, in_force
from cspgraph.queries import run_query
from cspgraph.stores.base import GraphStore

__all__ = ["AreaCoverage", "by_area", "coverage", "coverage_on"]

#: the coverage classes, most to least complete
KINDS = ("london-mopac", "coterminous", "within", "partly-covered", "outside")


@dataclass(frozen=True)
class AreaCoverage:
    """One (police area, authority) pair that share districts, or a police area that shares none.

    Attributes:
        pfa: the police force area's URI; ``pfa_label`` its name.
        authority: the combined (county) authority's URI, or None (``outside``, ``london-mopac``).
        coverage: ``coterminous`` (same districts), ``within`` (all the police area's districts, and more),
            ``partly-covered``, ``outside`` or ``london-mopac``.
        shared: districts in both; ``pfa_districts`` and ``authority_districts`` the totals.
        local_policing_body: the area's local policing body on the day.
        mayor_has_pcc_functions: whether a mayor already holds the PCC functions.
    """

    pfa: str
    pfa_label: str
    authority: str | None
    authority_label: str | None
    coverage: str
    shared: int
    pfa_districts: int
    authority_districts: int
    local_policing_body: str | None
    mayor_has_pcc_functions: bool

    @property
    def pfa_code(self) -> str:
        """The police area's GSS code."""
        return self.pfa.rsplit("/", 1)[-1]


def _int(v: Any) -> int:
    return int(str(v)) if v is not None else 0


_CACHE: weakref.WeakKeyDictionary[GraphStore, dict[tuple[int, dt.date], list[AreaCoverage]]] = (
    weakref.WeakKeyDictionary()
)


def coverage_on(store: GraphStore, day: dt.date) -> list[AreaCoverage]:
    """:func:`coverage` of every police area, cached per store (and its generation) and day."""
    per = _CACHE.setdefault(store, {})
    key = (store.generation, day)
    if key not in per:
        if len(per) >= 8:
            per.pop(next(iter(per)))
        per[key] = coverage(store, day)
    return per[key]


def coverage(store: GraphStore, day: dt.date | str, pfa: str | None = None) -> list[AreaCoverage]:
    """The mayoral coverage of every police area (or of ``pfa``) as in force on ``day``.

    Args:
        store: the whole dataset (only read).
        day: the day, a date or ``YYYY-MM-DD``.
        pfa: one police force area (code, URI or name), or None for all.

    Raises:
        InputError: ``day`` is not a date, or ``pfa`` is not a police force area.
    """
    view = in_force(store, as_date(day))
    params = {} if pfa is None else {"pfa": pfa}
    out = []
    for r in run_query(view, "mayoral-coverage", **params):
        out.append(
            AreaCoverage(
                pfa=str(r["pfa"]),
                pfa_label=str(r.get("pfaLabel") or r["pfa"]),
                authority=None if r.get("authority") is None else str(r["authority"]),
                authority_label=None if r.get("authorityLabel") is None else str(r["authorityLabel"]),
                coverage=str(r["coverage"]),
                shared=_int(r.get("sharedDistricts")),
                pfa_districts=_int(r.get("pfaDistricts")),
                authority_districts=_int(r.get("authorityDistricts")),
                local_policing_body=None if r.get("localPolicingBody") is None else str(r["localPolicingBody"]),
                mayor_has_pcc_functions=str(r.get("mayorHasPccFunctions")).lower() == "true",
            )
        )
    return out


def by_area(rows: list[AreaCoverage]) -> dict[str, list[AreaCoverage]]:
    """The rows grouped by police area URI, most complete coverage first."""
    out: dict[str, list[AreaCoverage]] = defaultdict(list)
    for r in rows:
        out[r.pfa].append(r)
    for v in out.values():
        v.sort(key=lambda r: (KINDS.index(r.coverage), -r.shared, r.authority or ""))
    return dict(out)
