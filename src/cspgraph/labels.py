"""The one rule for what a resource is called, and the one way to write an IRI as a prefixed name.

A body's display name is, in this order: its ``skos:prefLabel`` (the name it uses itself, where a source gives
one), its ``cspg:knownAs`` (a local styling of a statutory title), its ``rdfs:label``, its ``dcterms:title``, its
``skos:altLabel``; in English, else without a language tag, else in any language; and, when it has none of them,
the last segment of its IRI. Every page, query result table, report and network node uses :func:`display_names`
(or :func:`pick` on candidates it already holds). The build keeps ``rdfs:label`` equal to the display name, so a
SPARQL query that reads ``rdfs:label`` shows the same name (a test checks it).

Examples:
    >>> import pyoxigraph as ox
    >>> pick([("http://www.w3.org/2000/01/rdf-schema#label", ox.Literal("County Durham", language="en")),
    ...       ("http://www.w3.org/2004/02/skos/core#prefLabel", ox.Literal("Safer Durham Partnership", language="en"))])
    'Safer Durham Partnership'
    >>> curie("https://w3id.org/cspgraph/def/Council")
    'cspg:Council'
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from cspgraph.iris import PREFIXES

if TYPE_CHECKING:
    from cspgraph.stores import GraphStore

__all__ = ["LABEL_PREDICATES", "NameTable", "curie", "display_name", "display_names", "fallback", "pick"]

#: the label predicates, in the order the rule prefers them
LABEL_PREDICATES: tuple[str, ...] = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "https://w3id.org/cspgraph/def/knownAs",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://purl.org/dc/terms/title",
    "http://www.w3.org/2004/02/skos/core#altLabel",
)
_RANK = {p: i for i, p in enumerate(LABEL_PREDICATES)}
_NODES = [ox.NamedNode(p) for p in LABEL_PREDICATES]
_NS_BY_LENGTH = sorted(PREFIXES.items(), key=lambda kv: -len(kv[1]))


@lru_cache(maxsize=8192)  # pages write the same few hundred properties, classes and values over and over
def curie(iri: str) -> str:
    """``cspg:Council`` for an IRI in one of the project's namespaces, else the IRI itself."""
    for prefix, ns in _NS_BY_LENGTH:
        if iri.startswith(ns) and len(iri) > len(ns):
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def fallback(iri: str) -> str:
    """The name of a resource without a label: the last segment of its IRI.

    >>> fallback("https://w3id.org/cspgraph/id/csp/E22000365")
    'E22000365'
    """
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1] or iri


def pick(candidates: Iterable[tuple[str, Any]]) -> str | None:
    """The display name among (predicate IRI, pyoxigraph literal) candidates, by the rule above; None if none."""
    best: tuple[int, int, str] | None = None
    for pred, lit in candidates:
        if not isinstance(lit, ox.Literal) or pred not in _RANK:
            continue
        lang = lit.language or ""
        rank = (_RANK[pred], 0 if lang.startswith("en") else 1 if not lang else 2, lit.value)
        if best is None or rank < best:
            best = rank
    return None if best is None else best[2]


def display_names(store: GraphStore, iris: Iterable[str]) -> dict[str, str]:
    """The display name of each IRI that has a label in the store (IRIs without one are left out)."""
    nodes = []
    for iri in dict.fromkeys(iris):
        try:
            nodes.append(ox.NamedNode(iri))
        except ValueError:
            continue
    candidates: dict[str, list[tuple[str, Any]]] = {}
    for q in store.match_many(nodes, _NODES):
        candidates.setdefault(q.subject.value, []).append((q.predicate.value, q.object))
    return {iri: name for iri, cands in candidates.items() if (name := pick(cands)) is not None}


class NameTable:
    """The display name of every labelled IRI of a store, read once by the same rule (a server keeps one per dataset
    version, so a page looks its names up instead of matching the label predicates of each IRI it shows).

    Called with IRIs, it answers as :func:`display_names` on the same store: a name for each IRI that has one.
    """

    def __init__(self, store: GraphStore) -> None:
        candidates: dict[str, list[tuple[str, Any]]] = {}
        for node in _NODES:
            for q in store.match(None, node, None):
                if isinstance(q.subject, ox.NamedNode):
                    candidates.setdefault(q.subject.value, []).append((node.value, q.object))
        self.names = {iri: name for iri, cands in candidates.items() if (name := pick(cands)) is not None}

    def __call__(self, iris: Iterable[str]) -> dict[str, str]:
        names = self.names
        return {iri: names[iri] for iri in iris if iri in names}


def display_name(store: GraphStore, iri: str) -> str:
    """The display name of one IRI, falling back to the last segment of the IRI."""
    return display_names(store, [iri]).get(iri) or fallback(iri)
