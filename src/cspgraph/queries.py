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
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from cspgraph import resources
from cspgraph.asof import in_force
from cspgraph.errors import InputError, NotFound, QueryError
from cspgraph.iris import XSD
from cspgraph.resolve import resolve_iri
from cspgraph.stores import GraphStore, SelectResult, to_ox
from cspgraph.stores.terms import OX_TERMS

KINDS = ("body", "csp", "pfa", "string", "int")
RESOURCE_KINDS = ("body", "csp", "pfa")
_PARAM_LINE = re.compile(r"^-\s*([A-Za-z_][A-Za-z0-9_]*)\s*\(\s*([a-z]+)\s*(,\s*optional\s*)?\)\s*:\s*(.+)$")
_FORM = re.compile(r"^\s*(SELECT|CONSTRUCT|ASK|DESCRIBE)\b", re.IGNORECASE | re.MULTILINE)
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")  # a query name that can only be a file of the folder
_XSD_INTEGER = ox.NamedNode(XSD + "integer")


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
        self._read: dict[str, NamedQuery] = {}  # queries read one by one before the whole folder was

    def _load(self) -> dict[str, NamedQuery]:
        if self._queries is None:
            files = sorted(self.directory.glob("*.rq"))
            self._queries = {f.stem: parse_query_file(f) for f in files}
        return self._queries

    def reload(self) -> None:
        self._queries = None
        self._read = {}

    def names(self) -> list[str]:
        return sorted(self._load())

    def __iter__(self) -> Iterator[NamedQuery]:
        return iter(self._load()[n] for n in self.names())

    def __len__(self) -> int:
        return len(self._load())

    def __contains__(self, name: object) -> bool:
        return name in self._load()

    def get(self, name: str) -> NamedQuery:
        """The query named ``name``; NotFound (with close names) when there is none.

        Until the whole folder is read, a name is looked up as its own file, so one command reads one query.
        """
        if self._queries is None and _NAME.match(name):
            if name not in self._read and (self.directory / f"{name}.rq").is_file():
                self._read[name] = parse_query_file(self.directory / f"{name}.rq")
            if name in self._read:
                return self._read[name]
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

    def bindings(self, store: GraphStore, name: str, params: Mapping[str, Any]) -> dict[str, Any]:
        """Check ``params`` against the query's declared parameters and turn them into RDF terms (pyoxigraph's)."""
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


def convert_param(store: GraphStore, param: Param, value: Any) -> Any:
    """One parameter value as a pyoxigraph term: IRIs for resource kinds, literals for strings and integers.

    A value that is already an RDF term (pyoxigraph's or rdflib's) is taken as it is.
    """
    if isinstance(value, OX_TERMS):
        return value
    if "rdflib" in sys.modules and _is_rdflib_term(value):
        return to_ox(value)
    if param.kind in RESOURCE_KINDS:
        return ox.NamedNode(resolve_iri(store, str(value), param.kind))
    if param.kind == "int":
        try:
            return ox.Literal(str(int(str(value).strip())), datatype=_XSD_INTEGER)
        except ValueError as e:
            raise InputError(f"--param {param.name}={value!r} is not a whole number") from e
    return ox.Literal(str(value))


def _is_rdflib_term(value: Any) -> bool:
    from rdflib.term import Identifier

    return isinstance(value, Identifier)


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


def render(result: SelectResult, fmt: str = "table", *, width: int = 60) -> str:
    """A SELECT result as text: ``table`` (aligned, prefixed names), ``csv``, ``tsv`` or ``json`` (the SPARQL 1.1
    formats, written by :func:`cspgraph.rdfio.serialize_select`, as the endpoint writes them)."""
    from cspgraph.labels import curie
    from cspgraph.rdfio import serialize_select

    variables, rows = result.variables, result.terms
    if fmt in ("csv", "tsv", "json"):
        return serialize_select(variables, rows, fmt, indent=2 if fmt == "json" else None).decode() + (
            "\n" if fmt == "json" else ""
        )
    if fmt != "table":
        raise InputError(f"unknown format {fmt!r}: use table, csv, tsv or json")

    def cell(term: Any) -> str:
        s = "" if term is None else (curie(term.value) if isinstance(term, ox.NamedNode) else term.value)
        s = s.replace("\n", " ")
        return s if len(s) <= width else s[: width - 1] + "…"

    cells = [[cell(t) for t in row] for row in rows]
    widths = [max([len(v)] + [len(row[i]) for row in cells]) for i, v in enumerate(variables)]
    lines = ["  ".join(v.ljust(w) for v, w in zip(variables, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip() for row in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines) + "\n"
