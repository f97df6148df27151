"""SHACL-SPARQL, statically: the syntax rules a shape's query must follow, and how the fast engine may run it.

SHACL pre-binds ``$this`` (and ``$shapesGraph``, ``$currentShape``, a component's parameters, ``$value`` in an ASK
validator): the query is evaluated as if each were replaced by its value. Running the query once with ``$this``
unbound and keeping the solutions for the focus nodes gives the same answer only when ``$this`` is bound by a triple
pattern of the query's top-level group and every other use sees that binding. :func:`plan` reads the parsed query
and says which of three ways is right:

* ``"unbound"``: one run over the whole store, solutions kept for the focus nodes (the project's own shapes);
* ``"per-focus"``: one run per focus node with ``$this`` bound, where Oxigraph's bound evaluation is substitution
  (``$this`` only in triple patterns, FILTER, EXISTS, OPTIONAL, UNION branches and sub-SELECTs that return it);
* ``None``: neither is known to be equivalent (``BIND($this AS ?x)``, ``bound($this)``, ``$this`` in a nested
  group or a GRAPH, where Oxigraph's bound evaluation differs from substitution), and pySHACL checks the shape.

:func:`check_rules` refuses what the specification forbids (MINUS, VALUES, SERVICE, a sub-SELECT that does not return
``$this``, ``AS $this`` or ``BIND(... AS $this)``), before anything runs, on every engine.

Examples:
    >>> plan("SELECT $this WHERE { $this a ?c . FILTER NOT EXISTS { $this <urn:x:p> ?v } }").mode
    'unbound'
    >>> plan("SELECT $this WHERE { FILTER NOT EXISTS { $this <urn:x:p> ?v } }").mode
    'per-focus'
    >>> plan("SELECT $this WHERE { BIND($this AS ?x) FILTER(?x = <urn:x:a>) }").mode is None
    True
    >>> check_rules("SELECT $this WHERE { $this ?p ?o MINUS { $this ?p 1 } }", {"this"})
    Traceback (most recent call last):
    ...
    cspgraph.validate.sparql.RuleBroken: uses MINUS, which a SHACL-SPARQL query may not use
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pyparsing import ParseResults
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.term import Variable

__all__ = ["Plan", "RuleBroken", "check_rules", "parse", "plan"]

THIS = Variable("this")
_FORBIDDEN = {
    "MinusGraphPattern": "MINUS",
    "InlineData": "VALUES",
    "ServiceGraphPattern": "SERVICE (validation never makes a network request)",
}
_UNSAFE, _NEUTRAL, _SAFE = 0, 1, 2


class RuleBroken(ValueError):
    """The query breaks a syntax rule of SHACL-SPARQL (the message says which)."""


@dataclass(frozen=True)
class Plan:
    """How the fast engine runs a SELECT constraint: ``mode`` is "unbound", "per-focus" or None (pySHACL)."""

    mode: str | None
    reason: str


def parse(text: str) -> Any:
    """The parse tree of a query (rdflib's SPARQL 1.1 parser; pre-bound ``$this`` parses as a variable).

    Raises:
        RuleBroken: the text is not SPARQL.
    """
    try:
        return parseQuery(text)[1]
    except Exception as e:  # pyparsing raises several exception types
        raise RuleBroken(f"is not valid SPARQL: {e}") from e


def _get(node: Any, key: str) -> Any:
    """A parse-tree node's own value for ``key`` (None when absent), without rdflib's variable lookup."""
    return dict.get(node, key) if isinstance(node, dict) else None


def _nodes(value: Any) -> Iterator[Any]:
    """Every CompValue under a parse-tree value, depth first."""
    todo = [value]
    while todo:
        x = todo.pop()
        if isinstance(x, CompValue):
            yield x
            todo.extend(x.values())
        elif isinstance(x, list | tuple | ParseResults):
            todo.extend(x)


def _mentions(value: Any, var: Variable = THIS) -> bool:
    todo = [value]
    while todo:
        x = todo.pop()
        if x == var and isinstance(x, Variable):
            return True
        if isinstance(x, CompValue):
            todo.extend(x.values())
        elif isinstance(x, list | tuple | ParseResults):
            todo.extend(x)
    return False


def _projected(select: Any) -> set[Variable] | None:
    """The variables a (sub-)SELECT returns by name; None for ``SELECT *``."""
    proj = _get(select, "projection")
    if not proj:
        return None
    return {_get(v, "var") for v in proj if _get(v, "var") is not None}


def check_rules(text: str, prebound: set[str]) -> Any:
    """Refuse a query that breaks SHACL-SPARQL's syntax rules; return its parse tree.

    Args:
        text: the query with its PREFIX declarations.
        prebound: the names of the variables SHACL pre-binds for this query (``this``, parameters, ``value``...).

    Raises:
        RuleBroken: MINUS, VALUES or SERVICE anywhere; a sub-SELECT that does not return ``$this``; ``AS`` or BIND
            assigning a pre-bound variable.
    """
    tree = parse(text)
    if _get(tree, "valuesClause") is not None:
        raise RuleBroken("uses VALUES, which a SHACL-SPARQL query may not use")
    bound = {Variable(n) for n in prebound}
    for node in _nodes(tree):
        if node.name in _FORBIDDEN:
            raise RuleBroken(f"uses {_FORBIDDEN[node.name]}, which a SHACL-SPARQL query may not use")
        if node.name == "SubSelect" and THIS in bound:
            returned = _projected(node)
            in_scope = returned is None and any(
                n.name == "TriplesBlock" and _mentions(n) for n in _nodes(node["where"])
            )
            if not (in_scope or (returned is not None and THIS in returned)):
                raise RuleBroken("has a sub-SELECT that does not return $this, which SHACL requires")
        if node.name == "Bind" and _get(node, "var") in bound:
            raise RuleBroken(f"assigns the pre-bound variable ?{node['var']} with BIND")
        if node.name == "vars" and _get(node, "evar") in bound:
            raise RuleBroken(f"assigns the pre-bound variable ?{node['evar']} with AS")
    return tree


def _group(g: Any) -> int:
    """The class of a group pattern: _SAFE (binds $this, substitution-equivalent), _NEUTRAL or _UNSAFE."""
    state = _NEUTRAL
    filters = []
    for part in _get(g, "part") or []:
        name = part.name
        if name == "TriplesBlock":
            state = _SAFE if _mentions(part) and state != _UNSAFE else state
        elif name == "Filter":
            filters.append(part)
        elif name == "OptionalGraphPattern":
            inner = _branch(part["graph"])
            if inner == _UNSAFE or (_mentions(part) and state != _SAFE):
                return _UNSAFE
        elif name == "Bind":
            if _mentions(part) and state != _SAFE:
                return _UNSAFE
        elif name == "GroupOrUnionGraphPattern":
            branches = [_branch(b) for b in part["graph"]]
            if _UNSAFE in branches:
                return _UNSAFE
            if all(b == _SAFE for b in branches):
                state = _SAFE
        elif _mentions(part):  # GRAPH, anything else that uses $this
            return _UNSAFE
    if any(_mentions(f) for f in filters) and state != _SAFE:
        return _UNSAFE
    return state


def _branch(b: Any) -> int:
    if b.name != "SubSelect":
        return _group(b)
    if not _mentions(b["where"]):  # returning $this without using it (as SHACL asks) leaves it unbound: neutral
        return _NEUTRAL
    returned = _projected(b)
    return (
        _SAFE if returned is not None and THIS in returned and _per_this(b) and _group(b["where"]) == _SAFE else _UNSAFE
    )


def _per_this(select: Any) -> bool:
    """Whether a (sub-)SELECT's solution modifiers keep each $this apart: no LIMIT/OFFSET, and aggregates only
    grouped by $this."""
    groupby = _get(select, "groupby")
    own = [_get(select, k) for k in ("projection", "having", "orderby")]  # not the sub-queries' aggregates
    aggregated = groupby is not None or any(n.name.startswith("Aggregate_") for n in _nodes(own))
    grouped_by_this = groupby is not None and THIS in list(_get(groupby, "condition") or [])
    return _get(select, "limitoffset") is None and (grouped_by_this or not aggregated)


def _substitutable(g: Any) -> bool:
    """Whether Oxigraph's bound evaluation of the group equals substitution: $this only in triple patterns,
    FILTER and EXISTS, OPTIONAL groups, UNION branches and sub-SELECTs of the same kind."""
    for part in _get(g, "part") or []:
        if not _mentions(part) or part.name in ("TriplesBlock", "Filter"):
            continue
        if part.name == "OptionalGraphPattern" and _substitutable(part["graph"]):
            continue
        if part.name != "GroupOrUnionGraphPattern":
            return False
        branches = part["graph"]
        if len(branches) == 1 and branches[0].name != "SubSelect":
            return False  # a nested group: Oxigraph evaluates it without the bound $this
        if not all(_substitutable(b["where"] if b.name == "SubSelect" else b) for b in branches):
            return False
    return True


def plan(text: str) -> Plan:
    """How to run a SELECT constraint on the fast engine (see the module's docstring)."""
    tree = parse(text)
    if tree.name != "SelectQuery":
        return Plan(None, "the constraint is not a SELECT query")
    returned = _projected(tree)
    if returned is not None and THIS not in returned:
        return Plan(None, "the query does not select $this")
    if _group(tree["where"]) == _SAFE and _per_this(tree):
        return Plan("unbound", "$this is bound by a triple pattern of the query's top-level group")
    if _substitutable(tree["where"]) and not any(n.name == "Builtin_BOUND" and _mentions(n) for n in _nodes(tree)):
        return Plan("per-focus", "$this is used where an unbound run would change the meaning; run per focus node")
    return Plan(
        None, "$this is used where neither one unbound run nor Oxigraph's bound evaluation is known to be right"
    )
