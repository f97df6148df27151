"""The API explorer at ``/docs`` (Swagger UI) and the reference at ``/redoc`` (ReDoc), from files vendored in the
package (``static/vendor/swagger-ui``, ``static/vendor/redoc``), so both work with no internet connection and
under the site's Content-Security-Policy (no inline script)."""

from __future__ import annotations

import html

from fastapi import APIRouter, Request
from fastapi.openapi.docs import get_redoc_html
from fastapi.responses import HTMLResponse

router = APIRouter(include_in_schema=False)
VENDOR = "/static/vendor"


_SWAGGER = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
<link rel="icon" href="{vendor}/swagger-ui/favicon-32x32.png">
<link rel="stylesheet" href="{vendor}/swagger-ui/swagger-ui.css">
</head>
<body>
<div id="swagger-ui" data-openapi="{openapi}"></div>
<script src="{vendor}/swagger-ui/swagger-ui-bundle.js"></script>
<script src="/static/docs/swagger-init.js"></script>
</body>
</html>
"""


@router.get("/docs", response_class=HTMLResponse)
def swagger_ui(request: Request) -> HTMLResponse:
    title = html.escape(f"{request.app.title}: HTTP API")
    openapi = html.escape(request.app.openapi_url or "/openapi.json")
    return HTMLResponse(_SWAGGER.format(title=title, vendor=VENDOR, openapi=openapi))


@router.get("/redoc", response_class=HTMLResponse)
def redoc(request: Request) -> HTMLResponse:
    return get_redoc_html(
        openapi_url=request.app.openapi_url,
        title=f"{request.app.title}: HTTP API reference",
        redoc_js_url=f"{VENDOR}/redoc/redoc.standalone.js",
        redoc_favicon_url=f"{VENDOR}/swagger-ui/favicon-32x32.png",
        with_google_fonts=False,
    )
