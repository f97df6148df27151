"""FastAPI dependencies: the store, the settings, the dataset state and the templates, as ``Annotated`` aliases.

Each is a coroutine function: FastAPI runs a plain function dependency on a worker thread, a hop per dependency per
request that costs more than what these do (read the app's state). The one that computes, the dated view of
``?as_of=``, hands that work to a thread itself."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.templating import Jinja2Templates

from cspgraph.api.state import DatasetState
from cspgraph.config import Settings
from cspgraph.stores import GraphStore


async def get_store(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


async def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def get_dataset(request: Request) -> DatasetState:
    state: DatasetState = request.app.state.dataset
    return state


async def get_templates(request: Request) -> Jinja2Templates:
    templates: Jinja2Templates = request.app.state.templates
    return templates


async def get_as_of(
    as_of: Annotated[
        str | None,
        Query(
            max_length=40,
            description="show the landscape in force on this day (YYYY-MM-DD), from the data's own dates; "
            "by default the dataset as published",
        ),
    ] = None,
) -> dt.date | None:
    """The day ``?as_of=`` asks for, or None; a value that is not a date is a 400 problem (InputError)."""
    from cspgraph.asof import as_date

    return None if as_of is None or not as_of.strip() else as_date(as_of)


def dated_store(request: Request, as_of: dt.date | None) -> GraphStore:
    """The store, or with ``?as_of=`` the landscape in force on that day (:func:`cspgraph.asof.in_force`, cached
    per store and day): the one place a route gets its dated view (a blocking call: run it off the event loop)."""
    store: GraphStore = request.app.state.store
    if as_of is None:
        return store
    from cspgraph.asof import in_force

    return in_force(store, as_of)


async def dated_view(request: Request, as_of: dt.date | None) -> GraphStore:
    """:func:`dated_store` for a coroutine: the store at once, a day's view computed on a worker thread."""
    if as_of is None:
        store: GraphStore = request.app.state.store
        return store
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(dated_store, request, as_of)


async def get_dated_store(request: Request, as_of: Annotated[dt.date | None, Depends(get_as_of)]) -> GraphStore:
    """:func:`dated_view` as a dependency."""
    return await dated_view(request, as_of)


StoreDep = Annotated[GraphStore, Depends(get_store)]
AsOfDep = Annotated[dt.date | None, Depends(get_as_of)]
DatedStoreDep = Annotated[GraphStore, Depends(get_dated_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
DatasetDep = Annotated[DatasetState, Depends(get_dataset)]
TemplatesDep = Annotated[Jinja2Templates, Depends(get_templates)]
