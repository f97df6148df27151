"""Shapes files: finding and parsing them (cached per set of files), and checking them against SHACL-for-SHACL.

Example:
    >>> bundle = load_shapes()
    >>> len(bundle.files) >= 8 and bundle.compiled is not None
    True
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from rdflib import Graph

from cspgraph import resources
from cspgraph.errors import InputError, LoadError
from cspgraph.namespaces import bind_prefixes
from cspgraph.stores.oxigraph import line_of
from cspgraph.validate.compile import Shape, Unsupported, compile_shapes

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


def load_shapes(shapes: Sequence[str | Path] | None = None) -> ShapesBundle:
    """Parse (and cache) the shapes files: shapes/*.shapes.ttl by default, or the given files and folders.

    Raises:
        InputError: a missing file or folder; LoadError (an InputError) for malformed Turtle, naming file and line.
    """
    files = shape_files(shapes)
    key = tuple((str(f.resolve()), f.stat().st_mtime_ns) for f in files)
    return _load_shapes_cached(key)


@lru_cache(maxsize=8)
def _load_shapes_cached(key: tuple[tuple[str, int], ...]) -> ShapesBundle:
    g = bind_prefixes(Graph())
    g.bind("cspsh", SHAPES_NS)
    for path, _ in key:
        try:
            g.parse(path, format="turtle")
        except Exception as e:  # rdflib raises many parser error types
            raise LoadError(path, f"malformed shapes Turtle: {e}", line_of(str(e))) from e
    return bundle_of(g, [p for p, _ in key])


def bundle_of(g: Graph, files: list[str]) -> ShapesBundle:
    """Compile a parsed shapes graph (``compiled`` is None, with the reason, when the fast engine cannot run it)."""
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
