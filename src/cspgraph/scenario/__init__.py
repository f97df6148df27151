"""Reform what-ifs: a scenario is a dated set of changes to the landscape, each with its status and source.

:func:`load` / :func:`parse` read a scenario (:mod:`~cspgraph.scenario.model`, format in data/scenarios/README.md);
:func:`check_scenario` applies it on a copy-on-write view of the landscape in force on its date and validates the
nodes it touches (:mod:`~cspgraph.scenario.check`); :func:`coverage` is the mayoral coverage of the police areas on
any day; :mod:`~cspgraph.scenario.derive` derives the shipped scenarios from the data (``cspgraph build``).
"""

from cspgraph.scenario.check import apply, check_scenario
from cspgraph.scenario.coverage import AreaCoverage, coverage
from cspgraph.scenario.model import FORMAT, Change, Scenario, is_scenario_file, load, parse, scenario_files
from cspgraph.scenario.report import ScenarioReport

__all__ = [
    "FORMAT",
    "AreaCoverage",
    "Change",
    "Scenario",
    "ScenarioReport",
    "apply",
    "check_scenario",
    "coverage",
    "is_scenario_file",
    "load",
    "parse",
    "scenario_files",
]
