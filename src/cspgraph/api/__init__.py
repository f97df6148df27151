"""The FastAPI linked-data application."""

from cspgraph.api.app import create_app

__all__ = ["create_app"]
