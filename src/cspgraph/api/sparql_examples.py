"""The examples of the query page: the named queries of queries/*.rq, each with its parameters filled in with its
``#+ example:`` values, so that it runs as it is (:func:`examples`); a few built-in ones when the library is absent."""

from __future__ import annotations

import re
from collections.abc import Mapping

from rdflib.term import Node

from cspgraph.errors import CspGraphError
from cspgraph.stores import GraphStore

BUILTIN_EXAMPLES = [
    (
        "csps-in-a-police-force-area",
        "The Community Safety Partnerships in one police force area (Durham), with their responsible authorities.",
        """PREFIX cspg: <https://w3id.org/cspgraph/def/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?csp ?name ?authority ?authorityName WHERE {
  ?csp a cspg:CommunitySafetyPartnership ;
       cspg:policeForceArea <https://w3id.org/cspgraph/id/police-force-area/E23000008> ;
       rdfs:label ?name ;
       cspg:responsibleAuthority ?authority .
  ?authority rdfs:label ?authorityName .
} ORDER BY ?name ?authorityName""",
    ),
    (
        "who-holds-each-local-policing-body-to-account",
        "Each local policing body and the bodies it reports to (org:reportsTo), with labels.",
        """PREFIX org: <http://www.w3.org/ns/org#>
PREFIX cspg: <https://w3id.org/cspgraph/def/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?body ?name ?accountableTo ?toName WHERE {
  ?body a/rdfs:subClassOf* cspg:LocalPolicingBody ; rdfs:label ?name ; org:reportsTo ?accountableTo .
  OPTIONAL { ?accountableTo rdfs:label ?toName }
} ORDER BY ?name""",
    ),
    (
        "memberships-by-provision",
        "How many responsible-authority memberships each paragraph of CDA 1998 s5(1) creates.",
        """PREFIX cspg: <https://w3id.org/cspgraph/def/>
SELECT ?citation (COUNT(?m) AS ?memberships) WHERE {
  ?m a cspg:ResponsibleAuthorityMembership ; cspg:statutoryBasis ?p .
  ?p cspg:citation ?citation .
} GROUP BY ?citation ORDER BY DESC(?memberships)""",
    ),
    (
        "describe-a-csp",
        "Everything about Safer Durham Partnership's CSP, as RDF (a DESCRIBE query).",
        "DESCRIBE <https://w3id.org/cspgraph/id/csp/E22000365>",
    ),
]


def examples(store: GraphStore | None = None) -> list[dict[str, str]]:
    """The named queries of queries/*.rq (with their ``#+ summary:``), else a few built-in examples.

    With a store, each query that takes parameters comes filled in with its ``#+ example:`` values (a ``VALUES``
    block at the start of its ``WHERE``), so that it runs as it is and answers for that example (``filled`` says
    which), not for every body at once.
    """
    from cspgraph.queries import default_registry

    registry = default_registry()
    out = []
    for q in registry:
        text, filled = q.text, ""
        if store is not None and q.params and q.example:
            try:
                values = registry.bindings(store, q.name, q.example)
            except CspGraphError:
                values = {}
            text = _filled(store, q.text, q.form, values)
            filled = ", ".join(f"{k} = {v}" for k, v in q.example.items()) if values else ""
        out.append({"name": q.name, "summary": q.summary, "query": text, "filled": filled})
    if not out:
        out = [{"name": n, "summary": s, "query": q, "filled": ""} for n, s, q in BUILTIN_EXAMPLES]
    return out


_WHERE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


def _filled(store: GraphStore, text: str, form: str, values: Mapping[str, Node]) -> str:
    """The query text that answers as the query with ``values`` bound beforehand does: ``VALUES`` at the start of
    its ``WHERE``, or (where a parameter is read inside a nested group, as in a FILTER of a UNION branch, which a
    VALUES block outside the group does not reach) each parameter written in place with a closing ``VALUES``."""
    first = with_values(text, values)
    if form != "SELECT" or not values:
        return first
    try:
        expected = len(store.select(text, values))
    except CspGraphError:
        return first
    for candidate in (first, in_place(text, values)):
        try:
            if len(store.select(candidate)) == expected:
                return candidate
        except (CspGraphError, ValueError, SyntaxError):
            continue
    return first


def in_place(text: str, values: Mapping[str, Node]) -> str:
    r"""The query with each parameter written as its term in the ``WHERE`` clause, and a closing ``VALUES`` that
    binds it for the projection.

    >>> from rdflib import URIRef
    >>> in_place("SELECT ?a WHERE { ?s ?p ?a FILTER(?a != ?ab) }", {"a": URIRef("http://x/1")})
    'SELECT ?a WHERE { ?s ?p <http://x/1> FILTER(<http://x/1> != ?ab) }\nVALUES (?a) { (<http://x/1>) }\n'
    """
    m = _WHERE.search(text)
    if not m:
        return text
    body = text[m.start() :]
    for k, v in values.items():
        term = v.n3().replace("\\", "\\\\")  # a replacement string: its backslashes doubled
        body = re.sub(rf"[?$]{re.escape(k)}\b", term, body)
    names = " ".join(f"?{k}" for k in values)
    terms = " ".join(v.n3() for v in values.values())
    return f"{text[: m.start()]}{body.rstrip()}\nVALUES ({names}) {{ ({terms}) }}\n"


def with_values(text: str, values: Mapping[str, Node]) -> str:
    r"""The query with ``VALUES ?name { term }`` for each value, at the start of its first ``WHERE`` group.

    >>> from rdflib import URIRef
    >>> with_values("# WHERE { comments are skipped }\nSELECT * WHERE { ?s ?p ?pfa }", {"pfa": URIRef("http://x/1")})
    '# WHERE { comments are skipped }\nSELECT * WHERE {\n  VALUES ?pfa { <http://x/1> }\n ?s ?p ?pfa }'
    """
    if not values:
        return text
    offset = 0
    for line in text.splitlines(keepends=True):
        m = None if line.lstrip().startswith("#") else _WHERE.search(line)
        if m:
            at = offset + m.end()
            block = "".join(f"\n  VALUES ?{k} {{ {v.n3()} }}" for k, v in values.items())
            return text[:at] + block + "\n" + text[at:]
        offset += len(line)
    return text
