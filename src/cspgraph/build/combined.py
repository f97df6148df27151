"""Combined authorities through time, and the Greater London Authority once, as what it is.

Members: the districts of the ONS LAD -> combined authority lookups of December 2019, 2020, 2021 and 2023 (which
agree, and are checked to) for the authorities they list; for the others, the districts whose council or county
council mySociety's register puts in the authority. Member councils are the register's. Start dates are the
register's; the North East merger of May 2024 and the 2026 authorities come from the shared timeline.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import ORG, SKOS

from cspgraph.build import timeline as tl
from cspgraph.build.change import IN_FORCE, Change, event, starts, succession
from cspgraph.build.councils import Councils
from cspgraph.build.dated import SPAN_START, Period, day
from cspgraph.build.facts import DATA, GLA_CODE
from cspgraph.build.geography import area_of
from cspgraph.build.graph import ENGLAND, GraphBuilder
from cspgraph.build.national import organisation
from cspgraph.build.reference import Lookups, Row
from cspgraph.namespaces import CSPG, ID

COMBINED = "COMB"
GLA = "GLA"


@dataclass
class Combined:
    """One combined authority through time.

    Attributes:
        key: its GSS code, or a name where no source gives one.
        name: its official name.
        area_name: the name of its area.
        period: when it existed.
        lads: the districts of its area.
        councils: its member councils.
        notes: how its dates or members were read.
        old_names: other names the ONS lookups give its area.
    """

    key: str
    name: str
    area_name: str
    period: Period
    lads: list[str] = field(default_factory=list)
    councils: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    old_names: list[str] = field(default_factory=list)

    @property
    def body(self) -> URIRef:
        """The authority."""
        return ID[f"combined-authority/{self.key}"]

    @property
    def area(self) -> URIRef:
        """Its area."""
        return ID[f"combined-authority-area/{self.key}"]


def lookup_members(lk: Lookups) -> dict[str, tuple[set[str], set[str]]]:
    """Combined authority code -> (its districts, the names the lookups give it); the lookups must agree.

    Raises:
        ReferenceDataError: two lookups list different districts for one authority.
    """
    out: dict[str, tuple[set[str], set[str]]] = {}
    for year, table in lk.cauth.items():
        y = year % 100
        members: dict[str, set[str]] = {}
        for r in table.rows:
            members.setdefault(r[f"cauth{y}_code"], set()).add(r[f"ltla{y}_code"])
            out.setdefault(r[f"cauth{y}_code"], (set(), set()))[1].add(r[f"cauth{y}_name"])
        for code, lads in members.items():
            known = out[code][0]
            if known and known != lads:
                raise table.error(f"{code} has other districts than in the other lookups: {sorted(known ^ lads)}")
            known |= lads
    return out


def register_members(lk: Lookups, cs: Councils, code: str) -> tuple[list[str], list[str]]:
    """(districts, member councils) of the combined authority with register code ``code`` by mySociety's register:
    a district is in it when its council or its county council is a member."""

    def member(row: Row) -> bool:
        return code in row["combined-authority"].split(",")

    councils = [r["gss-code"] for r in lk.authorities.rows if r["current-authority"] == "True" and member(r)]
    lads = [g for g, d in cs.districts.items() if g in lk.la_by_gss and (g in councils or d.county in councils)]
    return lads, councils


def combined_authorities(lk: Lookups, cs: Councils) -> list[Combined]:
    """Every combined authority of the register and the timeline, with its period and members."""
    lookups = lookup_members(lk)
    out: list[Combined] = []
    rows = {r["gss-code"]: r for r in lk.authorities.rows if r["local-authority-type"] == COMBINED}
    for code, r in rows.items():
        start = day(r["start-date"])
        c = Combined(code, r["official-name"], r["nice-name"], Period(start), notes=[tl.REGISTER_START])
        lads, c.councils = register_members(lk, cs, r["local-authority-code"])
        if code in lookups:
            listed, names = lookups[code]
            if lads and set(lads) != listed:
                raise lk.authorities.error(f"{code}: the register's districts differ from the ONS lookups'")
            lads, c.old_names = sorted(listed), sorted(names - {r["nice-name"]})
        c.lads = sorted(lads)
        out.append(c)
    return north_east(out, rows) + new_authorities(cs)


def north_east(out: list[Combined], rows: dict[str, Row]) -> list[Combined]:
    """The North East: the authority under its former code until the North of Tyne split, and the 2024 merger."""
    by = {c.key: c for c in out}
    neca, ntca = (by[x] for x in tl.NORTH_EAST_MERGED)
    split = by[tl.NORTH_OF_TYNE].period.start
    former = Combined(tl.NORTH_EAST_FORMER, neca.name, neca.area_name, Period(neca.period.start, split))
    former.notes = [tl.NORTH_EAST_SPLIT_NOTE]
    merger = day(tl.NORTH_EAST_MERGER.when)
    neca.period, neca.notes = Period(split, merger), [tl.NORTH_EAST_SPLIT_NOTE]
    ntca.period = Period(ntca.period.start, merger)
    merged = Combined(tl.NORTH_EAST_MAYORAL, tl.NORTH_EAST_MAYORAL_NAME, "North East", Period(merger))
    merged.lads = sorted(neca.lads + ntca.lads)
    merged.councils = sorted(neca.councils + ntca.councils)
    merged.notes = [str(tl.NORTH_EAST_MERGER.date_note)]
    return [former, *out, merged]


def new_authorities(cs: Councils) -> list[Combined]:
    """The combined authorities of 2026, from the shared timeline."""
    out = []
    for n in tl.NEW_AUTHORITIES:
        c = Combined(n.slug, n.name, n.name.removesuffix(" Combined Authority"), Period(day(n.change.when)))
        c.lads, c.councils, c.notes = list(n.lads), list(n.lads), [n.comment]
        out.append(c)
    return out


def write(gb: GraphBuilder, lk: Lookups, cs: Councils) -> None:
    """Every combined authority and its area for their period, their districts and member councils, the changes
    that created and ended them, and the districts the Greater London Authority covers."""
    cas = combined_authorities(lk, cs)
    for c in cas:
        gb.body(c.area, CSPG.CombinedAuthorityArea, f"{c.area_name} area", country=ENGLAND)
        for old in c.old_names:
            gb.add(c.area, SKOS.altLabel, Literal(old, lang="en"))
        gb.body(c.body, CSPG.CombinedAuthority, c.name, country=ENGLAND)
        if c.key.startswith("E47"):
            gb.code(c.area, c.key, geography=True)
            gb.code(c.body, c.key, geography=False)
        gb.dated(c.area, c.period)
        gb.dated(c.body, c.period, " ".join(c.notes) or None)
        gb.add(c.body, CSPG.coversArea, c.area)
        gb.add(c.body, CSPG.s17DutyHolder, Literal(True))
        for lad in c.lads:
            gb.add(area_of(lad), CSPG.withinArea, c.area)
        for gss in c.councils:
            gb.add(ID[f"council/{gss}"], ORG.memberOf, c.body)
    changes(gb, {c.key: c for c in cas})
    london(gb, lk)


def changes(gb: GraphBuilder, cas: dict[str, Combined]) -> None:
    """The establishment of each authority in the span, the North of Tyne split and the North East merger."""
    neca, ntca = (cas[x] for x in tl.NORTH_EAST_MERGED)
    split = Change(
        str(ntca.period.start),
        "combined-authority-north-east",
        "The North East Combined Authority takes "
        "the code E47000010 as three of its councils form the North of Tyne Combined Authority",
        IN_FORCE,
        DATA,
        (tl.MYSOCIETY,),
        comment=tl.NORTH_EAST_SPLIT_NOTE,
    )
    former = cas[tl.NORTH_EAST_FORMER]
    succession(gb, split, [former.body], [neca.body, ntca.body])
    succession(gb, split, [former.area], [neca.area, ntca.area], area=True)
    merged = cas[tl.NORTH_EAST_MAYORAL]
    succession(gb, tl.NORTH_EAST_MERGER, [neca.body, ntca.body], [merged.body])
    succession(gb, tl.NORTH_EAST_MERGER, [neca.area, ntca.area], [merged.area], area=True)
    new = {n.slug: n.change for n in tl.NEW_AUTHORITIES}
    for c in cas.values():
        if c.key in new:
            e = event(gb, new[c.key])
        elif (
            c.key in (tl.NORTH_EAST_MAYORAL, *tl.NORTH_EAST_MERGED) or not c.period.start or c.period.start < SPAN_START
        ):
            continue
        else:
            label = f"The {c.name} is established"
            e = event(
                gb,
                Change(
                    str(c.period.start),
                    f"combined-authority-{c.key}",
                    label,
                    IN_FORCE,
                    DATA,
                    (tl.MYSOCIETY,),
                    date_note=tl.REGISTER_START,
                ),
            )
        starts(gb, e, [c.body])
        starts(gb, e, [c.area], area=True)


def london(gb: GraphBuilder, lk: Lookups) -> None:
    """The Greater London Authority (a strategic authority, not a combined authority) covers the London boroughs
    and the City, the districts mySociety's register puts in it."""
    gla = organisation("greater-london-authority")
    for r in lk.authorities.rows:
        if r["current-authority"] == "True" and GLA in r["combined-authority"].split(",") and r["gss-code"] != GLA_CODE:
            gb.add(gla, CSPG.coversArea, area_of(r["gss-code"]))
