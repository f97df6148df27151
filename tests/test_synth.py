"""Synthetic landscapes keep the real landscape's shape, N times over."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from cspgraph.errors import InputError
from cspgraph.synth import steps, synthesise


def test_scale_two_doubles_the_landscape(tmp_path: Path) -> None:
    home = tmp_path / "home"
    r = subprocess.run(
        [sys.executable, "-m", "cspgraph", "synth", "--scale", "2", "-o", str(home)], capture_output=True, text=True
    )
    assert r.returncode == 0, r.stderr
    assert r.stderr == ""  # no progress when standard error is not a terminal
    env = dict(os.environ, CSPGRAPH_HOME=str(home))
    r = subprocess.run(
        [sys.executable, "-m", "cspgraph", "info", "--format", "json"], capture_output=True, text=True, env=env
    )
    assert r.returncode == 0, r.stderr
    classes = json.loads(r.stdout)["classes"]
    cspg = "https://w3id.org/cspgraph/def/"
    assert classes[cspg + "CommunitySafetyPartnership"] == 2 * 314
    assert classes[cspg + "PoliceForceArea"] == 2 * 43
    assert classes[cspg + "ResponsibleAuthorityMembership"] % 2 == 0
    # shared national bodies are not copied
    assert classes[cspg + "Legislature"] == 2


def test_copies_do_not_reuse_codes(tmp_path: Path) -> None:
    reported: list[str] = []
    synthesise(2, tmp_path, reported.append)
    assert len(reported) == steps(2) and reported[1:3] == ["copy 1 of 2", "copy 2 of 2"]
    text = (tmp_path / "data" / "landscape.ttl").read_text()
    assert "https://w3id.org/cspgraph/id/synth/2/csp/E22000365>" in text
    assert '"E22000365-s2"' in text
    assert "https://w3id.org/cspgraph/id/synth/2/organisation/" not in text


def test_bad_scale() -> None:
    import pytest

    with pytest.raises(InputError):
        synthesise(0, Path("/nonexistent"))
