"""Helpers shared by the routers: URI <-> path mapping, HTTP caching headers, templates and term display."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jinja2
import pyoxigraph as ox
from fastapi import Request, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from cspgraph import resources
from cspgraph.api.state import DatasetState
from cspgraph.config import Settings
from cspgraph.labels import curie
from cspgraph.version import __version__

TEMPLATES_DIR = resources._PACKAGE / "api" / "templates"
STATIC_DIR = resources._PACKAGE / "api" / "static"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


class Paths:
    """The mapping between resource URIs under the base and the app's paths."""

    def __init__(self, base_uri: str) -> None:
        self.base = base_uri

    def iri_for(self, path: str) -> str:
        """The resource URI a request path names: ``/id/csp/X`` -> ``{base}id/csp/X``."""
        return self.base + path.lstrip("/")

    def doc(self, iri: str, fmt: str | None = None) -> str | None:
        """The app path of the document describing ``iri`` (None when the IRI is outside the base)."""
        if not iri.startswith(self.base):
            return None
        rest = iri[len(self.base) :]
        return f"/doc/{rest}" + (f".{fmt}" if fmt else "")

    def link(self, iri: str) -> str:
        """Where a page links for ``iri``: its document in this app, or the IRI itself."""
        return self.doc(iri) or iri


def make_templates(settings: Settings, nav: list[tuple[str, str]]) -> Jinja2Templates:
    """Jinja2 templates with autoescaping always on, and the helpers every page uses (``nav``: the menu)."""
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=True,
        auto_reload=False,  # the templates are package files, fixed while the server runs
        trim_blocks=True,
        lstrip_blocks=True,
    )
    paths = Paths(settings.base_uri)
    env.globals.update(link=paths.link, curie=curie, version=__version__, base_uri=settings.base_uri, nav=nav)
    env.globals.update(dataset_as_of=dataset_as_of, showing_as_of=showing_as_of, dated=dated, on_day=on_day)
    return Jinja2Templates(env=env)


def dataset_as_of(request: Request) -> str:
    """The dataset's own as-of date (:func:`cspgraph.asof.latest`), kept once per dataset version; ``""`` if none."""
    return dataset_day(getattr(request.app.state, "dataset", None), getattr(request.app.state, "store", None))


def dataset_day(state: DatasetState | None, store: Any) -> str:
    """The dataset's own as-of date as ``YYYY-MM-DD`` (``""`` if none), kept in ``state`` when there is one."""
    from cspgraph.asof import latest

    if store is None:
        return ""

    def build() -> str:
        day = latest(store)
        return day.isoformat() if day else ""

    return str(state.kept("dataset-as-of", build)) if state is not None else build()


def showing_as_of(request: Request) -> str:
    """The day a page shows when ``?as_of=`` is a date, else ``""`` (the route has already refused a bad one)."""
    import datetime as dt

    value = request.query_params.get("as_of", "").strip()
    try:
        return dt.date.fromisoformat(value).isoformat() if value else ""
    except ValueError:
        return ""


def dated(request: Request, href: str) -> str:
    """``href`` keeping the page's ``?as_of=``, so that links within a dated page stay on that day."""
    return on_day(href, showing_as_of(request))


def on_day(href: str, day: str) -> str:
    """``href`` with ``?as_of=day`` (``day`` as :func:`showing_as_of` gives it; unchanged when ``""``), for a link
    within the app that has no day of its own."""
    from urllib.parse import urlencode

    if not day or not href.startswith("/") or "as_of=" in href:
        return href
    return f"{href}{'&' if '?' in href else '?'}{urlencode({'as_of': day})}"


def term_view(t: Any, labels: dict[str, str], paths: Paths) -> dict[str, Any]:
    """A term as the templates show it: a labelled link, a literal with its language or datatype, or a blank node."""
    if isinstance(t, ox.NamedNode):
        return {
            "kind": "iri",
            "iri": t.value,
            "href": paths.link(t.value),
            "label": labels.get(t.value) or curie(t.value),
        }
    if isinstance(t, ox.Literal):
        dt = t.datatype.value
        return {
            "kind": "literal",
            "text": t.value,
            "lang": t.language or "",
            "datatype": "" if dt in (XSD_STRING, RDF_LANGSTRING) else curie(dt),
        }
    if isinstance(t, ox.BlankNode):
        return {"kind": "bnode", "text": f"_:{t.value}"}
    return {"kind": "literal", "text": str(t), "lang": "", "datatype": ""}


def script_json(text: str) -> Markup:
    """JSON text safe inside a ``<script>`` element: ``<``, ``>``, ``&`` and ``'`` written as JSON escapes (what
    Jinja's ``tojson`` does), so that no string in it can close the element."""
    for ch, esc in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("'", "\\u0027")):
        text = text.replace(ch, esc)
    return Markup(text)


#: each IRI term already shown, per (IRI, label): its HTML (a labelled link) and sort key; kept per dataset version
TermCache = dict[tuple[str, str | None], tuple[Markup, str]]


def term_cell(t: Any, labels: dict[str, str], paths: Paths, cache: TermCache | None = None) -> tuple[Markup, str]:
    """A term as a table cell shows it, every text escaped, and the text the table sorts it by (lower case): a
    labelled link (kept in ``cache``: an IRI and its label are fixed per dataset version), a literal with its
    language or datatype, or a blank node."""
    if isinstance(t, ox.NamedNode):
        key = (t.value, labels.get(t.value))
        hit = cache.get(key) if cache is not None else None
        if hit is None:
            iri, label = t.value, key[1] or curie(t.value)
            html = f'<a href="{escape(paths.link(iri))}" title="{escape(iri)}">{escape(label)}</a>'
            hit = Markup(html), label.lower()
            if cache is not None:
                cache[key] = hit
        return hit
    if isinstance(t, ox.Literal):  # as term_view shows it, without building the view
        text, lang, dt = t.value, t.language, t.datatype.value
        html = f'<span class="literal" lang="{escape(lang)}">' if lang else '<span class="literal">'
        html += f"{escape(text)}</span>"
        if lang:
            html += f' <small class="lang">@{escape(lang)}</small>'
        if dt not in (XSD_STRING, RDF_LANGSTRING):
            html += f' <small class="dt">{escape(curie(dt))}</small>'
        return Markup(html), text.lower()
    v = term_view(t, labels, paths)
    if v["kind"] == "bnode":
        return Markup(f"<code>{escape(v['text'])}</code>"), v["text"].lower()
    html = f'<span class="literal">{escape(v["text"])}</span>'
    return Markup(html), v["text"].lower()


# ----------------------------------------------------------------- HTTP caching
def not_modified(request: Request, etag: str, exists: Callable[[], bool] | None = None) -> bool:
    """True when the request's If-None-Match names ``etag``, or is ``*`` and the representation exists (RFC 9110
    13.1.2: ``*`` matches only a current representation; ``exists`` says whether there is one, default yes)."""
    inm = request.headers.get("if-none-match")
    if not inm:
        return False
    tags = [t.strip().removeprefix("W/") for t in inm.split(",")]
    if etag in tags:
        return True
    return "*" in tags and (exists is None or exists())


def cache_headers(state: DatasetState, settings: Settings, etag: str, vary: str | None = None) -> dict[str, str]:
    """ETag, Last-Modified and Cache-Control for a representation that is fixed per dataset version."""
    h = {
        "ETag": etag,
        "Last-Modified": state.last_modified_http,
        "Cache-Control": f"public, max-age={settings.cache_max_age}",
    }
    if vary:
        h["Vary"] = vary
    return h


def cached_response(
    request: Request,
    state: DatasetState,
    settings: Settings,
    etag: str,
    vary: str | None = None,
    exists: Callable[[], bool] | None = None,
) -> Response | None:
    """A 304 Not Modified response when the client already holds this representation, else None."""
    if not_modified(request, etag, exists):
        return Response(status_code=304, headers=cache_headers(state, settings, etag, vary))
    return None
