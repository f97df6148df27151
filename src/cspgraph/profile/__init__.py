"""A resource's profile as a briefing: who holds it to account and whom it holds to account (with the provision of
law), what it sits on and who sits on it (with the role), who funds it and whom it funds, its areas, what is in an
area, its predecessors and successors, and the neighbours drawn as a small network.

Each section is a :class:`Table` of cells (text with an optional link), so a page shows it and a CSV carries it
unchanged. The profile is read by triple pattern from the statements about the resource and its links (what a
resource page already reads) plus one hop to the nodes that qualify them (memberships, funding flows, relationship
nodes), so a profile costs a few pattern matches and one label look-up, no SPARQL.

Examples:
    >>> from cspgraph.stores import open_store
    >>> store = open_store(shapes=False)
    >>> p = build(store, "https://w3id.org/cspgraph/id/chief-officer/E23000008")
    >>> [c.text for c in p.table("accountable-to").rows[0][:2]]
    ["Durham Police, Crime and Victims' Commissioner", 'holds it to account']
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

import pyoxigraph as ox

from cspgraph.labels import display_names, fallback
from cspgraph.profile.read import (
    CSPG,
    ORG,
    PROVISION_FIELDS,
    PROVISION_PREDICATES,
    SCHEMA,
    Facts,
    hop_facts,
    iri_value,
    types_of,
)
from cspgraph.stores import GraphStore

__all__ = ["Cell", "Profile", "Table", "build"]

#: accountability predicates, most telling first: B p X, with the wording of X's part towards B ("up") and of B's
#: part towards X when the statement is X p B ("down")
ACCOUNTABILITY: dict[str, tuple[str, str]] = {
    CSPG + "heldToAccountBy": ("holds it to account", "holds to account"),
    CSPG + "scrutinisedBy": ("scrutinises it", "scrutinises"),
    CSPG + "appointedBy": ("appointed it", "appoints"),
    CSPG + "electedBy": ("elects it", "elects"),
    CSPG + "accountableTo": ("it is accountable to", "is accountable to it"),
    CSPG + "reportsTo": ("it reports to", "reports to it"),
    ORG + "reportsTo": ("it reports to", "reports to it"),
}
#: the inverse predicates (B p X means B is above X)
INVERSE = {CSPG + "holdsToAccount": CSPG + "heldToAccountBy", CSPG + "scrutinises": CSPG + "scrutinisedBy"}
AREA_PREDICATES = {
    CSPG + "coversArea": "covers",
    CSPG + "servesArea": "serves",
    CSPG + "policesArea": "polices",
    CSPG + "councilFor": "council for",
    CSPG + "policeForceArea": "police force area",
    CSPG + "withinArea": "within",
    CSPG + "inCountry": "country",
    CSPG + "panelFor": "panel for",
}
SUCCESSOR = CSPG + "successorOf"
QUALIFIED = CSPG + "qualifiedRelationship"
#: the links from the nodes that qualify a membership or a funding flow
_QUALIFYING = {ORG + "member", ORG + "organization", SCHEMA + "funder", CSPG + "recipient"}
BASIS = CSPG + "statutoryBasis"
PROVISION = CSPG + "Provision"
TITLES = {
    "accountable-to": ("Who holds it to account", ("body", "how", "provision")),
    "holds-to-account": ("Whom it holds to account", ("body", "how", "provision")),
    "sits-on": ("What it sits on", ("body", "role", "provision")),
    "members": ("Who sits on it", ("member", "role", "provision")),
    "funded-by": ("Who funds it", ("funder", "fund", "year", "flow")),
    "funds": ("Whom it funds", ("recipient", "fund", "year", "flow")),
    "areas": ("Its areas", ("area", "relation")),
    "in-area": ("Bodies and partnerships of this area", ("name", "kind", "relation")),
    "predecessors": ("Predecessors", ("body", "from", "until")),
    "successors": ("Successors", ("body", "from", "until")),
}


#: a statement as the profile reads it: (predicate, the other term's value, the other term's IRI or None)
Stated = tuple[str, str, str | None]


def _stated(rows: Sequence[Sequence[Any]], other: int) -> list[Stated]:
    """Statements ``(predicate, object, graph)`` (``other`` 1) or links ``(subject, predicate, graph)`` (0) as
    :data:`Stated`, each term's value read once."""
    pred = 1 - other
    return [(r[pred].value, r[other].value, iri_value(r[other])) for r in rows]


class Cell(NamedTuple):
    """A table cell: text, with the IRI it links to (or ``""``); a named tuple, as a page makes dozens of them."""

    text: str
    iri: str = ""


@dataclass
class Table:
    """One section of a profile."""

    key: str
    title: str
    columns: tuple[str, ...]
    rows: list[list[Cell]] = field(default_factory=list)

    def csv_rows(self) -> list[list[str]]:
        """The header and rows for a CSV file: each column's text, then the URI of each linked column."""
        linked = [i for i, _ in enumerate(self.columns) if any(r[i].iri for r in self.rows)]
        head = list(self.columns) + [f"{self.columns[i]} URI" for i in linked]
        return [head] + [[c.text for c in r] + [r[i].iri for i in linked] for r in self.rows]


@dataclass
class Profile:
    """The sections of one resource's profile and its neighbours for the small network."""

    iri: str
    tables: list[Table]
    kind: str = ""
    neighbours: list[tuple[str, str, str]] = field(default_factory=list)  # (group, iri, name)
    citations: list[dict[str, str]] = field(default_factory=list)  # the law behind it (see _citations)

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


def _accountability(iri: str, out: list[Stated], inc: list[Stated]) -> dict[tuple[str, str], set[str]]:
    """(direction, other) -> the accountability predicates that link them (normalised to B p X for "up")."""
    found: dict[tuple[str, str], set[str]] = {}
    for (p, _, other), up in [*((t, "up") for t in out), *((t, "down") for t in inc)]:
        down = "down" if up == "up" else "up"
        if other and other != iri and p in ACCOUNTABILITY:
            found.setdefault((up, other), set()).add(p)
        elif other and p in INVERSE:
            found.setdefault((down, other), set()).add(INVERSE[p])
    return found


def _provisions(
    store: GraphStore, iri: str, out: list[Stated], inc: list[Stated]
) -> tuple[dict[str, set[str]], dict[str, dict[str, list[str]]]]:
    """The provisions behind the relations with each other body (from the qualified relationship nodes), and the hop."""
    mine = [o for p, _, o in out if p == QUALIFIED and o]
    theirs = [s for p, _, s in inc if p == CSPG + "object" and s]
    qualifying = [s for p, _, s in inc if p in _QUALIFYING and s]  # memberships and funding flows
    hop = hop_facts(store, mine + theirs + qualifying)
    by_other: dict[str, set[str]] = {}
    for n in mine:
        for other in hop.get(n, {}).get(CSPG + "object", []):
            by_other.setdefault(other, set()).update(hop[n].get(CSPG + "statutoryBasis", []))
    for n in theirs:
        for q in store.match(None, ox.NamedNode(QUALIFIED), ox.NamedNode(n), limit=5):
            by_other.setdefault(q.subject.value, set()).update(hop.get(n, {}).get(CSPG + "statutoryBasis", []))
    return by_other, hop


def build(
    store: GraphStore,
    iri: str,
    out: list[tuple[Any, Any, str]] | None = None,
    inc: list[tuple[Any, Any, str]] | None = None,
    labels: dict[str, str] | None = None,
    names_of: Callable[[Iterable[str]], dict[str, str]] | None = None,
    provisions: Facts | None = None,
) -> Profile:
    """The profile of ``iri``, from its statements ``out`` (predicate, object, graph) and links ``inc`` (subject,
    predicate, graph) when the caller has read them, else read here; ``labels`` are display names already known,
    ``names_of`` answers the others (a :class:`cspgraph.labels.NameTable` of the store; default: read them);
    ``provisions`` keeps the facts of each provision read from this store (a server keeps one per dataset version)."""
    node = ox.NamedNode(iri)
    if out is None:
        out = [(q.predicate, q.object, "") for q in store.match(node)]
    if inc is None:
        inc = [(q.subject, q.predicate, "") for q in store.match(None, None, node, limit=2000)]
    outs, incs = _stated(out, 1), _stated(inc, 0)
    links, hop = _provisions(store, iri, outs, incs)
    accountable = _accountability(iri, outs, incs)
    in_area = [s for p, _, s in incs if p in AREA_PREDICATES]  # only an area's table shows kinds
    types = {q.subject.value: q.object.value for q in types_of(store, [*in_area, iri])}
    provs = {p for ps in links.values() for p in ps} | {p for n in hop.values() for p in n.get(BASIS, [])}
    provs |= {o for p, o, _ in outs if p == BASIS} | ({iri} if types.get(iri) == PROVISION else set())
    hop.update(hop_facts(store, sorted(provs), PROVISION_PREDICATES, provisions))
    wanted = {iri, *types.values(), *provs, *(o for _, o in accountable)}
    wanted |= {v for n in hop.values() for vs in n.values() for v in vs if v.startswith("http")}
    wanted |= {x for t in (outs, incs) for _, _, x in t if x}
    wanted |= {p for t in (outs, incs) for p, _, _ in t}
    names = dict(labels or {})
    missing = [w for w in wanted if w not in names]
    names.update(names_of(missing) if names_of is not None else display_names(store, missing))
    make = _Maker(iri, names, hop, links, types)
    tables = [
        make.accountability(accountable, "up"),
        make.accountability(accountable, "down"),
        *make.memberships(incs),
        *make.funding(incs),
        make.areas(outs),
        make.in_area(incs),
        *make.succession(outs, incs),
    ]
    kept = [t for t in tables if t.rows]
    cites = _citations(iri, outs, incs, hop, types.get(iri) == PROVISION)
    return Profile(iri, kept, names.get(types.get(iri, ""), ""), make.neighbours(kept), cites)


@dataclass
class _Maker:
    """Turns what was read into the tables of a profile."""

    iri: str
    names: dict[str, str]
    hop: dict[str, dict[str, list[str]]]
    links: dict[str, set[str]]
    types: dict[str, str]

    def cell(self, iri: str) -> Cell:
        return Cell(self.names.get(iri) or fallback(iri), iri)

    def provision(self, provs: set[str] | list[str]) -> list[Cell]:
        cells = [
            Cell((self.hop.get(p, {}).get(CSPG + "citation") or [self.names.get(p) or fallback(p)])[0], p)
            for p in sorted(provs)
        ]
        return list({c.text: c for c in cells}.values())

    def _table(self, key: str) -> Table:
        title, columns = TITLES[key]
        return Table(key, title, columns)

    def accountability(self, found: dict[tuple[str, str], set[str]], direction: str) -> Table:
        t = self._table("accountable-to" if direction == "up" else "holds-to-account")
        order = list(ACCOUNTABILITY)
        for (d, other), preds in sorted(found.items(), key=lambda kv: self.cell(kv[0][1]).text):
            if d != direction:
                continue
            best = min(preds, key=order.index)
            how = ACCOUNTABILITY[best][0 if direction == "up" else 1]
            provs = self.provision(self.links.get(other, set()))
            t.rows.append([self.cell(other), Cell(how), Cell("; ".join(c.text for c in provs), _first(provs))])
        return t

    def _ends(self, inc: list[Stated], near: str, far: str) -> Iterator[tuple[int, str, str, dict[str, list[str]]]]:
        """The qualified relations (a membership, a funding flow) the resource is at one end of, each as (0 where
        the resource is the ``near`` end, 1 where it is the ``far`` end; the other end; the relation; its facts)."""
        for p, s, _ in inc:
            node = self.hop.get(s, {})
            if p == near and node.get(far):
                yield 0, node[far][0], s, node
            elif p == far and node.get(near):
                yield 1, node[near][0], s, node

    def memberships(self, inc: list[Stated]) -> list[Table]:
        on, members = self._table("sits-on"), self._table("members")
        for end, other, _, node in self._ends(inc, ORG + "member", ORG + "organization"):
            table = (on, members)[end]
            role = node.get(ORG + "role", [""])[0]
            provs = self.provision(node.get(CSPG + "statutoryBasis", []))
            joined = "; ".join(c.text for c in provs)
            table.rows.append([self.cell(other), self.cell(role) if role else Cell(""), Cell(joined, _first(provs))])
        for t in (on, members):
            t.rows = _unique(sorted(t.rows, key=lambda r: (r[0].text, r[1].text)))
        return [on, members]

    def funding(self, inc: list[Stated]) -> list[Table]:
        by, to = self._table("funded-by"), self._table("funds")
        for end, other, s, node in self._ends(inc, CSPG + "recipient", SCHEMA + "funder"):
            table = (by, to)[end]
            fund = node.get(CSPG + "fund", [""])[0]
            year = ", ".join(self.names.get(y) or fallback(y) for y in node.get(CSPG + "financialYear", []))
            table.rows.append([self.cell(other), self.cell(fund) if fund else Cell(""), Cell(year), self.cell(s)])
        for t in (by, to):
            t.rows = _unique(sorted(t.rows, key=lambda r: (r[0].text, r[2].text)))
        return [by, to]

    def areas(self, out: list[Stated]) -> Table:
        t = self._table("areas")
        rows = [[self.cell(o), Cell(AREA_PREDICATES[p])] for p, o, _ in out if p in AREA_PREDICATES]
        t.rows = _merged(rows, 1)
        return t

    def in_area(self, inc: list[Stated]) -> Table:
        t = self._table("in-area")
        for p, _, s in inc:
            if p in AREA_PREDICATES and p != CSPG + "inCountry" and s:
                kind = self.types.get(s, "")
                t.rows.append([self.cell(s), Cell(self.names.get(kind, "")), Cell(AREA_PREDICATES[p])])
        t.rows = sorted(_merged(t.rows, 2), key=lambda r: (r[1].text != "community safety partnership", r[1].text))
        return t

    def succession(self, out: list[Stated], inc: list[Stated]) -> list[Table]:
        before, after = self._table("predecessors"), self._table("successors")
        before.rows = [[self.cell(o), Cell(""), Cell("")] for p, o, _ in out if p == SUCCESSOR]
        after.rows = [[self.cell(s), Cell(""), Cell("")] for p, s, _ in inc if p == SUCCESSOR]
        return [before, after]

    def neighbours(self, tables: list[Table], per_group: int = 6) -> list[tuple[str, str, str]]:
        """Up to ``per_group`` neighbours from each of the accountability, membership and funding tables."""
        out: list[tuple[str, str, str]] = []
        for t in tables:
            if t.key in ("areas", "in-area", "predecessors", "successors"):
                continue
            seen = list(dict.fromkeys(r[0].iri for r in t.rows if r[0].iri and r[0].iri != self.iri))
            out += [(t.key, i, self.names.get(i) or fallback(i)) for i in seen[:per_group]]
        return out


def _citations(
    iri: str,
    out: list[Stated],
    inc: list[Stated],
    hop: dict[str, dict[str, list[str]]],
    is_provision: bool,
) -> list[dict[str, str]]:
    """The provisions behind the resource, its qualified relations and its memberships: each with ``prov``, ``via``
    (the relation or membership direction), ``node`` (the qualifying node) and the provision's citation, label,
    legislation and confidence where it has them."""
    rows: dict[tuple[str, str, str], dict[str, str]] = {}

    def add(prov: str, via: str = "", node: str = "") -> None:
        row = {"prov": prov} | ({"via": via} if via else {}) | ({"node": node} if node else {})
        facts = hop.get(prov, {})
        row.update({key: facts[p][0] for key, p in PROVISION_FIELDS if facts.get(p)})
        rows.setdefault((prov, via, node), row)

    for p, o, _ in out:
        if p == BASIS:
            add(o)
        elif p == QUALIFIED:
            node = hop.get(o, {})
            for via in node.get(CSPG + "relation", []):
                for prov in node.get(BASIS, []):
                    add(prov, via, o)
    directions = {ORG + "member": ORG + "memberOf", ORG + "organization": ORG + "hasMember"}
    for p, s, _ in inc:
        if p in directions:
            for prov in hop.get(s, {}).get(BASIS, []):
                add(prov, directions[p], s)
    if is_provision:
        add(iri)
    return sorted(rows.values(), key=lambda c: (c.get("citation", c["prov"]), c.get("via", ""), c.get("node", "")))


def _first(cells: list[Cell]) -> str:
    return cells[0].iri if len(cells) == 1 else ""


def _merged(rows: list[list[Cell]], col: int) -> list[list[Cell]]:
    """One row per first cell, the texts of column ``col`` joined (``covers, police force area``)."""
    merged: dict[Cell, list[Cell]] = {}
    for r in sorted(rows, key=lambda r: (r[0].text, r[col].text)):
        if r[0] in merged:
            seen = merged[r[0]][col].text.split(", ")
            if r[col].text not in seen:
                merged[r[0]][col] = Cell(f"{merged[r[0]][col].text}, {r[col].text}")
        else:
            merged[r[0]] = list(r)
    return list(merged.values())


def _unique(rows: list[list[Cell]]) -> list[list[Cell]]:
    return [list(r) for r in dict.fromkeys(tuple(r) for r in rows)]
