"""The data graph a validation runs on: the caller's store, graph or files, with the date rules treat as today.

A store is validated in place (never modified) when nothing has to be added; otherwise the data is copied into a
fresh in-memory Oxigraph store with the extra files, the ontology (for subclass targets) and one ``cspg:asOf``.
When the caller passes an rdflib Graph, that graph (with the same additions) is what the pySHACL engine sees, so
literals reach it exactly as written, ill-formed ones included.

Examples:
    >>> parse_date("2024-12-31"), parse_date(dt.date(2021, 1, 1))
    ('2024-12-31', '2021-01-01')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import XSD

from cspgraph import resources
from cspgraph.errors import InputError
from cspgraph.namespaces import CSPG, ID
from cspgraph.stores import GraphStore, to_ox, to_rdflib
from cspgraph.stores.oxigraph import load_into

__all__ = ["DATASET_NODE", "OPEN_ENDED", "Data", "as_graph", "parse_date", "prepare", "query"]

DATASET_NODE = ID["dataset/cspgraph"]
OPEN_ENDED = "9999-12-31"  # the as-of used when neither the data nor the caller gives a date
_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"  # store plumbing


@dataclass
class Data:
    """The data graph of one run: a pyoxigraph store, the graphs that make up the data, its date and size.

    ``original`` is the rdflib graph the caller passed, with the same additions, when there was one.
    """

    store: ox.Store
    default_graph: list[Any]
    as_of: str | None
    triples: int
    original: Graph | None = None


def query(store: ox.Store, text: str, **kwargs: Any) -> Any:
    """``Store.query`` typed as Any (pyoxigraph returns a union of result kinds)."""
    return store.query(text, **kwargs)


def parse_date(value: str | dt.date) -> str:
    """A date as ``YYYY-MM-DD``.

    Raises:
        InputError: the value is not a date.
    """
    if isinstance(value, dt.date):
        return value.isoformat()
    try:
        return dt.date.fromisoformat(str(value)).isoformat()
    except ValueError as e:
        raise InputError(f"{value!r} is not a date: use YYYY-MM-DD") from e


def _source(data: Any) -> ox.Store | None:
    if isinstance(data, GraphStore):
        return data.oxigraph()  # the embedded store itself; a copy of any other store
    if isinstance(data, ox.Store):
        return data
    if isinstance(data, Graph):
        return None
    raise InputError(f"cannot validate a {type(data).__name__}: pass a store, an rdflib Graph or a pyoxigraph Store")


def _wants_ontology(store: ox.Store, graphs: list[Any], include_ontology: bool | None) -> bool:
    if include_ontology is not None:
        return include_ontology
    return not bool(query(store, resources.internal_query("validate-has-ontology"), default_graph=graphs))


def prepare(
    data: Any, extra_files: Sequence[str | Path], as_of: str | dt.date | None, include_ontology: bool | None
) -> Data:
    """The data graph for a run (see the module's docstring).

    Raises:
        InputError: an unsupported kind of data, a bad date, or an unreadable extra file (naming file and line).
    """
    shapes_graph = ox.NamedNode(resources.SHAPES_GRAPH)
    override = parse_date(as_of) if as_of is not None else None
    src = _source(data)
    if src is not None:
        graphs: list[Any] = [g for g in src.named_graphs() if g != shapes_graph] + [ox.DefaultGraph()]
        dates = sorted(
            str(s["d"].value) for s in query(src, resources.internal_query("validate-as-of"), default_graph=graphs)
        )
        if (
            not extra_files
            and override in (None, *dates)
            and len(dates) == 1
            and not _wants_ontology(src, graphs, include_ontology)
        ):
            return Data(src, graphs, dates[0], _count(src, graphs))
    work = ox.Store()
    target = ox.DefaultGraph()
    original: Graph | None = None
    if src is not None:
        work.extend(ox.Quad(q.subject, q.predicate, q.object, target) for q in src if q.graph_name != shapes_graph)
    else:
        original = Graph()
        original += data
        work.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), target) for s, p, o in data)
    added = ox.Store()
    for f in extra_files:
        load_into(added, Path(f), target)
    if _wants_ontology(work, [target], include_ontology) and _wants_ontology(added, [target], include_ontology):
        for f in resources.ontology_files():
            added.load(path=str(f), format=ox.RdfFormat.TURTLE, to_graph=target)
    _add(work, original, list(added))
    effective = _set_as_of(work, original, override)
    return Data(work, [target], effective, len(work), original)


def _add(work: ox.Store, original: Graph | None, quads: list[Any]) -> None:
    work.extend(quads)
    if original is not None:
        for q in quads:
            original.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))  # type: ignore[arg-type]


def _set_as_of(work: ox.Store, original: Graph | None, override: str | None) -> str | None:
    """Leave one ``cspg:asOf`` in the data: the caller's date, else the data's only (or latest) one."""
    as_of_p = ox.NamedNode(str(CSPG.asOf))
    dates = sorted(str(getattr(q.object, "value", q.object)) for q in work.quads_for_pattern(None, as_of_p, None, None))
    if override is None and len(dates) == 1:
        return dates[0]
    for q in list(work.quads_for_pattern(None, as_of_p, None, None)):
        work.remove(q)
    if original is not None:
        original.remove((None, CSPG.asOf, None))
    chosen = override or (dates[-1] if dates else None)
    work.add(ox.Quad(ox.NamedNode(str(DATASET_NODE)), as_of_p, _date(chosen or OPEN_ENDED), ox.DefaultGraph()))
    if original is not None:
        original.add((URIRef(str(DATASET_NODE)), CSPG.asOf, Literal(chosen or OPEN_ENDED, datatype=XSD.date)))
    return chosen


def _date(value: str) -> Any:
    return ox.Literal(value, datatype=ox.NamedNode(str(XSD.date)))


def _count(store: ox.Store, graphs: list[Any]) -> int:
    res = query(store, _COUNT, default_graph=graphs)
    return int(next(iter(res))["n"].value)


def as_graph(d: Data) -> Graph:
    """The data as an rdflib graph (for pySHACL): the caller's own graph when there was one, else a copy."""
    if d.original is not None:
        return d.original
    g = Graph()
    for q in d.store.quads_for_pattern(None, None, None, None):
        if q.graph_name in d.default_graph or isinstance(q.graph_name, ox.DefaultGraph):
            g.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))  # type: ignore[arg-type]
    return g
