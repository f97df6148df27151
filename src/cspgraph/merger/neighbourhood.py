"""What the merger check reads from the store: the triples about the constituent CSPs and what surrounds them.

:func:`fetch` gathers, into a small in-memory graph (:class:`Neighbourhood`):

* each constituent CSP's triples, and those of what surrounds it, found with one query for all of them
  (``queries/internal/merger-neighbourhood.rq``, the CSPs joined as a ``VALUES`` block of checked constants): the areas it serves and the areas they lie in, its relevant local
  policing bodies and those of its police areas, their panels, and its crime and disorder committees;
* the responsible authorities of the areas by the CDA 1998 s5(1) rule (:mod:`cspgraph.responsible`: one query per
  area), their triples, and the councils' crime and disorder committees;
* the Secretary of State.

A node's triples are read once (a triple pattern on the store), however many constituents share it. Nothing else of
the landscape is read: other CSPs, and the memberships of the constituent ones, are not part of the neighbourhood.
:func:`fixed_quads` gives what every view needs besides (the ontology's subclass axioms and the dataset's date),
read once per store.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import RDF, RDFS

from cspgraph import resources
from cspgraph.labels import LABEL_PREDICATES, fallback, pick
from cspgraph.namespaces import CSPG
from cspgraph.responsible import Duty, area_facts, responsible_authorities
from cspgraph.stores import GraphStore, to_ox, to_rdflib
from cspgraph.stores.substitute import with_values

__all__ = ["Neighbourhood", "fetch", "fixed_quads"]

_LABELS = [ox.NamedNode(p) for p in LABEL_PREDICATES]


class Neighbourhood:
    """A small graph held in a pyoxigraph Store, with the few rdflib-style lookups the proposal needs.

    Terms go in and come out of the lookups as rdflib terms; the triples stay Oxigraph terms, so that building the
    neighbourhood and the view converts nothing. ``duties`` are the responsible authorities of the constituent
    areas by the s5(1) rule, each with its provision.

    Examples:
        >>> from rdflib import Literal, URIRef
        >>> nb = Neighbourhood()
        >>> a = URIRef("https://w3id.org/cspgraph/id/local-authority-district/E06000001")
        >>> nb.add(a, RDFS.label, Literal("Hartlepool", lang="en"))
        >>> nb.value(a, RDFS.label), nb.name(a), len(nb)
        (rdflib.term.Literal('Hartlepool', lang='en'), 'Hartlepool', 1)
    """

    def __init__(self) -> None:
        self.store = ox.Store()
        self.described: set[Any] = set()
        self.duties: list[Duty] = []
        self._held: dict[Any, None] = {}  # the quads added, in order: read back without decoding the store

    def add(self, s: Any, p: Any, o: Any) -> None:
        """Add one triple (rdflib or Oxigraph terms)."""
        self.add_quads([ox.Triple(to_ox(s), to_ox(p), to_ox(o))])

    def add_quads(self, quads: Iterable[Any]) -> None:
        """Add the triples of Oxigraph quads or triples (their graph names are dropped)."""
        new = [ox.Quad(q.subject, q.predicate, q.object) for q in quads]
        self.store.extend(new)
        self._held.update(dict.fromkeys(new))

    def describe(self, source: GraphStore, nodes: Iterable[Any]) -> None:
        """Add every triple whose subject is one of ``nodes`` (IRIs not described yet), read from ``source``."""
        found: list[Any] = []
        for n in nodes:
            node = n if isinstance(n, ox.NamedNode) else to_ox(n)
            if isinstance(node, ox.NamedNode) and node not in self.described:
                self.described.add(node)
                found += source.match(node)
        self.add_quads(found)  # one write for all the nodes: each costs a transaction

    def describes(self, node: Any) -> bool:
        """Whether the triples of ``node`` (an IRI) have been read into the neighbourhood."""
        return to_ox(node) in self.described

    def objects(self, s: Any, p: Any) -> list[Any]:
        """The objects of (s, p, ?), as rdflib terms."""
        return [to_rdflib(q.object) for q in self.store.quads_for_pattern(to_ox(s), to_ox(p), None)]

    def subjects(self, p: Any, o: Any) -> list[Any]:
        """The subjects of (?, p, o), as rdflib terms; ``o`` may be None."""
        oo = None if o is None else to_ox(o)
        return [to_rdflib(q.subject) for q in self.store.quads_for_pattern(None, to_ox(p), oo)]

    def value(self, s: Any, p: Any) -> Any:
        """One object of (s, p, ?), or None."""
        for q in self.store.quads_for_pattern(to_ox(s), to_ox(p), None):
            return to_rdflib(q.object)
        return None

    def name(self, s: Any) -> str:
        """The display name of ``s`` by :mod:`cspgraph.labels`' rule, from the labels held here."""
        node = to_ox(s)
        found = pick((p.value, q.object) for p in _LABELS for q in self.store.quads_for_pattern(node, p, None))
        return found or fallback(str(s))

    def quads(self) -> Iterator[Any]:
        """Every triple held, as Oxigraph quads in the default graph (in the order they were added)."""
        return iter(self._held)

    def __contains__(self, t: tuple[Any, Any, Any]) -> bool:
        return any(True for _ in self.store.quads_for_pattern(to_ox(t[0]), to_ox(t[1]), to_ox(t[2])))

    def __len__(self) -> int:
        return len(self.store)


def fetch(store: GraphStore, csps: Sequence[URIRef]) -> Neighbourhood:
    """The triples the proposal, the report and the shapes need about the constituent CSPs (see the module).

    Args:
        store: the loaded store (only read).
        csps: the constituent CSPs' URIs.

    Returns:
        The neighbourhood, with the areas' responsible authorities by the s5(1) rule in ``duties``.
    """
    nb = Neighbourhood()
    nb.describe(store, csps)
    query = with_values(resources.internal_query("merger-neighbourhood"), "csp", csps)
    nb.describe(store, (node for (node,) in store.select_terms(query, None, ("node",))))
    areas = sorted({str(a) for c in csps for a in nb.objects(c, CSPG.servesArea)})
    nb.duties = responsible_authorities(area_facts(store, areas))
    nb.describe(store, (URIRef(d.body) for d in nb.duties))
    councils = [URIRef(d.body) for d in nb.duties if d.role == "council"]
    nb.describe(store, (cdc for c in councils for cdc in nb.objects(c, CSPG.crimeAndDisorderCommittee)))
    secretary = ox.NamedNode(str(CSPG.SecretaryOfState))
    nb.describe(store, (q.subject for q in store.match(None, ox.NamedNode(str(RDF.type)), secretary)))
    return nb


_FIXED: weakref.WeakKeyDictionary[GraphStore, list[Any]] = weakref.WeakKeyDictionary()


def fixed_quads(store: GraphStore) -> list[Any]:
    """The ontology's subclass axioms and the dataset's date (the latest ``cspg:asOf`` only), as Oxigraph quads.

    The shapes test classes through ``rdfs:subClassOf*`` and compare dates with the dataset's; every view holds
    these. They are read once per store.
    """
    fixed = _FIXED.get(store)
    if fixed is None:
        subclass = ox.NamedNode(str(RDFS.subClassOf))
        fixed = [ox.Quad(q.subject, q.predicate, q.object) for q in store.match(None, subclass, None)]
        dates = store.match(None, ox.NamedNode(str(CSPG.asOf)), None)
        if dates:  # only the latest date, so that validation sees exactly one
            latest = max(dates, key=lambda q: q.object.value)
            fixed.append(ox.Quad(latest.subject, latest.predicate, latest.object))
        _FIXED[store] = fixed = list(dict.fromkeys(fixed))
    return fixed
