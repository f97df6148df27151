"""The focus nodes of a shape's targets, computed once per run and per target (as pyoxigraph terms)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pyoxigraph as ox

from cspgraph.stores import to_ox
from cspgraph.validate.data import Data

__all__ = ["Focus"]

_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_SUBCLASS_OF = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#subClassOf")


class Focus:
    """Focus nodes of targets over one run's data: ``of("class", cls)``, ``of("node", n)``, ``of("subjectsOf", p)``...

    Instances of a target class include those of its subclasses (``rdfs:subClassOf*`` in the data). Every target is
    a triple pattern, read from the store's indexes (no SPARQL to parse and plan).
    """

    def __init__(self, d: Data) -> None:
        self.d = d
        self.cache: dict[tuple[str, Any], set[Any]] = {}
        self._subclasses: dict[Any, set[Any]] | None = None
        self._graphs = set(d.default_graph)

    def subclasses(self, cls: Any) -> set[Any]:
        """The class and its subclasses, transitively."""
        if self._subclasses is None:
            edges: dict[Any, set[Any]] = defaultdict(set)
            for q in self._pattern(None, _SUBCLASS_OF, None):
                edges[q.object].add(q.subject)
            self._subclasses = edges
        out, todo = {cls}, [cls]
        while todo:
            for sub in self._subclasses.get(todo.pop(), ()):
                if sub not in out:
                    out.add(sub)
                    todo.append(sub)
        return out

    def of(self, kind: str, value: Any) -> set[Any]:
        """The focus nodes of one target (``kind`` as in :data:`cspgraph.validate.compile.TARGETS`)."""
        key = (kind, value)
        if key not in self.cache:
            self.cache[key] = self._compute(kind, to_ox(value))
        return self.cache[key]

    def _compute(self, kind: str, v: Any) -> set[Any]:
        if kind == "node":
            return {v}
        if kind == "class":
            return {q.subject for c in self.subclasses(v) for q in self._pattern(None, _TYPE, c)}
        quads = self._pattern(None, v, None)
        if kind == "subjectsOf":
            return {q.subject for q in quads}
        return {q.object for q in quads}

    def _pattern(self, s: Any, p: Any, o: Any) -> list[Any]:
        """The quads of a triple pattern in the graphs that make up the data (a look-up on the store's indexes)."""
        graphs = self._graphs
        return [q for q in self.d.store.quads_for_pattern(s, p, o, None) if q.graph_name in graphs]
