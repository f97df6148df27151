"""MkDocs hooks: pages whose content comes from the code at build time, so they cannot go stale.

``<!-- cli-reference -->`` becomes the ``--help`` of every ``cspgraph`` command; ``<!-- http-routes -->`` becomes the
table of the HTTP API's operations, read from the app's OpenAPI document.
"""

from __future__ import annotations

import argparse
import contextlib
import io
from typing import Any


def _help(parser: argparse.ArgumentParser) -> str:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        parser.print_help()
    return buf.getvalue().rstrip()


def cli_reference() -> str:
    from cspgraph.cli import build_parser

    parser = build_parser()
    out = ["```text", "$ cspgraph --help", _help(parser), "```", ""]
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for name, command in sub.choices.items():
        out += [f"## cspgraph {name}", "", "```text", f"$ cspgraph {name} --help", _help(command), "```", ""]
        nested = [a for a in command._actions if isinstance(a, argparse._SubParsersAction)]
        for group in nested:
            for sub_name, sub_command in group.choices.items():
                out += [f"### cspgraph {name} {sub_name}", "", "```text", _help(sub_command), "```", ""]
    return "\n".join(out)


def http_routes() -> str:
    from cspgraph.api import create_app

    schema = create_app().openapi()
    rows = ["| method | path | what it does | answers |", "|---|---|---|---|"]
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            statuses = ", ".join(sorted(op.get("responses", {})))
            summary = (op.get("summary") or "").replace("|", "\\|")
            rows.append(f"| {method.upper()} | `{path}` | {summary} | {statuses} |")
    return "\n".join(rows)


def benchmark_report() -> str:
    """benchmarks/REPORT.md, its plot named rather than linked (the plot lives beside the report, not in the site)."""
    import re
    from pathlib import Path

    text = (Path(__file__).resolve().parent.parent / "benchmarks" / "REPORT.md").read_text(encoding="utf-8")
    text = re.sub(r"!\[([^\]]*)\]\(([^)]+)\)", r"(plot: `benchmarks/\2`, \1)", text)
    return text.replace("\n# ", "\n## ", 1) if text.startswith("# ") else text


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    if "<!-- cli-reference -->" in markdown:
        markdown = markdown.replace("<!-- cli-reference -->", cli_reference())
    if "<!-- benchmark-report -->" in markdown:
        markdown = markdown.replace("<!-- benchmark-report -->", benchmark_report())
    if "<!-- http-routes -->" in markdown:
        markdown = markdown.replace("<!-- http-routes -->", http_routes())
    return markdown
