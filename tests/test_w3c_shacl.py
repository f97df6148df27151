"""The W3C SHACL test suite (core and SPARQL manifests, tests/data/w3c-shacl) on both engines, as pySHACL runs it in
its own CI: each case must give the expected report (compared as a set of results) or, where the suite expects a
failure, a clear refusal; never a crash.

The default engine passes every case. The pySHACL engine passes every case but ``pre-binding/shapesGraph-001``
(pySHACL does not implement ``$shapesGraph``): there it refuses clearly, which the test checks.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cspgraph.errors import CspGraphError
from w3c_shacl import SUITE, Case, cases, left_to_pyshacl, run

CASES = cases()
PYSHACL_CANNOT = {"pre-binding/shapesGraph-001"}


def documented_left() -> list[str]:
    text = (SUITE / "README.md").read_text(encoding="utf-8").split("## Cases left to pySHACL", 1)[1]
    return [line.strip("- `\n") for line in text.splitlines() if line.startswith("- `")]


def test_the_suite_is_there() -> None:
    assert len(CASES) == 120
    assert sum(c.fails for c in CASES) == 7


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_default_engine(case: Case) -> None:
    ok, why = run(case, "oxigraph")
    assert ok, why


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_pyshacl_engine(case: Case) -> None:
    if case.name in PYSHACL_CANNOT:
        with pytest.raises(CspGraphError, match="pySHACL cannot run"):
            run_raw(case)
        return
    ok, why = run(case, "pyshacl")
    assert ok, why


def run_raw(case: Case) -> None:
    from cspgraph.validate import validate
    from w3c_shacl import _graph

    data = _graph(case.data)
    validate(data, shapes=data, engine="pyshacl", include_ontology=False)


def test_cases_left_to_pyshacl_are_documented() -> None:
    """The default engine hands to pySHACL exactly the cases tests/data/w3c-shacl/README.md lists (pySHACL passes
    each of them: test_pyshacl_engine)."""
    assert left_to_pyshacl() == documented_left()
    assert Path(SUITE / "LICENSE.md").is_file()
