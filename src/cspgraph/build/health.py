"""Health responsible authorities through time: clinical commissioning groups (April 2021, the only vintage in the
sources) until 1 July 2022, integrated care boards from then (the July 2022 lookup, mapped to the 2023 districts
through their predecessors) and their April 2024 boundaries (the April 2024 lookup), and the Welsh local health
boards (December 2022). Where an ICB covers a district for less time than both exist, the coverage is a qualified
relationship with its own dates.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from rdflib import Literal, URIRef
from rdflib.namespace import SKOS

from cspgraph.build import timeline as tl
from cspgraph.build.change import ends, event, replaces, starts, succession
from cspgraph.build.councils import Councils
from cspgraph.build.dated import Cover, Period, day, epochs, spans
from cspgraph.build.geography import area_of
from cspgraph.build.graph import ENGLAND, WALES, GraphBuilder
from cspgraph.build.national import organisation
from cspgraph.build.reference import Lookups, Row
from cspgraph.namespaces import CSPG, ID, STATGEO

ICB, CCG, LHB = "icb", "ccg", "lhb"


def health(gb: GraphBuilder, lk: Lookups, cs: Councils) -> dict[str, Cover]:
    """Every health body with its period and coverage. Returns role -> the bodies covering each district when."""
    out = {ICB: Cover(), CCG: Cover(), LHB: Cover()}
    ccgs(gb, lk, out[CCG])
    icbs(gb, lk, cs, out[ICB])
    lhbs(gb, lk, out[LHB])
    for c in (tl.CCGS_BEGIN, tl.ICB_MERGERS):
        event(gb, c)
    return out


def health_body(gb: GraphBuilder, uri: URIRef, cls: URIRef, name: str, code: str, period: Period) -> None:
    """A health body, its codes and period, accountable to NHS England (or, in Wales, the Welsh Ministers)."""
    if gb.has(uri, cls):
        return
    country = WALES if code.startswith("W") else ENGLAND
    gb.body(uri, cls, name, country=country)
    gb.code(uri, code, geography=False)
    gb.add(uri, CSPG.statisticalGeography, STATGEO[code])
    gb.dated(uri, period, tl.CCG_NOTE if cls == CSPG.ClinicalCommissioningGroup else None)
    head = "welsh-ministers" if country == WALES else "nhs-england"
    gb.relate(uri, CSPG.accountableTo, organisation(head))


def ccgs(gb: GraphBuilder, lk: Lookups, out: Cover) -> None:
    """The clinical commissioning groups of April 2021 and the districts they overlap, until 1 July 2022."""
    period = Period(day(tl.CCG_EDITION), day(tl.ICB_SINCE))
    for r in lk.ccg.rows:
        uri = ID[f"clinical-commissioning-group/{r['ccg21_code']}"]
        health_body(gb, uri, CSPG.ClinicalCommissioningGroup, r["ccg21_name"], r["ccg21_code"], period)
        gb.add(uri, CSPG.coversArea, area_of(r["ltla21_code"]))
        out.add(r["ltla21_code"], str(uri), period)


def icb_pairs(lk: Lookups, cs: Councils) -> tuple[list[dt.date], list[set[tuple[str, str]]]]:
    """The (ICB, district) pairs of each period of ICB history: July 2022 (2022 districts), April 2023 (the 2022
    lookup on the 2023 districts, a new district taking its predecessors' ICBs) and April 2024."""
    pairs22 = {(r["icb22_code"], r["ltla22_code"]) for r in lk.icb.rows}
    reorganised = day("2023-04-01")
    assert reorganised is not None
    pairs23 = {(i, lad) for i, lad in pairs22 if cs.period(lad).holds(reorganised)}
    for lad, a in cs.authorities.items():
        if lad in cs.districts and a.period.start == reorganised:
            pairs23 |= {(i, lad) for i, p in pairs22 if p in a.predecessors}
    pairs24 = {(r["icb24_code"], r["ltla24_code"]) for r in lk.icb24.rows}
    starts_ = [day(tl.ICB_SINCE), reorganised, day(tl.ICB_BOUNDARIES.when)]
    return [d for d in starts_ if d is not None], [pairs22, pairs23, pairs24]


def icbs(gb: GraphBuilder, lk: Lookups, cs: Councils, out: Cover) -> None:
    """Integrated care boards, the districts they overlap and when, and the changes of 2022 and 2024."""
    rows: dict[str, Row] = {}
    for r in lk.icb.rows:
        rows[r["icb22_code"]] = {"name": r["icb22_name"], "code_h": r["icb22_code_h"], "first": tl.ICB_SINCE}
    for r in lk.icb24.rows:
        rows.setdefault(r["icb24_code"], {"name": r["icb24_name"], "code_h": "", "first": tl.ICB_BOUNDARIES.when})
    latest = {r["icb24_code"] for r in lk.icb24.rows}
    for code, info in rows.items():
        end = None if code in latest else tl.ICB_BOUNDARIES.when
        uri = ID[f"integrated-care-board/{code}"]
        health_body(gb, uri, CSPG.IntegratedCareBoard, info["name"], code, Period(day(info["first"]), day(end)))
        if info["code_h"]:
            gb.add(uri, SKOS.notation, Literal(info["code_h"]))
    when, snapshots = icb_pairs(lk, cs)
    periods = epochs(when)[1:]
    for (code, lad), runs in sorted(spans(periods, snapshots).items()):
        uri = ID[f"integrated-care-board/{code}"]
        for run in reversed(runs):
            gb.relate(uri, CSPG.coversArea, area_of(lad), period=run)
            out.add(lad, str(uri), run)
    icb_changes(gb, lk, rows, latest)


def icb_changes(gb: GraphBuilder, lk: Lookups, rows: dict[str, Row], latest: set[str]) -> None:
    """ICBs replace CCGs (each ICB replacing the groups with which it shares a district lying wholly in both), and
    the boards whose codes changed in April 2024 (matched by name)."""
    boards22 = [ID[f"integrated-care-board/{r['icb22_code']}"] for r in lk.icb.rows]
    groups = [ID[f"clinical-commissioning-group/{r['ccg21_code']}"] for r in lk.ccg.rows]
    e = event(gb, tl.ICBS_REPLACE_CCGS)
    ends(gb, e, dict.fromkeys(groups))
    starts(gb, e, dict.fromkeys(boards22))
    whole_icb = {r["ltla22_code"]: r["icb22_code"] for r in lk.icb.rows if r["n_lsoa11"] == r["lad_total_lsoa11"]}
    pairs: set[tuple[str, str]] = set()
    for r in lk.ccg.rows:
        if r["n_lsoa11"] == r["lad_total_lsoa11"] and r["ltla21_code"] in whole_icb:
            pairs.add((whole_icb[r["ltla21_code"]], r["ccg21_code"]))
    for icb, ccg in sorted(pairs):
        replaces(gb, ID[f"integrated-care-board/{icb}"], ID[f"clinical-commissioning-group/{ccg}"])
    ended = [c for c in rows if c not in latest]
    by_name: dict[str, list[str]] = defaultdict(list)
    for c in latest - {r["icb22_code"] for r in lk.icb.rows}:
        by_name[rows[c]["name"]].append(c)
    for c in ended:
        new = by_name.get(rows[c]["name"], [])
        succession(
            gb, tl.ICB_BOUNDARIES, [ID[f"integrated-care-board/{c}"]], [ID[f"integrated-care-board/{n}"] for n in new]
        )


def lhbs(gb: GraphBuilder, lk: Lookups, out: Cover) -> None:
    """Local health boards and the Welsh districts they cover.

    Raises:
        ReferenceDataError: a Welsh district has no local health board.
    """
    for r in lk.lhb.rows:
        code, lad = r["lhb22_code"], r["ltla21_code"]
        uri = ID[f"local-health-board/{code}"]
        health_body(gb, uri, CSPG.LocalHealthBoard, r["lhb22_name"], code, Period())
        gb.add(uri, CSPG.coversArea, area_of(lad))
        out.add(lad, str(uri), Period())
    missing = [lad for lad in lk.lads if lad.startswith("W") and lad not in out.by]
    if missing:
        raise lk.lhb.error(f"no local health board for {', '.join(missing)}")
