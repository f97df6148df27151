"""``--as-of YYYY-MM-DD`` on every command that reads the landscape, and ``as_of`` on every named query: one
meaning, the landscape in force on that day (cspgraph.asof.in_force). Expected answers come from the shared
timeline.md (mayors and PFCCs by date; integrated care boards from 1 July 2022), not from the code."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from cspgraph.asof import latest
from cspgraph.cli import main
from cspgraph.queries import default_registry, run_query
from cspgraph.stores import GraphStore

CSPG = "https://w3id.org/cspgraph/def/"

# every command that reads the landscape, with arguments that make it run
COMMANDS = {
    "info": ["info", "--format", "json"],
    "export": ["export", "--format", "nt", "--no-shapes"],
    "query run": ["query", "run", "list-csps-in-police-area", "--param", "pfa=E23000013", "--format", "json"],
    "network chain": ["network", "chain", "chief-officer/E23000013", "--format", "json"],
    "network central": ["network", "central", "--top", "3", "--format", "json"],
    "network check": ["network", "check", "--format", "json"],
    "visualise": ["visualise", "--area", "E23000013", "--format", "json", "-o", "{out}"],
    "merger check": ["merger", "check", "--csp", "E22000027", "--csp", "E22000029", "--format", "json"],
    "validate": ["validate", "--format", "json", "--focus", "csp/E22000027"],
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
@pytest.mark.parametrize("value", ["2021-02-30", "lates"])
def test_a_bad_day_is_one_line_and_exit_2(
    name: str, value: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [a.replace("{out}", str(tmp_path / "x.json")) for a in COMMANDS[name]]
    assert main([*args, "--as-of", value]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("\n") == 1 and value in err and "latest, all" in err, err


@pytest.mark.parametrize("name", ["query run", "network chain", "visualise", "merger check", "validate"])
def test_every_command_runs_as_of_a_day(name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = [a.replace("{out}", str(tmp_path / "x.json")) for a in COMMANDS[name]]
    assert main([*args, "--as-of", "2017-06-01"]) in (0, 1)
    assert "error" not in capsys.readouterr().err


def test_validate_keeps_date_as_an_alias(capsys: pytest.CaptureFixture[str]) -> None:
    main(["validate", "--format", "json", "--focus", "csp/E22000027", "--date", "2017-06-01"])
    assert json.loads(capsys.readouterr().out)["as_of"] == "2017-06-01"


def _classes(capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, int]:
    assert main(["info", "--format", "json", *extra]) == 0
    return {k.removeprefix(CSPG): v for k, v in json.loads(capsys.readouterr().out)["classes"].items()}


def test_info_as_of_counts_the_bodies_of_that_day(store: GraphStore, capsys: pytest.CaptureFixture[str]) -> None:
    last = latest(store)
    assert last is not None
    then, now = _classes(capsys, "--as-of", "2013-04-01"), _classes(capsys, "--as-of", last.isoformat())
    # timeline.md: no mayor with PCC functions or PFCC in 2013; today the mayors of Greater Manchester, West
    # Yorkshire, South Yorkshire, York and North Yorkshire, and the PFCCs of Essex, Staffordshire, Northamptonshire,
    # Cumbria
    assert then.get("MayorWithPCCFunctions", 0) == 0 and then.get("PoliceFireAndCrimeCommissioner", 0) == 0
    assert now["MayorWithPCCFunctions"] == 4 and now["PoliceFireAndCrimeCommissioner"] == 4
    assert then["PoliceAndCrimeCommissioner"] == 41  # every police area but London and the City (timeline.md)


def test_export_as_of_leaves_out_what_was_not_in_force(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["export", "--format", "nt", "--no-shapes", "--as-of", "2016-01-01"]) == 0
    text = capsys.readouterr().out
    assert "<https://w3id.org/cspgraph/id/local-policing-body/E23000005/2012-11-22>" in text
    assert "<https://w3id.org/cspgraph/id/local-policing-body/E23000005> " not in text


def _health_members(rows: object) -> set[str]:
    return {str(r["authority"]).split("/")[5] for r in rows if "care" in str(r["authority"])}  # type: ignore[attr-defined]


def test_every_named_query_takes_as_of(store: GraphStore) -> None:
    # CCGs until 1 July 2022, ICBs from then (timeline.md); the same query text, the day selects the data
    before = run_query(store, "list-csp-responsible-authorities", csp="E22000365", as_of="2021-06-01")
    after = run_query(store, "list-csp-responsible-authorities", csp="E22000365", as_of="2023-06-01")
    assert not any("/integrated-care-board/" in str(r["authority"]) for r in before)
    assert any("/integrated-care-board/" in str(r["authority"]) for r in after)
    assert not any("clinical-commissioning-group" in str(r["authority"]) for r in after)
    reg = default_registry()
    for q in reg:
        if q.form == "SELECT":
            reg.run(store, q.name, as_of="2017-06-01", **q.example)  # runs on the dated view


def test_query_run_as_of_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    args = ["query", "run", "list-csp-responsible-authorities", "--param", "csp=E22000365", "--format", "json"]
    assert main([*args, "--as-of", "2021-06-01"]) == 0
    text = capsys.readouterr().out
    assert "integrated-care-board" not in text and "clinical-commissioning-group" in text


def _abolished_in_2023(reference_dir: Path) -> dict[str, str]:
    """District code -> the unitary council that replaced it, from the ONS 2022->2023 local authority lookup."""
    with (reference_dir / "geographr_lookup_ltla22_ltla23.csv").open(newline="", encoding="utf-8-sig") as fh:
        return {r["ltla22_code"]: r["ltla23_code"] for r in csv.DictReader(fh) if r["ltla22_code"] != r["ltla23_code"]}


def test_the_default_is_the_latest_landscape(reference_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Allerdale was abolished on 1 April 2023 and its area joined Cumberland (the 2022->2023 lookup); the dataset's
    # latest date is later, so by default Allerdale's CSP shows Cumberland Council only; --as-of all keeps both
    assert _abolished_in_2023(reference_dir)["E07000026"] == "E06000063"
    args = ["query", "run", "list-csps-in-police-area", "--param", "pfa=E23000002", "--format", "csv"]

    def councils(*extra: str) -> set[str]:
        assert main([*args, *extra]) == 0
        return {r["council"].rsplit("/", 1)[-1] for r in csv.DictReader(capsys.readouterr().out.splitlines())}

    default, latest_, everything = councils(), councils("--as-of", "latest"), councils("--as-of", "all")
    assert default == latest_
    assert "E06000063" in default and "E07000026" not in default
    assert {"E06000063", "E07000026"} <= everything


def test_the_default_leaves_out_the_ccgs(capsys: pytest.CaptureFixture[str]) -> None:
    # clinical commissioning groups were abolished on 1 July 2022 (timeline.md), before the dataset's latest date
    args = ["query", "run", "list-csp-responsible-authorities", "--param", "csp=E22000365", "--format", "csv"]
    assert main(args) == 0
    default = capsys.readouterr().out
    assert main([*args, "--as-of", "all"]) == 0
    everything = capsys.readouterr().out
    assert "clinical-commissioning-group" not in default and "integrated-care-board" in default
    assert "clinical-commissioning-group" in everything


def test_info_and_export_defaults(capsys: pytest.CaptureFixture[str]) -> None:
    # info counts the latest landscape; export dumps the whole dataset with its history (its documented default)
    latest_counts, all_counts = _classes(capsys), _classes(capsys, "--as-of", "all")
    assert latest_counts.get("ClinicalCommissioningGroup", 0) == 0 < all_counts["ClinicalCommissioningGroup"]
    assert main(["export", "--format", "nt", "--no-shapes"]) == 0
    assert "/clinical-commissioning-group/" in capsys.readouterr().out
