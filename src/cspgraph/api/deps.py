"""FastAPI dependencies: the store, the settings, the dataset state and the templates, as ``Annotated`` aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
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


StoreDep = Annotated[GraphStore, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
DatasetDep = Annotated[DatasetState, Depends(get_dataset)]
TemplatesDep = Annotated[Jinja2Templates, Depends(get_templates)]
