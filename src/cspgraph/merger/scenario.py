"""Scenario files: proposed combinations of CSPs kept as JSON in ``data/scenarios/``.

A scenario is a JSON object ``{"name", "csps", "parties"?, "cooperation_arrangements"?, "source"?,
"description"?}``; ``cspgraph merger check --scenario NAME`` and the ``/merger`` form read them.

Examples:
    >>> sc = load_scenario("cleveland-single-csp")
    >>> sc.csps
    ['E22000027', 'E22000028', 'E22000029', 'E22000030']
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cspgraph import resources
from cspgraph.errors import LoadError, NotFound
from cspgraph.files import read_text
from cspgraph.scenario.model import is_scenario_file

__all__ = ["Scenario", "list_scenarios", "load_scenario", "scenarios_dir"]

_KEYS = {"name", "csps", "parties", "source", "description", "cooperation_arrangements"}


@dataclass
class Scenario:
    """A what-if from a scenario file.

    Attributes:
        name: the name of the combined CSP.
        csps: the CSPs to combine (codes, URIs or names).
        parties: the bodies that would sign, or None for "every required party".
        source: the document the scenario comes from (a path under ``id/``), if any.
        description: what the scenario is about.
        cooperation_arrangements: whether the agreement contains co-operation arrangements (CDA 1998 s5A(4)).
        path: the file it was read from.

    Examples:
        >>> Scenario("Tees", ["E22000030", "E22000072"]).cooperation_arrangements
        True
    """

    name: str
    csps: list[str]
    parties: list[str] | None = None
    source: str | None = None
    description: str | None = None
    cooperation_arrangements: bool = True
    path: str | None = None


def scenarios_dir() -> Path:
    """The folder of the shipped scenarios, ``data/scenarios/``.

    >>> scenarios_dir().name
    'scenarios'
    """
    return resources.data_dir() / "scenarios"


def list_scenarios() -> list[Path]:
    """The shipped merger proposal files, sorted by name (reform scenarios, :mod:`cspgraph.scenario`, are skipped).

    >>> "north-wales-anglesey-gwynedd" in [p.stem for p in list_scenarios()]
    True
    """
    return [p for p in sorted(scenarios_dir().glob("*.json")) if not is_scenario_file(p)]


def load_scenario(path_or_name: str | Path) -> Scenario:
    """Read a scenario file and check its fields.

    Args:
        path_or_name: a path, or the name (stem) of a file in ``data/scenarios/``.

    Returns:
        The scenario.

    Raises:
        NotFound: no such file; the message lists the shipped scenarios.
        LoadError: the file is unreadable, not JSON, or a field is missing, unknown or of the wrong type; the
            message names the file and the field.
    """
    p = _scenario_path(path_or_name)
    try:
        data = json.loads(read_text(p, "scenario file"))
    except json.JSONDecodeError as e:
        raise LoadError(str(p), f"malformed JSON: {e.msg}", e.lineno) from e
    _check_fields(p, data)
    return Scenario(
        data["name"],
        data["csps"],
        data.get("parties"),
        data.get("source"),
        data.get("description"),
        data.get("cooperation_arrangements", True),
        str(p),
    )


def _scenario_path(path_or_name: str | Path) -> Path:
    p = Path(path_or_name)
    if p.is_file():
        return p
    alt = scenarios_dir() / f"{p.name.removesuffix('.json')}.json"
    if not alt.is_file():
        names = ", ".join(s.stem for s in list_scenarios()) or "none"
        raise NotFound(f"no scenario file {path_or_name}; give a path or one of the shipped scenarios: {names}")
    return alt


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(x, str) for x in value)


def _check_fields(p: Path, data: Any) -> None:
    """Raise LoadError naming the file and the field unless ``data`` is a well-formed scenario."""
    if not isinstance(data, dict):
        raise LoadError(str(p), 'a scenario is a JSON object with "name" and "csps"')
    unknown = sorted(set(data) - _KEYS)
    if unknown:
        raise LoadError(str(p), f"unknown field(s) {', '.join(unknown)}; allowed: {', '.join(sorted(_KEYS))}")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise LoadError(str(p), '"name" must be a non-empty string')
    if not _strings(data.get("csps")):
        raise LoadError(str(p), '"csps" must be a list of CSP codes')
    if data.get("parties") is not None and not _strings(data["parties"]):
        raise LoadError(str(p), '"parties" must be a list of body codes or URIs')
    if not isinstance(data.get("cooperation_arrangements", True), bool):
        raise LoadError(str(p), '"cooperation_arrangements" must be true or false')
    for k in ("source", "description"):
        if data.get(k) is not None and not isinstance(data[k], str):
            raise LoadError(str(p), f'"{k}" must be a string')
