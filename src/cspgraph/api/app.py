"""``create_app(settings)``: the FastAPI application factory.

The store is opened once, in the lifespan, together with what is fixed per dataset version (the digest behind
every ETag, the provenance of each graph, the SPARQL worker pool, the search index). For the project's dataset the
SPARQL workers start on the shared on-disk store while the server opens its own store for pages: a copy in memory
for a small dataset, the same on-disk store for a large one (``Settings.pages_store``; fixed for the life of the
process, logged and shown on /health). What depends only on the dataset version (search index and resolver,
per-graph counts and provenance) is read from beside that store. Each concern is one router in
:mod:`cspgraph.api.routes`; adding a feature is one more module in the tuple of routers below, and a page extends
the shared ``base.html`` template (navigation in :data:`NAV`).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.staticfiles import StaticFiles

from cspgraph.api import limits, problems
from cspgraph.api.routes import (
    browse,
    changes,
    docs,
    dumps,
    maps,
    merger,
    meta,
    network,
    profiles,
    resources,
    scenarios,
    search,
    sparql,
)
from cspgraph.api.state import choose_pages_store, launch_pool, prepare
from cspgraph.api.views import STATIC_DIR, make_templates
from cspgraph.config import Settings
from cspgraph.stores import GraphStore, open_store
from cspgraph.version import __version__

DESCRIPTION = """Linked open data on community safety governance in England and Wales: who is accountable to whom
(police and crime commissioners and the other local policing bodies, Community Safety Partnerships, panels,
responsible authorities, funding) and the law behind each relation.

Every URI under the dataset's base is dereferenceable here (`/id/...`, `/def/...`, `/graph/...` answer 303 to
`/doc/...`), with content negotiation over HTML, Turtle, JSON-LD, RDF/XML and N-Triples. `/sparql` is a
read-only SPARQL 1.1 Protocol endpoint."""


async def wait_for_store(store: GraphStore, seconds: float) -> None:
    """Wait until a store on a server answers, for at most ``seconds``; StoreUnavailable saying why if it does not."""
    import anyio

    from cspgraph.stores.remote import StoreUnavailable

    deadline = anyio.current_time() + seconds
    while (problem := await anyio.to_thread.run_sync(store.ping)) is not None:  # type: ignore[attr-defined]
        if anyio.current_time() > deadline:
            raise StoreUnavailable(f"{problem}; start the SPARQL server or check --store")
        await anyio.sleep(1.0)


#: the site's navigation, in the order of the menu
NAV: list[tuple[str, str]] = [
    ("/", "Home"),
    ("/map", "Map"),
    ("/network", "Network"),
    ("/search", "Search"),
    ("/browse", "Browse"),
    ("/sparql", "SPARQL"),
    ("/merger", "Merger check"),
    ("/changes", "Changes"),
    ("/scenarios", "Scenarios"),
    ("/dumps", "Downloads"),
    ("/docs", "API"),
    ("/.well-known/void", "About the data"),
]


def _log_pages_store(mode: str, settings: Settings, mib: float) -> None:
    """Say at start which store pages are read from, and why."""
    setting = settings.pages_store.strip().lower()
    why = f"pages store setting {setting}" if mib else "the only one for this store"
    if mib and setting == "auto":
        why = f"the dataset's files are {mib:.1f} MiB, auto keeps at most {settings.pages_store_max_mb:g} MiB in memory"
    logging.getLogger("uvicorn.error").info("Pages are read from the %s store (%s)", mode, why)


def _lifespan(settings: Settings, given: bool) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """Start-up and shut-down: open the store (unless given), wait for a remote one, prepare the dataset's state."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        default_dataset = not given and not settings.store.startswith(("http://", "https://"))
        mode, mib = choose_pages_store(settings, default_dataset=default_dataset)
        pool = launch_pool(settings, default_dataset=default_dataset)  # the workers start while the store loads
        try:
            if getattr(app.state, "store", None) is None:
                app.state.store = open_store(
                    settings.store,
                    timeout=settings.store_timeout,
                    checked=pool is not None and mode == "memory",
                    disk=pool is not None and mode == "disk",
                )
            st = app.state.store
            if not st.local:
                await wait_for_store(st, settings.store_timeout * 3)
        except BaseException:
            if pool is not None:
                pool.close()
            raise
        app.state.dataset = prepare(st, settings, default_dataset=default_dataset, pool=pool)
        _log_pages_store(app.state.dataset.pages_store, settings, mib)
        app.state.dataset.search(st)  # the search index, made before the first request
        app.state.dataset.ready()
        app.state.pools = limits.Pools(settings)
        try:
            yield
        finally:
            app.state.dataset.close()

    return lifespan


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """The linked-data application.

    Args:
        settings: server settings (default: from the environment).
        store: a store that already holds the dataset (default: ``open_store(settings.store)`` at start-up).

    Returns:
        The FastAPI app; run it with uvicorn, or use it in ``fastapi.testclient.TestClient`` (as a context
        manager, so that the lifespan runs).
    """
    settings = settings or Settings()

    app = FastAPI(
        title="cspgraph",
        version=__version__,
        lifespan=_lifespan(settings, given=store is not None),
        description=DESCRIPTION,
        docs_url=None,  # served from vendored files by routes.docs
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.store = store
    app.state.templates = make_templates(settings, NAV)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"],
        allow_methods=["GET", "POST", "HEAD", "OPTIONS"],
        allow_headers=["Accept", "Content-Type", "If-None-Match"],
        expose_headers=["ETag", "Last-Modified", "Content-Location", "Location"],
    )

    problems.install(app)
    limits.install(app, settings)

    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    for module in (
        meta,
        resources,
        sparql,
        dumps,
        browse,
        network,
        merger,
        scenarios,
        changes,
        search,
        maps,
        profiles,
        docs,
    ):
        app.include_router(module.router)
    return app
