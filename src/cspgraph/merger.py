"""The merger what-if: would a proposed combination of CSPs meet the law, and who must sign?

``check_merger(store, ["E22000027", "E22000028", ...])`` builds the proposed combined CSP on a copy-on-write view of
the landscape (the store is never changed): it fetches the neighbourhood of the constituent CSPs from the store (their
areas, police areas, responsible authorities, local policing bodies, committees and panels, with one query per CSP),
adds the proposal's new nodes (the combined CSP, its responsible-authority memberships, the written combination
agreement and, across police areas, its co-operation arrangements), drops the constituent CSPs, and validates only
the nodes the merger touches against the statutory shapes in ``shapes/``. The report says whether the combination
is allowed, every violated rule with its provision, the bodies that must be party to the agreement, the crime and
disorder committee arrangement, and what changes compared with today.

The rules (shared statutory-rules R3, R19, R24): only areas in England can be combined (CDA 1998 s5(1A)); every
responsible authority of every constituent area is a party (s5A(1)); the relevant local policing body makes the
agreement (s5(1A), (1E)); across police areas the Secretary of State is a party and the agreement contains
co-operation arrangements (s5A(4)-(5)); it is in writing (s5A(7)); the combined CSP's responsible authorities are
the union of the areas' ones (s5(1BA)); the agreement may require a joint crime and disorder committee (s5(1C)-(1D),
PJA 2006 s21).
"""

from __future__ import annotations

import json
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS, SKOS, XSD

from cspgraph import resources
from cspgraph.asof import in_force, latest
from cspgraph.errors import InputError
from cspgraph.namespaces import CSPG, ID, SH, bind_prefixes
from cspgraph.resolve import resolve, resolve_many, split_values
from cspgraph.stores import GraphStore, to_ox, to_rdflib

ENGLAND = ID["country/E92000001"]
ROLE_RA = URIRef("https://w3id.org/cspgraph/def/role/responsible-authority")
KIND = Namespace("https://w3id.org/cspgraph/def/partnership-kind/")
SCHEMA_VALID_FROM = URIRef("https://schema.org/validFrom")

# ----------------------------------------------------------------------------------------------- queries
_PREFIXES = """PREFIX cspg: <https://w3id.org/cspgraph/def/>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""

CSP_INDEX_QUERY = (
    _PREFIXES
    + """SELECT ?csp ?code ?label ?alt ?kind WHERE {
  ?csp a cspg:CommunitySafetyPartnership ; dcterms:identifier ?code .
  OPTIONAL { ?csp rdfs:label ?label }
  OPTIONAL { ?csp skos:altLabel ?alt }
  OPTIONAL { ?csp cspg:partnershipKind ?kind }
}"""
)

# The neighbourhood of the constituent CSPs is fetched by a short walk of small bound queries (one per node), which
# Oxigraph answers in well under a millisecond each; a single CONSTRUCT with a union of paths is planned badly.
DESCRIBE_QUERY = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
INCOMING_QUERY = (
    _PREFIXES + "SELECT ?x ?s WHERE { ?s cspg:councilFor|cspg:coversArea|cspg:policeForceArea|org:organization ?x }"
)
SOS_QUERY = _PREFIXES + "SELECT ?s WHERE { ?s a cspg:SecretaryOfState }"

SUBCLASS_QUERY = "SELECT ?s ?o WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#subClassOf> ?o }"
AS_OF_QUERY = "SELECT ?s ?o WHERE { ?s <https://w3id.org/cspgraph/def/asOf> ?o }"

PROVISION_QUERY = (
    _PREFIXES
    + """SELECT ?provision ?citation ?label ?legislation WHERE {
  ?provision a cspg:Provision .
  OPTIONAL { ?provision cspg:citation ?citation }
  OPTIONAL { ?provision rdfs:label ?label }
  OPTIONAL { ?provision cspg:legislation ?legislation }
}"""
)


# ----------------------------------------------------------------------------------------------- data classes
@dataclass(frozen=True)
class Body:
    """A body, area or partnership named in the report."""

    uri: str
    code: str
    name: str
    kind: str = ""

    def to_json(self) -> dict[str, str]:
        return {"uri": self.uri, "code": self.code, "name": self.name, "kind": self.kind}

    def __str__(self) -> str:
        return f"{self.name} ({self.code})" if self.code and self.code not in self.name else self.name


@dataclass
class Finding:
    """One result of the statutory shapes on the proposal: the rule, in plain English, and its provision."""

    severity: str
    rule: str
    message: str
    focus: str
    source_shape: str
    value: str | None = None
    provision: str | None = None
    provision_uri: str | None = None
    legislation: str | None = None
    fix: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "rule": self.rule,
            "message": self.message,
            "focus": self.focus,
            "sourceShape": self.source_shape,
            "value": self.value,
            "provision": self.provision,
            "provisionUri": self.provision_uri,
            "legislation": self.legislation,
            "fix": self.fix,
        }


@dataclass
class MergerReport:
    """The answer to "if these CSPs combined, would the result still meet the law, and who must sign?"."""

    name: str
    proposed_uri: str
    csps: list[Body]
    areas: list[Body]
    police_areas: list[Body]
    local_policing_bodies: list[Body]
    responsible_authorities: list[Body]
    required_parties: list[Body]
    parties: list[Body]
    parties_given: bool
    secretary_of_state_party: bool
    cross_police_area: bool
    outside_england: list[Body]
    violations: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    infos: list[Finding] = field(default_factory=list)
    committee_arrangement: dict[str, Any] = field(default_factory=dict)
    changes: dict[str, Any] = field(default_factory=dict)
    assumptions: list[str] = field(default_factory=list)
    focus_nodes: list[str] = field(default_factory=list)
    view: Any = field(default=None, repr=False)  # the copy-on-write view, a pyoxigraph Store

    @property
    def allowed(self) -> bool:
        """True when no statutory rule (sh:Violation) is broken by the proposal."""
        return not self.violations

    @property
    def missing_parties(self) -> list[Body]:
        given = {p.uri for p in self.parties}
        return [p for p in self.required_parties if p.uri not in given]

    @property
    def extra_parties(self) -> list[Body]:
        required = {p.uri for p in self.required_parties}
        return [p for p in self.parties if p.uri not in required]

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "proposedUri": self.proposed_uri,
            "allowed": self.allowed,
            "csps": [b.to_json() for b in self.csps],
            "areas": [b.to_json() for b in self.areas],
            "policeAreas": [b.to_json() for b in self.police_areas],
            "crossPoliceArea": self.cross_police_area,
            "outsideEngland": [b.to_json() for b in self.outside_england],
            "localPolicingBodies": [b.to_json() for b in self.local_policing_bodies],
            "secretaryOfStateMustBeParty": self.secretary_of_state_party,
            "responsibleAuthorities": [b.to_json() for b in self.responsible_authorities],
            "requiredParties": [b.to_json() for b in self.required_parties],
            "partiesGiven": self.parties_given,
            "parties": [b.to_json() for b in self.parties],
            "missingParties": [b.to_json() for b in self.missing_parties],
            "extraParties": [b.to_json() for b in self.extra_parties],
            "violations": [f.to_json() for f in self.violations],
            "warnings": [f.to_json() for f in self.warnings],
            "infos": [f.to_json() for f in self.infos],
            "committeeArrangement": self.committee_arrangement,
            "changes": self.changes,
            "assumptions": self.assumptions,
        }

    def to_text(self) -> str:
        out: list[str] = []
        verdict = "ALLOWED" if self.allowed else "NOT ALLOWED"
        out.append(f"{self.name}: {verdict}")
        out.append(f"  proposed CSP: {self.proposed_uri}")
        out.append("  combining: " + "; ".join(str(c) for c in self.csps))
        out.append("  areas: " + "; ".join(str(a) for a in self.areas))
        pa = "; ".join(str(p) for p in self.police_areas)
        out.append(f"  police areas: {pa}" + (" (crosses police areas)" if self.cross_police_area else ""))
        if self.violations:
            out.append("")
            out.append(f"Rules broken ({len(self.violations)}):")
            for f in self.violations:
                out.extend(_finding_lines(f))
        if self.warnings:
            out.append("")
            out.append(f"Warnings ({len(self.warnings)}):")
            for f in self.warnings:
                out.extend(_finding_lines(f))
        if self.infos:
            out.append("")
            out.append("Notes:")
            for f in self.infos:
                out.extend(_finding_lines(f))
        out.append("")
        if self.outside_england:
            out.append(
                "Parties: none possible. There is no power to combine local government areas outside England "
                "(CDA 1998 s5(1A)); the bodies below would otherwise have had to sign."
            )
        else:
            out.append(
                f"Parties to the written combination agreement ({len(self.required_parties)}, CDA 1998 s5(1A), s5A):"
            )
        for p in self.required_parties:
            mark = "" if not self.parties_given else ("  [signs]" if p not in self.missing_parties else "  [MISSING]")
            out.append(f"  - {p}{mark}")
        if self.extra_parties:
            out.append("  Also named as parties, though the law does not require them:")
            out.extend(f"  - {p}" for p in self.extra_parties)
        ca = self.committee_arrangement
        if ca:
            out.append("")
            out.append("Crime and disorder committee arrangement:")
            out.append("  " + ca["text"])
            for c in ca.get("committees", []):
                out.append(f"  - {c['name']}")
        ch = self.changes
        if ch:
            out.append("")
            out.append("What changes compared with today:")
            for c in ch.get("csps", []):
                joining = ", ".join(b["name"] for b in c["joining"]) or "no new bodies"
                out.append(f"  - {c['csp']['name']} is replaced; bodies joining its partnership: {joining}")
            for c in ch.get("committees", []):
                gains = ", ".join(a["name"] for a in c["gains"])
                out.append(f"  - {c['committee']['name']} gains scrutiny of the partnership for {gains}")
            for p in ch.get("panels", []):
                out.append(f"  - {p['panel']['name']}: {p['text']}")
        if self.assumptions:
            out.append("")
            out.append("Assumptions:")
            out.extend(f"  - {a}" for a in self.assumptions)
        return "\n".join(out) + "\n"


def _finding_lines(f: Finding) -> list[str]:
    lines = [f"  - {f.message}"]
    if f.provision or f.legislation:
        lines.append(f"    provision: {f.provision or ''} {f.legislation or ''}".rstrip())
    if f.fix:
        lines.append(f"    to fix: {f.fix}")
    return lines


@dataclass
class Scenario:
    """A what-if from data/scenarios/*.json: {"name", "csps", "parties"?, "source"?, "description"?}."""

    name: str
    csps: list[str]
    parties: list[str] | None = None
    source: str | None = None
    description: str | None = None
    cooperation_arrangements: bool = True
    path: str | None = None


# ----------------------------------------------------------------------------------------------- caches
@dataclass
class _StoreCache:
    csps: dict[str, dict[str, Any]]  # uri -> {code, label, alt, kind}
    by_code: dict[str, str]
    subclass: list[tuple[Any, Any]]
    as_of: list[tuple[Any, Any]]
    provisions: dict[str, dict[str, str]]
    fixed: list[Any] = field(default_factory=list)  # the subclass axioms and the dataset date, as Oxigraph quads


_CACHE: weakref.WeakKeyDictionary[GraphStore, _StoreCache] = weakref.WeakKeyDictionary()


def _store_cache(store: GraphStore) -> _StoreCache:
    c = _CACHE.get(store)
    if c is None:
        csps: dict[str, dict[str, Any]] = {}
        for r in store.select(CSP_INDEX_QUERY):
            d = csps.setdefault(str(r["csp"]), {"code": str(r["code"]), "label": None, "alt": None, "kind": None})
            for k in ("label", "alt", "kind"):
                if r[k] is not None:
                    d[k] = str(r[k])
        subclass: list[tuple[Any, Any]] = [(r["s"], r["o"]) for r in store.select(SUBCLASS_QUERY)]
        provisions = {
            str(r["provision"]): {k: str(r[k]) for k in ("citation", "label", "legislation") if r[k] is not None}
            for r in store.select(PROVISION_QUERY)
        }
        as_of: list[tuple[Any, Any]] = [(r["s"], r["o"]) for r in store.select(AS_OF_QUERY)]
        by_code = {d["code"]: u for u, d in csps.items()}
        c = _StoreCache(csps, by_code, subclass, as_of, provisions)  # type: ignore[arg-type]
        c.fixed = [ox.Quad(to_ox(a), to_ox(RDFS.subClassOf), to_ox(b)) for a, b in subclass]
        if as_of:  # only the latest date, so that validation sees exactly one
            latest = max(as_of, key=lambda t: str(t[1]))
            c.fixed.append(ox.Quad(to_ox(latest[0]), to_ox(CSPG.asOf), to_ox(latest[1])))
        _CACHE[store] = c
    return c


def _lit(t: Any) -> str | None:
    return None if t is None else str(t)


# ----------------------------------------------------------------------------------------------- input
def resolve_csps(store: GraphStore, tokens: Sequence[str]) -> list[URIRef]:
    """Resolve the CSPs to combine (codes, URIs or names, by :func:`cspgraph.resolve.resolve`) to their URIs.

    Args:
        store: the loaded store.
        tokens: CSP codes (E22000027), URIs or names ("Hartlepool").

    Returns:
        The CSP URIs, in the order given.

    Raises:
        InputError: fewer than two CSPs, one given twice, a value that names no CSP, or a CSP that no longer exists.
    """
    cache = _store_cache(store)
    tokens = [t.strip() for t in tokens if t and t.strip()]
    if len(tokens) < 2:
        got = f" (got only {tokens[0]})" if tokens else ""
        raise InputError(f"give at least two CSPs to combine{got}, e.g. --csp E22000027 --csp E22000029")
    out: list[URIRef] = []
    seen: dict[str, str] = {}
    for t in tokens:
        uri = str(resolve(store, t, "csp", via_area=False))
        if uri in seen:
            code = cache.csps[uri]["code"]
            raise InputError(
                f"{t} names the same CSP as {seen[uri]} ({code}): a CSP cannot be combined with itself; "
                "give each CSP once"
            )
        _check_current(store, cache, uri)
        seen[uri] = t
        out.append(URIRef(uri))
    return out


def _check_current(store: GraphStore, cache: _StoreCache, uri: str) -> None:
    d = cache.csps[uri]
    if d["kind"] == str(KIND["predecessor-district"]):
        area = store.select(resources.internal_query("areas-served-by-csp"), {"csp": URIRef(uri)})
        where = ", ".join(f"{r['name']} ({r['code']})" for r in area) or "a reorganised area"
        raise InputError(
            f"{d['code']} ({d['label']}) no longer exists as a statutory CSP: the ONS lookup keeps it for a district "
            f"abolished by local government reorganisation, now part of {where}, which has one partnership for the "
            "whole area under CDA 1998 s5; give the CSP codes of current local government areas"
        )


def resolve_parties(store: GraphStore, tokens: Iterable[str]) -> list[URIRef]:
    """Resolve the bodies that would sign (codes, names, paths such as local-policing-body/E23000013, or URIs)."""
    return resolve_many(store, [t for t in tokens if t.strip()], "party", via_area=False)


def read_parties_file(path: Path) -> list[str]:
    """A parties file: a JSON list (or {"parties": [...]}) or text with one code or URI a line (# comments)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise InputError(f"cannot read the parties file {path}: {e.strerror or e}") from e
    if text.lstrip().startswith(("[", "{")):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as e:
            raise InputError(f"{path}, line {e.lineno}: malformed JSON: {e.msg}") from e
        if isinstance(data, dict):
            data = data.get("parties")
        if not isinstance(data, list) or not all(isinstance(x, str) for x in data):
            raise InputError(f'{path}: expected a JSON list of codes or URIs (or {{"parties": [...]}})')
        return data
    return split_values(text)


_SCENARIO_KEYS = {"name", "csps", "parties", "source", "description", "cooperation_arrangements"}


def scenarios_dir() -> Path:
    return resources.data_dir() / "scenarios"


def list_scenarios() -> list[Path]:
    return sorted(scenarios_dir().glob("*.json"))


def load_scenario(path_or_name: str | Path) -> Scenario:
    """Read a scenario file (a path, or the stem of a file in data/scenarios/) and check its fields."""
    p = Path(path_or_name)
    if not p.is_file():
        alt = scenarios_dir() / f"{p.name.removesuffix('.json')}.json"
        if not alt.is_file():
            names = ", ".join(s.stem for s in list_scenarios()) or "none"
            raise InputError(f"no scenario file {path_or_name}; the shipped scenarios are: {names}")
        p = alt
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise InputError(f"{p}, line {e.lineno}: malformed JSON: {e.msg}") from e
    if not isinstance(data, dict):
        raise InputError(f'{p}: a scenario is a JSON object with "name" and "csps"')
    unknown = sorted(set(data) - _SCENARIO_KEYS)
    if unknown:
        raise InputError(f"{p}: unknown field(s) {', '.join(unknown)}; allowed: {', '.join(sorted(_SCENARIO_KEYS))}")
    name, csps, parties = data.get("name"), data.get("csps"), data.get("parties")
    if not isinstance(name, str) or not name.strip():
        raise InputError(f'{p}: "name" must be a non-empty string')
    if not isinstance(csps, list) or not all(isinstance(c, str) for c in csps):
        raise InputError(f'{p}: "csps" must be a list of CSP codes')
    if parties is not None and (not isinstance(parties, list) or not all(isinstance(c, str) for c in parties)):
        raise InputError(f'{p}: "parties" must be a list of body codes or URIs')
    coop = data.get("cooperation_arrangements", True)
    if not isinstance(coop, bool):
        raise InputError(f'{p}: "cooperation_arrangements" must be true or false')
    for k in ("source", "description"):
        if data.get(k) is not None and not isinstance(data[k], str):
            raise InputError(f'{p}: "{k}" must be a string')
    return Scenario(name, csps, parties, data.get("source"), data.get("description"), coop, str(p))


# ----------------------------------------------------------------------------------------------- the check
def slug_for(codes: Sequence[str]) -> str:
    return "-".join(sorted(codes))


def _today(store: GraphStore) -> GraphStore:
    """The landscape on the dataset's own as-of date (:func:`cspgraph.asof.in_force`): a merger is proposed today."""
    day = latest(store)
    return store if day is None else in_force(store, day)


def check_merger(
    store: GraphStore,
    csps: Sequence[str],
    *,
    name: str | None = None,
    parties: Sequence[str] | None = None,
    cooperation_arrangements: bool = True,
    shapes: Sequence[Path] | None = None,
) -> MergerReport:
    """Check a proposed combination of CSPs against the statutory shapes, on a copy-on-write view.

    Args:
        store: the loaded landscape (never changed).
        csps: two or more CSP codes, URIs or names.
        name: a name for the combined CSP (default: from the constituent names).
        parties: the bodies that would sign; without it the agreement is evaluated as if every required party
            signed (the report says so).
        cooperation_arrangements: whether the agreement would contain co-operation arrangements (s5A(4)); only
            relevant when the combined area crosses police areas.
        shapes: shapes files (default: every shapes/*.shapes.ttl).

    Returns:
        A MergerReport; ``.allowed`` is the verdict.

    Raises:
        InputError: fewer than two CSPs, a duplicate, an unknown code, a code that is not a CSP, or a CSP that no
            longer exists; the message says what to fix.
    """
    store = _today(store)
    cache = _store_cache(store)
    uris = resolve_csps(store, csps)
    party_uris = resolve_parties(store, parties) if parties is not None else None
    nb = _neighbourhood(store, uris)
    proposal = _Proposal(nb, uris, cache, name, party_uris, cooperation_arrangements)
    view = proposal.view(cache)
    focus = proposal.focus_nodes()
    findings = _validate_view(view, focus, shapes)
    report = proposal.report(findings)
    report.view = view
    return report


class _OxGraph:
    """A small graph held in a pyoxigraph Store, with the few rdflib-style lookups the proposal needs.

    Terms go in and come out as rdflib terms; the triples stay as Oxigraph terms, so building the neighbourhood and
    the view costs no rdflib graph inserts.
    """

    def __init__(self) -> None:
        self.store = ox.Store()

    def add_ox(self, s: Any, p: Any, o: Any) -> None:
        self.store.add(ox.Quad(s, p, o))

    def objects(self, s: Any, p: Any) -> list[Any]:
        return [to_rdflib(q.object) for q in self.store.quads_for_pattern(to_ox(s), to_ox(p), None)]

    def subjects(self, p: Any, o: Any) -> list[Any]:
        oo = None if o is None else to_ox(o)
        return [to_rdflib(q.subject) for q in self.store.quads_for_pattern(None, to_ox(p), oo)]

    def value(self, s: Any, p: Any) -> Any:
        for q in self.store.quads_for_pattern(to_ox(s), to_ox(p), None):
            return to_rdflib(q.object)
        return None

    def __contains__(self, t: tuple[Any, Any, Any]) -> bool:
        return any(True for _ in self.store.quads_for_pattern(to_ox(t[0]), to_ox(t[1]), to_ox(t[2])))

    def remove_subject(self, s: Any) -> None:
        for q in list(self.store.quads_for_pattern(to_ox(s), None, None)):
            self.store.remove(q)

    def __len__(self) -> int:
        return len(self.store)


def _solutions(store: GraphStore, query: str, var: str, node: Any, want: Sequence[str]) -> list[tuple[Any, ...]]:
    """Run a small bound query; the wanted variables of each solution as Oxigraph terms."""
    return store.select_terms(query, {var: node}, want)


def _neighbourhood(store: GraphStore, csps: Sequence[URIRef]) -> _OxGraph:
    """The triples the report and the shapes need about the constituent CSPs.

    That is the CSPs and their responsible-authority memberships; their areas and what the areas lie within; every
    body that is, by the area-level facts, a responsible authority for those areas (council, county council, chief
    officer, fire and rescue authority, ICB or local health board, probation region); the relevant local policing
    bodies and their panels; the councils' crime and disorder committees; and the Secretary of State.
    """
    g = _OxGraph()
    done: set[Any] = set()

    def describe(nodes: Iterable[Any]) -> None:
        for n in list(nodes):
            if n in done or not isinstance(n, URIRef):
                continue
            done.add(n)
            s = to_ox(n)
            for p, o in _solutions(store, DESCRIBE_QUERY, "s", n, ("p", "o")):
                g.add_ox(s, p, o)

    def incoming(nodes: Iterable[Any]) -> list[Any]:
        return [to_rdflib(x[0]) for n in nodes for x in _solutions(store, INCOMING_QUERY, "x", n, ("s",))]

    describe(csps)
    areas = [a for c in csps for a in g.objects(c, CSPG.servesArea)]
    describe(areas)
    within = [w for a in areas for w in g.objects(a, CSPG.withinArea)]
    describe(within)
    pfas = [w for w in within if (w, RDF.type, CSPG.PoliceForceArea) in g]
    counties = [w for w in within if (w, RDF.type, CSPG.CountyArea) in g]
    linked = incoming(list(csps) + areas + pfas + counties)
    describe(x for x in linked if x not in csps)
    describe(
        n for c in csps for p in (CSPG.responsibleAuthority, CSPG.relevantLocalPolicingBody) for n in g.objects(c, p)
    )
    describe(n for p in pfas for n in g.objects(p, CSPG.localPolicingBody))
    bodies = list(done)
    describe(n for b in bodies for p in (CSPG.scrutinisedBy, CSPG.crimeAndDisorderCommittee) for n in g.objects(b, p))
    describe(r["s"] for r in store.select(SOS_QUERY))
    # other CSPs (and their memberships) reached through the police areas are not part of the view
    others = set(g.subjects(RDF.type, CSPG.CommunitySafetyPartnership)) - set(csps)
    others |= {m for m in g.subjects(ORG.organization, None) if g.value(m, ORG.organization) not in csps}
    for other in others:
        g.remove_subject(other)
    return g


class _Proposal:
    """The combined CSP derived from the neighbourhood, and the triples that would change."""

    def __init__(
        self,
        nb: _OxGraph,
        csps: Sequence[URIRef],
        cache: _StoreCache,
        name: str | None,
        parties: list[URIRef] | None,
        cooperation: bool,
    ) -> None:
        self.nb = nb
        self._bodies: dict[Any, Body] = {}
        self.csps = list(csps)
        codes = [cache.csps[str(c)]["code"] for c in csps]
        self.slug = slug_for(codes)
        self.uri = ID[f"csp/proposed/{self.slug}"]
        self.agreement = ID[f"combination-agreement/proposed/{self.slug}"]
        self.arrangements = ID[f"cooperation-arrangements/proposed/{self.slug}"]
        self.areas = sorted({a for c in csps for a in nb.objects(c, CSPG.servesArea)})  # type: ignore[type-var]
        short = [str(nb.value(a, RDFS.label) or _tail(a)) for a in self.areas]
        self.name = name or f"Combined Community Safety Partnership for {_and(short)} (proposed)"
        self.ras = sorted({r for c in csps for r in nb.objects(c, CSPG.responsibleAuthority)})  # type: ignore[type-var]
        self.lpbs = sorted({lpb for c in csps for lpb in nb.objects(c, CSPG.relevantLocalPolicingBody)})  # type: ignore[type-var]
        self.pfas = sorted(
            {p for a in self.areas for p in nb.objects(a, CSPG.withinArea) if (p, RDF.type, CSPG.PoliceForceArea) in nb}  # type: ignore[type-var]
        )
        self.outside = [a for a in self.areas if (a, CSPG.inCountry, ENGLAND) not in nb]
        self.cross = len(self.pfas) > 1
        # "the Secretary of State" of s5A(5): in practice the Home Secretary, who also acts for the City of London
        home = ID["organisation/home-secretary"]
        sos = sorted(nb.subjects(RDF.type, CSPG.SecretaryOfState), key=lambda x: (x != home, str(x)))
        self.sos: URIRef | None = sos[0] if sos else None  # type: ignore[assignment]
        required = list(self.ras) + [x for x in self.lpbs if x not in self.ras]
        if self.cross and self.sos is not None and self.sos not in required:
            required.append(self.sos)
        self.required: list[URIRef] = required  # type: ignore[assignment]
        self.parties_given = parties is not None
        self.parties: list[URIRef] = list(parties) if parties is not None else list(self.required)
        self.cooperation = cooperation

    # ------------------------------------------------------------ the view
    def additions(self) -> list[tuple[Any, Any, Any]]:
        """The proposal's new triples (the combined CSP, its memberships, committees, agreement)."""
        out: list[tuple[Any, Any, Any]] = []
        add = out.append
        p, a, nb = self.uri, self.agreement, self.nb
        add((p, RDF.type, CSPG.CommunitySafetyPartnership))
        add((p, RDF.type, CSPG.CombinedCommunitySafetyPartnership))
        add((p, RDFS.label, Literal(self.name, lang="en")))
        add((p, DCTERMS.identifier, Literal(f"proposed/{self.slug}")))
        add((p, CSPG.partnershipKind, KIND["combined"]))
        add((p, CSPG.statutoryBasis, ID["provision/cda-1998-s5-1a"]))
        for country in sorted({c for ar in self.areas for c in nb.objects(ar, CSPG.inCountry)}):  # type: ignore[type-var]
            add((p, CSPG.inCountry, country))
        for ar in self.areas:
            add((p, CSPG.servesArea, ar))
            add((a, CSPG.constituentArea, ar))
        for pfa in self.pfas:
            add((p, CSPG.policeForceArea, pfa))
        for lpb in self.lpbs:
            add((p, CSPG.relevantLocalPolicingBody, lpb))
        for ra in self.ras:
            add((p, CSPG.responsibleAuthority, ra))
            add((p, ORG.hasMember, ra))
            m = ID[f"membership/proposed-{self.slug}/{_kind(ra)}-{_tail(ra)}"]
            add((m, RDF.type, CSPG.ResponsibleAuthorityMembership))
            add((m, RDF.type, ORG.Membership))
            add((m, ORG.member, ra))
            add((m, ORG.organization, p))
            add((m, ORG.role, ROLE_RA))
            for old in self._memberships_of(ra):
                for basis in nb.objects(old, CSPG.statutoryBasis):
                    add((m, CSPG.statutoryBasis, basis))
                for since in nb.objects(old, SCHEMA_VALID_FROM):
                    add((m, SCHEMA_VALID_FROM, since))
        for cdc in self.committees():
            add((p, CSPG.scrutinisedBy, cdc))
            add((p, ORG.reportsTo, cdc))
            add((p, CSPG.accountableTo, cdc))
            add((cdc, CSPG.scrutinises, p))
        add((p, CSPG.combinationAgreement, a))
        add((a, RDF.type, CSPG.CombinationAgreement))
        add((a, RDFS.label, Literal(f"Combination agreement for {self.name}", lang="en")))
        add((a, CSPG.inWriting, Literal(True)))
        for party in self.parties:
            add((a, CSPG.party, party))
        if self.cross and self.cooperation:
            add((a, CSPG.cooperationArrangements, self.arrangements))
            add((self.arrangements, RDF.type, CSPG.CooperationArrangements))
        return out

    def _memberships_of(self, ra: Any) -> list[Any]:
        return [m for m in self.nb.subjects(ORG.member, ra) if self.nb.value(m, ORG.organization) in self.csps]

    def view(self, cache: _StoreCache) -> ox.Store:
        """The copy-on-write view: the neighbourhood without the constituent CSPs, plus the proposal."""
        old = {to_ox(x) for x in self.csps} | {
            to_ox(m) for c in self.csps for m in self.nb.subjects(ORG.organization, c)
        }
        st = ox.Store()
        st.extend(q for q in self.nb.store if q.subject not in old and q.object not in old)
        st.extend(cache.fixed)
        st.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in self.additions())
        return st

    def focus_nodes(self) -> list[Any]:
        nodes: list[Any] = [self.uri, self.agreement]
        if self.cross and self.cooperation:
            nodes.append(self.arrangements)
        return nodes + list(self.areas)

    # ------------------------------------------------------------ derived facts
    def councils(self) -> list[Any]:
        return [r for r in self.ras if "/council/" in str(r)]

    def committees(self) -> list[Any]:
        out: list[Any] = []
        for c in self.councils():
            out.extend(sorted(self.nb.objects(c, CSPG.crimeAndDisorderCommittee)))  # type: ignore[type-var]
        return out

    def body(self, u: Any) -> Body:
        b = self._bodies.get(u)
        if b is None:
            b = self._bodies[u] = self._body(u)
        return b

    def _body(self, u: Any) -> Body:
        nb = self.nb
        code = nb.value(u, DCTERMS.identifier) or nb.value(u, SKOS.notation) or _tail(u)
        label = nb.value(u, RDFS.label) or _tail(u)
        return Body(str(u), str(code), str(label), _kind(u))

    def report(self, findings: list[Finding]) -> MergerReport:
        b = self.body
        r = MergerReport(
            name=self.name,
            proposed_uri=str(self.uri),
            csps=[b(c) for c in self.csps],
            areas=[b(a) for a in self.areas],
            police_areas=[b(p) for p in self.pfas],
            local_policing_bodies=[b(x) for x in self.lpbs],
            responsible_authorities=[b(x) for x in self.ras],
            required_parties=[b(x) for x in self.required],
            parties=[b(x) for x in self.parties],
            parties_given=self.parties_given,
            secretary_of_state_party=self.cross or (self.sos is not None and self.sos in self.lpbs),
            cross_police_area=self.cross,
            outside_england=[b(a) for a in self.outside],
            focus_nodes=[str(f) for f in self.focus_nodes()],
        )
        for f in findings:
            {"violation": r.violations, "warning": r.warnings}.get(f.severity, r.infos).append(f)
        for extra in r.extra_parties:
            r.infos.append(
                Finding(
                    severity="info",
                    rule="party not required",
                    message=f"{extra} is named as a party but is not a responsible authority or local policing "
                    "body for the combined area; the law does not require it to sign (it may still co-operate).",
                    focus=str(self.agreement),
                    source_shape="",
                    value=extra.uri,
                    provision="CDA 1998 s5A",
                    provision_uri=str(ID["provision/cda-1998-s5a"]),
                    legislation="http://www.legislation.gov.uk/ukpga/1998/37/section/5A",
                )
            )
        if not self.parties_given:
            r.assumptions.append(
                "No list of signing parties was given: the agreement is evaluated as if every required party signed."
            )
        r.assumptions.append("The agreement is assumed to be in writing (CDA 1998 s5A(7)).")
        if self.cross:
            r.assumptions.append(
                "The agreement is assumed to contain co-operation arrangements between the local policing bodies "
                "and the responsible authorities (CDA 1998 s5A(4))."
                if self.cooperation
                else "The agreement is taken to contain no co-operation arrangements, as the scenario says."
            )
        r.assumptions.append(
            "The local policing body may make the agreement only if it considers it in the interests of reducing "
            "crime and disorder, reducing re-offending or combating substance misuse (CDA 1998 s5A(2)); the graph "
            "cannot judge that."
        )
        committees = [b(c) for c in self.committees()]
        if self.outside:
            text = "None: the areas cannot be combined, so each council's committee keeps scrutinising its own CSP."
        else:
            text = (
                f"Each of the {len(committees)} councils' crime and disorder committees (PJA 2006 s19) would "
                "scrutinise the combined CSP, unless the combination agreement requires the councils to appoint a "
                "joint crime and disorder committee (CDA 1998 s5(1C)-(1D); PJA 2006 s21)."
            )
        r.committee_arrangement = {
            "text": text,
            "jointCommitteePossible": not self.outside,
            "committees": [c.to_json() for c in committees],
            "provisions": [
                {"citation": "PJA 2006 s19", "uri": str(ID["provision/pja-2006-s19"])},
                {"citation": "PJA 2006 s21", "uri": str(ID["provision/pja-2006-s21"])},
                {"citation": "CDA 1998 s5(1A)-(1E)", "uri": str(ID["provision/cda-1998-s5-1a"])},
            ],
        }
        r.changes = self.changes()
        return r

    def changes(self) -> dict[str, Any]:
        nb, b = self.nb, self.body
        csps = []
        for c in self.csps:
            current = set(nb.objects(c, CSPG.responsibleAuthority))
            joining = [x for x in self.ras if x not in current]
            lpb_now = set(nb.objects(c, CSPG.relevantLocalPolicingBody))
            csps.append(
                {
                    "csp": b(c).to_json(),
                    "joining": [b(x).to_json() for x in joining],
                    "localPolicingBodiesJoining": [b(x).to_json() for x in self.lpbs if x not in lpb_now],
                }
            )
        committees = []
        for cdc in self.committees():
            before = {
                a
                for c in nb.subjects(CSPG.scrutinisedBy, cdc)
                if c in self.csps
                for a in nb.objects(c, CSPG.servesArea)
            }
            gains = [a for a in self.areas if a not in before]
            if gains:
                committees.append({"committee": b(cdc).to_json(), "gains": [b(a).to_json() for a in gains]})
        panels = []
        for lpb in self.lpbs:
            for panel in sorted(nb.objects(lpb, CSPG.scrutinisedBy)):  # type: ignore[type-var]
                if (panel, RDF.type, CSPG.PoliceAndCrimePanel) not in nb:
                    continue
                text = f"scrutinises {b(lpb).name}, a party to the agreement"
                if self.cross:
                    text += ", whose combined CSP would extend beyond its police area"
                panels.append({"panel": b(panel).to_json(), "localPolicingBody": b(lpb).to_json(), "text": text})
        return {
            "csps": csps,
            "committees": committees,
            "panels": panels,
            "ceasing": [b(c).to_json() for c in self.csps],
        }


def _validate_view(view: ox.Store, focus: list[Any], shapes: Sequence[Path] | None) -> list[Finding]:
    """Validate only the focus nodes of the view against the statutory shapes (cspgraph.validate, Oxigraph engine).

    The view (a few hundred triples in an in-memory Oxigraph store) holds the dataset's date, so every SPARQL-based
    constraint is answered by Oxigraph over the view only, with no copy.
    """
    from cspgraph.validate import validate

    st = view
    report = validate(st, shapes=shapes, focus_nodes=focus, include_ontology=False)
    out = [
        Finding(
            severity=r.severity.value.lower(),
            rule=r.rule or r.source_shape.rsplit("/", 1)[-1],
            message=r.message,
            focus=r.focus_node,
            source_shape=r.source_shape,
            value=r.value,
            provision=r.provision,
            provision_uri=r.provision_node,
            legislation=r.provision_uri,
            fix=r.fix,
        )
        for r in report.results
    ]
    out.sort(key=lambda f: (f.severity, f.source_shape, f.focus, f.value or ""))
    return out


def naive_check(
    store: GraphStore,
    csps: Sequence[str],
    *,
    name: str | None = None,
    parties: Sequence[str] | None = None,
    cooperation_arrangements: bool = True,
    shapes: Sequence[Path] | None = None,
    focus_only: bool = False,
) -> tuple[bool, set[tuple[str, str, str | None]]]:
    """The naive baseline: copy the whole landscape into rdflib, apply the proposal, run plain pySHACL on everything.

    With ``focus_only`` pySHACL checks only the touched nodes, still over the whole copied landscape (a quicker
    independent check that the view holds everything the shapes need).

    Returns the verdict (True when allowed) and the (source shape, focus node, value) triples of the Violation
    results on the nodes the merger touches, for comparison with :func:`check_merger`.
    """
    import pyshacl

    from cspgraph.validate import load_shapes

    store = _today(store)
    cache = _store_cache(store)
    uris = resolve_csps(store, csps)
    party_uris = resolve_parties(store, parties) if parties is not None else None
    whole = Graph()
    for gname in store.graph_names():
        if gname != resources.SHAPES_GRAPH:
            whole += store.graph(gname)
    proposal = _Proposal(_neighbourhood(store, uris), uris, cache, name, party_uris, cooperation_arrangements)
    old: set[Any] = set(uris) | {m for c in uris for m in whole.subjects(ORG.organization, c)}
    for t in list(whole):
        if t[0] in old or t[2] in old:
            whole.remove(t)
    for t in proposal.additions():
        whole.add(t)
    touched = set(proposal.focus_nodes())
    extra: dict[str, Any] = {"focus_nodes": sorted(touched)} if focus_only else {}
    _conforms, rg, _text = pyshacl.validate(whole, shacl_graph=load_shapes(shapes).graph, **extra)
    results = {
        (str(rg.value(r, SH.sourceShape)), str(rg.value(r, SH.focusNode)), _lit(rg.value(r, SH.value)))
        for r in rg.subjects(RDF.type, SH.ValidationResult)
        if rg.value(r, SH.focusNode) in touched and rg.value(r, SH.resultSeverity) == SH.Violation
    }
    return not results, results


def violation_set(report: MergerReport) -> set[tuple[str, str, str | None]]:
    """The report's violations as (source shape, focus node, value) triples."""
    return {(f.source_shape, f.focus, f.value) for f in report.violations}


# ----------------------------------------------------------------------------------------------- helpers
def _tail(u: Any) -> str:
    return str(u).rstrip("/").rsplit("/", 1)[-1]


def _kind(u: Any) -> str:
    s = str(u)
    if s.startswith(str(ID)):
        return s[len(str(ID)) :].split("/", 1)[0]
    return ""


def _and(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def report_graph(report: MergerReport) -> Graph:
    """The proposal's view as an rdflib graph with the project's prefixes (for --format ttl)."""
    g = bind_prefixes(Graph())
    if report.view is not None:
        for q in report.view:
            g.add((to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)))  # type: ignore[arg-type]
    g.bind("xsd", XSD)
    return g
