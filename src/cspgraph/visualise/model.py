"""What the network shows: the display groups of bodies, the kinds of relation, and the index's records.

A body falls in the first :data:`GROUPS` entry one of its classes belongs to; an edge is drawn for each statement
with one of the :data:`PREDICATES`, as one of the :data:`RELATIONS`.

Examples:
    >>> GROUP_BY_KEY["csp"].label
    'Community safety partnership'
    >>> PREDICATES["https://w3id.org/cspgraph/def/holdsToAccount"][:3]
    ('accountability', 0, True)
    >>> sorted(check_relations(["funding", "scrutiny"]))
    ['funding', 'scrutiny']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from cspgraph.errors import InputError
from cspgraph.namespaces import BASE

__all__ = [
    "ATTACHED",
    "COUNTRY_KINDS",
    "GROUPS",
    "GROUP_BY_KEY",
    "PREDICATES",
    "RELATIONS",
    "RELATION_BY_KEY",
    "EdgeInfo",
    "Group",
    "Index",
    "NodeInfo",
    "Relation",
    "check_kinds",
    "check_relations",
    "legend",
]


@dataclass(frozen=True)
class Group:
    """A display category of bodies.

    Attributes:
        key: the name used in URLs and on the command line (``csp``).
        label: the name shown in the legend.
        colour: the fill colour of the node.
        shape: the vis-network shape of the node.
        classes: local names of the ontology classes that fall in the group (and their subclasses).
    """

    key: str
    label: str
    colour: str
    shape: str
    classes: tuple[str, ...]


# In priority order: a body typed with classes of several groups takes the first.
GROUPS: tuple[Group, ...] = (
    Group("police-force-area", "Police force area", "#6b7280", "box", ("PoliceForceArea",)),
    # a policing and crime board (only in reform scenarios) takes the local policing body's place: drawn as one
    Group("policing-body", "Local policing body", "#1d4ed8", "star", ("LocalPolicingBody", "PolicingAndCrimeBoard")),
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
    """A kind of edge: how it is named in the legend and drawn.

    Attributes:
        key: the name used in URLs and on the command line (``membership``).
        label: the name shown in the legend.
        colour: the edge colour.
        dashes: whether the edge is dashed.
        width: the edge width in pixels.
    """

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
#: predicate -> (relation, priority within the relation for the same pair, inverse?, wording); the query
#: queries/internal/view-relations.rq lists the same predicates
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

#: structure predicates that attach a body to another one of the area (sub-groups, offices, units, chief officers)
ATTACHED = ("subGroupOf", "officeOf", "unitOf", "chiefOfficerOf", "sameOfficeholder")

#: kinds shown by default in the whole-country view (electorates and committees are one per council; ask for them)
COUNTRY_KINDS = tuple(g.key for g in GROUPS if g.key not in ("electorate", "committee", "office"))


@dataclass
class NodeInfo:
    """A body in the index.

    Attributes:
        uri: its IRI.
        group: the key of its display group.
        type: the local name of its most specific class in the group.
        type_label: that class's display name.
        labels: its display name first, then its other names (for search).
        label: its display name (:func:`cspgraph.labels.pick`).
        code: its GSS code or other identifier, if any.
    """

    uri: str
    group: str
    type: str
    type_label: str
    labels: list[str] = field(default_factory=list)
    label: str = ""
    code: str = ""


@dataclass
class EdgeInfo:
    """A relation between two bodies in the index (``source`` to ``target``, whatever the predicate's direction).

    Attributes:
        source: the IRI the edge starts from.
        target: the IRI it points to.
        relation: the key of its :class:`Relation`.
        predicate: the local name of the predicate (``FundingFlow`` for a funding flow).
        wording: how the page words it (``held to account by``).
        priority: the rank of the predicate within the relation (0 first), to keep one edge per pair.
        id: a stable id for the page.
        fund: for funding, the fund's name.
        amount: for funding, the amount in pounds, where recorded.
        year: for funding, the financial year.
        basis: the statutory basis, where recorded.
    """

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
    """Every body the network can show and every relation between them (built by :func:`~.index.index`).

    Attributes:
        nodes: body IRI -> its record.
        edges: every relation, sorted by relation, source and target, then the funding flows.
        areas: body IRI -> codes of the police force areas it belongs to.
        area_names: police force area code -> its name (without "police force area").
    """

    nodes: dict[str, NodeInfo]
    edges: list[EdgeInfo]
    areas: dict[str, set[str]]
    area_names: dict[str, str]


def check_kinds(kinds: Iterable[str] | None, default: Iterable[str]) -> set[str]:
    """The body kinds asked for, or ``default``; an error naming the valid ones for an unknown kind.

    Raises:
        InputError: a kind is not a key of :data:`GROUPS`.

    >>> check_kinds(None, ["csp"])
    {'csp'}
    """
    ks = set(kinds) if kinds else set(default)
    unknown = sorted(ks - set(GROUP_BY_KEY))
    if unknown:
        raise InputError(f"unknown body kind(s) {', '.join(unknown)}; use one of: {', '.join(GROUP_BY_KEY)}")
    return ks


def check_relations(relations: Iterable[str] | None) -> set[str]:
    """The relations asked for, or all of them; an error naming the valid ones for an unknown relation.

    Raises:
        InputError: a relation is not a key of :data:`RELATIONS`.
    """
    rs = set(relations) if relations else set(RELATION_BY_KEY)
    unknown = sorted(rs - set(RELATION_BY_KEY))
    if unknown:
        raise InputError(f"unknown relation(s) {', '.join(unknown)}; use one of: {', '.join(RELATION_BY_KEY)}")
    return rs


def legend() -> dict[str, Any]:
    """The groups and relations as the page's legend reads them.

    >>> [g["key"] for g in legend()["groups"]][:2]
    ['police-force-area', 'policing-body']
    """
    return {
        "groups": [{"key": g.key, "label": g.label, "colour": g.colour, "shape": g.shape} for g in GROUPS],
        "relations": [
            {"key": r.key, "label": r.label, "colour": r.colour, "dashes": r.dashes, "width": r.width}
            for r in RELATIONS
        ],
    }
