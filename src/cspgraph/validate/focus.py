"""The focus nodes of a shape's targets, computed once per run and per target (as pyoxigraph terms)."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import pyoxigraph as ox

from cspgraph import resources
from cspgraph.stores import to_ox
from cspgraph.validate.data import Data, query

__all__ = ["Focus"]


class Focus:
    """Focus nodes of targets over one run's data: ``of("class", cls)``, ``of("node", n)``, ``of("subjectsOf", p)``...

    Instances of a target class include those of its subclasses (``rdfs:subClassOf*`` in the data).
    """

    def __init__(self, d: Data) -> None:
        self.d = d
        self.cache: dict[tuple[str, Any], set[Any]] = {}
        self._subclasses: dict[Any, set[Any]] | None = None

    def subclasses(self, cls: Any) -> set[Any]:
        """The class and its subclasses, transitively."""
        if self._subclasses is None:
            edges: dict[Any, set[Any]] = defaultdict(set)
            res = query(
                self.d.store, resources.internal_query("validate-subclass-edges"), default_graph=self.d.default_graph
            )
            for sol in res:
                edges[sol["sup"]].add(sol["sub"])
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
            text = resources.internal_query("validate-instances")
            out: set[Any] = set()
            for c in self.subclasses(v):
                res = query(
                    self.d.store, text, default_graph=self.d.default_graph, substitutions={ox.Variable("class"): c}
                )
                out.update(sol["this"] for sol in res)
            return out
        graphs = set(self.d.default_graph)
        quads = self.d.store.quads_for_pattern(None, v, None, None)
        if kind == "subjectsOf":
            return {q.subject for q in quads if q.graph_name in graphs}
        return {q.object for q in quads if q.graph_name in graphs}
