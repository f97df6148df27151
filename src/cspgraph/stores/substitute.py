"""Binding query parameters for a SPARQL server: checked constants substituted into the query text.

The SPARQL 1.1 Protocol has no way to send bindings with a query, so a store on a server gets the query with each
bound variable replaced by its constant, as the embedded store's substitution does (RDF-dev SEP-0007): in the
patterns and expressions the constant stands where the variable was, and a bound variable that the SELECT clause
projects is projected as ``(<constant> AS ?variable)``, so the answer still has the column. A ``VALUES`` block
would not be the same thing: engines evaluate OPTIONAL, UNION, FILTER and subquery branches before joining it.

The text is read by a small tokenizer that knows SPARQL's strings, IRIs, comments and variables, so that a ``?x``
inside a string or an IRI is never touched; the constants are serialised and checked by
:func:`cspgraph.stores.terms.n3` (an IRI that could break out of ``<...>`` is refused), never pasted.

Examples:
    >>> from rdflib import URIRef
    >>> substitute("SELECT ?pfa ?csp WHERE { ?csp cspg:policeForceArea ?pfa }",
    ...            {"pfa": URIRef("https://w3id.org/cspgraph/id/police-force-area/E23000008")})
    'SELECT (<https://w3id.org/cspgraph/id/police-force-area/E23000008> AS ?pfa) ?csp WHERE { ?csp cspg:policeForceArea <https://w3id.org/cspgraph/id/police-force-area/E23000008> }'
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from cspgraph.errors import QueryError
from cspgraph.stores.terms import n3

__all__ = ["substitute", "with_values"]

_TOKEN = re.compile(
    r'(?P<skip>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
    r'|"(?:[^"\\\n\r]|\\.)*"|\'(?:[^\'\\\n\r]|\\.)*\'|<[^<>"{}|^`\\\x00-\x20]*>|#[^\n\r]*)'
    r"|(?P<var>[?$][A-Za-z_0-9\u00B7-\uFFFF]+)"
    r"|(?P<word>[A-Za-z]+)"
    r"|(?P<open>[({])|(?P<close>[)}])|(?P<star>\*)",
    re.DOTALL,
)


class _Rewriter:
    """One pass over the query's tokens, knowing which clause each variable is in."""

    def __init__(self, query: str, constants: dict[str, str]) -> None:
        self.query = query
        self.constants = constants
        self.out: list[str] = []
        self.pos = 0
        self.depth = 0  # brackets ( and { together
        self.projection: int | None = None  # the depth of the SELECT clause being read, if any
        self.items = 0  # items kept in that SELECT clause
        self.ordering: int | None = None  # the depth of a GROUP BY / ORDER BY clause being read, if any
        self.previous = ""

    def emit(self, start: int, end: int, text: str) -> None:
        self.out.append(self.query[self.pos : start])
        self.out.append(text)
        self.pos = end

    def end_projection(self, at: int) -> None:
        """A subquery's SELECT clause left with no item (its only one was bound) projects ``*``."""
        if self.projection is not None and self.projection > 0 and self.items == 0:
            self.emit(at, at, "* ")
        self.projection = None

    def word(self, word: str, start: int) -> None:
        if word == "SELECT":
            self.projection, self.items = self.depth, 0
        elif word == "WHERE" and self.projection == self.depth:
            self.end_projection(start)
        elif word == "BY" and self.previous in ("GROUP", "ORDER"):
            self.ordering = self.depth
        elif word in ("HAVING", "LIMIT", "OFFSET", "VALUES") and self.ordering == self.depth:
            self.ordering = None
        self.previous = word

    def bracket(self, text: str, start: int) -> None:
        if self.projection == self.depth:
            if text == "{":
                self.end_projection(start)
            elif text == "(":
                self.items += 1
        if text == "{" and self.ordering == self.depth:
            self.ordering = None
        self.depth = self.depth + 1 if text in "({" else max(0, self.depth - 1)
        if self.ordering is not None and self.depth < self.ordering:
            self.ordering = None
        self.previous = ""

    def variable(self, token: str, start: int, end: int) -> None:
        name = token[1:]
        in_projection = self.projection is not None and self.depth == self.projection
        if name not in self.constants or self.previous in ("AS", "VALUES"):
            self.items += in_projection
        elif in_projection and self.depth == 0:
            self.emit(start, end, f"({self.constants[name]} AS ?{name})")
            self.items += 1
        elif in_projection:
            self.emit(start, end, "")  # a subquery's projection: the constant needs no column there
        elif self.ordering is not None:
            self.emit(start, end, f"({self.constants[name]})")
        else:
            self.emit(start, end, self.constants[name])
        self.previous = ""

    def run(self) -> str:
        for m in _TOKEN.finditer(self.query):
            kind = m.lastgroup
            if kind == "word":
                self.word(m.group().upper(), m.start())
            elif kind in ("open", "close"):
                self.bracket(m.group(), m.start())
            elif kind == "var":
                self.variable(m.group(), m.start(), m.end())
            elif kind == "star" and self.projection == self.depth:
                self.items += 1
        self.out.append(self.query[self.pos :])
        return "".join(self.out)


def substitute(query: str, bindings: Mapping[str, Any] | None) -> str:
    """The query with each bound variable replaced by its checked constant (see the module docstring)."""
    if not bindings:
        return query
    for name in bindings:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise QueryError(f"invalid variable name {name!r}")
    return _Rewriter(query, {name: n3(term) for name, term in bindings.items()}).run()


def with_values(query: str, name: str, terms: Sequence[Any]) -> str:
    r"""The query with a closing ``VALUES ?name { ... }`` of checked constants: one run for a set of values.

    Only for a query whose every branch starts from ``?name`` in a triple pattern (no OPTIONAL, FILTER or subquery
    that would see the variable unbound), so that joining the values at the end means what binding each one does.

    A query with lines that are only ``VALUES ?name { UNDEF }`` (each meaning "any value" when the query is run as
    it is) gets the constants on those lines instead, and no closing block: one at the start of each ``UNION``
    branch makes the engine join the values inside the branch rather than evaluate the branch over the whole graph
    first (the same answer: a join distributes over a union).

    >>> from rdflib import URIRef
    >>> with_values("SELECT ?a ?b WHERE { ?a <http://x/p> ?b }", "a", [URIRef("http://x/1"), URIRef("http://x/2")])
    'SELECT ?a ?b WHERE { ?a <http://x/p> ?b }\nVALUES ?a { <http://x/1> <http://x/2> }\n'
    >>> text = "SELECT * WHERE {\n { VALUES ?a { UNDEF } ?a ?p 1 } UNION {\n  VALUES ?a { UNDEF }\n  ?a ?p 2 } }"
    >>> with_values(text, "a", [URIRef("http://x/1")]).split("\n")
    ['SELECT * WHERE {', ' { VALUES ?a { UNDEF } ?a ?p 1 } UNION {', '  VALUES ?a { <http://x/1> }', '  ?a ?p 2 } }']
    """
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
        raise QueryError(f"invalid variable name {name!r}")
    values = " ".join(n3(t) for t in terms)
    slot = re.compile(rf"^([ \t]*)VALUES[ \t]+\?{name}[ \t]*\{{[ \t]*UNDEF[ \t]*\}}[ \t]*$", re.M)
    if slot.search(query):
        return slot.sub(lambda m: f"{m[1]}VALUES ?{name} {{ {values} }}", query)
    return f"{query.rstrip()}\nVALUES ?{name} {{ {values} }}\n"
