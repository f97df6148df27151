"""The reference engine: plain ``pyshacl.validate`` over an rdflib graph of the same data."""

from __future__ import annotations

from typing import Any

from rdflib import Graph, Literal
from rdflib.namespace import XSD

from cspgraph.errors import InputError
from cspgraph.namespaces import SH, bind_prefixes
from cspgraph.validate.compile import imports_closure
from cspgraph.validate.data import Data, as_graph
from cspgraph.validate.engine import report_graph

__all__ = ["run_pyshacl"]


def for_pyshacl(sg: Graph) -> Graph:
    """The shapes graph as pySHACL should read it, where pySHACL departs from the specification: the prefixes of
    ontologies reached through ``owl:imports`` are declared on the ``sh:prefixes`` node (pySHACL does not follow
    them), and an ``sh:uniqueLang`` other than ``true`` is dropped (SHACL activates the constraint only for
    ``true``; pySHACL also for ``"1"^^xsd:boolean``)."""
    out = Graph()
    out += sg
    for pv in set(sg.objects(None, SH.prefixes)):
        for imported in imports_closure(sg, pv)[1:]:
            for decl in sg.objects(imported, SH.declare):
                out.add((pv, SH.declare, decl))
    for s, o in list(sg.subject_objects(SH.uniqueLang)):
        if not (isinstance(o, Literal) and o.datatype == XSD.boolean and str(o) == "true"):
            out.remove((s, SH.uniqueLang, o))
    return out


def run_pyshacl(d: Data, sg: Graph, focus: set[Any] | None) -> Graph:
    """pySHACL's report graph for the data against the shapes graph (only about ``focus`` when given).

    pySHACL runs with its defaults: no inference, no ``owl:imports`` followed (so nothing is fetched).

    Raises:
        InputError: pySHACL refused the shapes graph, or cannot evaluate it (``$shapesGraph``).
    """
    import pyshacl

    kwargs: dict[str, Any] = {}
    if focus is not None:
        if not focus:
            return report_graph([], sg)
        kwargs["focus_nodes"] = sorted(focus)
    try:
        _, report, text = pyshacl.validate(as_graph(d), shacl_graph=for_pyshacl(sg), **kwargs)
    except (NotImplementedError, pyshacl.errors.ReportableRuntimeError) as e:
        raise InputError(f"pySHACL cannot run these shapes: {e}; use the default engine") from e
    if not isinstance(report, Graph):
        raise InputError(f"pySHACL refused the shapes: {text}")
    return bind_prefixes(report)
