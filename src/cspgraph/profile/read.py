"""How a profile reads the store: one hop from a resource to the nodes that qualify its relations (memberships,
funding flows, relationship nodes) and to the provisions behind them, and one type per resource; by triple pattern,
no SPARQL."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyoxigraph as ox

from cspgraph.stores import GraphStore

CSPG = "https://w3id.org/cspgraph/def/"
ORG = "http://www.w3.org/ns/org#"
SCHEMA = "https://schema.org/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
#: what a provision's row in the legal basis table shows: (key, predicate)
PROVISION_FIELDS = (
    ("citation", CSPG + "citation"),
    ("label", "http://www.w3.org/2000/01/rdf-schema#label"),
    ("legislation", CSPG + "legislation"),
    ("confidence", CSPG + "confidence"),
)
PROVISION_PREDICATES = [p for _, p in PROVISION_FIELDS]
#: the facts read one hop away: predicate -> values, by node
Facts = dict[str, dict[str, list[str]]]
_HOP = [ORG + p for p in ("member", "organization", "role")] + [
    SCHEMA + "funder", CSPG + "recipient", CSPG + "fund", CSPG + "financialYear", CSPG + "statutoryBasis",
    CSPG + "relation", CSPG + "object", SCHEMA + "validFrom", SCHEMA + "validUntil",
]  # fmt: skip
_HOP_ALL = [*_HOP, RDF_TYPE]


def iri_value(t: Any) -> str | None:
    """The IRI of a term, or None for a literal or blank node."""
    return t.value if isinstance(t, ox.NamedNode) else None


def hop_facts(
    store: GraphStore, nodes: Sequence[str], predicates: Sequence[str] = (), kept: Facts | None = None
) -> Facts:
    """predicate -> values of each node (memberships, flows, relationship nodes; or provisions), read once into
    ``kept`` when given (the facts of nodes already read from this store)."""
    if kept is not None:
        missing = [n for n in nodes if n not in kept]
        kept.update({n: {} for n in missing} | hop_facts(store, missing, predicates))
        return {n: kept[n] for n in nodes if kept[n]}
    out: Facts = {}
    if not nodes:
        return out
    wanted = predicates or _HOP_ALL
    if not store.local:  # a store on a server: one batched query
        quads = store.match_many([ox.NamedNode(n) for n in dict.fromkeys(nodes)], [ox.NamedNode(p) for p in wanted])
        for q in quads:
            _add(out.setdefault(q.subject.value, {}), q.predicate.value, q.object.value)
        return out
    chosen = set(wanted)
    for n in dict.fromkeys(nodes):  # a few statements each: one pattern per node, not one per node and predicate
        facts: dict[str, list[str]] = {}
        for q in store.match(ox.NamedNode(n)):
            p = q.predicate.value
            if p in chosen:
                _add(facts, p, q.object.value)
        if facts:
            out[n] = facts
    return out


def _add(facts: dict[str, list[str]], p: str, value: str) -> None:
    values = facts.setdefault(p, [])
    if value not in values:
        values.append(value)


def types_of(store: GraphStore, iris: list[str | None]) -> list[Any]:
    """One type quad per resource: the project's most specific class is not known here, so the first cspg: one."""
    nodes = [ox.NamedNode(i) for i in dict.fromkeys(i for i in iris if i)]
    seen: dict[str, Any] = {}
    for q in store.match_many(nodes, [ox.NamedNode(RDF_TYPE)]):
        if q.object.value.startswith(CSPG) and (
            q.subject.value not in seen or len(q.object.value) > len(seen[q.subject.value].object.value)
        ):
            seen[q.subject.value] = q
    return list(seen.values())
