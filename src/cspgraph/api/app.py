"""``create_app(settings)``: the FastAPI application factory. The store is built once, in the lifespan."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from html import escape

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse

from cspgraph import __version__
from cspgraph.config import Settings
from cspgraph.store import GraphStore, open_store

COUNT_QUERY = """
PREFIX cspg: <https://w3id.org/cspgraph/def/>
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE {
  VALUES ?class { cspg:PoliceForceArea cspg:CommunitySafetyPartnership cspg:LocalPolicingBody
                  cspg:PoliceAndCrimeCommissioner cspg:Council cspg:FireAndRescueAuthority
                  cspg:IntegratedCareBoard cspg:LocalHealthBoard cspg:ResponsibleAuthorityMembership }
  ?s a ?sub . ?sub <http://www.w3.org/2000/01/rdf-schema#subClassOf>* ?class .
} GROUP BY ?class ORDER BY ?class
"""


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if getattr(app.state, "store", None) is None:
            app.state.store = store or open_store(settings.store)
        yield

    app = FastAPI(
        title="cspgraph",
        version=__version__,
        lifespan=lifespan,
        description="Linked open data on community safety governance in England and Wales.",
    )
    app.state.settings = settings
    app.state.store = store

    @app.get("/health", tags=["meta"])
    def health(request: Request) -> dict[str, object]:
        st: GraphStore = request.app.state.store
        return {"status": "ok", "version": __version__, "quads": len(st)}

    @app.get("/", response_class=HTMLResponse, tags=["pages"])
    def home(request: Request) -> str:
        st: GraphStore = request.app.state.store
        rows = st.select(COUNT_QUERY)
        items = "".join(
            f"<tr><td>{escape(str(r['class']).rsplit('/', 1)[-1])}</td><td>{escape(str(r['n']))}</td></tr>"
            for r in rows
        )
        return f"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>cspgraph</title></head>
<body><h1>cspgraph</h1><p>Who is accountable to whom in community safety in England and Wales.</p>
<table><thead><tr><th>kind</th><th>count</th></tr></thead><tbody>{items}</tbody></table>
<p><a href="/health">health</a> · <a href="/docs">API</a></p></body></html>"""

    return app
