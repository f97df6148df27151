"""The merger what-if: would a proposed combination of CSPs meet the law, and who must sign?

``check_merger(store, ["E22000027", "E22000028", ...])`` builds the proposed combined CSP on a copy-on-write view of
the landscape (the store is never changed): it reads the neighbourhood of the constituent CSPs from the store (their
areas, police areas, local policing bodies, panels and committees, and the areas' responsible authorities by the
CDA 1998 s5(1) rule), adds the proposal's new nodes (the combined CSP, its responsible-authority memberships, the
written combination agreement and, across police areas, its co-operation arrangements), drops the constituent CSPs,
and validates only the nodes the merger touches against the statutory shapes in ``shapes/``. The report says
whether the combination is allowed, every violated rule with its provision, the bodies that must be party to the
agreement, the crime and disorder committee arrangement, and what changes compared with today.

The rules (shared statutory-rules R3, R19, R24): only areas in England can be combined (CDA 1998 s5(1A)); every
responsible authority of every constituent area is a party (s5A(1)); the relevant local policing body makes the
agreement (s5(1A), (1E)); across police areas the Secretary of State is a party and the agreement contains
co-operation arrangements (s5A(4)-(5)); it is in writing (s5A(7)); the combined CSP's responsible authorities are
the union of the areas' ones (s5(1BA)); the agreement may require a joint crime and disorder committee (s5(1C)-(1D),
PJA 2006 s21).

The modules, one job each:

* :mod:`~cspgraph.merger.report`: :class:`Body`, :class:`Finding`, :class:`MergerReport` and its text and JSON;
* :mod:`~cspgraph.merger.inputs`: the CSPs and parties a user gives, and parties files;
* :mod:`~cspgraph.merger.scenario`: scenario files in ``data/scenarios/``;
* :mod:`~cspgraph.merger.neighbourhood`: the triples the check reads from the store;
* :mod:`~cspgraph.merger.proposal`: the proposed combined CSP, its triples and the copy-on-write view;
* :mod:`~cspgraph.merger.assemble`: the report on a proposal;
* :mod:`~cspgraph.merger.check`: :func:`check_merger`.
"""

from __future__ import annotations

from cspgraph.merger.check import check_merger, propose
from cspgraph.merger.inputs import read_parties_file, resolve_csps, resolve_parties
from cspgraph.merger.proposal import slug_for
from cspgraph.merger.report import Body, Finding, MergerReport, report_graph, violation_set
from cspgraph.merger.scenario import Scenario, list_scenarios, load_scenario, scenarios_dir

__all__ = [
    "Body",
    "Finding",
    "MergerReport",
    "Scenario",
    "check_merger",
    "list_scenarios",
    "load_scenario",
    "propose",
    "read_parties_file",
    "report_graph",
    "resolve_csps",
    "resolve_parties",
    "scenarios_dir",
    "slug_for",
    "violation_set",
]
