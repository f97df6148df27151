"""The reference engine: plain ``pyshacl.validate`` over an rdflib graph of the same data."""

from __future__ import annotations

from typing import Any

from rdflib import Graph

from cspgraph.errors import InputError
from cspgraph.namespaces import bind_prefixes
from cspgraph.validate.data import Data, as_graph
from cspgraph.validate.engine import report_graph

__all__ = ["run_pyshacl"]


def run_pyshacl(d: Data, sg: Graph, focus: set[Any] | None) -> Graph:
    """pySHACL's report graph for the data against the shapes graph (only about ``focus`` when given).

    pySHACL runs with its defaults: no inference, no ``owl:imports`` followed (so nothing is fetched).

    Raises:
        InputError: pySHACL refused the shapes graph.
    """
    import pyshacl

    kwargs: dict[str, Any] = {}
    if focus is not None:
        if not focus:
            return report_graph([], sg)
        kwargs["focus_nodes"] = sorted(focus)
    _, report, text = pyshacl.validate(as_graph(d), shacl_graph=sg, **kwargs)
    if not isinstance(report, Graph):
        raise InputError(f"pySHACL refused the shapes: {text}")
    return bind_prefixes(report)
