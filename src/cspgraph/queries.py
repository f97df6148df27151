"""The named query library: queries/*.rq, each with a ``#+`` header, run with bound parameters on any store.

A query file starts with a header::

    #+ summary: Who holds a body to account and whom it holds to account.
    #+ params:
    #+   - body (body): the body (GSS code, URI, kind/code or a unique label)
    #+   - pfa (pfa, optional): only this police force area
    #+ example: body=E23000008
    #+ tags: accountability

Parameter kinds are ``body``, ``csp``, ``pfa`` (resolved to a resource URI), ``string`` and ``int`` (literals).
Values are bound with the store's bindings (Oxigraph substitutions, rdflib ``initBindings``), never pasted into
the query text. Two rules keep the answers equal on both engines: every parameter is projected by the SELECT,
and parameters appear only in triple patterns and FILTERs, never inside BIND (Oxigraph does not substitute there).

Examples:
    >>> from cspgraph import open_store, run_query
    >>> store = open_store()
    >>> rows = run_query(store, "list-csps-in-police-area", pfa="Cleveland")
    >>> len({r["csp"] for r in rows})
    4
"""

from __future__ import annotations

import difflib
import re
import shlex
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from cspgraph import resources
from cspgraph.asof import in_force
from cspgraph.errors import InputError, NotFound, QueryError
from cspgraph.resolve import resolve
from cspgraph.stores import GraphStore, SelectResult

KINDS = ("body", "csp", "pfa", "string", "int")
RESOURCE_KINDS = ("body", "csp", "pfa")
_PARAM_LINE = re.compile(r"^-\s*([A-Za-z_][A-Za-z0-9_]*)\s*\(\s*([a-z]+)\s*(,\s*optional\s*)?\)\s*:\s*(.+)$")
_FORM = re.compile(r"^\s*(SELECT|CONSTRUCT|ASK|DESCRIBE)\b", re.IGNORECASE | re.MULTILINE)


@dataclass(frozen=True)
class Param:
    """One declared parameter of a named query."""

    name: str
    kind: str
    description: str
    optional: bool = False


@dataclass(frozen=True)
class NamedQuery:
    """A query file of the library, with its parsed header."""

    name: str
    path: Path
    text: str
    summary: str
    params: tuple[Param, ...]
    example: dict[str, str]
    tags: tuple[str, ...]
    notes: str = ""
    form: str = "SELECT"

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise InputError(f"query {self.name!r} has no parameter {name!r}; its parameters: {self._param_names()}")

    def _param_names(self) -> str:
        return ", ".join(p.name for p in self.params) or "none"

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "summary": self.summary,
            "params": [
                {"name": p.name, "kind": p.kind, "optional": p.optional, "description": p.description}
                for p in self.params
            ],
            "example": self.example,
            "tags": list(self.tags),
            "notes": self.notes,
            "form": self.form,
        }


def parse_query_file(path: Path) -> NamedQuery:
    """Read a .rq file and parse its ``#+`` header; raise QueryError naming the file and line on a bad header."""
    text = path.read_text(encoding="utf-8")
    fields: dict[str, str] = {}
    params: list[Param] = []
    notes: list[str] = []
    in_params = False
    for lineno, line in enumerate(text.splitlines(), 1):
        if line.startswith("#+"):
            body = line[2:].strip()
            if in_params and body.startswith("-"):
                m = _PARAM_LINE.match(body)
                if not m:
                    raise QueryError(f"{path}, line {lineno}: a parameter is written '- name (kind[, optional]): text'")
                name, kind, optional, description = m.groups()
                if kind not in KINDS:
                    raise QueryError(f"{path}, line {lineno}: unknown parameter kind {kind!r} (use {', '.join(KINDS)})")
                params.append(Param(name, kind, description.strip(), bool(optional)))
                continue
            key, sep, value = body.partition(":")
            if not sep:
                raise QueryError(f"{path}, line {lineno}: a header line is written '#+ key: value'")
            key = key.strip().lower()
            in_params = key == "params"
            fields[key] = value.strip()
        elif line.startswith("#"):
            stripped = line[1:].strip()
            if stripped or notes:
                notes.append(stripped)
        elif line.strip():
            break
    name = path.stem
    if not fields.get("summary"):
        raise QueryError(f"{path}: the header has no '#+ summary:' line")
    declared = {p.name for p in params}
    try:
        pairs = shlex.split(fields.get("example", ""))
    except ValueError as e:
        raise QueryError(f"{path}: malformed '#+ example:' line: {e}") from e
    example: dict[str, str] = {}
    for pair in pairs:
        k, sep, v = pair.partition("=")
        if not sep or k not in declared:
            raise QueryError(f"{path}: example {pair!r} is not 'param=value' for a declared parameter")
        example[k] = v
    missing = [p.name for p in params if not p.optional and p.name not in example]
    if missing:
        raise QueryError(f"{path}: the example gives no value for required parameter(s) {missing}")
    m = _FORM.search(re.sub(r"#[^\n]*", "", text))
    form = m.group(1).upper() if m else "SELECT"
    tags = tuple(t.strip() for t in fields.get("tags", "").split(",") if t.strip())
    return NamedQuery(name, path, text, fields["summary"], tuple(params), example, tags, "\n".join(notes).strip(), form)


# ------------------------------------------------------------------ the registry
class QueryRegistry:
    """The named queries in a folder (default: the project's queries/), by file stem.

    Examples:
        >>> reg = QueryRegistry()
        >>> "list-csp-responsible-authorities" in reg
        True
    """

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or resources.queries_dir()
        self._queries: dict[str, NamedQuery] | None = None

    def _load(self) -> dict[str, NamedQuery]:
        if self._queries is None:
            files = sorted(self.directory.glob("*.rq"))
            self._queries = {f.stem: parse_query_file(f) for f in files}
        return self._queries

    def reload(self) -> None:
        self._queries = None

    def names(self) -> list[str]:
        return sorted(self._load())

    def __iter__(self) -> Iterator[NamedQuery]:
        return iter(self._load()[n] for n in self.names())

    def __len__(self) -> int:
        return len(self._load())

    def __contains__(self, name: object) -> bool:
        return name in self._load()

    def get(self, name: str) -> NamedQuery:
        """The query named ``name``; NotFound (with close names) when there is none."""
        queries = self._load()
        if name in queries:
            return queries[name]
        close = difflib.get_close_matches(name, list(queries), n=3, cutoff=0.5)
        hint = f"; did you mean {', '.join(close)}?" if close else "; 'cspgraph query list' shows them all"
        raise NotFound(f"no query named {name!r}{hint}")

    def check_params(self, name: str, params: Mapping[str, Any]) -> None:
        """Raise InputError for a parameter the query does not declare or a required one that is missing."""
        query = self.get(name)
        unknown = [k for k in params if k not in {p.name for p in query.params}]
        if unknown:
            raise InputError(
                f"query {name!r} has no parameter {', '.join(repr(k) for k in unknown)}; "
                f"its parameters: {query._param_names()}"
            )
        for p in query.params:
            if params.get(p.name) is None and not p.optional:
                raise InputError(f"query {name!r} needs --param {p.name}=... ({p.kind}: {p.description})")

    def bindings(self, store: GraphStore, name: str, params: Mapping[str, Any]) -> dict[str, Node]:
        """Check ``params`` against the query's declared parameters and turn them into RDF terms."""
        self.check_params(name, params)
        return {
            p.name: convert_param(store, p, params[p.name])
            for p in self.get(name).params
            if params.get(p.name) is not None
        }

    def run(self, store: GraphStore, name: str, *, as_of: Any = None, **params: Any) -> SelectResult:
        """Run a named SELECT query with its parameters bound.

        ``as_of`` (a date or ``YYYY-MM-DD``), which every named query takes, runs the query on the landscape in
        force on that day (:func:`cspgraph.asof.in_force`); the query text is the same, the date selects the data.
        """
        query = self.get(name)
        if query.form != "SELECT":
            raise QueryError(f"query {name!r} is a {query.form} query; only SELECT queries run here")
        if as_of is not None:
            store = in_force(store, as_of)
        return store.select(query.text, self.bindings(store, name, params))


def convert_param(store: GraphStore, param: Param, value: Any) -> Node:
    """One parameter value as an RDF term: URIs for resource kinds, literals for strings and integers."""
    if isinstance(value, URIRef | Literal):
        return value
    if param.kind in RESOURCE_KINDS:
        return resolve(store, str(value), param.kind)
    if param.kind == "int":
        try:
            return Literal(int(str(value).strip()))
        except ValueError as e:
            raise InputError(f"--param {param.name}={value!r} is not a whole number") from e
    return Literal(str(value))


_DEFAULT: QueryRegistry | None = None


def default_registry() -> QueryRegistry:
    """The registry of the project's queries/ folder."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = QueryRegistry()
    return _DEFAULT


def run_query(store: GraphStore, name: str, /, *, as_of: Any = None, **params: Any) -> SelectResult:
    """Run the named query of queries/ on ``store`` with its parameters bound.

    Args:
        store: any GraphStore (embedded Oxigraph, rdflib, remote).
        name: the query's file stem, e.g. ``"list-csp-responsible-authorities"``.
        **params: parameter values: a GSS code, URI, ``kind/code`` or unique label for body, csp and pfa
            parameters; text or numbers for string and int parameters.
        as_of: run on the landscape in force on this day (``YYYY-MM-DD``); by default on the whole dataset.

    Returns:
        The SELECT result (variables and rows of rdflib terms).
    """
    return default_registry().run(store, name, as_of=as_of, **params)


# ------------------------------------------------------------------ ad-hoc queries and result formats
_POSITION = re.compile(r"(error at |line )(\d+)(:\d+)?")


def run_sparql(store: GraphStore, text: str) -> SelectResult | bool | Any:
    """Run an ad-hoc read-only query with the project's prefixes predeclared.

    The query is checked first by :func:`cspgraph.guard.check_query` (no update, no SERVICE, within the size
    limits). Returns a SelectResult for SELECT, a bool for ASK and an rdflib Graph for CONSTRUCT and DESCRIBE. A malformed
    query raises QueryError with the parser's message, its line numbers counted in ``text``.
    """
    from cspgraph.guard import check_query
    from cspgraph.namespaces import sparql_prologue

    prologue = sparql_prologue()
    form = check_query(text, prologue=prologue).form
    shift = prologue.count("\n")
    try:
        if form == "ASK":
            return store.ask(prologue + text)
        if form in ("CONSTRUCT", "DESCRIBE"):
            return store.construct(prologue + text)
        return store.select(prologue + text)
    except QueryError as e:
        message = _POSITION.sub(lambda p: f"{p.group(1)}{max(1, int(p.group(2)) - shift)}{p.group(3) or ''}", str(e))
        raise QueryError(message.replace("error at ", "error at line:column ", 1)) from e


def _short(term: Any) -> str:
    from cspgraph.namespaces import PREFIXES

    if term is None:
        return ""
    if isinstance(term, URIRef):
        s = str(term)
        best = max((ns for ns in PREFIXES.values() if s.startswith(ns)), key=len, default=None)
        if best is not None:
            prefix = next(p for p, ns in PREFIXES.items() if ns == best)
            return f"{prefix}:{s[len(best) :]}"
        return s
    return str(term)


def _json_term(term: Any) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, Literal):
        out = {"type": "literal", "value": str(term)}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype:
            out["datatype"] = str(term.datatype)
        return out
    return {"type": "bnode", "value": str(term)}


def render(result: SelectResult, fmt: str = "table", *, width: int = 60) -> str:
    """A SELECT result as text: ``table`` (aligned, prefixed names), ``csv``, ``tsv`` or ``json`` (SPARQL 1.1 formats)."""
    import csv
    import io
    import json

    variables = result.variables
    if fmt == "json":
        bindings = [{v: _json_term(r[v]) for v in variables if r.get(v) is not None} for r in result.rows]
        return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}, indent=2) + "\n"
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.writer(buf, lineterminator="\r\n")
        writer.writerow(variables)
        for r in result.rows:
            writer.writerow(["" if r.get(v) is None else str(r[v]) for v in variables])
        return buf.getvalue()
    if fmt == "tsv":
        lines = ["\t".join(f"?{v}" for v in variables)]
        for r in result.rows:
            lines.append("\t".join("" if r.get(v) is None else r[v].n3() for v in variables))  # type: ignore[union-attr]
        return "\n".join(lines) + "\n"
    if fmt != "table":
        raise InputError(f"unknown format {fmt!r}: use table, csv, tsv or json")

    def cell(term: Any) -> str:
        s = _short(term).replace("\n", " ")
        return s if len(s) <= width else s[: width - 1] + "…"

    cells = [[cell(r.get(v)) for v in variables] for r in result.rows]
    widths = [max([len(v)] + [len(row[i]) for row in cells]) for i, v in enumerate(variables)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(variables, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    lines.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
    return "\n".join(lines) + "\n"
