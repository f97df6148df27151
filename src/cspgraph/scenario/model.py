"""Scenario files: a dated set of changes to the landscape, each with its status and source, as JSON.

A scenario file (``data/scenarios/*.json``, documented in ``data/scenarios/README.md``) is an object::

    {"format": "cspgraph-scenario/1", "name": "surrey-2027", "title": "...", "date": "2027-04-01",
     "status": "enacted", "source": "...", "description": "...", "notes": ["..."],
     "changes": [{"op": "create", "id": "council/east-surrey", "kind": "unitary-council", ...}, ...]}

Each change has an ``op`` (:data:`OPS`), the fields of its op, and optionally its own ``status``, ``source`` and
``note`` (the scenario's are the default). Bodies are named as anywhere else (GSS code, URI, ``kind/code``, unique
label); bodies a scenario creates are named by their ``id`` (``kind/slug``).

The merger proposal files of ``cspgraph merger check --scenario`` (``{"name", "csps", ...}``) are a different, older
format, kept in the same folder; :func:`is_scenario_file` tells them apart.

Examples:
    >>> sc = parse({"format": FORMAT, "name": "x", "date": "2028-05-11", "status": "proposed",
    ...             "changes": [{"op": "end", "body": "police-and-crime-panel/E23000008"}]}, "x.json")
    >>> sc.changes[0].op, sc.changes[0].status
    ('end', 'proposed')
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cspgraph import resources
from cspgraph.errors import LoadError, NotFound
from cspgraph.files import read_text

__all__ = ["FORMAT", "OPS", "STATUSES", "Change", "Scenario", "is_scenario_file", "load", "parse", "scenario_files"]

FORMAT = "cspgraph-scenario/1"
#: the change statuses of ontology/change.ttl (def/change-status/)
STATUSES = ("in force", "enacted", "announced", "proposed")
#: op -> (required fields, optional fields)
OPS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "create": (("id", "kind", "label"), ("authority", "members", "districts", "replaces", "area")),
    "end": (("body",), ("successor",)),
    "merge": (("bodies", "into"), ()),
    "transfer-role": (("role", "area", "to"), ()),
    "combine-csps": (("csps", "id", "label", "areas"), ("councils",)),
    "change-membership": (("organisation",), ("add", "remove")),
    "to-be-decided": (("area",), ()),
    "keep": (("area",), ()),
}
_COMMON = ("op", "status", "source", "note", "date")
_TOP = ("format", "name", "title", "date", "status", "source", "description", "notes", "changes", "derived")


@dataclass
class Change:
    """One change of a scenario: its op, its fields (``args``), status, source and note."""

    op: str
    args: dict[str, Any]
    status: str
    source: str | None = None
    note: str | None = None

    def get(self, key: str, default: Any = None) -> Any:
        """One field of the change."""
        return self.args.get(key, default)

    def as_dict(self) -> dict[str, Any]:
        """The change as it is written in a file."""
        out: dict[str, Any] = {"op": self.op, **self.args, "status": self.status}
        if self.source:
            out["source"] = self.source
        if self.note:
            out["note"] = self.note
        return out


@dataclass
class Scenario:
    """A dated set of changes: see the module."""

    name: str
    date: dt.date
    status: str
    changes: list[Change]
    title: str = ""
    source: str | None = None
    description: str | None = None
    notes: list[str] = field(default_factory=list)
    derived: str | None = None
    path: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The scenario as it is written in a file (keys in a stable order)."""
        out: dict[str, Any] = {"format": FORMAT, "name": self.name, "title": self.title or self.name}
        out.update({"date": self.date.isoformat(), "status": self.status})
        for k in ("source", "description", "derived"):
            if getattr(self, k):
                out[k] = getattr(self, k)
        if self.notes:
            out["notes"] = self.notes
        out["changes"] = [c.as_dict() for c in self.changes]
        return out

    def dumps(self) -> str:
        """The file's text."""
        return json.dumps(self.as_dict(), indent=1, ensure_ascii=False) + "\n"


def scenarios_dir() -> Path:
    """``data/scenarios/``."""
    return resources.data_dir() / "scenarios"


def is_scenario_file(path: Path) -> bool:
    """Whether a JSON file in the scenarios folder is a scenario of this format (not a merger proposal)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(data, dict) and data.get("format") == FORMAT


def scenario_files() -> list[Path]:
    """The shipped scenario files, sorted by name."""
    return [p for p in sorted(scenarios_dir().glob("*.json")) if is_scenario_file(p)]


def load(path_or_name: str | Path) -> Scenario:
    """Read a scenario from a path or a shipped name.

    Raises:
        NotFound: no such file or name (the message lists the shipped ones).
        LoadError: not JSON, or not a well-formed scenario (the message names the field).
    """
    p = Path(path_or_name)
    if not p.is_file():
        alt = scenarios_dir() / f"{p.name.removesuffix('.json')}.json"
        if not alt.is_file() or not is_scenario_file(alt):
            names = ", ".join(s.stem for s in scenario_files()) or "none"
            raise NotFound(f"no scenario {path_or_name}; give a scenario file or one of: {names}")
        p = alt
    try:
        data = json.loads(read_text(p, "scenario file"))
    except json.JSONDecodeError as e:
        raise LoadError(str(p), f"malformed JSON: {e.msg}", e.lineno) from e
    return parse(data, str(p))


def _fail(where: str, message: str) -> LoadError:
    return LoadError(where, message)


def _status(where: str, value: Any, default: str | None = None) -> str:
    value = default if value is None else value
    if not isinstance(value, str) or value not in STATUSES:
        raise _fail(where, f'"status" must be one of {", ".join(STATUSES)}')
    return str(value)


def _change(where: str, i: int, c: Any, status: str) -> Change:
    at = f"{where}: change {i + 1}"
    if not isinstance(c, dict) or not isinstance(c.get("op"), str) or c["op"] not in OPS:
        raise _fail(at, f'each change is an object whose "op" is one of {", ".join(OPS)}')
    required, optional = OPS[c["op"]]
    missing = [k for k in required if k not in c]
    if missing:
        raise _fail(at, f'"{c["op"]}" needs {", ".join(missing)}')
    unknown = sorted(set(c) - set(required) - set(optional) - set(_COMMON))
    if unknown:
        raise _fail(at, f"unknown field(s) {', '.join(unknown)} for {c['op']}")
    args = {k: v for k, v in c.items() if k not in _COMMON}
    for k in ("source", "note"):
        if c.get(k) is not None and not isinstance(c[k], str):
            raise _fail(at, f'"{k}" must be a string')
    for k, v in args.items():
        if not isinstance(v, str) and not (isinstance(v, list) and all(isinstance(x, str) for x in v)):
            raise _fail(at, f'"{k}" must be a string or a list of strings')
    return Change(c["op"], args, _status(at, c.get("status"), status), c.get("source"), c.get("note"))


def parse(data: Any, where: str = "scenario") -> Scenario:
    """A scenario from its JSON value (a file's content, or a web form's).

    Raises:
        LoadError: the value is not a well-formed scenario; the message names the field to fix.
    """
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise _fail(where, f'a scenario is a JSON object with "format": "{FORMAT}"')
    unknown = sorted(set(data) - set(_TOP))
    if unknown:
        raise _fail(where, f"unknown field(s) {', '.join(unknown)}; allowed: {', '.join(_TOP)}")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _fail(where, '"name" must be a non-empty string')
    try:
        day = dt.date.fromisoformat(str(data.get("date")))
    except ValueError:
        raise _fail(where, '"date" must be a day as YYYY-MM-DD') from None
    status = _status(where, data.get("status"))
    notes = data.get("notes") or []
    if not isinstance(notes, list) or not all(isinstance(n, str) for n in notes):
        raise _fail(where, '"notes" must be a list of strings')
    for k in ("title", "source", "description", "derived"):
        if data.get(k) is not None and not isinstance(data[k], str):
            raise _fail(where, f'"{k}" must be a string')
    changes = data.get("changes")
    if not isinstance(changes, list) or not changes:
        raise _fail(where, '"changes" must be a non-empty list')
    return Scenario(
        name=name,
        date=day,
        status=status,
        changes=[_change(where, i, c, status) for i, c in enumerate(changes)],
        title=str(data.get("title") or name),
        source=data.get("source"),
        description=data.get("description"),
        notes=list(notes),
        derived=data.get("derived"),
        path=where,
    )
