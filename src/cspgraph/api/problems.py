"""The one error shape of the HTTP API: RFC 9457 problem details.

Every :class:`~cspgraph.errors.CspGraphError` a route raises, every request FastAPI cannot validate and every HTTP
error (an unknown path, a method not allowed) is answered here: ``application/problem+json`` with ``type``,
``title``, ``status``, ``detail`` and ``instance`` (the request path), the status and title taken from the error's
class (400 bad input, 403 refused, 404 not found, 413 too large, 503 unavailable with ``Retry-After``). A browser
that asks for HTML gets the same fields as a page.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from cspgraph.errors import CspGraphError, Unavailable

_log = logging.getLogger("cspgraph.api")

PROBLEM = "application/problem+json"
_TITLES = {
    400: "Bad input",
    403: "Refused",
    404: "Not found",
    405: "Method not allowed",
    406: "Not acceptable",
    413: "Too large",
    415: "Unsupported media type",
    429: "Too many requests",
    503: "Unavailable",
}

#: the problem body, for the OpenAPI document of every route (a browser asking for HTML gets the same as a page)
PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "instance": {"type": "string"},
    },
}


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` entries for problem answers with these statuses."""
    content = {PROBLEM: {"schema": PROBLEM_SCHEMA}, "text/html": {"schema": {"type": "string"}}}
    return {s: {"description": _TITLES.get(s, "Problem"), "content": dict(content)} for s in statuses}


def wants_html(request: Request) -> bool:
    """Whether the client prefers an HTML page (a browser) to a problem document."""
    accept = request.headers.get("accept", "")
    return "text/html" in accept and PROBLEM not in accept and "application/json" not in accept


def problem(
    request: Request, status: int, detail: str, title: str | None = None, headers: dict[str, str] | None = None
) -> Response:
    """The problem answer for one request: problem+json, or an HTML page for a browser."""
    title = title or _TITLES.get(status, "Problem")
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail, "instance": request.url.path}
    if wants_html(request) and hasattr(request.app.state, "templates"):
        templates = request.app.state.templates
        return templates.TemplateResponse(  # type: ignore[no-any-return]
            request, "error.html", {"problem": body}, status_code=status, headers=headers
        )
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def from_error(request: Request, exc: CspGraphError) -> Response:
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, Unavailable) else None
    return problem(request, exc.status, str(exc), exc.title, headers)


#: the problem statuses any route may answer (bad input, refused, not found, not acceptable, too large, too many,
#: unavailable); each is documented on every operation of the OpenAPI document
STATUSES = (400, 403, 404, 406, 413, 415, 429, 503)


def _document(app: FastAPI) -> None:
    """Make the OpenAPI document say what the handlers do: problem+json statuses on every operation, no 422."""
    from fastapi.openapi.utils import get_openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
            for path in schema.get("paths", {}).values():
                for op in path.values():
                    responses = op.setdefault("responses", {})
                    responses.pop("422", None)
                    for status, entry in problem_responses(*STATUSES).items():
                        declared = responses.setdefault(str(status), entry)
                        declared.setdefault("content", {}).update(entry["content"])
            schema.get("components", {}).get("schemas", {}).pop("HTTPValidationError", None)
            schema.get("components", {}).get("schemas", {}).pop("ValidationError", None)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def install(app: FastAPI) -> None:
    """Register the handlers on the app, and document them in its OpenAPI document."""
    _document(app)

    @app.exception_handler(CspGraphError)
    async def cspgraph_error(request: Request, exc: CspGraphError) -> Response:
        return from_error(request, exc)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        parts = []
        for err in exc.errors():
            where = ".".join(str(x) for x in err.get("loc", ()) if x not in ("body", "query"))
            parts.append(f"{where}: {err.get('msg', 'invalid')}" if where else str(err.get("msg", "invalid")))
        return problem(request, 400, "; ".join(parts) or "the request is not valid")

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        # the last resort: a fault of the server, logged with its traceback, answered in the one error shape and
        # without the traceback (the error is re-raised to the server after this answer, as Starlette does)
        _log.error("unexpected error on %s %s", request.method, request.url.path, exc_info=exc)
        return problem(request, 500, "the server failed to answer this request; the fault is logged", "Server error")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        headers = dict(exc.headers) if exc.headers else None
        detail = exc.detail if isinstance(exc.detail, str) else "the request cannot be answered"
        if exc.status_code == 404 and detail == "Not Found":
            detail = f"nothing is served at {request.url.path}"
        return problem(request, exc.status_code, detail, headers=headers)
