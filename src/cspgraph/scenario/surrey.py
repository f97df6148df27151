"""``surrey-2027``: East Surrey and West Surrey replace Surrey County Council and its eleven districts on
1 April 2027, and the CSPs of each new council's districts combine into one (CDA 1998 s5(1): one strategy per local
government area).

Which districts form which council is the content of the structural changes order, which the graph does not hold
(its change event ``change/2027-04-01/surrey-unitaries`` lists the twelve councils that end): :data:`ORDER` gives
it, as the shared timeline and the sources cited there state it. Everything else (codes, the districts' CSPs,
the county council) is read from the landscape, and the derivation checks that the order's districts are exactly
the event's.
"""

from __future__ import annotations

from typing import Any

import pyoxigraph as ox

from cspgraph.asof import in_force
from cspgraph.errors import InputError
from cspgraph.resolve import resolver
from cspgraph.scenario.edit import N
from cspgraph.scenario.events import event
from cspgraph.scenario.model import Change, Scenario
from cspgraph.stores.base import GraphStore

__all__ = ["ORDER", "SOURCES", "surrey"]

#: the new councils and the districts each replaces, as the Secretary of State's decision of 28 October 2025 and
#: the draft structural changes order give them (timeline, 2027-04-01; the sources below)
ORDER = {
    "East Surrey": ("Elmbridge", "Epsom and Ewell", "Mole Valley", "Reigate and Banstead", "Tandridge"),
    "West Surrey": ("Guildford", "Runnymede", "Spelthorne", "Surrey Heath", "Waverley", "Woking"),
}
SOURCES = (
    "https://www.surreyheath.gov.uk/about-council/devolution-and-local-government-reorganisation/"
    "two-unitary-model-confirmed",
    "https://www.localgovernmentlawyer.co.uk/governance/396-governance-news/"
    "98874-government-selects-two-unitary-proposal-for-surrey-reorganisation",
    "http://policy-wire.co.uk/surrey-unitary-councils-secondary-legislation-and-2026-elections",
)
_ORIGINAL = ox.NamedNode("http://www.w3.org/ns/org#originalOrganization")
_EVENT = "2027-04-01/surrey-unitaries"


def _district(store: GraphStore, name: str) -> str:
    return str(resolver(store).resolve(name, "area")).split("/id/", 1)[1]


def _csps_of(view: GraphStore, district: str) -> list[str]:
    node = ox.NamedNode("https://w3id.org/cspgraph/id/" + district)
    found = [q.subject.value for q in view.match(None, N.servesArea, node)]
    return sorted(u.split("/id/", 1)[1] for u in found)


def _council_changes(view: GraphStore, store: GraphStore, name: str, status: str) -> tuple[list[Change], set[str]]:
    slug = name.lower().replace(" ", "-")
    districts = [_district(store, d) for d in ORDER[name]]
    councils = []
    for d in districts:
        node = ox.NamedNode("https://w3id.org/cspgraph/id/" + d)
        councils += [q.subject.value.split("/id/", 1)[1] for q in view.match(None, N.councilFor, node)]
    csps = sorted({c for d in districts for c in _csps_of(view, d)})
    create = Change("create", {"id": f"council/{slug}", "kind": "unitary-council", "label": f"{name} Council",
                               "districts": districts, "replaces": councils}, status)  # fmt: skip
    combine = Change(
        "combine-csps",
        {
            "csps": csps,
            "id": f"csp/{slug}",
            "label": f"{name} community safety partnership (to be formed)",
            "areas": [f"local-authority-district/{slug}"],
            "councils": [f"council/{slug}"],
        },  # fmt: skip
        status,
        note="one strategy per local government area (CDA 1998 s5(1)); the order does not name the partnership",
    )
    return [create, combine], set(councils)


def surrey(store: GraphStore) -> Scenario:
    """The ``surrey-2027`` scenario (see the module).

    Raises:
        InputError: the order's districts are not the councils the graph's change event ends.
    """
    ev = event(store, _EVENT)
    day, status = ev["date"], ev["status"]
    view = in_force(store, day.replace(day=1, month=3))  # the councils on the last month before vesting day
    changes: list[Change] = []
    ended: set[str] = set()
    for name in ORDER:
        more, councils = _council_changes(view, store, name, status)
        changes += more
        ended |= councils
    original = {q.object.value.split("/id/", 1)[1] for q in store.match(ox.NamedNode(ev["uri"]), _ORIGINAL, None)}
    county = sorted(original - ended)
    if not ended <= original or len(county) != 1:
        raise InputError(f"the Surrey order's districts do not match the change event {ev['uri']}")
    changes.append(Change("end", {"body": county[0]}, status, note="Surrey County Council is abolished"))
    return Scenario(
        name="surrey-2027",
        title="Surrey: East Surrey and West Surrey unitaries (1 April 2027)",
        date=day,
        status=status,
        changes=changes,
        source=" ; ".join((ev["uri"], *SOURCES)),
        description=f"{ev['label']}. {ev['comment'] or ''}".strip(),
        notes=_notes(),
        derived="cspgraph build, from the change event, the councils and CSPs in the landscape and the order's "
        "grouping of districts (cspgraph.scenario.surrey.ORDER)",
    )


def _notes() -> list[str]:
    out: list[Any] = [
        "The order's SI number was not found in the sources searched; the grouping of districts is the Secretary "
        "of State's decision of 28 October 2025 as the cited council and press pages report it.",
        "The new councils and their areas have no GSS codes in the sources: they are named council/east-surrey, "
        "council/west-surrey, local-authority-district/east-surrey and local-authority-district/west-surrey here.",
        "Surrey's fire and rescue authority is kept as the landscape records it: no source here says which body is "
        "the fire and rescue authority after the county council is abolished.",
    ]
    return out
