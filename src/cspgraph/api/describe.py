"""Reading the description of one resource: its statements, incoming links, labels and legal citations.

The embedded store is read directly by triple pattern (no SPARQL parsing per page); any other store through
SPARQL with bound parameters. Terms are pyoxigraph terms, so serialising RDF needs no conversion.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef

from cspgraph.store import GraphStore, OxigraphStore, to_ox

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SKOS_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
DCT_TITLE = "http://purl.org/dc/terms/title"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL_PREDICATES = (RDFS_LABEL, SKOS_PREF, DCT_TITLE)
_LABEL_NODES = [ox.NamedNode(p) for p in LABEL_PREDICATES]

OUT_QUERY = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
IN_QUERY = "SELECT ?o ?s ?p ?g WHERE { GRAPH ?g { ?s ?p ?o } } LIMIT ?limit"
CITATIONS_QUERY = """
PREFIX cspg: <https://w3id.org/cspgraph/def/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?r ?prov ?via ?node ?citation ?label ?legislation ?confidence WHERE {
  {
    ?r cspg:statutoryBasis ?prov .
  } UNION {
    ?r cspg:qualifiedRelationship ?node . ?node cspg:statutoryBasis ?prov ; cspg:relation ?via .
  } UNION {
    ?node org:member ?r ; cspg:statutoryBasis ?prov . BIND(org:memberOf AS ?via)
  } UNION {
    ?node org:organization ?r ; cspg:statutoryBasis ?prov . BIND(org:hasMember AS ?via)
  } UNION {
    ?r a cspg:Provision . BIND(?r AS ?prov)
  }
  OPTIONAL { ?prov cspg:citation ?citation }
  OPTIONAL { ?prov rdfs:label ?label }
  OPTIONAL { ?prov cspg:legislation ?legislation }
  OPTIONAL { ?prov cspg:confidence ?confidence }
}
"""


@dataclass
class Description:
    """Everything the app shows about one resource."""

    iri: str
    out: list[tuple[Any, Any, str]]  # (predicate, object, graph)
    inc: list[tuple[Any, Any, str]]  # (subject, predicate, graph)
    more_incoming: bool
    labels: dict[str, str] = field(default_factory=dict)
    citations: list[dict[str, str]] = field(default_factory=list)

    @property
    def exists(self) -> bool:
        return bool(self.out or self.inc)

    def triples(self) -> list[Any]:
        """The statements about the resource and the links to it, without duplicates across graphs."""
        s = ox.NamedNode(self.iri)
        ts = dict.fromkeys(ox.Triple(s, p, o) for p, o, _ in self.out)
        ts.update(dict.fromkeys(ox.Triple(x, p, s) for x, p, _ in self.inc))
        return list(ts)

    def label(self) -> str | None:
        return self.labels.get(self.iri)


def _pick_label(candidates: Iterable[tuple[str, Any]]) -> str | None:
    """The best label: rdfs:label before skos:prefLabel before dcterms:title; English, then untagged, then any."""
    best: tuple[int, int] | None = None
    text = None
    for pred, lit in candidates:
        if not isinstance(lit, ox.Literal):
            continue
        lang = lit.language or ""
        rank = (LABEL_PREDICATES.index(pred), 0 if lang.startswith("en") else 1 if not lang else 2)
        if best is None or rank < best:
            best, text = rank, lit.value
    return text


def _local_labels(store: Any, iris: Iterable[str]) -> dict[str, str]:
    out = {}
    for iri in iris:
        node = ox.NamedNode(iri)
        cands = [
            (p.value, q.object)
            for p in _LABEL_NODES
            for q in store.quads_for_pattern(node, p, None, None)  # noqa: B023 - consumed immediately
        ]
        lab = _pick_label(cands)
        if lab is not None:
            out[iri] = lab
    return out


def _iris(d: Description) -> set[str]:
    found = {d.iri}
    for a, b, _ in d.out + d.inc:
        for t in (a, b):
            if isinstance(t, ox.NamedNode):
                found.add(t.value)
    return found


def describe(store: GraphStore, iri: str, incoming_limit: int = 500, *, full: bool = True) -> Description:
    """The description of ``iri`` (empty when the store knows nothing about it).

    With ``full=False`` only the statements and links are read (enough for an RDF representation); labels and
    legal citations are what the HTML page adds.
    """
    if isinstance(store, OxigraphStore):
        st = store.store
        node = ox.NamedNode(iri)
        out = [(q.predicate, q.object, _gname(q.graph_name)) for q in st.quads_for_pattern(node, None, None, None)]
        inc: list[tuple[Any, Any, str]] = []
        more = False
        for q in st.quads_for_pattern(None, None, node, None):
            if len(inc) >= incoming_limit:
                more = True
                break
            inc.append((q.subject, q.predicate, _gname(q.graph_name)))
        d = Description(iri, out, inc, more)
        if full:
            d.labels = _local_labels(st, _iris(d))
    else:
        uri = URIRef(iri)
        out = [(to_ox(r["p"]), to_ox(r["o"]), str(r["g"])) for r in store.select(OUT_QUERY, {"s": uri})]  # type: ignore[arg-type]
        rows = store.select(IN_QUERY.replace("?limit", str(int(incoming_limit) + 1)), {"o": uri}).rows
        more = len(rows) > incoming_limit
        inc = [(to_ox(r["s"]), to_ox(r["p"]), str(r["g"])) for r in rows[:incoming_limit]]  # type: ignore[arg-type]
        d = Description(iri, out, inc, more)
        if full:
            d.labels = labels_for(store, _iris(d))
    if full and d.exists:
        d.citations = citations(store, iri)
    return d


def _gname(g: Any) -> str:
    return g.value if isinstance(g, ox.NamedNode) else ""


def citations(store: GraphStore, iri: str) -> list[dict[str, str]]:
    """The provisions of law behind the resource and its qualified relations and memberships."""
    rows = store.select(CITATIONS_QUERY, {"r": URIRef(iri)})
    out = [{k: str(v) for k, v in r.items() if v is not None and k != "r"} for r in rows]
    out.sort(key=lambda c: (c.get("citation", c["prov"]), c.get("via", ""), c.get("node", "")))
    return out


def labels_for(store: GraphStore, iris: Iterable[str]) -> dict[str, str]:
    """Labels of many IRIs (browse pages)."""
    if isinstance(store, OxigraphStore):
        return _local_labels(store.store, iris)
    from cspgraph.remote import values_clause

    out: dict[str, str] = {}
    todo = sorted(set(iris))
    for i in range(0, len(todo), 200):
        chunk = [[URIRef(x)] for x in todo[i : i + 200]]
        q = (
            "SELECT ?x ?p ?l WHERE { "
            + values_clause(["x"], chunk)  # type: ignore[arg-type]
            + " ?x ?p ?l . FILTER(?p IN (<"
            + ">, <".join(LABEL_PREDICATES)
            + ">)) }"
        )
        cands: dict[str, list[tuple[str, Any]]] = {}
        for r in store.select(q):
            cands.setdefault(str(r["x"]), []).append((str(r["p"]), to_ox(r["l"])))  # type: ignore[arg-type]
        out.update({k: v for k, c in cands.items() if (v := _pick_label(c)) is not None})
    return out
