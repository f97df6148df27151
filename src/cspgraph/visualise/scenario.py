"""A scenario's before and after as two networks of one police area: the area view (:func:`~.views.area_view`, the
same builder, groups and label rule as the network page) of the landscape in force on the scenario's date, and of
that landscape with the scenario's changes made (:meth:`cspgraph.scenario.check.Applied.landscape`).

Every body and relation that differs is marked in both views, in a field (``change``) the page colours and in words
(``changeText``, also added to the body's label and the relation's label, so that colour is never the only cue):

* a body: ``new`` (the scenario creates it), ``ended`` (the scenario ends it), ``changed`` (a change touches it),
  ``joins`` / ``leaves`` (it comes into or goes out of the area's network without being created or ended);
* a relation: ``new`` or ``ended`` (keyed by its two ends and predicate).

The after view takes the before view's positions for the bodies both hold, so that the two line up.

Examples:
    >>> from cspgraph.stores import open_store
    >>> from cspgraph.scenario import load, scenario_files
    >>> sc = load(next(p for p in scenario_files() if p.stem == "pcc-abolition-2028"))
    >>> data = scenario_view(open_store(shapes=False), sc, "E23000003")
    >>> sorted(n["label"] for n in data["after"]["nodes"] if n.get("change") == "new")
    ['Lancashire Policing and Crime Board (new)']
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from cspgraph.labels import fallback
from cspgraph.scenario import Scenario, apply
from cspgraph.stores import GraphStore
from cspgraph.visualise.views import area_view

__all__ = ["CHANGE_TEXT", "scenario_view"]

#: the words that go with each mark (shown in labels, tooltips and the page's list of differences)
CHANGE_TEXT = {
    "new": "new",
    "ended": "ended",
    "changed": "changed",
    "joins": "now in this area's network",
    "leaves": "no longer in this area's network",
}


def scenario_view(store: GraphStore, scenario: Scenario, area: str) -> dict[str, Any]:
    """The area's network before and after ``scenario``, with what differs marked (see the module).

    Args:
        store: the whole dataset (never changed).
        scenario: the scenario.
        area: the police force area (code, URI or name).

    Returns:
        ``{"scenario", "title", "date", "area", "areaName", "before", "after", "changes"}``: two area views
        and the list of the differences in words.

    Raises:
        NotFound / InputError: the area cannot be resolved, or a change cannot be applied.
    """
    applied = apply(store, scenario)
    before = area_view(applied.base, area)
    after = area_view(applied.landscape(), before["area"])
    edit = applied.edit
    created = {n.value for n in edit.created if hasattr(n, "value")}
    ended = {n.value for n in edit.ended if hasattr(n, "value")}
    touched = {n.value for n in edit.touched if hasattr(n, "value")}
    names = {n["id"]: n["label"] for n in (*before["nodes"], *after["nodes"])}  # before any mark is added
    changes = _mark_nodes(before, after, created, ended, touched) + _mark_edges(before, after, names)
    return {
        "scenario": scenario.name,
        "title": scenario.title,
        "date": scenario.date.isoformat(),
        "area": before["area"],
        "areaName": before["title"].removesuffix(" police force area"),
        "before": before,
        "after": after,
        "changes": changes,
    }


def _mark(item: dict[str, Any], change: str, *, label_key: str = "label") -> None:
    item["change"] = change
    item["changeText"] = CHANGE_TEXT[change]
    base = item.get(label_key) or ""
    item[label_key] = f"{base} ({CHANGE_TEXT[change]})" if base else CHANGE_TEXT[change]


def _mark_nodes(
    before: dict[str, Any], after: dict[str, Any], created: set[str], ended: set[str], touched: set[str]
) -> list[dict[str, Any]]:
    """Mark the bodies that differ, give the after view the before view's positions, and list the differences."""
    old = {n["id"]: n for n in before["nodes"]}
    new = {n["id"]: n for n in after["nodes"]}
    out: list[dict[str, Any]] = []
    for nid, n in old.items():
        if nid not in new:
            _record(out, n, "ended" if nid in ended else "leaves")
        elif nid in touched:
            _record(out, n, "changed")
    for nid, n in new.items():
        if nid in old:
            if "x" in old[nid]:
                n["x"], n["y"] = old[nid]["x"], old[nid]["y"]
            if nid in touched:
                _mark(n, "changed")
        else:
            _record(out, n, "new" if nid in created else "joins")
            if nid in created:  # not in the published data: no page to link to
                n.update(uri="", path="", proposed=True)
    return out


def _record(out: list[dict[str, Any]], node: dict[str, Any], change: str) -> None:
    out.append({"kind": "body", "change": change, "text": CHANGE_TEXT[change], "label": node["label"],
                "typeLabel": node.get("typeLabel") or ""})  # fmt: skip
    _mark(node, change)


def _key(e: dict[str, Any]) -> tuple[str, str, str]:
    return e["from"], e["to"], e["predicate"]


def _mark_edges(before: dict[str, Any], after: dict[str, Any], names: dict[str, str]) -> list[dict[str, Any]]:
    """Mark the relations only one view holds, and list them."""
    old = {_key(e) for e in before["edges"]}
    new = {_key(e) for e in after["edges"]}
    out: list[dict[str, Any]] = []
    for edges, others, change in ((before["edges"], new, "ended"), (after["edges"], old, "new")):
        for e in _unmatched(edges, others):
            _mark(e, change)
            out.append({"kind": "relation", "change": change, "text": CHANGE_TEXT[change],
                        "label": f"{_name(names, e['from'])} {e['wording']} {_name(names, e['to'])}"})  # fmt: skip
    return out


def _unmatched(edges: Iterable[dict[str, Any]], others: set[tuple[str, str, str]]) -> list[dict[str, Any]]:
    return [e for e in edges if _key(e) not in others]


def _name(names: dict[str, str], uri: str) -> str:
    return names.get(uri) or fallback(uri)
