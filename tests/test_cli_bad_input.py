"""Every command, fed every kind of bad input, answers with one line and exit code 2: never a traceback.

The table covers files that are missing, folders, binary, empty, not UTF-8 or malformed; outputs that cannot be
written (a device, a folder, a place without permission); and IRIs and URLs that are not valid. Each case runs the
command in this process, so any exception other than the ones the command line turns into a message fails here.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from cspgraph.cli import main

Make = Callable[[Path], list[str]]


def _files(tmp: Path) -> dict[str, Path]:
    out = {
        "missing": tmp / "missing.ttl",
        "folder": tmp / "folder.ttl",
        "binary": tmp / "binary.ttl",
        "empty": tmp / "empty.ttl",
        "latin1": tmp / "latin1.ttl",
        "malformed": tmp / "malformed.ttl",
        "json-bad": tmp / "bad.json",
    }
    out["folder"].mkdir()
    out["binary"].write_bytes(b"\x00\x01\xff\xfe" * 64)
    out["empty"].write_bytes(b"")
    out["latin1"].write_bytes('<urn:a> <urn:b> "caf\xe9" .\n'.encode("latin-1"))
    out["malformed"].write_text("<urn:a> <urn:b> .\n")
    out["json-bad"].write_text('{"name": "x", "csps": [')
    return out


BAD_FILES = ["missing", "folder", "binary", "latin1", "malformed"]
CLEVELAND = ["--csp", "E22000027", "--csp", "E22000029"]


def cases() -> list[tuple[str, Callable[[dict[str, Path], Path], list[str]]]]:
    table: list[tuple[str, Callable[[dict[str, Path], Path], list[str]]]] = []
    for kind in BAD_FILES:
        table += [
            (f"validate {kind} data file", lambda f, t, k=kind: ["validate", str(f[k])]),
            (f"validate {kind} shapes", lambda f, t, k=kind: ["validate", "--shapes", str(f[k])]),
            (f"merger {kind} parties", lambda f, t, k=kind: ["merger", "check", *CLEVELAND, "--parties", str(f[k])]),
            (f"merger {kind} scenario", lambda f, t, k=kind: ["merger", "check", "--scenario", str(f[k])]),
            (f"sparql {kind} query file", lambda f, t, k=kind: ["sparql", "--file", str(f[k])]),
        ]
    table += [
        ("merger empty parties", lambda f, t: ["merger", "check", "--csp", "E22000027", "--parties", str(f["empty"])]),
        ("merger malformed json scenario", lambda f, t: ["merger", "check", "--scenario", str(f["json-bad"])]),
        ("sparql empty query file", lambda f, t: ["sparql", "--file", str(f["empty"])]),
        ("validate data folder missing", lambda f, t: ["validate", "--data", str(t / "nowhere")]),
        ("validate data is a file", lambda f, t: ["validate", "--data", str(f["empty"])]),
        ("validate bad date", lambda f, t: ["validate", "--date", "2021-13-45"]),
        ("validate focus invalid IRI", lambda f, t: ["validate", "--focus", "http://a b/c"]),
        ("validate focus unknown IRI", lambda f, t: ["validate", "--focus", "https://example.org/none"]),
        ("build missing reference", lambda f, t: ["build", "--reference", str(t / "nowhere"), "--out", str(t / "o")]),
        ("build reference is a file", lambda f, t: ["build", "--reference", str(f["empty"]), "--out", str(t / "o")]),
        ("export to a device", lambda f, t: ["export", "--format", "nt", "-o", "/dev/full"]),
        ("export to a folder", lambda f, t: ["export", "--format", "nt", "-o", str(f["folder"])]),
        ("export to an unwritable place", lambda f, t: ["export", "--format", "nt", "-o", "/proc/cspgraph/x.nt"]),
        ("validate report to a device", lambda f, t: ["validate", "-o", "/dev/full"]),
        ("visualise to a folder", lambda f, t: ["visualise", "--area", "E23000008", "-o", str(f["folder"])]),
        ("visualise unknown area", lambda f, t: ["visualise", "--area", "E23999999", "-o", str(t / "x.html")]),
        ("visualise invalid body IRI", lambda f, t: ["visualise", "--body", "http://a b", "-o", str(t / "x.html")]),
        ("network chain invalid IRI", lambda f, t: ["network", "chain", "http://a b"]),
        ("network chain unknown", lambda f, t: ["network", "chain", "nobody at all"]),
        ("query param invalid IRI", lambda f, t: ["query", "run", "list-csps-in-police-area", "--param", "pfa=<x y>"]),
        ("query param without =", lambda f, t: ["query", "run", "list-csps-in-police-area", "--param", "pfa"]),
        ("query unknown", lambda f, t: ["query", "run", "no-such-query"]),
        ("sparql malformed", lambda f, t: ["sparql", "SELECT * WHERE {"]),
        ("sparql update", lambda f, t: ["sparql", "DROP ALL"]),
        ("info bad store URL", lambda f, t: ["info", "--store", "http://[::1"]),
        ("load bad store URL", lambda f, t: ["load", "--store", "ftp://example.org/x"]),
        ("load unreachable store", lambda f, t: ["load", "--store", "http://127.0.0.1:9"]),
        ("serve bad store", lambda f, t: ["serve", "--store", "mongodb://x"]),
        ("serve bad port", lambda f, t: ["serve", "--port", "70000"]),
        ("serve bad pages store", lambda f, t: ["serve", "--pages-store", "fast"]),
        ("synth bad scale", lambda f, t: ["synth", "--scale", "0", "-o", str(t / "s")]),
        ("synth output is a file", lambda f, t: ["synth", "--scale", "1", "-o", str(f["empty"])]),
    ]
    return table


CASES = cases()


@pytest.mark.parametrize(("name", "argv"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, argv: Callable[[dict[str, Path], Path], list[str]]
) -> None:
    args = argv(_files(tmp_path), tmp_path)
    code = main(args)
    err = capsys.readouterr().err
    assert code == 2, (name, code, err)
    assert "Traceback" not in err
    assert "error:" in err and err.strip().count("\n") < 3, err
