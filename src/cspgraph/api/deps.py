"""FastAPI dependencies: the store, the settings, the dataset state and the templates, as ``Annotated`` aliases."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.templating import Jinja2Templates

from cspgraph.api.state import DatasetState
from cspgraph.config import Settings
from cspgraph.stores import GraphStore


def get_store(request: Request) -> GraphStore:
    store: GraphStore = request.app.state.store
    return store


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_dataset(request: Request) -> DatasetState:
    state: DatasetState = request.app.state.dataset
    return state


def get_templates(request: Request) -> Jinja2Templates:
    templates: Jinja2Templates = request.app.state.templates
    return templates


def get_as_of(
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


def get_dated_store(request: Request, as_of: Annotated[dt.date | None, Depends(get_as_of)]) -> GraphStore:
    """The store, or with ``?as_of=`` the landscape in force on that day (:func:`cspgraph.asof.in_force`, cached
    per store and day): the one place a route gets its dated view."""
    store: GraphStore = request.app.state.store
    if as_of is None:
        return store
    from cspgraph.asof import in_force

    return in_force(store, as_of)


StoreDep = Annotated[GraphStore, Depends(get_store)]
AsOfDep = Annotated[dt.date | None, Depends(get_as_of)]
DatedStoreDep = Annotated[GraphStore, Depends(get_dated_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
DatasetDep = Annotated[DatasetState, Depends(get_dataset)]
TemplatesDep = Annotated[Jinja2Templates, Depends(get_templates)]
