"""The working copy a broad scenario is validated on: the same results as the scenario's own view, and the copy
put back as it was after each check (and when the copy is in use, the check still answers from its own view)."""

from __future__ import annotations

from typing import Any

import pytest

from cspgraph.scenario import apply, load
from cspgraph.scenario.check import Applied, after_findings, findings, fixed_quads
from cspgraph.scenario.overlay import _working, edited, is_broad
from cspgraph.stores import GraphStore


def _key(results: list[Any]) -> set[tuple[str, str, str | None, str]]:
    return {(r.source_shape, r.focus_node, r.value, r.severity.value) for r in results}


@pytest.fixture(scope="module")
def pcc(store: GraphStore) -> Applied:
    return apply(store, load("pcc-abolition-2028"))


def test_pcc_abolition_is_broad_and_a_one_area_scenario_is_not(store: GraphStore, pcc: Applied) -> None:
    assert is_broad(pcc.edit)
    assert not is_broad(apply(store, load("mayor-2027-cumbria")).edit)


def test_working_copy_gives_the_views_results_and_is_put_back(pcc: Applied) -> None:
    fixed = fixed_quads(pcc.base)
    work = _working(pcc.base, pcc.base.store, fixed).store
    before = set(work)
    focus = pcc.focus()
    with edited(pcc.edit, fixed) as whole:
        assert whole is work
        changed = set(whole)
        on_whole = findings(whole, focus)
    assert changed != before  # the edit was made on the copy...
    assert set(work) == before  # ...and undone after
    assert _key(on_whole) == _key(findings(pcc.after, focus))
    assert any(r.severity.value == "Violation" for r in on_whole)


def test_a_busy_working_copy_falls_back_to_the_view(pcc: Applied) -> None:
    fixed = fixed_quads(pcc.base)
    focus = pcc.focus()
    with edited(pcc.edit, fixed) as whole:
        assert whole is not None
        with edited(pcc.edit, fixed) as again:
            assert again is None
        results, size = after_findings(pcc, focus, None)
        assert size == len(pcc.after)
    assert _key(results) == _key(findings(pcc.after, focus))
