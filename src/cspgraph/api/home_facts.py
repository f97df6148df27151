"""What the home page shows besides the counts: the questions people ask (each a link to its answer), the date the
data describes, and what changed recently (the dated facts the data has, schema:validFrom and validUntil, grouped
by date and kind; the time model will give every fact its dates)."""

from __future__ import annotations

from typing import Any

from cspgraph import resources
from cspgraph.labels import display_names, fallback
from cspgraph.namespaces import ID
from cspgraph.stores import GraphStore

_ID = str(ID)
VALID_FROM = "https://schema.org/validFrom"
#: (question, where its answer is): each answer is a page of the app
QUESTIONS = (
    ("Who holds the Durham chief constable to account?", "/doc/id/chief-officer/E23000008#accountable-to"),
    (
        "Which Community Safety Partnerships are in the Cleveland police area?",
        "/doc/id/police-force-area/E23000013#in-area",
    ),
    ("Who sits on the Safer Durham Partnership, and under which law?", "/doc/id/csp/E22000365#members"),
    ("Who funds the Durham police and crime commissioner?", "/doc/id/local-policing-body/E23000008#funded-by"),
    ("Which police areas have a mayor, a PFCC or a PCC?", "/map"),
    ("What is the accountability chain of a chief constable?", "/network?body=chief-officer/E23000008"),
    ("Could two CSPs combine, and who would have to agree?", "/merger"),
    ("How many CSPs does each police force area have?", "/browse"),
)


def as_of(store: GraphStore) -> str:
    """The date the landscape describes (the dataset record's ``cspg:asOf``), or ``""``."""
    rows = store.select_terms(resources.internal_query("home-as-of"))
    return rows[0][0].value if rows and rows[0][0] is not None else ""


def recent(store: GraphStore, groups: int = 8, shown: int = 3) -> list[dict[str, Any]]:
    """The newest dated facts, grouped by (date, starts or ends, kind): how many, and the first few by name."""
    grouped: dict[tuple[str, str, str], list[str]] = {}
    for s, p, d in store.select_terms(resources.internal_query("home-dated-facts")):
        kind = s.value[len(_ID) :].split("/", 1)[0]
        if kind == "membership":
            continue
        key = (d.value, "from" if p.value == VALID_FROM else "until", kind)
        grouped.setdefault(key, []).append(s.value)
    chosen = sorted(grouped.items(), key=lambda kv: kv[0][0], reverse=True)[:groups]
    names = display_names(store, [u for _, uris in chosen for u in uris[:shown]])
    out = []
    for (date, edge, kind), uris in chosen:
        out.append(
            {
                "date": date,
                "edge": edge,
                "kind": kind.replace("-", " "),
                "count": len(uris),
                "examples": [(u, names.get(u) or fallback(u)) for u in sorted(uris)[:shown]],
            }
        )
    return out
