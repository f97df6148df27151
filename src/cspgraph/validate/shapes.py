"""Shapes files: finding and parsing them (cached per set of files), and checking them against SHACL-for-SHACL.

Examples:
    >>> bundle = load_shapes()
    >>> len(bundle.files) >= 8 and bundle.compiled is not None
    True
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import rdflib
from rdflib import Graph

from cspgraph import resources
from cspgraph.errors import InputError, LoadError
from cspgraph.namespaces import SH, bind_prefixes
from cspgraph.stores.oxigraph import line_of
from cspgraph.validate.compile import Shape, Unsupported, compile_shapes, component_parameters, prefixes
from cspgraph.validate.sparql import RuleBroken, check_rules

__all__ = ["SHAPES_NS", "ShapesBundle", "load_shapes", "meta_validate", "shape_files"]

SHAPES_NS = "https://w3id.org/cspgraph/shapes/"


@dataclass
class ShapesBundle:
    """A parsed shapes graph, the files it came from, and (when supported) its compiled form."""

    graph: Graph
    files: list[str]
    compiled: list[Shape] | None
    unsupported: str | None


def shape_files(shapes: Sequence[str | Path] | None) -> list[Path]:
    """The shapes files named by files and folders (a folder gives its ``*.shapes.ttl``, else its ``*.ttl``).

    Raises:
        InputError: a name that is neither a file nor a folder, or no file at all.
    """
    if shapes is None:
        return resources.shapes_files()
    out: list[Path] = []
    for s in shapes:
        p = Path(s)
        if p.is_dir():
            out.extend(sorted(p.glob("*.shapes.ttl")) or sorted(p.glob("*.ttl")))
        elif p.is_file():
            out.append(p)
        else:
            raise InputError(f"{p}: no such shapes file or folder")
    if not out:
        raise InputError("no shapes files given (expected *.shapes.ttl)")
    return out


def load_shapes(shapes: Sequence[str | Path] | Graph | None = None) -> ShapesBundle:
    """Parse (and cache) the shapes files: shapes/*.shapes.ttl by default, or the given files and folders.

    An rdflib Graph is taken as the shapes graph itself (compiled, not cached).

    Raises:
        InputError: a missing file or folder; LoadError (an InputError) for malformed Turtle, naming file and line.
    """
    if isinstance(shapes, Graph):
        return bundle_of(shapes, [])
    files = shape_files(shapes)
    key = tuple((str(f.absolute()), f.stat().st_mtime_ns) for f in files)  # not resolve(): a syscall per part
    return _load_shapes_cached(key)


@contextmanager
def exact_literals() -> Iterator[None]:
    """Parse with literals kept as written (rdflib otherwise rewrites ``"1"^^xsd:boolean`` as ``true``)."""
    before = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False
    try:
        yield
    finally:
        rdflib.NORMALIZE_LITERALS = before


@lru_cache(maxsize=8)
def _load_shapes_cached(key: tuple[tuple[str, int], ...]) -> ShapesBundle:
    g = bind_prefixes(Graph())
    g.bind("cspsh", SHAPES_NS)
    for path, _ in key:
        try:
            with exact_literals():
                g.parse(path, format="turtle")
        except Exception as e:  # rdflib raises many parser error types
            raise LoadError(path, f"malformed shapes Turtle: {e}", line_of(str(e))) from e
    return bundle_of(g, [p for p, _ in key])


def _owner(sg: Graph, node: Any) -> Any:
    """The shape (or constraint component) a SPARQL constraint, validator or target belongs to."""
    for p in (SH.sparql, SH.validator, SH.nodeValidator, SH.propertyValidator, SH.target):
        owner = sg.value(None, p, node)
        if owner is not None:
            return owner
    return node


def check_shapes_graph(sg: Graph) -> None:
    """Refuse a shapes graph whose SPARQL breaks SHACL-SPARQL's syntax rules, before anything runs.

    Raises:
        InputError: naming the shape and the rule (MINUS, VALUES, SERVICE, sub-SELECT, ``AS``/BIND of a pre-bound
            variable, unparseable SPARQL).
    """
    params = {str(p) for p in component_parameters(sg)}
    for kind in (SH.select, SH.ask):
        for node, text in sg.subject_objects(kind):
            prologue = "".join(f"PREFIX {k}: <{v}>\n" for k, v in prefixes(sg, node).items())
            prebound = {"this", "shapesGraph", "currentShape", "PATH"} | {_local(p) for p in params}
            if kind == SH.ask:
                prebound.add("value")
            try:
                check_rules(prologue + str(text).replace("$PATH", "?PATH"), prebound)
            except RuleBroken as e:
                raise InputError(
                    f"shape {_owner(sg, node)}: its SPARQL {e}. SHACL (section 5.2.1) does not allow this; "
                    "rewrite the query (MINUS as FILTER NOT EXISTS, VALUES as FILTER ... IN)"
                ) from e


def _local(iri: str) -> str:
    return re.split(r"[/#]", iri)[-1]


def bundle_of(g: Graph, files: list[str]) -> ShapesBundle:
    """Compile a parsed shapes graph (``compiled`` is None, with the reason, when the fast engine cannot run it).

    Raises:
        InputError: the shapes break a rule of SHACL-SPARQL (see :func:`check_shapes_graph`).
    """
    check_shapes_graph(g)
    try:
        return ShapesBundle(g, files, compile_shapes(g), None)
    except Unsupported as e:
        return ShapesBundle(g, files, None, str(e))


def meta_validate(shapes: Sequence[str | Path] | None = None) -> tuple[bool, str]:
    """Validate the shapes graph against SHACL-for-SHACL (pySHACL's meta-shapes).

    Returns:
        (conforms, pySHACL's text report).
    """
    import pyshacl

    bundle = load_shapes(shapes)
    conforms, _, text = pyshacl.validate(bundle.graph, shacl_graph=_shacl_shacl())
    return bool(conforms), str(text)


@lru_cache(maxsize=1)
def _shacl_shacl() -> Graph:
    import pyshacl

    return Graph().parse(Path(pyshacl.__file__).parent / "assets" / "shacl-shacl.ttl", format="turtle")
