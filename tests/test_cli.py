"""The command line: help, info, export, and errors with exit code 2."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from rdflib import Graph

from cspgraph.cli import main


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "cspgraph", *args], capture_output=True, text=True)


def test_help_lists_commands() -> None:
    r = run("--help")
    assert r.returncode == 0
    for cmd in ("build", "info", "export", "serve"):
        assert cmd in r.stdout


def test_no_command_is_usage_error() -> None:
    assert main([]) == 2


def test_info_json(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["info", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["classes"]["https://w3id.org/cspgraph/def/CommunitySafetyPartnership"] == 314
    assert "https://w3id.org/cspgraph/graph/landscape" in data["graphs"]


def test_info_text(capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["info"]) == 0
    out = capsys.readouterr().out
    assert "cspg:CommunitySafetyPartnership" in out and "314" in out


def test_export_nt_to_file(tmp_path: Path) -> None:
    out = tmp_path / "all.nt"
    assert main(["export", "--format", "nt", "-o", str(out), "--no-shapes"]) == 0
    g = Graph().parse(out, format="nt")
    assert len(g) > 50000


def test_export_jsonld(tmp_path: Path) -> None:
    out = tmp_path / "all.jsonld"
    assert main(["export", "--format", "jsonld", "-o", str(out), "--no-shapes"]) == 0
    assert json.loads(out.read_text())


def test_bad_format_is_exit_2() -> None:
    r = run("export", "--format", "docx")
    assert r.returncode == 2
    assert "invalid choice" in r.stderr


def test_serve_bad_port() -> None:
    r = run("serve", "--port", "70000")
    assert r.returncode == 2
    assert "not a TCP port" in r.stderr


def test_each_command_is_registered_by_the_module_the_table_names() -> None:
    """A command line registers only its command's module (cspgraph.cli.COMMAND_MODULES): the table must name every
    command, each with the module that registers it."""
    import argparse

    from cspgraph.cli import COMMAND_MODULES, build_parser

    def commands(parser: argparse.ArgumentParser) -> set[str]:
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        return set(sub.choices)

    assert commands(build_parser()) == set(COMMAND_MODULES)
    for command in COMMAND_MODULES:
        assert command in commands(build_parser(command))


def test_a_command_imports_only_what_it_uses() -> None:
    """``query run`` and ``info`` run without the app: FastAPI, Jinja, networkx and pySHACL stay unimported, and so
    does rdflib, in every output format (their terms are pyoxigraph's, from the store to the output)."""
    import subprocess
    import sys

    code = (
        "import sys, io, contextlib\n"
        "from cspgraph.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    for fmt in ('table', 'csv', 'tsv', 'json'):\n"
        "        assert main(['query', 'run', 'list-csps-in-police-area', '--param', 'pfa=E23000008', '--format', fmt]) == 0\n"
        "    assert main(['query', 'run', 'list-accountability-links', '--example']) == 0\n"
        "    assert main(['info']) == 0\n"
        "    assert main(['info', '--format', 'json']) == 0\n"
        "print(sorted(m for m in ('fastapi', 'jinja2', 'networkx', 'pyshacl', 'rdflib') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
