"""The shape of the code a newcomer lives in: small modules and functions, and domain SPARQL in queries/*.rq only.

The import layers and the absence of import circles are checked by import-linter (``make lint``, the contracts in
pyproject.toml); these tests check what it does not.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "cspgraph"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60

#: a string that reads as a SPARQL query: a query form, then a group or WHERE
SPARQL = re.compile(r"\b(SELECT|CONSTRUCT|ASK|DESCRIBE)\b[^\n]*?(\{|\bWHERE\b)", re.S)

#: the modules that may hold query text in Python, and why: none of it is a question about the domain
ALLOWED_SPARQL = {
    "stores/base.py": "store plumbing: a triple pattern match over every graph, the same for any dataset",
    "stores/remote.py": "store plumbing: the SPARQL protocol's health check and whole-graph reads of a server",
    "validate/data.py": "store plumbing: the size of the data graph",
    "validate/engine.py": "compiled SHACL: the query is built from a shape's own path, never from the domain",
    "api/sparql_worker.py": "the worker warms its parser with the empty query ASK {}",
    "cli/query.py": "the --help examples of cspgraph sparql",
}


def modules() -> list[Path]:
    return sorted(SRC.rglob("*.py"))


def docstring_nodes(tree: ast.AST) -> set[int]:
    """The ids of the constant nodes that are docstrings (of the module, a class or a function)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def sparql_strings(path: Path) -> list[int]:
    """The lines of the string literals (f-strings included) in ``path`` that read as SPARQL, docstrings apart."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = docstring_nodes(tree)
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs:
            text = node.value
        elif isinstance(node, ast.JoinedStr):
            text = "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
        else:
            continue
        if SPARQL.search(text):
            lines.append(node.lineno)
    return sorted(set(lines))


@pytest.mark.parametrize("path", modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_module_is_small(path: Path) -> None:
    n = len(path.read_text(encoding="utf-8").splitlines())
    assert n <= MAX_MODULE_LINES, f"{path.relative_to(SRC)} has {n} lines: split it into modules with one job each"


def test_functions_are_short() -> None:
    long = []
    for path in modules():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                n = (node.end_lineno or node.lineno) - node.lineno + 1
                if n > MAX_FUNCTION_LINES:
                    long.append(f"{path.relative_to(SRC)}:{node.lineno} {node.name} ({n} lines)")
    assert long == []


def test_domain_sparql_lives_in_query_files() -> None:
    found = {
        f"{path.relative_to(SRC)}:{line}"
        for path in modules()
        if str(path.relative_to(SRC)) not in ALLOWED_SPARQL
        for line in sparql_strings(path)
    }
    assert found == set(), "put these queries in queries/internal/*.rq and bind their values"


def test_the_check_sees_sparql(tmp_path: Path) -> None:
    """The check itself can fail: a query in a string is found, one in a docstring is not."""
    sample = tmp_path / "sample.py"
    sample.write_text(
        '"""SELECT ?s WHERE { ?s ?p ?o } in a docstring."""\n'
        'Q = """\nPREFIX cspg: <https://w3id.org/cspgraph/def/>\nSELECT ?csp WHERE { ?csp a cspg:X }\n"""\n'
        'F = f"ASK {{ <{1}> ?p ?o }}"\n',
        encoding="utf-8",
    )
    assert sparql_strings(sample) == [2, 6]


def test_the_allow_list_is_current() -> None:
    """Every module on the allow-list exists and still needs to be on it."""
    for name in ALLOWED_SPARQL:
        assert (SRC / name).is_file(), name
        assert sparql_strings(SRC / name), f"{name} holds no SPARQL any more: take it off the allow-list"
