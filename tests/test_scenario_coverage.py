"""Mayoral coverage of the police areas (queries/mayoral-coverage.rq on a dated view), against the ONS lookups, the
mySociety register and the shared timeline: the expected answers are computed here from those files."""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path

import pytest

from cspgraph.errors import InputError
from cspgraph.scenario.coverage import by_area, coverage
from cspgraph.stores import GraphStore

TODAY = "2026-12-01"
DISTRICT_PREFIXES = ("E06", "E07", "E08", "E09", "W06")


def _rows(reference_dir: Path, name: str) -> list[dict[str, str]]:
    with (reference_dir / name).open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def pfa_districts(reference_dir: Path) -> dict[str, set[str]]:
    """Police area code -> its districts, from the ONS 2024 LAD -> CSP -> PFA lookup."""
    out: dict[str, set[str]] = defaultdict(set)
    for r in _rows(reference_dir, "geographr_lookup_ltla24_csp24_pfa24.csv"):
        out[r["pfa24_code"]].add(r["ltla24_code"])
    return dict(out)


@pytest.fixture(scope="module")
def pfa_names(reference_dir: Path) -> dict[str, str]:
    return {r["pfa24_name"]: r["pfa24_code"] for r in _rows(reference_dir, "geographr_lookup_ltla24_csp24_pfa24.csv")}


def _register_authorities(reference_dir: Path) -> dict[str, set[str]]:
    """Current combined authority -> its districts, from mySociety's register (member councils; a member county
    brings its districts)."""
    rows = _rows(reference_dir, "mysociety_uk_local_authorities_current_v1.6.1.csv")
    members: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        if r["combined-authority"] and r["current-authority"] == "True" and r["combined-authority"] != "GLA":
            members[r["combined-authority"]].add(r["local-authority-code"])
    out: dict[str, set[str]] = defaultdict(set)
    for ca, codes in members.items():
        for r in rows:
            if r["current-authority"] != "True" or not r["gss-code"].startswith(DISTRICT_PREFIXES):
                continue
            if r["local-authority-code"] in codes or r["county-la"] in codes:
                out[ca].add(r["gss-code"])
    return dict(out)


def _coterminous(rows: list) -> set[str]:
    return {r.pfa_code for r in rows if r.coverage == "coterminous"}


def test_coterminous_at_end_of_2023_matches_the_ons_combined_authority_lookup(
    store: GraphStore, reference_dir: Path, pfa_districts: dict[str, set[str]]
) -> None:
    cas: dict[str, set[str]] = defaultdict(set)
    for r in _rows(reference_dir, "geographr_lookup_ltla23_cauth23.csv"):
        code = next(v for v in (r["cauth23_code"], r["cauth23_name"]) if v.startswith("E47"))
        cas[code].add(r["ltla23_code"])
    expected = {pfa for pfa, lads in pfa_districts.items() if any(lads == ca for ca in cas.values())}
    assert expected >= {"E23000005", "E23000010", "E23000011"}  # the lookup itself: GM, West and South Yorkshire
    assert _coterminous(coverage(store, "2023-12-31")) == expected


def test_coterminous_today_matches_the_register_and_the_timeline(
    store: GraphStore, reference_dir: Path, pfa_districts: dict[str, set[str]]
) -> None:
    authorities = list(_register_authorities(reference_dir).values())
    # timeline 2026-02-24: the Cumbria combined authority, of the two councils of the area it is named after
    cumbria = {
        r["gss-code"]
        for r in _rows(reference_dir, "mysociety_uk_local_authorities_current_v1.6.1.csv")
        if r["official-name"] in ("Cumberland Council", "Westmorland and Furness Council")
    }
    authorities.append(cumbria)
    expected = {pfa for pfa, lads in pfa_districts.items() if any(lads == ca for ca in authorities)}
    got = _coterminous(coverage(store, TODAY))
    assert got == expected
    # the four of the written answer WQ 50971 (timeline 2025-05-16) are among them, with the mayor holding the powers
    mayors = {"Greater Manchester", "West Yorkshire", "South Yorkshire", "North Yorkshire"}
    rows = coverage(store, TODAY)
    assert {r.pfa_code for r in rows if r.mayor_has_pcc_functions} == {
        code for name, code in _pfa_codes(reference_dir).items() if name in mayors
    }


def _pfa_codes(reference_dir: Path) -> dict[str, str]:
    return {r["pfa24_name"]: r["pfa24_code"] for r in _rows(reference_dir, "geographr_lookup_ltla24_csp24_pfa24.csv")}


def test_london_is_its_own_case(store: GraphStore, pfa_names: dict[str, str]) -> None:
    rows = by_area(coverage(store, TODAY))
    met = rows["https://w3id.org/cspgraph/id/police-force-area/" + pfa_names["Metropolitan Police"]]
    assert [r.coverage for r in met] == ["london-mopac"]


def test_cheshire_is_not_coterminous_because_of_halton(
    store: GraphStore, reference_dir: Path, pfa_names: dict[str, str], pfa_districts: dict[str, set[str]]
) -> None:
    cheshire = pfa_names["Cheshire"]
    halton = {
        r["gss-code"]
        for r in _rows(reference_dir, "mysociety_uk_local_authorities_current_v1.6.1.csv")
        if r["combined-authority"] == "LCR" and r["gss-code"] in pfa_districts[cheshire]
    }
    assert len(halton) == 1  # the register: Halton is in the Liverpool City Region
    rows = coverage(store, TODAY, pfa=cheshire)
    assert {r.coverage for r in rows} == {"partly-covered"}
    by_label = {r.authority_label: r for r in rows}
    assert by_label["Liverpool City Region"].shared == 1
    assert by_label["Cheshire and Warrington Combined Authority"].shared == len(pfa_districts[cheshire]) - 1


def test_humberside_is_split_between_two_authorities(
    store: GraphStore, reference_dir: Path, pfa_names: dict[str, str], pfa_districts: dict[str, set[str]]
) -> None:
    humberside = pfa_names["Humberside"]
    cas = _register_authorities(reference_dir)
    expected = {
        ca: len(lads & pfa_districts[humberside]) for ca, lads in cas.items() if lads & pfa_districts[humberside]
    }
    assert set(expected) == {"HYCA", "GLCA"}
    rows = coverage(store, TODAY, pfa=humberside)
    assert sorted(r.shared for r in rows) == sorted(expected.values())
    assert {r.coverage for r in rows} == {"partly-covered"}


def test_outside_areas_have_no_authority(
    store: GraphStore, pfa_districts: dict[str, set[str]], reference_dir: Path
) -> None:
    covered = set().union(*_register_authorities(reference_dir).values())
    expected = {pfa for pfa, lads in pfa_districts.items() if not lads & covered} - {"E23000001", "E23000002"}
    got = {r.pfa_code for r in coverage(store, TODAY) if r.coverage == "outside"}
    assert got == expected


def test_a_bad_date_is_refused(store: GraphStore) -> None:
    with pytest.raises(InputError):
        coverage(store, "1 May 2028")
