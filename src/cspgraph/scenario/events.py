"""The change events of the landscape a shipped scenario is derived from (``id/change/<date>/<slug>``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rdflib import URIRef

from cspgraph import resources
from cspgraph.errors import InputError
from cspgraph.stores.base import GraphStore

__all__ = ["event"]

_CHANGE = "https://w3id.org/cspgraph/id/change/"
_STATUS = {"in-force": "in force", "enacted": "enacted", "announced": "announced", "proposed": "proposed"}


def event(store: GraphStore, slug: str) -> dict[str, Any]:
    """The change event ``id/change/<slug>``: date, status, label, comment, sources, date note."""
    query = resources.internal_query("scenario-change-events")
    rows = store.select_terms(query, {"event": URIRef(_CHANGE + slug)},
                              ("date", "status", "label", "comment", "source", "dateNote"))  # fmt: skip
    if not rows:
        raise InputError(f"the landscape has no change event {slug}; rebuild data/ with cspgraph build")
    first = rows[0]
    return {
        "uri": _CHANGE + slug,
        "date": dt.date.fromisoformat(first[0].value),
        "status": _STATUS[first[1].value.rsplit("/", 1)[-1]],
        "label": first[2].value,
        "comment": first[3].value if first[3] is not None else None,
        "sources": sorted({r[4].value for r in rows if r[4] is not None}),
        "date_note": first[5].value if first[5] is not None else None,
    }
