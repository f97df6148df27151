"""An HTTP fuzz run against the OpenAPI spec (schemathesis), on the live server on loopback, with every check:
no server error, every status code and content type documented, every response conforming to its schema, schema-
invalid requests refused, and schema-valid ones answered as ``schemathesis.toml`` says (why 400 can be right for a
schema-valid request is explained there).

Bounded: a fixed number of examples per operation, derandomised, so the run is short and repeatable.
"""

from __future__ import annotations

from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402
from schemathesis.config import SchemathesisConfig  # noqa: E402

from cspgraph import resources  # noqa: E402

from .conftest import LiveServer  # noqa: E402

pytestmark = pytest.mark.slow
EXAMPLES = 12


def fuzz(op: Any, base_url: str, failures: list[str]) -> None:
    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
    @given(op.as_strategy())
    def run(case: Any) -> None:
        response = case.call(base_url=base_url, timeout=30)
        try:
            case.validate_response(response)
        except Exception as e:  # collect, then report every failing operation at once
            failures.append(f"{op.method.upper()} {op.path}: {e}")

    run()


def test_every_check_on_every_operation(live: LiveServer) -> None:
    config = SchemathesisConfig.from_path(str(resources.root() / "schemathesis.toml"))
    schema = schemathesis.openapi.from_url(live.url + "/openapi.json", config=config)
    operations = [r.ok() for r in schema.get_all_operations()]
    assert len(operations) >= 15
    failures: list[str] = []
    for op in operations:
        fuzz(op, live.url, failures)
    assert not failures, "\n".join(failures[:10])
