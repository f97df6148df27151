"""The interactive network of the landscape: graph JSON built with SPARQL, and offline HTML pages to browse it.

Four views, each a dict ``{"view", "title", "nodes", "edges", "groups", "relations", ...}``:

* :func:`area_view` — one police force area: its policing body, force, panel, CSPs and their responsible
  authorities, councils, crime and disorder committees, sub-groups and the funding flows of each;
* :func:`country_view` — the whole of England and Wales, every node tagged with its police area so that the page
  can show it aggregated by area and expand an area on click; positions are precomputed with networkx;
* :func:`chain_view` — the accountability chain of one body (everything it answers to, and what answers to it);
* :func:`merger_view` — a proposed merger of CSPs, with the bodies that would join the merged partnership marked.

Nodes carry ``id`` (the URI), ``label``, ``labels`` (every label, for search), ``type``/``typeLabel`` (the most
specific class), ``group`` (the display category), ``code``, ``uri``, ``area`` and ``x``/``y``. Edges carry
``from``, ``to``, ``relation`` (membership, accountability, scrutiny, funding, cooperation, structure),
``predicate`` and, for funding, the fund and amount.

:func:`render_html` writes the page with the vendored vis-network (``engine="vis"``, every asset inline, or linked
to the app's own ``/network/assets/`` when served); :func:`render_pyvis` is the pyvis export, post-processed so that
nothing is loaded from the internet.
"""

from __future__ import annotations

import hashlib
import html
import json
import math
import re
import weakref
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import networkx as nx
from rdflib import URIRef

from cspgraph.errors import InputError, NotFound
from cspgraph.namespaces import BASE
from cspgraph.resolve import resolve, resolve_many
from cspgraph.stores import GraphStore

VIS_NETWORK_VERSION = "10.1.5"
VIS_NETWORK_SHA256 = "b427322ad953d70ab75d1b798ebb8349863502f244e02de3e12a4ab7dfeddf2c"
_API = Path(__file__).resolve().parent / "api"
VENDOR_DIR = _API / "static" / "vendor" / "vis-network"
STATIC_DIR = _API / "static" / "network"
ASSETS: dict[str, tuple[Path, str]] = {
    "vis-network.min.js": (VENDOR_DIR / "vis-network.min.js", "text/javascript"),
    "network.js": (STATIC_DIR / "network.js", "text/javascript"),
    "network.css": (STATIC_DIR / "network.css", "text/css"),
}

PREFIXES = """PREFIX cspg: <https://w3id.org/cspgraph/def/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX schema: <https://schema.org/>
PREFIX owl: <http://www.w3.org/2002/07/owl#>
"""


# ---------------------------------------------------------------- display vocabulary
@dataclass(frozen=True)
class Group:
    """A display category of bodies: colour, shape and the ontology classes that fall in it."""

    key: str
    label: str
    colour: str
    shape: str
    classes: tuple[str, ...]


# In priority order: a body typed with classes of several groups takes the first.
GROUPS: tuple[Group, ...] = (
    Group("police-force-area", "Police force area", "#6b7280", "box", ("PoliceForceArea",)),
    Group("policing-body", "Local policing body", "#1d4ed8", "star", ("LocalPolicingBody",)),
    Group("office", "Office of the policing body", "#60a5fa", "dot", ("OfficeOfLocalPolicingBody",)),
    Group("chief-officer", "Chief officer of police", "#0f766e", "triangle", ("ChiefOfficerOfPolice",)),
    Group("police-force", "Police force", "#14b8a6", "triangleDown", ("PoliceForce",)),
    Group(
        "panel",
        "Police and crime panel",
        "#7c3aed",
        "hexagon",
        ("PoliceAndCrimePanel", "LondonAssemblyPoliceAndCrimeCommittee"),
    ),
    Group("csp", "Community safety partnership", "#dc2626", "diamond", ("CommunitySafetyPartnership",)),
    Group("sub-group", "Partnership sub-group", "#f87171", "dot", ("PartnershipSubGroup", "PartnershipBoard")),
    Group(
        "committee",
        "Crime and disorder committee",
        "#a855f7",
        "square",
        ("CrimeAndDisorderCommittee", "JointCrimeAndDisorderCommittee"),
    ),
    Group("council", "Council", "#ca8a04", "ellipse", ("Council", "CombinedAuthority", "CityOfLondonCorporation")),
    Group("fire", "Fire and rescue authority", "#ea580c", "square", ("FireAndRescueAuthority",)),
    Group("health", "Health body", "#16a34a", "ellipse", ("HealthBody", "IntegratedCareBoard", "LocalHealthBoard")),
    Group(
        "probation",
        "Probation",
        "#92400e",
        "triangle",
        ("ProbationServiceRegion", "ProbationProvider", "NationalProbationService"),
    ),
    Group(
        "partnership",
        "Other partnership",
        "#f472b6",
        "diamond",
        (
            "YouthJusticePartnership",
            "SafeguardingBoard",
            "DrugsAndAlcoholPartnership",
            "LocalCriminalJusticeBoard",
            "MAPPAStrategicBoard",
            "CountyStrategicPartnership",
        ),
    ),
    Group(
        "national",
        "National body",
        "#111827",
        "box",
        ("GovernmentDepartment", "SecretaryOfState", "Legislature", "PublicBody"),
    ),
    Group("electorate", "Electorate", "#9ca3af", "dot", ("Electorate",)),
    Group("other", "Other body", "#d1d5db", "dot", ("VoluntarySector", "CriminalJusticeAgency", "Prison")),
)
GROUP_BY_KEY = {g.key: g for g in GROUPS}


@dataclass(frozen=True)
class Relation:
    key: str
    label: str
    colour: str
    dashes: bool
    width: float


RELATIONS: tuple[Relation, ...] = (
    Relation("accountability", "Accountable to", "#1e3a8a", False, 2.5),
    Relation("scrutiny", "Scrutinised by", "#7c3aed", True, 2.0),
    Relation("membership", "Member of", "#b45309", False, 1.0),
    Relation("funding", "Funds", "#15803d", True, 1.5),
    Relation("cooperation", "Duty to co-operate / have regard", "#94a3b8", True, 1.0),
    Relation("structure", "Part of / in area", "#cbd5e1", False, 0.8),
)
RELATION_BY_KEY = {r.key: r for r in RELATIONS}

_CSPG = BASE + "def/"
_ORG = "http://www.w3.org/ns/org#"
# predicate -> (relation, priority within the relation for the same pair, inverse?, wording)
PREDICATES: dict[str, tuple[str, int, bool, str]] = {
    _CSPG + "heldToAccountBy": ("accountability", 0, False, "held to account by"),
    _CSPG + "holdsToAccount": ("accountability", 0, True, "held to account by"),
    _CSPG + "electedBy": ("accountability", 1, False, "elected by"),
    _CSPG + "accountableTo": ("accountability", 2, False, "accountable to"),
    _CSPG + "reportsTo": ("accountability", 3, False, "reports to"),
    _ORG + "reportsTo": ("accountability", 4, False, "reports to"),
    _CSPG + "appointedBy": ("accountability", 5, False, "appointed by"),
    _CSPG + "appoints": ("accountability", 5, True, "appointed by"),
    _CSPG + "scrutinisedBy": ("scrutiny", 0, False, "scrutinised by"),
    _CSPG + "scrutinises": ("scrutiny", 0, True, "scrutinised by"),
    _ORG + "hasMember": ("membership", 0, True, "member of"),
    _ORG + "memberOf": ("membership", 1, False, "member of"),
    _CSPG + "responsibleAuthority": ("membership", 2, True, "member of"),
    _CSPG + "relevantLocalPolicingBody": ("cooperation", 0, False, "relevant local policing body"),
    _CSPG + "cooperatesWith": ("cooperation", 1, False, "co-operates with"),
    _CSPG + "mustHaveRegardTo": ("cooperation", 2, False, "must have regard to"),
    _CSPG + "subGroupOf": ("structure", 0, False, "sub-group of"),
    _CSPG + "officeOf": ("structure", 0, False, "office of"),
    _CSPG + "chiefOfficerOf": ("structure", 0, False, "chief officer of"),
    _CSPG + "sameOfficeholder": ("structure", 1, False, "same office-holder as"),
    _CSPG + "mayorOf": ("structure", 1, False, "mayor of"),
    _CSPG + "establishedBy": ("structure", 2, False, "established by"),
    _ORG + "unitOf": ("structure", 1, False, "unit of"),
    _ORG + "subOrganizationOf": ("structure", 2, False, "part of"),
    _CSPG + "localPolicingBodyFor": ("structure", 0, False, "policing body for"),
    _CSPG + "policesArea": ("structure", 0, False, "polices"),
    _CSPG + "panelFor": ("structure", 0, False, "panel for"),
    _CSPG + "policeForceArea": ("structure", 3, False, "in police area"),
}
_ACCOUNTABILITY_PATH = (
    "(org:reportsTo|cspg:reportsTo|cspg:accountableTo|cspg:heldToAccountBy|cspg:scrutinisedBy|cspg:electedBy"
    "|cspg:relevantLocalPolicingBody|^cspg:scrutinises|^cspg:holdsToAccount)"
)

# structure predicates that attach a body to another one of the area (sub-groups, offices, units, chief officers)
_ATTACHED = ("subGroupOf", "officeOf", "unitOf", "chiefOfficerOf", "sameOfficeholder")

# Kinds shown by default in the whole-country view (electorates and committees are one per council; ask for them).
COUNTRY_KINDS = tuple(g.key for g in GROUPS if g.key not in ("electorate", "committee", "office"))


# ---------------------------------------------------------------- the index of bodies and relations
@dataclass
class NodeInfo:
    uri: str
    group: str
    type: str
    type_label: str
    labels: list[str] = field(default_factory=list)
    label: str = ""
    code: str = ""


@dataclass
class EdgeInfo:
    source: str
    target: str
    relation: str
    predicate: str
    wording: str
    priority: int
    id: str = ""
    fund: str = ""
    amount: float | None = None
    year: str = ""
    basis: str = ""


@dataclass
class Index:
    nodes: dict[str, NodeInfo]
    edges: list[EdgeInfo]
    areas: dict[str, set[str]]  # node URI -> codes of the police force areas it belongs to
    area_names: dict[str, str]  # PFA code -> label


_CACHE: weakref.WeakKeyDictionary[GraphStore, tuple[int, Index]] = weakref.WeakKeyDictionary()


def _q(store: GraphStore, query: str, bindings: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    return store.select(PREFIXES + query, bindings).rows


def _local(uri: str) -> str:
    return uri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def index(store: GraphStore) -> Index:
    """Bodies (classified into display groups), their labels and codes, and every relation between them.

    Built once per store with a handful of SPARQL queries and cached until the store's size changes.
    """
    hit = _CACHE.get(store)
    size = len(store)
    if hit and hit[0] == size:
        return hit[1]
    idx = _build_index(store)
    _CACHE[store] = (size, idx)
    return idx


def _build_index(store: GraphStore) -> Index:
    group_classes = {c: g.key for g in GROUPS for c in g.classes}
    rank = {g.key: i for i, g in enumerate(GROUPS)}
    values = " ".join(f"cspg:{c}" for c in group_classes)
    # every instance of a display class, with its asserted types
    rows = _q(store, f"SELECT ?n ?t ?c WHERE {{ VALUES ?c {{ {values} }} ?t rdfs:subClassOf* ?c . ?n a ?t . }}")
    sub = {
        (str(r["a"]), str(r["b"]))
        for r in _q(store, "SELECT ?a ?b WHERE { ?a rdfs:subClassOf+ ?b . FILTER(isIRI(?a) && isIRI(?b)) }")
    }
    type_labels = {
        str(r["t"]): str(r["l"])
        for r in _q(
            store, "SELECT ?t ?l WHERE { ?t a owl:Class ; rdfs:label ?l . FILTER(langMatches(lang(?l), 'en')) }"
        )
    }
    groups: dict[str, str] = {}
    types: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        n = r["n"]
        if not isinstance(n, URIRef):
            continue
        n_s, g = str(n), group_classes[_local(str(r["c"]))]
        types[n_s].add(str(r["t"]))
        if n_s not in groups or rank[g] < rank[groups[n_s]]:
            groups[n_s] = g
    nodes: dict[str, NodeInfo] = {}
    for n_s, g in groups.items():
        ts = types[n_s]
        gclasses = {_CSPG + c for c in GROUP_BY_KEY[g].classes}
        in_group = [t for t in ts if t in gclasses or any((t, c) in sub for c in gclasses)] or sorted(ts)
        specific = sorted(t for t in in_group if not any((o, t) in sub for o in in_group if o != t))
        t = specific[0] if specific else sorted(in_group)[0]
        nodes[n_s] = NodeInfo(n_s, g, _local(t), type_labels.get(t, _local(t)))
    # labels: the local styling (cspg:knownAs) first, then rdfs:label, skos:prefLabel, skos:altLabel
    order = {"knownAs": 0, "prefLabel": 1, "label": 2, "altLabel": 3}
    found: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for r in _q(
        store,
        "SELECT ?n ?p ?l WHERE { VALUES ?p { cspg:knownAs skos:prefLabel rdfs:label skos:altLabel } ?n ?p ?l . "
        "FILTER(isIRI(?n) && (lang(?l) = '' || langMatches(lang(?l), 'en'))) }",
    ):
        n_s = str(r["n"])
        if n_s in nodes:
            found[n_s].append((order[_local(str(r["p"]))], str(r["l"])))
    for n_s, info in nodes.items():
        labels = sorted(set(found.get(n_s, [])))
        seen: list[str] = []
        for _, text in labels:
            if text not in seen:
                seen.append(text)
        info.labels = seen or [_local(n_s)]
        info.label = info.labels[0]
    for r in _q(
        store,
        "SELECT ?n ?code WHERE { { ?n dcterms:identifier ?code } UNION { ?n skos:notation ?code } FILTER(isIRI(?n)) }",
    ):
        info_ = nodes.get(str(r["n"]))
        code = str(r["code"])
        if info_ is not None and (not info_.code or (code < info_.code and len(code) >= len(info_.code))):
            info_.code = code
    # relations
    preds = " ".join(f"<{p}>" for p in PREDICATES)
    best: dict[tuple[str, str, str], EdgeInfo] = {}
    for r in _q(
        store, f"SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {preds} }} ?s ?p ?o . FILTER(isIRI(?s) && isIRI(?o)) }}"
    ):
        s, p, o = str(r["s"]), str(r["p"]), str(r["o"])
        relation, prio, inverse, wording = PREDICATES[p]
        if inverse:
            s, o = o, s
        if s not in nodes or o not in nodes or s == o:
            continue
        key = (s, o, relation)
        if key not in best or prio < best[key].priority:
            best[key] = EdgeInfo(s, o, relation, _local(p), wording, prio)
    # scrutiny is also materialised as accountability (org:reportsTo): show the pair once, as scrutiny
    for s, o, _ in [k for k in best if k[2] == "scrutiny"]:
        best.pop((s, o, "accountability"), None)
    edges = sorted(best.values(), key=lambda e: (e.relation, e.source, e.target))
    flows_seen: set[str] = set()
    for e in edges:
        e.id = "e" + hashlib.sha1(f"{e.source} {e.relation} {e.target}".encode()).hexdigest()[:12]
    for r in _q(
        store,
        """SELECT ?f ?funder ?recipient ?fund ?fundLabel ?amount ?year ?basis WHERE {
             ?f a cspg:FundingFlow ; schema:funder ?funder ; cspg:recipient ?recipient .
             OPTIONAL { ?f cspg:fund ?fund OPTIONAL { ?fund skos:prefLabel|rdfs:label ?fundLabel } }
             OPTIONAL { ?f cspg:amountGBP ?amount } OPTIONAL { ?f cspg:financialYear ?year }
             OPTIONAL { ?f cspg:statutoryBasis ?basis } }""",
    ):
        s, o = str(r["funder"]), str(r["recipient"])
        if s not in nodes or o not in nodes:
            continue
        fund = str(r["fundLabel"]) if r["fundLabel"] is not None else (_local(str(r["fund"])) if r["fund"] else "")
        amount = float(str(r["amount"])) if r["amount"] is not None else None
        fid = "f" + hashlib.sha1(str(r["f"]).encode()).hexdigest()[:12]
        if fid in flows_seen:  # several fund labels for one flow: keep the first
            continue
        flows_seen.add(fid)
        edges.append(
            EdgeInfo(
                s,
                o,
                "funding",
                "FundingFlow",
                f"funds ({fund})" if fund else "funds",
                0,
                fid,
                fund,
                amount,
                _local(str(r["year"])) if r["year"] else "",
                str(r["basis"]) if r["basis"] else "",
            )
        )
    return Index(nodes, edges, _areas(store, nodes), _area_names(store))


_AREA_QUERY = """SELECT DISTINCT ?n ?code WHERE {
  ?pfa a cspg:PoliceForceArea ; dcterms:identifier ?code .
  { BIND(?pfa AS ?n) }
  UNION { ?n cspg:localPolicingBodyFor|cspg:policeForceArea|cspg:policesArea|cspg:panelFor ?pfa }
  UNION { ?lpb cspg:localPolicingBodyFor ?pfa . ?n cspg:officeOf ?lpb }
  UNION { ?csp a cspg:CommunitySafetyPartnership ; cspg:policeForceArea ?pfa .
          { ?csp org:hasMember ?n } UNION { ?csp cspg:scrutinisedBy ?n } UNION { ?n cspg:subGroupOf+ ?csp }
          UNION { ?n org:memberOf ?csp } }
  UNION { ?panel cspg:panelFor ?pfa ; org:hasMember ?n }
}"""


def _areas(store: GraphStore, nodes: dict[str, NodeInfo]) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for r in _q(store, _AREA_QUERY):
        n = str(r["n"])
        if n in nodes:
            out[n].add(str(r["code"]))
    return out


def _area_names(store: GraphStore) -> dict[str, str]:
    names: dict[str, str] = {}
    for r in _q(
        store,
        "SELECT ?code ?l WHERE { ?pfa a cspg:PoliceForceArea ; dcterms:identifier ?code ; rdfs:label ?l } ORDER BY ?l",
    ):
        names.setdefault(str(r["code"]), str(r["l"]).removesuffix(" police force area"))
    return names


# ---------------------------------------------------------------- views
def _check_kinds(kinds: Iterable[str] | None, default: Iterable[str]) -> set[str]:
    ks = set(kinds) if kinds else set(default)
    unknown = sorted(ks - set(GROUP_BY_KEY))
    if unknown:
        raise InputError(f"unknown body kind(s) {', '.join(unknown)}; use one of: {', '.join(GROUP_BY_KEY)}")
    return ks


def _check_relations(relations: Iterable[str] | None) -> set[str]:
    rs = set(relations) if relations else set(RELATION_BY_KEY)
    unknown = sorted(rs - set(RELATION_BY_KEY))
    if unknown:
        raise InputError(f"unknown relation(s) {', '.join(unknown)}; use one of: {', '.join(RELATION_BY_KEY)}")
    return rs


def resolve_area(store: GraphStore, area: str) -> tuple[str, str]:
    """A police force area from anything :func:`cspgraph.resolve.resolve` accepts: ``(uri, code)``."""
    uri = str(resolve(store, area, "pfa"))
    return uri, uri.rsplit("/", 1)[-1]


def _link(uri: str) -> str:
    return "/" + uri[len(BASE) :] if uri.startswith(BASE) else uri


def _node_json(info: NodeInfo, idx: Index, **extra: Any) -> dict[str, Any]:
    areas = idx.areas.get(info.uri, set())
    d: dict[str, Any] = {
        "id": info.uri,
        "uri": info.uri,
        "path": _link(info.uri),
        "label": info.label,
        "labels": info.labels,
        "type": info.type,
        "typeLabel": info.type_label,
        "group": info.group,
        "code": info.code,
        "area": next(iter(areas)) if len(areas) == 1 else None,
    }
    d.update(extra)
    return d


def _edge_json(e: EdgeInfo) -> dict[str, Any]:
    d: dict[str, Any] = {
        "id": e.id,
        "from": e.source,
        "to": e.target,
        "relation": e.relation,
        "predicate": e.predicate,
        "wording": e.wording,
    }
    if e.relation == "funding":
        d["fund"] = e.fund
        d["amount"] = e.amount
        d["year"] = e.year
        if e.amount is not None:
            d["label"] = f"£{e.amount:,.0f}"
    if e.basis:
        d["basis"] = e.basis
    return d


def _legend() -> dict[str, Any]:
    return {
        "groups": [{"key": g.key, "label": g.label, "colour": g.colour, "shape": g.shape} for g in GROUPS],
        "relations": [
            {"key": r.key, "label": r.label, "colour": r.colour, "dashes": r.dashes, "width": r.width}
            for r in RELATIONS
        ],
    }


def _assemble(
    idx: Index,
    view: str,
    title: str,
    node_ids: Iterable[str],
    kinds: set[str],
    relations: set[str],
    positions: dict[str, tuple[float, float]] | None = None,
    extra: dict[str, dict[str, Any]] | None = None,
    extra_edges: Sequence[dict[str, Any]] = (),
    extra_nodes: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    keep = {n for n in node_ids if n in idx.nodes and idx.nodes[n].group in kinds}
    edges = [_edge_json(e) for e in idx.edges if e.relation in relations and e.source in keep and e.target in keep]
    if positions is None:
        positions = _layout_small(keep, edges)
    nodes = []
    for n in sorted(keep, key=lambda u: (idx.nodes[u].group, idx.nodes[u].label)):
        d = _node_json(idx.nodes[n], idx, **(extra or {}).get(n, {}))
        if n in positions:
            d["x"], d["y"] = round(positions[n][0], 1), round(positions[n][1], 1)
        nodes.append(d)
    nodes += list(extra_nodes)
    edges += list(extra_edges)
    return {
        "view": view,
        "title": title,
        "nodes": nodes,
        "edges": edges,
        "areas": [{"code": c, "label": n} for c, n in sorted(idx.area_names.items(), key=lambda kv: kv[1])],
        "kinds": sorted(kinds),
        "relationsShown": sorted(relations),
        **_legend(),
    }


def area_view(
    store: GraphStore,
    pfa: str,
    kinds: Iterable[str] | None = None,
    relations: Iterable[str] | None = None,
) -> dict[str, Any]:
    """One police force area: its bodies, their partnerships, scrutiny, accountability and funding.

    Args:
        store: the loaded store.
        pfa: the police force area's GSS code (e.g. ``E23000008``) or URI.
        kinds: body kinds (keys of :data:`GROUPS`) to show; default all.
        relations: relation kinds (keys of :data:`RELATIONS`) to show; default all.
    """
    uri, code = resolve_area(store, pfa)
    ks, rs = _check_kinds(kinds, GROUP_BY_KEY), _check_relations(relations)
    idx = index(store)
    core = {
        str(r["n"])
        for r in _q(
            store, _AREA_QUERY.replace("SELECT DISTINCT ?n ?code", "SELECT DISTINCT ?pfa ?n"), {"pfa": URIRef(uri)}
        )
    }
    core = {n for n in core | {uri} if n in idx.nodes}
    nodes = set(core)
    # sub-groups, offices, units and committees attached to the area's bodies
    for _ in range(2):
        for e in idx.edges:
            if e.relation == "structure" and e.target in nodes and e.predicate in _ATTACHED:
                nodes.add(e.source)
    # one step outwards along accountability and scrutiny, and the other end of each funding flow
    for e in idx.edges:
        if e.source in core and e.relation in ("accountability", "scrutiny", "funding"):
            nodes.add(e.target)
        if e.target in core and e.relation == "funding":
            nodes.add(e.source)
    name = idx.area_names.get(code, code)
    return _assemble(idx, "area", f"{name} police force area", nodes, ks, rs) | {"area": code}


def country_view(
    store: GraphStore,
    kinds: Iterable[str] | None = None,
    relations: Iterable[str] | None = None,
) -> dict[str, Any]:
    """The whole of England and Wales, aggregated by police area in the page; positions precomputed (networkx)."""
    ks, rs = _check_kinds(kinds, COUNTRY_KINDS), _check_relations(relations)
    idx = index(store)
    keep = {n for n, i in idx.nodes.items() if i.group in ks}
    edges = [e for e in idx.edges if e.relation in rs and e.source in keep and e.target in keep]
    positions = _country_layout(idx, keep, edges)
    data = _assemble(idx, "country", "England and Wales", keep, ks, rs, positions)
    data["aggregate"] = True
    return data


def chain_view(
    store: GraphStore,
    body: str,
    kinds: Iterable[str] | None = None,
    relations: Iterable[str] | None = None,
) -> dict[str, Any]:
    """The accountability chain of one body: everything it answers to, transitively, and what answers to it."""
    uri = str(resolve(store, body, "any"))
    ks, rs = (
        _check_kinds(kinds, GROUP_BY_KEY),
        _check_relations(relations or ("accountability", "scrutiny", "cooperation")),
    )
    idx = index(store)
    up = {
        str(r["n"])
        for r in _q(
            store, f"SELECT DISTINCT ?body ?n WHERE {{ ?body {_ACCOUNTABILITY_PATH}* ?n }}", {"body": URIRef(uri)}
        )
    }
    down = {
        str(r["n"])
        for r in _q(
            store, f"SELECT DISTINCT ?body ?n WHERE {{ ?n {_ACCOUNTABILITY_PATH} ?body }}", {"body": URIRef(uri)}
        )
    }
    if uri not in idx.nodes:
        raise InputError(f"{uri} is not a body that the network shows (it is not an organisation, area or electorate)")
    nodes = (up | down) & set(idx.nodes)
    ks.add(idx.nodes[uri].group)
    # levels: 0 for the body, +1 per step up, -1 for what reports to it
    g = nx.DiGraph()
    g.add_nodes_from(nodes)
    g.add_edges_from(
        (e.source, e.target) for e in idx.edges if e.source in nodes and e.target in nodes and e.relation in rs
    )
    dist = nx.single_source_shortest_path_length(g, uri)
    level = {n: dist.get(n, -1) for n in nodes}
    by_level: dict[int, list[str]] = defaultdict(list)
    for n in sorted(nodes, key=lambda u: (idx.nodes[u].group, idx.nodes[u].label)):
        by_level[level[n]].append(n)
    positions = {}
    for lv, ns in by_level.items():
        for i, n in enumerate(ns):
            positions[n] = ((i - (len(ns) - 1) / 2) * 190.0, -lv * 150.0)
    extra = {uri: {"focus": True}}
    title = f"Accountability chain of {idx.nodes[uri].label}"
    return _assemble(idx, "chain", title, nodes, ks, rs, positions, extra) | {"body": uri}


def merger_view(
    store: GraphStore,
    csps: Sequence[str],
    kinds: Iterable[str] | None = None,
    relations: Iterable[str] | None = None,
) -> dict[str, Any]:
    """A proposed merger of CSPs: the partnerships, their responsible authorities and areas, and the proposal.

    A body that is a member of some but not all of the merging CSPs would join a partnership with the others:
    such bodies are marked ``joins`` (and highlighted in the page), as are the merging CSPs themselves.
    """
    if len(csps) < 2:
        raise InputError("a merger needs at least two CSPs (--csp CODE --csp CODE)")
    ks, rs = _check_kinds(kinds, GROUP_BY_KEY), _check_relations(relations)
    idx = index(store)
    uris = [str(u) for u in resolve_many(store, csps, "csp")]
    if len(uris) < 2:
        raise InputError("a merger needs at least two different CSPs")
    members: dict[str, set[str]] = {}
    nodes: set[str] = set(uris)
    for uri in uris:
        rows = _q(
            store,
            """SELECT DISTINCT ?csp ?n ?how WHERE {
                 { ?csp org:hasMember ?n BIND("member" AS ?how) }
                 UNION { ?csp cspg:policeForceArea ?n BIND("area" AS ?how) }
                 UNION { ?csp cspg:relevantLocalPolicingBody ?n BIND("lpb" AS ?how) }
                 UNION { ?csp cspg:scrutinisedBy ?n BIND("scrutiny" AS ?how) }
                 UNION { ?n cspg:subGroupOf ?csp BIND("sub-group" AS ?how) } }""",
            {"csp": URIRef(uri)},
        )
        members[uri] = {str(r["n"]) for r in rows if str(r["how"]) == "member"}
        nodes |= {str(r["n"]) for r in rows}
    union = set().union(*members.values())
    joining = {m for m in union if any(m not in ms for ms in members.values())}
    extra: dict[str, dict[str, Any]] = {u: {"merging": True, "highlight": True} for u in uris}
    for m in union:
        extra[m] = {"joins": m in joining, "highlight": m in joining}
    labels = [idx.nodes[u].label for u in uris]
    proposal_id = "urn:cspgraph:proposal:" + "+".join(_local(u) for u in uris)
    proposal = {
        "id": proposal_id,
        "uri": "",
        "path": "",
        "label": "Proposed merged partnership",
        "labels": ["Proposed merged partnership", *labels],
        "type": "Proposal",
        "typeLabel": "proposed merger (not a body)",
        "group": "csp",
        "code": " + ".join(_local(u) for u in uris),
        "area": None,
        "proposed": True,
        "highlight": True,
    }
    extra_edges: list[dict[str, Any]] = [
        {
            "id": f"m{i}",
            "from": u,
            "to": proposal_id,
            "relation": "structure",
            "predicate": "mergesInto",
            "wording": "would merge into",
        }
        for i, u in enumerate(uris)
    ]
    if "membership" in rs:
        extra_edges += [
            {
                "id": f"j{i}",
                "from": m,
                "to": proposal_id,
                "relation": "membership",
                "predicate": "wouldBeMemberOf",
                "wording": "would join" if m in joining else "would stay a member",
                "highlight": m in joining,
            }
            for i, m in enumerate(sorted(union))
            if idx.nodes.get(m) and idx.nodes[m].group in ks
        ]
    title = "Proposed merger of " + " and ".join(labels)
    data = _assemble(idx, "merger", title, nodes, ks, rs, None, extra, extra_edges, [proposal])
    ids = {n["id"] for n in data["nodes"]}
    data["edges"] = [e for e in data["edges"] if e["from"] in ids and e["to"] in ids]
    data["joining"] = sorted(j for j in joining if j in ids)
    data["csps"] = uris
    return data


# ---------------------------------------------------------------- layouts (networkx)
def _layout_small(nodes: set[str], edges: Sequence[dict[str, Any]]) -> dict[str, tuple[float, float]]:
    """A spring layout of a view of up to a few hundred nodes, deterministic, in pixels."""
    g = nx.Graph()
    g.add_nodes_from(sorted(nodes))
    g.add_edges_from((e["from"], e["to"]) for e in edges if e["from"] in nodes and e["to"] in nodes)
    if not g:
        return {}
    pos = nx.spring_layout(g, seed=7, k=1.6 / math.sqrt(max(len(g), 1)), iterations=80)
    scale = 90.0 * math.sqrt(len(g))
    return {n: (float(p[0]) * scale, float(p[1]) * scale) for n, p in pos.items()}


def _country_layout(idx: Index, keep: set[str], edges: Sequence[EdgeInfo]) -> dict[str, tuple[float, float]]:
    """Two-level layout: police areas (and bodies shared between areas) placed by a spring layout of the
    area-level graph, then each area's own bodies by a spring layout around its centre."""
    home: dict[str, str | None] = {}
    for n in keep:
        codes = idx.areas.get(n, set())
        home[n] = next(iter(codes)) if len(codes) == 1 else None
    top = nx.Graph()
    for n in sorted(keep):
        top.add_node(home[n] or n)
    weights: dict[tuple[str, str], int] = defaultdict(int)
    for e in edges:
        ka: str = home[e.source] or e.source
        kb: str = home[e.target] or e.target
        if ka != kb:
            weights[(min(ka, kb), max(ka, kb))] += 1
    for (ka, kb), w in sorted(weights.items()):
        top.add_edge(ka, kb, weight=math.log1p(w))
    members: dict[str, list[str]] = defaultdict(list)
    for n in sorted(keep):
        if home[n]:
            members[str(home[n])].append(n)
    # the area's size shapes the spacing: bigger areas get more room
    pos_top = nx.spring_layout(top, seed=11, k=2.2 / math.sqrt(max(len(top), 1)), iterations=120, weight="weight")
    spread = 420.0 * math.sqrt(len(top))
    out: dict[str, tuple[float, float]] = {}
    for key, (x, y) in pos_top.items():
        cx, cy = float(x) * spread, float(y) * spread
        if key not in members:
            out[key] = (cx, cy)
            continue
        ms = members[key]
        sub = nx.Graph()
        sub.add_nodes_from(ms)
        inner = set(ms)
        sub.add_edges_from((e.source, e.target) for e in edges if e.source in inner and e.target in inner)
        p = nx.spring_layout(sub, seed=3, iterations=40) if len(ms) > 1 else {ms[0]: (0.0, 0.0)}
        r = 28.0 * math.sqrt(len(ms))
        for n, (dx, dy) in p.items():
            out[n] = (cx + float(dx) * r, cy + float(dy) * r)
    return out


# ---------------------------------------------------------------- views by parameters
def view(
    store: GraphStore,
    *,
    area: str | None = None,
    body: str | None = None,
    csps: Sequence[str] = (),
    kinds: Iterable[str] | None = None,
    relations: Iterable[str] | None = None,
) -> dict[str, Any]:
    """The view the parameters ask for: a merger (``csps``), a chain (``body``), an area, or the whole country."""
    given = sum(bool(x) for x in (area, body, csps))
    if given > 1:
        raise InputError("ask for one view at a time: an area, a body (chain) or CSPs (merger)")
    kinds = [k for k in (kinds or []) if k] or None
    relations = [r for r in (relations or []) if r] or None
    if csps:
        return merger_view(store, list(csps), kinds, relations)
    if body:
        return chain_view(store, body, kinds, relations)
    if area:
        return area_view(store, area, kinds, relations)
    return country_view(store, kinds, relations)


# ---------------------------------------------------------------- HTML
def safe_json(data: Any) -> str:
    """JSON safe to embed in HTML ``<script>``: ``<``, ``>``, ``&`` and the JS line separators are escaped."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (
        text.replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
        .replace("\u2028", "\\u2028")
        .replace("\u2029", "\\u2029")
    )


@cache
def _asset_text(name: str) -> str:
    path = ASSETS[name][0]
    text = path.read_text(encoding="utf-8")
    if name == "vis-network.min.js":
        text = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", text)
    return text


def asset_bytes(name: str) -> tuple[bytes, str]:
    """A static asset of the page by name: (content, media type); NotFound for anything else."""
    if name not in ASSETS:
        raise NotFound(f"no network asset {name!r}")
    return _asset_text(name).encode("utf-8"), ASSETS[name][1]


def _inline_script(text: str) -> str:
    # a literal "</script" inside vendored code would end the element early
    return "<script>" + re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE) + "</script>"


def render_html(data: dict[str, Any], *, inline: bool = True, asset_base: str = "/network/assets/") -> str:
    """The interactive page for one view.

    Args:
        data: a view from :func:`view` (or any of the ``*_view`` functions).
        inline: put vis-network, the page script and its CSS into the page (a standalone file that works
            offline); otherwise link them from ``asset_base`` (the app serves them).
        asset_base: where the app serves the assets.
    """
    title = html.escape(str(data.get("title", "cspgraph network")))
    if inline:
        head = (
            "<style>"
            + _asset_text("network.css")
            + "</style>\n"
            + _inline_script(_asset_text("vis-network.min.js"))
            + "\n"
        )
        tail = _inline_script(_asset_text("network.js"))
    else:
        b = html.escape(asset_base, quote=True)
        head = f'<link rel="stylesheet" href="{b}network.css">\n<script src="{b}vis-network.min.js"></script>\n'
        tail = f'<script src="{b}network.js"></script>'
    link_mode = "app" if not inline else "uri"
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · cspgraph network</title>
{head}</head>
<body data-links="{link_mode}">
<header id="top">
  <h1 id="view-title">{title}</h1>
  <form id="controls" method="get" action="">
    <label>Area <select id="area-select" name="area"><option value="">England and Wales</option></select></label>
    <label>Search <input id="search" type="search" placeholder="name or code" autocomplete="off"></label>
    <button type="button" id="expand-all">Expand all areas</button>
    <button type="button" id="collapse-all">Group by area</button>
    <button type="button" id="fit">Fit</button>
  </form>
</header>
<main>
  <div id="network" role="application" aria-label="network of bodies"></div>
  <aside id="side">
    <section id="details" aria-live="polite"><h2>Details</h2><p class="hint">Hover a node for its name, type and code;
    click it for its links; double-click a police area to expand it.</p></section>
    <section><h2>Body types</h2><ul id="legend-groups" class="legend"></ul></section>
    <section><h2>Relations</h2><ul id="legend-relations" class="legend"></ul></section>
    <section id="stats"></section>
  </aside>
</main>
<script type="application/json" id="cspgraph-data">{safe_json(data)}</script>
{tail}
</body>
</html>
"""


def render_pyvis(data: dict[str, Any], *, physics: bool | None = None) -> str:
    """The same view exported with pyvis, then made standalone and offline.

    pyvis 0.3.2 links vis-network from cdnjs and Bootstrap from jsdelivr (even with ``cdn_resources="in_line"``);
    here the vis-network tag is replaced by the vendored file, inline, and every other external link is removed.
    ``physics`` defaults to on only when the view has no precomputed positions.
    """
    from pyvis.network import Network

    has_positions = all("x" in n for n in data["nodes"])
    if physics is None:
        physics = not has_positions
    net = Network(height="900px", width="100%", directed=True, cdn_resources="remote", heading="")
    for n in data["nodes"]:
        g = GROUP_BY_KEY.get(n["group"], GROUP_BY_KEY["other"])
        kwargs: dict[str, Any] = {}
        if has_positions:
            kwargs.update(x=n["x"], y=n["y"])
        net.add_node(
            n["id"],
            label=n["label"],
            title=f"{n['label']}\n{n['typeLabel']}" + (f"\n{n['code']}" if n.get("code") else ""),
            color=g.colour,
            shape=g.shape,
            group=n["group"],
            **kwargs,
        )
    for e in data["edges"]:
        r = RELATION_BY_KEY[e["relation"]]
        net.add_edge(
            e["from"],
            e["to"],
            title=e.get("wording", r.label),
            color=r.colour,
            dashes=r.dashes,
            width=r.width,
            label=e.get("label", ""),
        )
    net.toggle_physics(physics)
    return make_offline(net.generate_html())


_EXTERNAL_TAG = re.compile(
    r"<script\b[^>]*\bsrc\s*=\s*[\"']?https?://[^>]*>\s*</script>|<link\b[^>]*\bhref\s*=\s*[\"']?https?://[^>]*/?>",
    re.IGNORECASE | re.DOTALL,
)
_EXTERNAL_ATTR = re.compile(r"\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//", re.IGNORECASE)


def make_offline(page: str) -> str:
    """Replace pyvis's remote vis-network by the vendored file, inline, and drop every other external tag."""
    vis_done = False

    def swap(m: re.Match[str]) -> str:
        nonlocal vis_done
        tag = m.group(0)
        if "vis-network" in tag and tag.lower().startswith("<script") and not vis_done:
            vis_done = True
            return _inline_script(_asset_text("vis-network.min.js"))
        return ""

    out = _EXTERNAL_TAG.sub(swap, page)
    if not vis_done:
        out = out.replace("<head>", "<head>\n" + _inline_script(_asset_text("vis-network.min.js")), 1)
    if _EXTERNAL_ATTR.search(out):
        raise RuntimeError("the pyvis page still links an external resource after post-processing")
    return out


def external_links(page: str) -> list[str]:
    """Every ``src``/``href`` attribute of the page that points off the machine (for tests and checks)."""
    return [m.group(0) for m in _EXTERNAL_ATTR.finditer(page)]
