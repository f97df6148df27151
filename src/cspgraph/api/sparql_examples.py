"""The examples of the query page: the named queries of queries/*.rq, each with its parameters filled in with its
``#+ example:`` values, so that it runs as it is (:func:`examples`)."""

from __future__ import annotations

from cspgraph.errors import CspGraphError
from cspgraph.stores import GraphStore
from cspgraph.stores.substitute import substitute


def examples(store: GraphStore | None = None) -> list[dict[str, str]]:
    """The named queries of queries/*.rq, with their ``#+ summary:``.

    With a store, each query that takes parameters comes with its ``#+ example:`` values written in place of its
    parameters (:func:`cspgraph.stores.substitute.substitute`, the substitution a SPARQL server is sent), so that it
    runs as it is and answers for that example (``filled`` says which), not for every body at once.
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
            if values:
                text = substitute(q.text, values)
                filled = ", ".join(f"{k} = {v}" for k, v in q.example.items())
        out.append({"name": q.name, "summary": q.summary, "query": text, "filled": filled})
    return out
