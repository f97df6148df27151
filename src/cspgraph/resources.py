"""The only module that knows where ontology/, shapes/, queries/ and data/ live.

In a checkout (or an editable install) they are the folders at the top of the repository; in an installed wheel
they are shipped as package data under ``cspgraph/_assets``.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from cspgraph.iris import GRAPH

_PACKAGE = Path(__file__).resolve().parent
_KINDS = ("ontology", "shapes", "queries", "data")


@cache
def root() -> Path:
    """The folder holding ontology/, shapes/, queries/ and data/."""
    env = os.environ.get("CSPGRAPH_HOME")
    if env:
        return Path(env).resolve()
    checkout = _PACKAGE.parent.parent
    if (checkout / "ontology").is_dir() and (checkout / "pyproject.toml").is_file():
        return checkout
    return _PACKAGE / "_assets"


def ontology_dir() -> Path:
    return root() / "ontology"


def shapes_dir() -> Path:
    return root() / "shapes"


def queries_dir() -> Path:
    return root() / "queries"


def internal_queries_dir() -> Path:
    """queries/internal: the SPARQL the code runs (the public library is queries/*.rq)."""
    return queries_dir() / "internal"


@cache
def internal_query(name: str) -> str:
    """The text of ``queries/internal/<name>.rq``."""
    path = internal_queries_dir() / f"{name}.rq"
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise FileNotFoundError(f"no internal query {name!r} (expected {path})") from None


def data_dir() -> Path:
    return root() / "data"


def ontology_files() -> list[Path]:
    """Every ontology module and SKOS scheme, in a stable order."""
    d = ontology_dir()
    return sorted(d.glob("*.ttl")) + sorted((d / "vocab").glob("*.ttl"))


def shapes_files() -> list[Path]:
    return sorted(shapes_dir().glob("*.shapes.ttl"))


def data_files(data: Path | None = None) -> list[Path]:
    """The dataset's Turtle files: data/*.ttl and data/seeds/*.ttl (scenarios are not part of the dataset)."""
    d = data or data_dir()
    return sorted(d.glob("*.ttl")) + sorted((d / "seeds").glob("*.ttl"))


def graph_name_for(path: Path, data: Path | None = None) -> str:
    """The named graph a data file is loaded into: data/landscape.ttl -> graph/landscape, data/seeds/x.ttl -> graph/seed/x."""
    d = (data or data_dir()).resolve()
    p = path.resolve()
    stem = p.name.removesuffix(".ttl")
    if p.parent == d / "seeds":
        return f"{GRAPH}seed/{stem}"
    return GRAPH + stem


GRAPH_NS = GRAPH
ONTOLOGY_GRAPH = GRAPH + "ontology"
SHAPES_GRAPH = GRAPH + "shapes"


def cache_dir() -> Path:
    """Where cspgraph keeps what it derives from the data (the on-disk store): $CSPGRAPH_CACHE_DIR, else
    $XDG_CACHE_HOME/cspgraph, else ~/.cache/cspgraph."""
    env = os.environ.get("CSPGRAPH_CACHE_DIR")
    if env:
        return Path(env)
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "cspgraph"


def default_reference_dir() -> Path:
    """Where ``cspgraph build`` looks for the reference data: $CSPGRAPH_REFERENCE, else ../shared/reference."""
    env = os.environ.get("CSPGRAPH_REFERENCE")
    if env:
        return Path(env)
    return root().parent / "shared" / "reference"


def default_seeds_dir() -> Path:
    env = os.environ.get("CSPGRAPH_SEEDS")
    if env:
        return Path(env)
    return root().parent / "shared" / "seeds"
