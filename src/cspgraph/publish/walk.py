"""What a static copy of the app holds: every resource document in every format, the home page, the dumps, the VoID
description, the sitemap, robots.txt and the static assets; each as the app path to ask for and the file to write.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Literal

from cspgraph import resources
from cspgraph.stores import GraphStore

#: the app paths whose URIs are dereferenced (``/id/...``, ``/def/...``, ``/graph/...``: 303 to ``/doc/...``)
SPACES = ("id", "def", "graph")
#: a path the static tree can hold as a file name as it is (no dot files, no characters that need escaping)
#: (a namespace's URI ends in "/": ``def/`` is written as ``doc/def/.html`` and so on, as the app's paths name it)
_SEGMENT = "[A-Za-z0-9_~-][A-Za-z0-9._~-]*"
_SAFE_PATH = re.compile(rf"(?:id|def|graph)/(?:{_SEGMENT}/)*(?:{_SEGMENT})?")


@dataclass(frozen=True)
class Page:
    """One representation to copy: the app path (with query) to ask for, and the file under the tree's root."""

    url: str
    file: str


@dataclass
class Walk:
    """The resource paths published (``id/csp/E22000365``) and the resource URIs left out, with why."""

    paths: list[str]
    skipped: list[tuple[str, str]]


def publishable(path: str, formats: tuple[str, ...]) -> str | None:
    """Why a resource path cannot be a static file (None when it can).

    >>> publishable("id/csp/E22000365", ("html", "ttl"))
    >>> publishable("id/x/notes.ttl", ("html", "ttl"))
    'it ends in a format suffix the app reads as a choice of format'
    """
    if not _SAFE_PATH.fullmatch(path):
        return "its path has characters or segments a file name cannot hold as they are"
    if path.rpartition(".")[2] in formats and "." in path.rsplit("/", 1)[-1]:
        return "it ends in a format suffix the app reads as a choice of format"
    return None


def resource_paths(store: GraphStore, base: str, formats: tuple[str, ...]) -> Walk:
    """Every IRI under ``base`` that the app dereferences, as app paths; those a file cannot hold are skipped."""
    query = resources.internal_query("publish-resources")
    walk = Walk([], [])
    for row in store.select(query, {"base": Literal(base)}):
        iri = str(row["r"])
        path = iri[len(base) :]
        if path.split("/", 1)[0] not in SPACES:
            continue  # not dereferenced by the app (the base itself, other spaces)
        why = publishable(path, formats)
        if why is None:
            walk.paths.append(path)
        else:
            walk.skipped.append((iri, why))
    return walk


def resource_pages(paths: list[str], formats: tuple[str, ...]) -> list[Page]:
    """Each resource's document in each format, at the path of its format-specific document."""
    return [Page(f"/doc/{p}.{fmt}", f"doc/{p}.{fmt}") for p in paths for fmt in formats]


def site_pages(dumps: list[str], formats: tuple[str, ...], static_dir: Path) -> list[Page]:
    """The pages around the resources: home, downloads, VoID (each format), sitemap, robots.txt, static assets."""
    pages = [Page("/", "index.html"), Page("/dumps", "dumps.html")]
    pages += [Page(f"/dumps/{name}", f"dumps/{name}") for name in dumps]
    pages += [Page(f"/.well-known/void?format={fmt}", f".well-known/void.{fmt}") for fmt in formats]
    pages += [Page("/sitemap.xml", "sitemap.xml"), Page("/robots.txt", "robots.txt")]
    for f in sorted(static_dir.rglob("*")):
        rel = f.relative_to(static_dir).as_posix()
        if f.is_file() and not any(part.startswith(".") for part in rel.split("/")):
            pages.append(Page(f"/static/{rel}", f"static/{rel}"))
    return pages
