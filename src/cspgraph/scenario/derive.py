"""The shipped scenarios, derived from the landscape itself (``cspgraph build`` writes them to data/scenarios/):

* ``pcc-abolition-2028``: on the date of the graph's ``change/2028-05-01/pcc-abolition`` event, each of the 43
  police areas: where a combined authority's area is the police area (queries/mayoral-coverage.rq on that day) its
  mayor takes the local policing body's role (unless one already holds it); MOPAC and the City keep theirs;
  elsewhere in England a policing and crime board of the leaders of the area's upper-tier councils does; police
  and crime panels end; the four Welsh areas are flagged "to be decided", as announced.
* ``surrey-2027``: the councils of the Surrey structural changes order (``change/2027-04-01/surrey-unitaries``):
  East and West Surrey replace the county council and the eleven districts, and each one's district CSPs combine.
* ``mayor-2027-<authority>``: for each combined authority established after the May 2025 mayoral elections and in
  force on the date of ``change/2027-05-01/mayoral-policing-2027`` (first mayors elected May 2027, timeline), its
  mayor takes the PCC functions of each police area it shares districts with.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from cspgraph import resources
from cspgraph.asof import in_force
from cspgraph.files import write_bytes_atomic
from cspgraph.labels import display_names
from cspgraph.scenario.coverage import AreaCoverage, by_area, coverage
from cspgraph.scenario.edit import N
from cspgraph.scenario.events import event
from cspgraph.scenario.model import Change, Scenario
from cspgraph.scenario.surrey import surrey
from cspgraph.stores.base import GraphStore

__all__ = ["derive_all", "mayors_2027", "pcc_abolition", "write_scenarios"]

_CHANGE = "https://w3id.org/cspgraph/id/change/"
_STATUS = {"in-force": "in force", "enacted": "enacted", "announced": "announced", "proposed": "proposed"}
_PANEL = N.PoliceAndCrimePanel
_PHRASE = {"within": "all of it within", "partly-covered": "partly covered by", "coterminous": "coterminous with"}
_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _code(uri: str) -> str:
    return uri.rsplit("/", 1)[-1]


def _kind_code(uri: str) -> str:
    return uri.split("/id/", 1)[1]


def upper_tier(store: GraphStore, day: dt.date) -> dict[str, list[str]]:
    """Police area URI -> the URIs of its upper-tier councils on ``day``."""
    out: dict[str, list[str]] = defaultdict(list)
    for pfa, council in in_force(store, day).select_terms(resources.internal_query("scenario-upper-tier-councils")):
        out[pfa.value].append(council.value)
    return out


def _area_code(view: GraphStore, area: str) -> str:
    """The police area's GSS code as the data gives it (on a synthetic copy it is not the URI's last segment)."""
    codes = sorted(q.object.value for q in view.match(ox.NamedNode(area), N.gssCode, None))
    return codes[0] if codes else _code(area)


def _lpbs(view: GraphStore, pfa: str) -> list[tuple[str, set[str]]]:
    out = []
    for q in view.match(ox.NamedNode(pfa), N.localPolicingBody, None):
        types = {t.object.value for t in view.match(q.object, _RDF_TYPE, None)}
        out.append((q.object.value, types))
    return out


def _area_changes(view: GraphStore, area: str, cov: list[AreaCoverage], councils: list[str], day: dt.date,
                  names: dict[str, str]) -> list[Change]:  # fmt: skip
    """The changes of the 2028 scenario for one police area."""
    code, status = _area_code(view, area), "announced"
    lpbs = _lpbs(view, area)
    kinds = {t.rsplit("/", 1)[-1] for _, types in lpbs for t in types}
    if code.startswith("W"):
        note = "Welsh arrangements are to be taken into consideration (13 November 2025 statement): to be decided"
        return [Change("to-be-decided", {"area": code}, status, note=note)]
    if kinds & {"MayorsOfficeForPolicingAndCrime", "CityOfLondonPoliceAuthority", "MayorWithPCCFunctions"}:
        note = "its local policing body is not a police and crime commissioner and stays"
        out = [Change("keep", {"area": code}, status, note=note)]
    else:
        coterminous = [r for r in cov if r.coverage == "coterminous"]
        if coterminous:
            ca = coterminous[0]
            new = f"local-policing-body/{code}/{day.isoformat()}"
            label = f"Mayor of the {ca.authority_label} (police and crime functions)"
            note = f"the area of the {ca.authority_label} is the police area: its mayor takes the PCC functions"
            out = [
                Change(
                    "create",
                    {
                        "id": new,
                        "kind": "mayor",
                        "label": label,
                        "authority": _kind_code(str(ca.authority)),
                        "area": code,
                    },
                    status,
                ),  # fmt: skip
                Change("transfer-role", {"role": "local-policing-body", "area": code, "to": new}, status, note=note),
            ]
        else:
            new = f"policing-and-crime-board/{code}"
            label = f"{names.get(area, code).removesuffix(' police force area')} Policing and Crime Board"
            how = "; ".join(f"{_PHRASE[r.coverage]} the {r.authority_label}" for r in cov if r.authority)
            note = f"no combined authority's area is the police area ({how or 'none covers any of it'}): a board of "
            note += "its upper-tier councils"
            members = [_kind_code(c) for c in sorted(councils)]
            out = [
                Change(
                    "create",
                    {"id": new, "kind": "policing-and-crime-board", "label": label, "members": members, "area": code},
                    status,
                ),  # fmt: skip
                Change("transfer-role", {"role": "local-policing-body", "area": code, "to": new}, status, note=note),
            ]
    for q in view.match(None, N.panelFor, ox.NamedNode(area)):
        if any(t.object == _PANEL for t in view.match(q.subject, _RDF_TYPE, None)):
            out.append(Change("end", {"body": _kind_code(q.subject.value)}, status, note="police and crime panels end"))
    return out


def pcc_abolition(store: GraphStore) -> Scenario:
    """``pcc-abolition-2028`` (see the module)."""
    ev = event(store, "2028-05-01/pcc-abolition")
    day = ev["date"]
    view = in_force(store, day)
    cov = by_area(coverage(store, day))
    councils = upper_tier(store, day)
    names = display_names(view, list(cov))
    changes = [c for area in sorted(cov) for c in _area_changes(view, area, cov[area], councils[area], day, names)]
    return Scenario(
        name="pcc-abolition-2028",
        title="Police and crime commissioners abolished (May 2028)",
        date=day,
        status=ev["status"],
        changes=changes,
        source=ev["uri"],
        description=f"{ev['label']}. {ev['comment'] or ''}".strip(),
        notes=_notes(ev)
        + [
            "A mayor is taken to be able to take the PCC functions only where the combined authority's area is the "
            "police area (LDEDCA 2009 s107F); every combined authority in force on the date is taken to have a mayor.",
            "A board's members are the councils of the area's upper tier (unitary, metropolitan, London borough and "
            "county councils); the white paper's Policing and Crime Lead is not modelled (no source names one).",
        ],
        derived="cspgraph build, from the change event, queries/mayoral-coverage.rq and the councils on the date",
    )


def _notes(ev: dict[str, Any]) -> list[str]:
    return [ev["date_note"]] if ev.get("date_note") else []


def mayors_2027(store: GraphStore) -> list[Scenario]:
    """``mayor-2027-<authority>`` (see the module)."""
    ev = event(store, "2027-05-01/mayoral-policing-2027")
    day, out = ev["date"], []
    view = in_force(store, day)
    rows = coverage(store, day)
    for ca in sorted({r.authority for r in rows if r.authority}):
        start = [q.object.value for q in view.match(ox.NamedNode(ca), ox.NamedNode("https://schema.org/validFrom"))]
        if not start or not ("2025-05-01" < start[0] <= day.isoformat()):
            continue
        out.append(_mayor_scenario(ev, day, ca, [r for r in rows if r.authority == ca]))
    return out


def _mayor_scenario(ev: dict[str, Any], day: dt.date, ca: str, rows: list[AreaCoverage]) -> Scenario:
    slug = _code(ca).removesuffix("-combined-authority")
    label = str(rows[0].authority_label)
    changes = []
    for r in rows:
        new = f"local-policing-body/{r.pfa_code}/{day.isoformat()}"
        changes.append(Change("create", {"id": new, "kind": "mayor", "label": f"Mayor of the {label} "
                              "(police and crime functions)", "authority": _kind_code(ca)}, "proposed"))  # fmt: skip
        note = f"{r.pfa_label}: {r.coverage} ({r.shared} of its {r.pfa_districts} districts in the authority)"
        changes.append(Change("transfer-role", {"role": "local-policing-body", "area": r.pfa_code, "to": new},
                              "proposed", note=note))  # fmt: skip
    return Scenario(
        name=f"mayor-2027-{slug}",
        title=f"The {label}'s first mayor takes the PCC functions (May 2027)",
        date=day,
        status="proposed",
        changes=changes,
        source=ev["uri"],
        description=f"{ev['label']} ({ev['status']}; {ev['comment'] or ''}) The {label} was established after the "
        "May 2025 elections; the timeline gives its first mayoral election as May 2027.",
        notes=_notes(ev),
        derived="cspgraph build, from the change events and queries/mayoral-coverage.rq on the date",
    )


def derive_all(store: GraphStore) -> list[Scenario]:
    """Every shipped scenario, derived from ``store``."""
    return [pcc_abolition(store), surrey(store), *mayors_2027(store)]


def write_scenarios(store: GraphStore, out: Path) -> list[Path]:
    """Write every derived scenario to ``out`` (``data/scenarios/``); returns the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for sc in derive_all(store):
        path = out / f"{sc.name}.json"
        write_bytes_atomic(path, sc.dumps().encode("utf-8"))
        written.append(path)
    return written
