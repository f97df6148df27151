"""Reading and checking the reference CSV tables, and the joins between them that the build needs.

Every table is checked as it is read: the file exists, its header has the columns the build uses, no row is short
and there is at least one row. A problem is a :class:`~cspgraph.errors.ReferenceDataError` naming the file and,
where there is one, the line.
"""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from cspgraph.errors import ReferenceDataError

LOOKUP = "geographr_lookup_ltla24_csp24_pfa24.csv"
FIRE = "geographr_lookup_ltla24_fra24.csv"
ICB = "derived_lad22_to_icb22_from_geographr_lsoa11_lookup.csv"
LHB = "geographr_lookup_ltla21_lhb22.csv"
AUTHORITIES = "mysociety_uk_local_authorities_current_v1.6.1.csv"
LOOKUP17 = "ons_lad17_csp17_pfa17_jan2017_v2.csv"
FIRE21 = "geographr_lookup_ltla21_fra21.csv"
CCG = "derived_lad21_to_ccg21_from_geographr_lsoa11_lookup.csv"
ICB24 = "derived_lad24_to_icb24_from_geographr_lsoa21_lookup.csv"
LAD22_23 = "geographr_lookup_ltla22_ltla23.csv"
#: The ONS LAD -> combined authority lookups, by the year of their December edition.
CAUTH = {year: f"geographr_lookup_ltla{year % 100}_cauth{year % 100}.csv" for year in (2019, 2020, 2021, 2023)}
#: The ONS LAD boundary files (codes and names only), by vintage.
BOUNDARIES = {
    2019: "ons_boundaries_lad19_ew_buc.geojson",
    2021: "ons_boundaries_lad21_ew_buc.geojson",
    2024: "ons_boundaries_lad24_ew_buc.geojson",
}

#: Each reference file the build reads and the columns it uses from it.
REFERENCE_FILES: dict[str, tuple[str, ...]] = {
    LOOKUP: ("ltla24_code", "ltla24_name", "csp24_code", "csp24_name", "pfa24_code", "pfa24_name"),
    FIRE: ("ltla24_code", "fra24_code", "fra24_name"),
    ICB: ("ltla22_code", "icb22_code", "icb22_code_h", "icb22_name", "n_lsoa11"),
    LHB: ("ltla21_code", "lhb22_code", "lhb22_name"),
    AUTHORITIES: (
        "local-authority-code",
        "official-name",
        "nice-name",
        "gss-code",
        "start-date",
        "end-date",
        "replaced-by",
        "nation",
        "local-authority-type",
        "county-la",
        "combined-authority",
        "current-authority",
    ),
    LOOKUP17: ("LAD17CD", "LAD17NM", "CSP17CD", "CSP17NM", "PFA17CD", "PFA17NM"),
    FIRE21: ("ltla21_code", "fra21_code", "fra21_name"),
    CCG: ("ltla21_code", "ccg21_code", "ccg21_name", "n_lsoa11", "lad_total_lsoa11"),
    ICB24: ("ltla24_code", "icb24_code", "icb24_name", "n_lsoa21", "lad_total_lsoa21"),
    LAD22_23: ("ltla22_code", "ltla22_name", "ltla23_code", "ltla23_name"),
    **{name: (f"ltla{y % 100}_code", f"cauth{y % 100}_code", f"cauth{y % 100}_name") for y, name in CAUTH.items()},
}

Row = dict[str, str]


@dataclass(frozen=True)
class Table:
    """One reference CSV file as read: its path, its rows, and the line each row ends on.

    Examples:
        >>> t = Table(Path("ref/x.csv"), [{"a": "1"}], [2])
        >>> str(t.error("bad value", 0))
        'ref/x.csv, line 2: bad value'
    """

    path: Path
    rows: list[Row]
    lines: list[int]

    def error(self, message: str, index: int | None = None) -> ReferenceDataError:
        """An error about this file, at the line of row ``index`` when given."""
        return ReferenceDataError(str(self.path), message, None if index is None else self.lines[index])


def read_table(reference: Path, name: str) -> Table:
    """Read one reference CSV, checking that it exists and has the columns the build needs.

    Args:
        reference: the folder of reference files.
        name: the file's name, one of :data:`REFERENCE_FILES`.

    Raises:
        ReferenceDataError: the file is missing, lacks a column, has a short row or has no rows.
    """
    path = reference / name
    if not path.is_file():
        raise ReferenceDataError(
            str(path), f"reference file is missing; put the shared reference data at {reference} or pass --reference"
        )
    columns = REFERENCE_FILES[name]
    rows: list[Row] = []
    lines: list[int] = []
    with path.open(newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise ReferenceDataError(str(path), f"missing column(s) {', '.join(missing)} in the header", 1)
        for row in reader:
            short = next((c for c in columns if row.get(c) is None), None)
            if short is not None:
                raise ReferenceDataError(str(path), f"row has too few fields (no {short!r})", reader.line_num)
            rows.append({k: v.strip() if isinstance(v, str) else v for k, v in row.items()})
            lines.append(reader.line_num)
    if not rows:
        raise ReferenceDataError(str(path), "the file has a header but no rows")
    return Table(path, rows, lines)


def read_boundaries(reference: Path, name: str) -> dict[str, str]:
    """The code -> name of every feature of an ONS boundary file (GeoJSON; the geometry is not read).

    Raises:
        ReferenceDataError: the file is missing, is not GeoJSON, or has a feature without a code and name.
    """
    path = reference / name
    if not path.is_file():
        raise ReferenceDataError(str(path), "reference file is missing; put the shared reference data there")
    try:
        features = json.loads(path.read_text(encoding="utf-8"))["features"]
        out = {f["properties"]["code"]: f["properties"]["name"] for f in features}
    except (ValueError, KeyError, TypeError) as e:
        raise ReferenceDataError(str(path), f"not a GeoJSON feature collection with code and name: {e}") from e
    if not out:
        raise ReferenceDataError(str(path), "the file has no features")
    return out


@dataclass
class Lookups:
    """The reference tables and the joins of the ONS LAD -> CSP -> PFA lookup that the build uses.

    Attributes:
        lookup: the ONS LAD -> CSP -> PFA lookup (December 2024).
        fire: the ONS LAD -> fire and rescue authority lookup (December 2024).
        icb: the LAD -> ICB pairs derived from the ONS LSOA -> ICB lookup (July 2022).
        lhb: the ONS unitary authority -> local health board lookup.
        authorities: mySociety's register of local authorities.
        lookup17: the ONS LAD -> CSP -> PFA lookup of January 2017.
        fire21: the ONS LAD -> fire and rescue authority lookup (December 2021).
        ccg: the LAD -> CCG pairs derived from the ONS LSOA -> CCG lookup (April 2021).
        icb24: the LAD -> ICB pairs derived from the ONS LSOA -> ICB lookup (April 2024).
        lad22_23: the ONS LAD (2022) -> LAD (2023) lookup.
        cauth: the ONS LAD -> combined authority lookups, by the year of their December edition.
        boundaries: code -> name of the ONS LAD boundary files, by vintage.
        lads: LAD GSS code -> ONS name, in lookup order.
        lad_pfa: LAD -> the police force area it lies in.
        pfa_names: police force area code -> ONS name, in lookup order.
        csp_lads: CSP code -> the LADs it serves, in lookup order.
        csp_names: CSP code -> ONS name.
        lad_csps: LAD -> the CSPs that serve it (more than one where a district has kept its predecessors' CSPs).
        la_by_gss: GSS code -> mySociety row, current authorities only.
        la_by_code: mySociety local-authority-code -> row.
    """

    lookup: Table
    fire: Table
    icb: Table
    lhb: Table
    authorities: Table
    lookup17: Table
    fire21: Table
    ccg: Table
    icb24: Table
    lad22_23: Table
    cauth: dict[int, Table]
    boundaries: dict[int, dict[str, str]]
    lads: dict[str, str] = field(default_factory=dict)
    lad_pfa: dict[str, str] = field(default_factory=dict)
    pfa_names: dict[str, str] = field(default_factory=dict)
    csp_lads: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    csp_names: dict[str, str] = field(default_factory=dict)
    lad_csps: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    la_by_gss: dict[str, Row] = field(default_factory=dict)
    la_by_code: dict[str, Row] = field(default_factory=dict)

    def county_of(self, lad: str) -> Row | None:
        """The mySociety row of the county council over ``lad``, or None outside two-tier areas."""
        county = self.la_by_gss[lad]["county-la"]
        return self.la_by_code[county] if county else None

    def councils_of(self, lad: str) -> list[str]:
        """GSS codes of the councils of ``lad``: its own and, in a two-tier area, the county council's."""
        county = self.county_of(lad)
        return [lad] + ([county["gss-code"]] if county else [])


def read_lookups(reference: Path) -> Lookups:
    """Read and check every reference table in ``reference`` and join the December 2024 lookup.

    Raises:
        ReferenceDataError: a table is unusable, or a LAD of the ONS lookup is not a current authority in
            mySociety's register.
    """
    lk = Lookups(
        lookup=read_table(reference, LOOKUP),
        fire=read_table(reference, FIRE),
        icb=read_table(reference, ICB),
        lhb=read_table(reference, LHB),
        authorities=read_table(reference, AUTHORITIES),
        lookup17=read_table(reference, LOOKUP17),
        fire21=read_table(reference, FIRE21),
        ccg=read_table(reference, CCG),
        icb24=read_table(reference, ICB24),
        lad22_23=read_table(reference, LAD22_23),
        cauth={year: read_table(reference, name) for year, name in CAUTH.items()},
        boundaries={year: read_boundaries(reference, name) for year, name in BOUNDARIES.items()},
    )
    lk.la_by_gss = {r["gss-code"]: r for r in lk.authorities.rows if r["current-authority"] == "True"}
    lk.la_by_code = {r["local-authority-code"]: r for r in lk.authorities.rows}
    for i, r in enumerate(lk.lookup.rows):
        lad, csp, pfa = r["ltla24_code"], r["csp24_code"], r["pfa24_code"]
        if lad not in lk.la_by_gss:
            raise lk.authorities.error(
                f"no current local authority with gss-code {lad} (from line {lk.lookup.lines[i]} of {LOOKUP})"
            )
        lk.lads[lad] = r["ltla24_name"]
        lk.lad_pfa[lad] = pfa
        lk.pfa_names[pfa] = r["pfa24_name"]
        lk.csp_lads[csp].append(lad)
        lk.csp_names[csp] = r["csp24_name"]
        lk.lad_csps[lad].append(csp)
    return lk
