"""Validation through time: ``cspgraph validate --as-of D`` checks the landscape in force on D against the rules in
force on D. For every 1 April from 2013 to 2026 the results are exactly the documented exceptions of that day
(tests/data/exceptions-by-date.tsv, explained in data/README.md 'Validation through time'); a rule whose provision
came into force later (data/legislation.ttl, cspg:inForceFrom) does not apply earlier."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cspgraph.asof import in_force
from cspgraph.cli import main
from cspgraph.stores import GraphStore
from cspgraph.validate import validate

DATA = Path(__file__).parent / "data"
SHAPES = "https://w3id.org/cspgraph/shapes/"
ID = "https://w3id.org/cspgraph/id/"
APRILS = [f"{y}-04-01" for y in range(2013, 2027)]


def documented(day: str) -> set[tuple[str, str]]:
    """The (shape, focus) pairs the table documents for ``day``."""
    out = set()
    for line in (DATA / "exceptions-by-date.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            first, last, shape, focus, _why = line.split("\t")
            if first <= day <= last:
                out.add((SHAPES + shape, ID + focus))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("day", APRILS)
def test_every_first_of_april_breaks_only_the_documented_rules(store: GraphStore, day: str) -> None:
    report = validate(in_force(store, day), as_of=day)
    assert report.as_of == day
    assert report.pairs() == documented(day)


def test_the_documented_cases_are_explained_in_the_readme() -> None:
    text = (Path(__file__).parents[1] / "data" / "README.md").read_text(encoding="utf-8")
    section = text.split("## Validation through time", 1)[1]
    shapes = {s.rsplit("/", 1)[-1] for day in APRILS for s, _ in documented(day)}
    for shape in shapes:
        assert shape in section, f"{shape} is reported on a 1 April but not explained in data/README.md"


def test_a_rule_does_not_apply_before_its_provision_came_into_force(store: GraphStore) -> None:
    # CDA 1998 s5(1)(e) in its integrated care board wording: in force from 1 July 2022 (SI 2022/634)
    icb = SHAPES + "CommunitySafetyPartnershipShape-responsibleAuthority-integratedCareBoard"
    before = validate(in_force(store, "2022-06-30"), as_of="2022-06-30")
    after = validate(in_force(store, "2022-07-01"), as_of="2022-07-01")
    assert icb in before.not_in_force and icb not in after.not_in_force
    assert any("cda-1998-s5-1-e" in n and "2022-07-01" in n for n in before.notes)


def test_police_authorities_are_lawful_before_the_commissioners(store: GraphStore) -> None:
    # PRSRA 2011 s1 (a local policing body for every police area) came into force on 2012-11-22
    day = "2012-04-01"
    report = validate(in_force(store, day), as_of=day)
    assert SHAPES + "PoliceForceAreaShape-localPolicingBody" in report.not_in_force
    assert not [
        r for r in report.results if "police-authority/" in r.focus_node or "police-authority/" in (r.value or "")
    ]
    assert not [r for r in report.results if r.source_shape.endswith("PoliceForceAreaShape-localPolicingBody")]


def test_cli_validate_as_of(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--as-of", "2021-04-01", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["as_of"] == "2021-04-01" and data["not_in_force"]
    pairs = {(r["source_shape"], r["focus_node"]) for r in data["results"]}
    assert pairs == documented("2021-04-01")
