"""Councils and districts through time, from mySociety's register, checked against the ONS vintages.

Every district of the January 2017 and December 2024 CSP lookups, the LAD 2022 -> 2023 lookup and the 2019, 2021
and 2024 boundary files is a :class:`District`; every council of those districts and their counties is an
:class:`Authority` with its period. mySociety gives ``start-date``, ``end-date`` and ``replaced-by``; the build
reads them with two conventions, both documented in data/README.md:

* ``end-date`` is the last day for the 2019 and 2020 reorganisations (31 March) and the day of change for the 2021
  and 2023 ones (1 April), as the successors' ``start-date`` shows; schema:validUntil is the successor's start
  (the first day without the old council), and the two are checked to agree.
* start dates in 2005 are not used: they are the dates the register's entries were made, not the councils' start
  (Poole and Bournemouth became unitary together, yet Poole shows 1997-04-01 and Bournemouth 2005-06-19).

Each vintage is then checked: a district in a vintage is in force on its date, and one missing from it is not.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from cspgraph.build.dated import ALWAYS, Period, day, later
from cspgraph.build.reference import BOUNDARIES, LAD22_23, LOOKUP, LOOKUP17, Lookups, Row

#: Types of district (lower or single tier) in mySociety's register, and of county council.
DISTRICT_TYPES = ("NMD", "UA", "MD", "LBO", "CC", "WPA")
COUNTY = "CTY"
#: The day each vintage describes.
VINTAGES = {
    LOOKUP17: dt.date(2017, 1, 31),
    BOUNDARIES[2019]: dt.date(2019, 12, 31),
    BOUNDARIES[2021]: dt.date(2021, 12, 31),
    LAD22_23 + " (2022)": dt.date(2022, 12, 31),
    LAD22_23 + " (2023)": dt.date(2023, 12, 31),
    BOUNDARIES[2024]: dt.date(2024, 5, 31),
    LOOKUP: dt.date(2024, 12, 31),
}
UNRELIABLE_START_YEAR = 2005
COUNTY_NOTE = (
    "mySociety's register gives {given} as its county, which disagrees with the county of the district that replaced "
    "it ({used}) and with its police force area in the 2017 ONS lookup; {used} is used."
)


@dataclass
class Authority:
    """A council of the landscape and when it existed.

    Attributes:
        gss: its GSS code (the code of its area).
        row: its row in mySociety's register.
        period: when it existed (schema:validFrom, schema:validUntil).
        successors: the GSS codes of the councils that replaced it.
        predecessors: the GSS codes of the councils it replaced.
    """

    gss: str
    row: Row
    period: Period = ALWAYS
    successors: list[str] = field(default_factory=list)
    predecessors: list[str] = field(default_factory=list)


@dataclass
class District:
    """A local authority district (a local government area) through time.

    Attributes:
        gss: its GSS code.
        name: its name in the latest source that has it.
        pfa: the police force area it lies in.
        county: the GSS code of its county (two-tier districts), or None.
        old_names: other names the ONS CSP lookups give it.
        notes: editorial notes on how a source was read.
    """

    gss: str
    name: str
    pfa: str
    county: str | None = None
    old_names: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class Councils:
    """The councils and districts of the landscape through time.

    Attributes:
        authorities: GSS code -> council (districts and counties, current and ended).
        districts: GSS code -> district, in a stable order.
        vintages: source -> the district codes it lists.
    """

    authorities: dict[str, Authority] = field(default_factory=dict)
    districts: dict[str, District] = field(default_factory=dict)
    vintages: dict[str, set[str]] = field(default_factory=dict)

    def period(self, gss: str) -> Period:
        """When the council (and its area) existed."""
        return self.authorities[gss].period

    def councils_of(self, lad: str) -> list[str]:
        """The district's council and, in a two-tier area, its county council."""
        county = self.districts[lad].county
        return [lad] + ([county] if county else [])


def is_district(code: str) -> bool:
    """Whether a GSS code is a district's (a local government area for CDA 1998 s5) in England or Wales.

    Examples:
        >>> is_district("E07000246"), is_district("E10000006"), is_district("S12000034")
        (True, False, False)
    """
    return code[:3] in ("E06", "E07", "E08", "E09", "W06")


def vintages(lk: Lookups) -> dict[str, dict[str, str]]:
    """Each vintage's district code -> name."""
    out = {
        LOOKUP17: {r["LAD17CD"]: r["LAD17NM"] for r in lk.lookup17.rows},
        LAD22_23 + " (2022)": {r["ltla22_code"]: r["ltla22_name"] for r in lk.lad22_23.rows},
        LAD22_23 + " (2023)": {r["ltla23_code"]: r["ltla23_name"] for r in lk.lad22_23.rows},
        LOOKUP: dict(lk.lads),
    }
    out.update({BOUNDARIES[y]: names for y, names in lk.boundaries.items()})
    return {k: {c: n for c, n in v.items() if is_district(c)} for k, v in out.items()}


def councils(lk: Lookups) -> Councils:
    """Every council and district, with periods from mySociety, checked against the vintages.

    Raises:
        ReferenceDataError: a district is not in the register, a successor's start disagrees with an end date, or
            a vintage lists a district that was not in force on its date (or omits one that was).
    """
    out = Councils()
    names = vintages(lk)
    out.vintages = {k: set(v) for k, v in names.items()}
    by_gss = {r["gss-code"]: r for r in lk.authorities.rows if r["gss-code"]}
    codes = sorted({c for v in names.values() for c in v}, key=lambda c: (c not in lk.lads, c))
    for gss in codes:
        if gss not in by_gss:
            raise lk.authorities.error(f"no local authority with gss-code {gss} (a district of the ONS vintages)")
        authority(out, lk, by_gss[gss])
    for gss in codes:
        out.districts[gss] = district(out, lk, names, gss)
    for gss in {d.county for d in out.districts.values() if d.county}:
        authority(out, lk, by_gss[gss])
    check_vintages(out, lk)
    return out


def authority(out: Councils, lk: Lookups, row: Row) -> Authority:
    """A council with its period (mySociety start-date; end at its successors' start)."""
    gss = row["gss-code"]
    if gss in out.authorities:
        return out.authorities[gss]
    start = day(row["start-date"])
    if start is not None and start.year == UNRELIABLE_START_YEAR:
        start = None
    replaced_by = [lk.la_by_code[c] for c in filter(None, row["replaced-by"].split(","))]
    successors = [r["gss-code"] for r in replaced_by]
    end = None
    if row["end-date"]:
        ends = {day(r["start-date"]) for r in replaced_by}
        given = day(row["end-date"])
        if len(ends) != 1 or given is None or next(iter(ends)) not in (given, later(given)):
            raise lk.authorities.error(f"{gss}: end-date {given} does not agree with the start of {successors}")
        end = ends.pop()
    a = Authority(gss, row, Period(start, end), successors)
    out.authorities[gss] = a
    for s in successors:
        if s in out.authorities:
            out.authorities[s].predecessors.append(gss)
    for p in out.authorities.values():
        if gss in p.successors and p.gss not in a.predecessors:
            a.predecessors.append(p.gss)
    return a


def district(out: Councils, lk: Lookups, names: dict[str, dict[str, str]], gss: str) -> District:
    """One district: its latest name, police force area and county."""
    a = out.authorities[gss]
    order = (LOOKUP, BOUNDARIES[2024], LAD22_23 + " (2023)", LAD22_23 + " (2022)", BOUNDARIES[2021])
    name = next(names[k][gss] for k in (*order, BOUNDARIES[2019], LOOKUP17) if gss in names[k])
    old = sorted({names[k][gss] for k in (LOOKUP17,) if gss in names[k]} - {name})
    d = District(gss, name, pfa_of(out, lk, a), old_names=old)
    county_code = a.row["county-la"]
    if county_code:
        d.county = lk.la_by_code[county_code]["gss-code"]
        successor_counties = {out.authorities[s].row["county-la"] for s in a.successors if s in out.authorities}
        successor_counties.discard("")
        if len(successor_counties) == 1 and county_code not in successor_counties:
            used = lk.la_by_code[successor_counties.pop()]
            d.notes.append(COUNTY_NOTE.format(given=lk.la_by_code[county_code]["nice-name"], used=used["nice-name"]))
            d.county = used["gss-code"]
    return d


def pfa_of(out: Councils, lk: Lookups, a: Authority) -> str:
    """The police force area of a district: the 2024 or 2017 lookup's, or (for a district in neither) the one all
    its predecessors and successors lie in."""
    if a.gss in lk.lad_pfa:
        return lk.lad_pfa[a.gss]
    pfa17 = {r["LAD17CD"]: r["PFA17CD"] for r in lk.lookup17.rows}
    if a.gss in pfa17:
        return pfa17[a.gss]
    around = {p for x in a.predecessors + a.successors if (p := lk.lad_pfa.get(x) or pfa17.get(x))}
    if len(around) != 1:
        raise lk.authorities.error(f"no single police force area for {a.gss}: {sorted(around)}")
    return around.pop()


def check_vintages(out: Councils, lk: Lookups) -> None:
    """Each vintage lists exactly the districts in force on its date.

    Raises:
        ReferenceDataError: naming the vintage and the districts that disagree.
    """
    for source, when in VINTAGES.items():
        listed = out.vintages[source]
        in_force = {g for g in out.districts if out.period(g).holds(when)}
        if listed != in_force:
            wrong = sorted(listed ^ in_force)
            raise lk.authorities.error(f"the districts of {source} ({when}) disagree with the register: {wrong}")
