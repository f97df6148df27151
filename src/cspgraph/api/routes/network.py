"""The interactive network: ``GET /network`` (the page), ``GET /network/data.json`` (its graph JSON) and the page's
assets (the vendored vis-network, the page script and CSS), all served by the app so the page needs no internet.

Views are kept in the dataset's state (:meth:`cspgraph.api.state.DatasetState.network_view`), so they go with the
dataset; a merger view takes at most ``Settings.network_max_csps`` CSPs (413 above).
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from cspgraph import visualise
from cspgraph.api.deps import AsOfDep, dated_store
from cspgraph.api.limits import compute
from cspgraph.api.state import DatasetState
from cspgraph.config import Settings
from cspgraph.stores import GraphStore

router = APIRouter(tags=["network"])

AreaQ = Annotated[str | None, Query(description="police force area code, e.g. E23000008")]
KindQ = Annotated[
    list[str] | None, Query(description="body kinds to show (repeatable): " + ", ".join(visualise.GROUP_BY_KEY))
]
RelationQ = Annotated[
    list[str] | None, Query(description="relations to show (repeatable): " + ", ".join(visualise.RELATION_BY_KEY))
]
BodyQ = Annotated[str | None, Query(description="a body for its accountability chain, e.g. csp/E22000365")]
CspQ = Annotated[list[str] | None, Query(description="CSP codes of a proposed merger (repeat: csp=A&csp=B)")]


def _view(
    request: Request,
    area: str | None,
    kind: list[str] | None,
    relation: list[str] | None,
    body: str | None,
    csp: list[str] | None,
    as_of: dt.date | None = None,
) -> dict[str, Any]:
    """The view the parameters ask for (of the landscape in force on ``as_of`` when given), from the dataset's cache
    when an earlier request built it."""
    store: GraphStore = dated_store(request, as_of)
    settings: Settings = request.app.state.settings

    def build() -> dict[str, Any]:
        """The view, computed."""
        return visualise.view(
            store,
            area=area,
            body=body,
            csps=csp or (),
            kinds=kind,
            relations=relation,
            max_csps=settings.network_max_csps,
        )

    dataset: DatasetState = request.app.state.dataset
    key = (store.generation, as_of, area, tuple(kind or ()), tuple(relation or ()), body, tuple(csp or ()))
    return dataset.network_view(key, build)


@router.get("/network", response_class=HTMLResponse, summary="The interactive network page")
async def network_page(
    request: Request,
    area: AreaQ = None,
    kind: KindQ = None,
    relation: RelationQ = None,
    body: BodyQ = None,
    csp: CspQ = None,
    as_of: AsOfDep = None,
) -> Response:
    """One police area (``area``), the accountability chain of a body (``body``), a proposed CSP merger (``csp``
    repeated) or, with none of these, the whole of England and Wales aggregated by police area. Works offline:
    every script and style comes from this server."""
    data = await compute(request, _view, request, area, kind, relation, body, csp, as_of)
    nav = request.app.state.templates.env.globals.get("nav")
    return HTMLResponse(visualise.render_html(data, inline=False, nav=nav))


@router.get("/network/data.json", summary="The graph JSON of a network view")
async def network_data(
    request: Request,
    area: AreaQ = None,
    kind: KindQ = None,
    relation: RelationQ = None,
    body: BodyQ = None,
    csp: CspQ = None,
    as_of: AsOfDep = None,
) -> Response:
    """Nodes (id = URI, label, type, group, code, area, x/y) and edges (from, to, relation, predicate, fund, amount)
    of the view, with the legend (groups and relations)."""
    return JSONResponse(await compute(request, _view, request, area, kind, relation, body, csp, as_of))


@router.get("/network/assets/{name}", include_in_schema=False)
def network_asset(name: str) -> Response:
    """A static asset of the page (vis-network, the page script and its CSS); 404 for anything else."""
    content, media = visualise.asset_bytes(name)
    return Response(content, media_type=media, headers={"Cache-Control": "public, max-age=86400"})
