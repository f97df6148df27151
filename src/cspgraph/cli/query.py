"""``cspgraph query list|show|run`` (the named query library) and ``cspgraph sparql`` (ad-hoc, read-only)."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path
from typing import Any

from cspgraph.cli.options import add_as_of, as_of, landscape
from cspgraph.errors import InputError

FORMATS = ["table", "csv", "tsv", "json"]


def register(sub: Any) -> None:
    p = sub.add_parser(
        "query",
        help="the named governance queries: list, show, run",
        description="The named SPARQL queries in queries/ (one per .rq file). Parameters are bound, never pasted "
        "into the query text; body, csp and pfa parameters take a GSS code, a URI, kind/code "
        "(e.g. chief-officer/E23000008) or a unique label.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=textwrap.dedent(
            """\
            examples:
              cspgraph query list
              cspgraph query show list-csps-in-police-area
              cspgraph query run list-csps-in-police-area --param pfa=Cleveland
              cspgraph query run list-accountability-links --param body=chief-officer/E23000008 --format csv
              cspgraph query run list-merger-membership-changes --param csp=E22000027 --param other=E22000030
            """
        ),
    )
    qsub = p.add_subparsers(dest="query_command", metavar="ACTION")
    p.set_defaults(func=lambda a: (p.print_help(), 2)[1])

    ls = qsub.add_parser("list", help="every named query with its summary and parameters")
    ls.add_argument("--format", choices=["text", "json"], default="text")
    ls.add_argument("--tag", default=None, help="only queries with this tag")
    ls.set_defaults(func=cmd_list)

    show = qsub.add_parser("show", help="a query's header and SPARQL text")
    show.add_argument("name")
    show.set_defaults(func=cmd_show)

    run = qsub.add_parser("run", help="run a named query with bound parameters")
    run.add_argument("name")
    run.add_argument(
        "--param",
        "-p",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a parameter value (repeatable); body/csp/pfa take a code, URI, kind/code or unique label",
    )
    run.add_argument("--example", action="store_true", help="use the query's example parameters")
    run.add_argument("--format", choices=FORMATS, default="table")
    run.add_argument("--store", default="oxigraph", help="oxigraph (default), rdflib or a SPARQL endpoint URL")
    add_as_of(run)
    run.set_defaults(func=cmd_run)
    _register_sparql(sub)


def _register_sparql(sub: Any) -> None:
    sp = sub.add_parser(
        "sparql",
        help="run an ad-hoc read-only SPARQL query",
        description="Run a SELECT, ASK, CONSTRUCT or DESCRIBE query over the whole dataset (the union of its named "
        "graphs). The project's prefixes (cspg:, org:, skos:, schema:, ...) are predeclared. Updates "
        "(INSERT, DELETE, LOAD, CLEAR, ...) and SERVICE are refused (exit 2); a malformed query prints the "
        "parser's message with its line and column (exit 2).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=textwrap.dedent(
            """\
            examples:
              cspgraph sparql 'SELECT ?csp ?label WHERE { ?csp a cspg:CommunitySafetyPartnership ; rdfs:label ?label } LIMIT 5'
              cspgraph sparql --file my-query.rq --format csv
              cspgraph sparql 'DESCRIBE <https://w3id.org/cspgraph/id/csp/E22000365>' --format nt
            """
        ),
    )
    sp.add_argument("query", nargs="?", help="the query text (or use --file)")
    sp.add_argument("--file", "-f", type=Path, default=None, help="read the query from a file")
    sp.add_argument(
        "--format",
        choices=FORMATS + ["ttl", "nt"],
        default=None,
        help="table (default), csv, tsv or json for SELECT; ttl (default) or nt for CONSTRUCT/DESCRIBE",
    )
    sp.add_argument("--store", default="oxigraph", help="oxigraph (default), rdflib or a SPARQL endpoint URL")
    sp.set_defaults(func=cmd_sparql)


def _registry() -> Any:
    from cspgraph.queries import default_registry

    return default_registry()


def cmd_list(args: argparse.Namespace) -> int:
    queries = [q for q in _registry() if args.tag is None or args.tag in q.tags]
    if args.format == "json":
        json.dump([q.as_dict() for q in queries], sys.stdout, indent=2)
        print()
        return 0
    for q in queries:
        params = " ".join(f"{p.name}={p.kind}{'?' if p.optional else ''}" for p in q.params)
        print(f"{q.name}  {params}".rstrip())
        print(textwrap.fill(q.summary, 110, initial_indent="    ", subsequent_indent="    "))
    print(f"\n{len(queries)} queries. 'cspgraph query show NAME' prints one; '?' marks an optional parameter.")
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    q = _registry().get(args.name)
    print(f"# {q.name} ({q.path.name})\n")
    print(q.text.rstrip())
    example = " ".join(f"--param {k}={_quote(v)}" for k, v in q.example.items())
    print(f"\n# run it: cspgraph query run {q.name} {example}".rstrip())
    return 0


def _quote(v: str) -> str:
    import shlex

    return shlex.quote(v)


def parse_params(pairs: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise InputError(f"--param {pair!r} is not KEY=VALUE")
        if key.strip() in out:
            raise InputError(f"--param {key.strip()} is given twice")
        out[key.strip()] = value
    return out


def cmd_run(args: argparse.Namespace) -> int:
    from cspgraph.queries import render

    reg = _registry()
    q = reg.get(args.name)  # an unknown name fails before the store is loaded
    params = dict(q.example) if args.example else {}
    params.update(parse_params(args.param))
    reg.check_params(q.name, params)  # a wrong parameter fails before the store is loaded
    as_of(args)  # a bad --as-of too
    store = landscape(args, args.store)  # the named queries ask about the data, not the shapes
    result = reg.run(store, q.name, **params)
    sys.stdout.write(render(result, args.format))
    return 0


def cmd_sparql(args: argparse.Namespace) -> int:
    from rdflib import Graph

    from cspgraph.guard import check_query
    from cspgraph.namespaces import sparql_prologue
    from cspgraph.queries import render, run_sparql
    from cspgraph.sandbox import run_walled
    from cspgraph.stores import SelectResult, open_store

    if args.file is not None and args.query is not None:
        raise InputError("give the query as an argument or with --file, not both")
    if args.file is not None:
        from cspgraph.files import read_text

        text = read_text(args.file, "query file")
    elif args.query is not None:
        text = args.query
    elif not sys.stdin.isatty():
        text = sys.stdin.read()
    else:
        raise InputError("no query: give it as an argument, with --file, or on standard input")
    if not text.strip():
        raise InputError("the query is empty")
    check_query(text, prologue=sparql_prologue())  # before loading the store
    store = open_store(args.store, disk=True)
    # the second wall: on the embedded store the engine runs in a child process that cannot open a network socket
    result = run_walled(run_sparql, store, text) if store.local else run_sparql(store, text)
    if isinstance(result, SelectResult):
        fmt = args.format or "table"
        if fmt not in FORMATS:
            raise InputError(f"--format {fmt} is for graph results; a SELECT result is table, csv, tsv or json")
        sys.stdout.write(render(result, fmt))
    elif isinstance(result, bool):
        if args.format == "json":
            print(json.dumps({"head": {}, "boolean": result}))
        else:
            print("true" if result else "false")
    elif isinstance(result, Graph):
        fmt = args.format or "ttl"
        if fmt not in ("ttl", "nt"):
            raise InputError(f"--format {fmt} is for SELECT results; a graph result is ttl or nt")
        data = result.serialize(format="turtle" if fmt == "ttl" else "nt")
        sys.stdout.write(data if isinstance(data, str) else data.decode())
    return 0
