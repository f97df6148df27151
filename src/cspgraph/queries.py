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

Example:
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
import weakref
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Literal, URIRef
from rdflib.term import Node

from cspgraph import resources
from cspgraph.errors import InputError, NotFound, QueryError
from cspgraph.namespaces import CSPG, ID
from cspgraph.stores import GraphStore, SelectResult

KINDS = ("body", "csp", "pfa", "string", "int")
RESOURCE_KINDS = ("body", "csp", "pfa")
GSS_CODE = re.compile(r"^[EWSNK]\d{8}$", re.IGNORECASE)
_KIND_PATH = re.compile(r"^(?:id/)?([a-z][a-z0-9-]*)/(\S+)$")
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


# ------------------------------------------------------------------ resolving resource arguments
_INDEX_LABELS = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX cspg: <https://w3id.org/cspgraph/def/>
SELECT ?r ?key ?isCode WHERE {
  { ?r rdfs:label|skos:prefLabel|skos:altLabel|dcterms:title ?key . BIND(false AS ?isCode) }
  UNION
  { ?r skos:notation|dcterms:identifier|cspg:gssCode ?key . BIND(true AS ?isCode) }
  FILTER(isIRI(?r) && STRSTARTS(STR(?r), "https://w3id.org/cspgraph/id/"))
}
"""
_INDEX_TYPES = """
SELECT ?r ?type WHERE { ?r a ?type . FILTER(STRSTARTS(STR(?r), "https://w3id.org/cspgraph/id/")) }
"""
_INDEX_AREA_CLASSES = """
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?c WHERE { ?c rdfs:subClassOf* <https://w3id.org/cspgraph/def/Area> }
"""
_INDEX_GOVERNS = """
PREFIX cspg: <https://w3id.org/cspgraph/def/>
SELECT ?area ?body ?csp WHERE {
  { ?area cspg:localPolicingBody ?body } UNION { ?body cspg:councilFor ?area } UNION { ?csp cspg:servesArea ?area }
}
"""
_EXISTS = "SELECT ?r WHERE { { ?r ?p ?o } UNION { ?s ?p ?r } } LIMIT 1"


@dataclass
class ResourceIndex:
    """Labels, codes and types of every cspgraph resource in one store, for resolving arguments."""

    labels: dict[str, set[str]] = field(default_factory=dict)  # lower-cased label -> URIs
    codes: dict[str, set[str]] = field(default_factory=dict)  # upper-cased code -> URIs
    names: dict[str, str] = field(default_factory=dict)  # URI -> a display label
    types: dict[str, set[str]] = field(default_factory=dict)
    area_classes: set[str] = field(default_factory=set)
    governing_body: dict[str, set[str]] = field(default_factory=dict)  # area -> LPB or council
    serving_csp: dict[str, set[str]] = field(default_factory=dict)  # area -> CSPs serving it

    @classmethod
    def build(cls, store: GraphStore) -> ResourceIndex:
        idx = cls()
        for row in store.select(_INDEX_LABELS):
            r, key = str(row["r"]), str(row["key"])
            if str(row["isCode"]) == "true":
                idx.codes.setdefault(key.upper(), set()).add(r)
            else:
                idx.labels.setdefault(key.strip().lower(), set()).add(r)
                idx.names.setdefault(r, key)
        for row in store.select(_INDEX_TYPES):
            idx.types.setdefault(str(row["r"]), set()).add(str(row["type"]))
        idx.area_classes = {str(r["c"]) for r in store.select(_INDEX_AREA_CLASSES)}
        for row in store.select(_INDEX_GOVERNS):
            area = str(row["area"])
            if row.get("body") is not None:
                idx.governing_body.setdefault(area, set()).add(str(row["body"]))
            if row.get("csp") is not None:
                idx.serving_csp.setdefault(area, set()).add(str(row["csp"]))
        return idx

    def is_a(self, uri: str, cls: URIRef) -> bool:
        return str(cls) in self.types.get(uri, set())

    def is_area(self, uri: str) -> bool:
        return bool(self.types.get(uri, set()) & self.area_classes)

    def describe(self, uri: str) -> str:
        short = uri.removeprefix(str(ID))
        name = self.names.get(uri)
        return f"{name} ({short})" if name else short


_INDEXES: weakref.WeakKeyDictionary[GraphStore, tuple[int, ResourceIndex]] = weakref.WeakKeyDictionary()


def resource_index(store: GraphStore) -> ResourceIndex:
    """The store's resource index, built once and rebuilt when the store's size changes."""
    size = len(store)
    cached = _INDEXES.get(store)
    if cached is None or cached[0] != size:
        cached = (size, ResourceIndex.build(store))
        _INDEXES[store] = cached
    return cached[1]


_KIND_WORDS = {"body": "body", "csp": "community safety partnership", "pfa": "police force area"}


def _fits(idx: ResourceIndex, uri: str, kind: str) -> bool:
    if kind == "csp":
        return idx.is_a(uri, CSPG.CommunitySafetyPartnership)
    if kind == "pfa":
        return idx.is_a(uri, CSPG.PoliceForceArea)
    return not idx.is_area(uri)


def _narrow(idx: ResourceIndex, candidates: set[str], kind: str) -> set[str]:
    """Keep the candidates of the right kind; an area stands for the body that governs or serves it."""
    fitting = {c for c in candidates if _fits(idx, c, kind)}
    if fitting:
        return fitting
    mapped: set[str] = set()
    for c in candidates:
        if kind == "body":
            mapped |= idx.governing_body.get(c, set())
        elif kind == "csp":
            mapped |= idx.serving_csp.get(c, set())
    return {m for m in mapped if _fits(idx, m, kind)}


def resolve_resource(store: GraphStore, value: str, kind: str = "body") -> URIRef:
    """Resolve a body argument: a URI, ``kind/code`` (e.g. ``chief-officer/E23000008``), a GSS code or a label.

    A GSS code or label of an area stands for the body that governs it when ``kind`` is ``body`` (the local
    policing body of a police force area, the council of a local authority district) and for the CSP that serves it
    when ``kind`` is ``csp``. Labels match rdfs:label, skos:prefLabel and skos:altLabel, ignoring case.

    Raises:
        NotFound: nothing matches (the message suggests close labels or codes).
        InputError: the value matches several resources (the message lists them) or one of the wrong kind.
    """
    text = value.strip()
    if not text:
        raise InputError(f"an empty value is not a {_KIND_WORDS[kind]}")
    idx = resource_index(store)
    if text.startswith(("http://", "https://")) or _KIND_PATH.match(text):
        if text.startswith(("http://", "https://")):
            uri = text
        else:
            m = _KIND_PATH.match(text)
            assert m is not None
            uri = str(ID[f"{m.group(1)}/{m.group(2)}"])
        if uri not in idx.types and not store.select(_EXISTS, {"r": URIRef(uri)}).rows:
            raise NotFound(f"{text!r}: no such resource in the graph ({uri})")
        if not _fits(idx, uri, kind) and kind != "body":
            narrowed = _narrow(idx, {uri}, kind)
            if len(narrowed) == 1:
                return URIRef(narrowed.pop())
            raise InputError(f"{idx.describe(uri)} is not a {_KIND_WORDS[kind]}")
        return URIRef(uri)
    if GSS_CODE.match(text) or text.upper() in idx.codes:
        candidates = idx.codes.get(text.upper(), set())
        if not candidates:
            raise NotFound(f"no resource has the code {text!r}{_suggest(idx, text, codes=True)}")
        what = f"code {text!r}"
    else:
        candidates = idx.labels.get(text.lower(), set())
        if not candidates:
            raise NotFound(f"no resource is labelled {text!r}{_suggest(idx, text, codes=False)}")
        what = f"label {text!r}"
    narrowed = _narrow(idx, candidates, kind)
    if not narrowed:
        found = "; ".join(sorted(idx.describe(c) for c in candidates))
        raise InputError(f"the {what} names {found}, which is not a {_KIND_WORDS[kind]}")
    if len(narrowed) > 1:
        listed = "; ".join(sorted(idx.describe(c) for c in narrowed))
        raise InputError(f"the {what} is ambiguous: it matches {listed} (give a URI or kind/code instead)")
    return URIRef(narrowed.pop())


def _suggest(idx: ResourceIndex, text: str, *, codes: bool) -> str:
    if codes:
        close = difflib.get_close_matches(text.upper(), list(idx.codes), n=5, cutoff=0.7)
    else:
        close = difflib.get_close_matches(text.lower(), list(idx.labels), n=5, cutoff=0.6)
    if not close:
        return ""
    shown = [sorted(idx.codes[c])[0].removeprefix(str(ID)) if codes else c for c in close]
    return "; did you mean " + ", ".join(repr(s) for s in shown) + "?"


# ------------------------------------------------------------------ the registry
class QueryRegistry:
    """The named queries in a folder (default: the project's queries/), by file stem.

    Example:
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

    def run(self, store: GraphStore, name: str, **params: Any) -> SelectResult:
        """Run a named SELECT query with its parameters bound."""
        query = self.get(name)
        if query.form != "SELECT":
            raise QueryError(f"query {name!r} is a {query.form} query; only SELECT queries run here")
        return store.select(query.text, self.bindings(store, name, params))


def convert_param(store: GraphStore, param: Param, value: Any) -> Node:
    """One parameter value as an RDF term: URIs for resource kinds, literals for strings and integers."""
    if isinstance(value, URIRef | Literal):
        return value
    if param.kind in RESOURCE_KINDS:
        return resolve_resource(store, str(value), param.kind)
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


def run_query(store: GraphStore, name: str, /, **params: Any) -> SelectResult:
    """Run the named query of queries/ on ``store`` with its parameters bound.

    Args:
        store: any GraphStore (embedded Oxigraph, rdflib, remote).
        name: the query's file stem, e.g. ``"list-csp-responsible-authorities"``.
        **params: parameter values: a GSS code, URI, ``kind/code`` or unique label for body, csp and pfa
            parameters; text or numbers for string and int parameters.

    Returns:
        The SELECT result (variables and rows of rdflib terms).
    """
    return default_registry().run(store, name, **params)


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
