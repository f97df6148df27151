"""Static publishing: the app's linked data as files, and an nginx configuration that serves them as the app does.

:func:`publish` runs the app in-process and copies, byte for byte, every resource's document in every format
(HTML, Turtle, JSON-LD, RDF/XML, N-Triples), the home page, the downloads page and dumps, the VoID description in
each format, the sitemap, robots.txt and the static assets into ``OUT/site/``, and writes ``OUT/nginx/`` (see
:mod:`cspgraph.publish.nginx`): the 303s from resource URIs, content negotiation, and the app's headers. The output
appears whole or not at all (:mod:`cspgraph.publish.tree`).
"""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Sequence
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cspgraph.api import conneg
from cspgraph.api.state import DUMPS
from cspgraph.api.views import STATIC_DIR
from cspgraph.config import Settings
from cspgraph.errors import InputError
from cspgraph.publish import nginx
from cspgraph.publish.render import Copied, PublishError, app_client, copy_pages
from cspgraph.publish.tree import atomic_folder, write_file
from cspgraph.publish.walk import publishable, resource_pages, resource_paths, site_pages
from cspgraph.stores import GraphStore

__all__ = ["DEFAULT_BASE_URL", "DEFAULT_LISTEN", "Published", "check_base_url", "check_listen", "publish"]

#: where the published tree is served by default: the address of the generated nginx.conf
DEFAULT_LISTEN = "127.0.0.1:8080"
DEFAULT_BASE_URL = f"http://{DEFAULT_LISTEN}/"
FORMATS: tuple[str, ...] = tuple(conneg.PAGE_FORMATS)
_LISTEN = re.compile(r"(?:[A-Za-z0-9.-]+:|\[[0-9A-Fa-f:.]+\]:)?[0-9]{1,5}")


@dataclass
class Published:
    """What :func:`publish` wrote: the folder, the resources, the files, and the resource URIs left out (and why)."""

    out: Path
    resources: int
    files: int
    skipped: list[tuple[str, str]] = field(default_factory=list)


def check_base_url(value: str) -> str:
    """The public address the tree is served at, ending in ``/``; InputError unless it is ``http(s)://host[:port]/``.

    >>> check_base_url("https://data.example.org")
    'https://data.example.org/'
    """
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path not in ("", "/"):
        raise InputError(
            f"--base-url {value!r}: give the site's address as http(s)://host[:port]/ (the app's pages link from the "
            "root of their host, so the tree must be served there)"
        )
    if parts.query or parts.fragment:
        raise InputError(f"--base-url {value!r}: give an address without a query or fragment")
    return f"{parts.scheme}://{parts.netloc}/"


def check_listen(value: str) -> str:
    """An nginx ``listen`` address (``127.0.0.1:8080``, ``[::1]:8080`` or a port); InputError otherwise."""
    if not _LISTEN.fullmatch(value):
        raise InputError(f"--listen {value!r}: give HOST:PORT (127.0.0.1:8080) or a port number")
    return value


def publish(
    out: Path,
    *,
    base_url: str = DEFAULT_BASE_URL,
    listen: str = DEFAULT_LISTEN,
    force: bool = False,
    store: GraphStore | None = None,
    settings: Settings | None = None,
    only: Sequence[str] | None = None,
    client: Any = None,
    step: Callable[[str], None] | None = None,
) -> Published:
    """Write the static site and its nginx configuration into ``out`` (which must be new or empty, unless ``force``).

    Args:
        out: the folder to write: ``site/`` (the document root) and ``nginx/``.
        base_url: the public address of the site (in the sitemap and the VoID description).
        listen: the address of the generated ``nginx/nginx.conf``.
        force: replace an existing, non-empty ``out``.
        store: the dataset (default: the one the app opens, ``settings.store``).
        settings: the app's settings (the base URI, Cache-Control max-age, incoming links per page).
        only: resource paths (``id/csp/E22000365``) to publish instead of every resource.
        client: an open client of a running app (a ``TestClient`` answering at ``base_url``) to copy instead of
            running one; its ETags are those of that run (the app's digest of a dataset with blank nodes differs
            from one start to the next).
        step: called as each stage starts, with what it does (progress display).
    """
    base_url = check_base_url(base_url)
    listen = check_listen(listen)
    settings = dataclasses.replace(settings or Settings(), page_cache=0, sparql_workers=1)
    out = out.resolve()
    with atomic_folder(out, force) as tmp:
        site = tmp / "site"
        running = nullcontext(client) if client is not None else app_client(settings, store, base_url)
        with running as client:
            if step is not None:
                step("finding resources")
            walk = resource_paths(client.app.state.store, settings.base_uri, FORMATS)
            paths = walk.paths if only is None else _subset(walk.paths, only)
            pages = resource_pages(paths, FORMATS) + site_pages(list(DUMPS), FORMATS, STATIC_DIR)
            copied = copy_pages(client, pages, site, step)
            expose = _cors_expose(client.app)
        write_file(site, ".see-other", b"")  # the empty body of nginx's 303s
        _write_config(tmp / "nginx", out / "site", copied, settings, listen, expose)
        manifest = {"base_url": base_url, "resources": len(paths), "files": len(copied), "skipped": walk.skipped}
        write_file(tmp, "published.json", json.dumps(manifest, indent=1).encode())
    return Published(out, len(paths), len(copied), walk.skipped)


def _subset(paths: list[str], only: Sequence[str]) -> list[str]:
    known = set(paths)
    for p in only:
        if p not in known:
            why = publishable(p, FORMATS) or "the dataset has no resource there"
            raise InputError(f"cannot publish {p!r}: {why}")
    return list(dict.fromkeys(only))


def _cors_expose(app: Any) -> tuple[str, ...]:
    """The response headers the app's CORS middleware lets other origins read."""
    from fastapi.middleware.cors import CORSMiddleware

    for m in getattr(app, "user_middleware", []):
        if m.cls is CORSMiddleware:
            return tuple(m.kwargs.get("expose_headers", ()))
    return ()


def _write_config(
    folder: Path, root: Path, copied: list[Copied], settings: Settings, listen: str, expose: tuple[str, ...]
) -> None:
    for c in copied:
        if (
            "last-modified" not in c.headers
            and nginx.NO_LAST_MODIFIED.encode() in (folder.parent / "site" / c.page.file).read_bytes()
        ):
            raise PublishError(
                f"{c.page.url} holds the text {nginx.NO_LAST_MODIFIED!r} that the nginx configuration relies on not finding"
            )
    site = nginx.Site(str(root), copied, settings.base_uri, settings.cache_max_age, expose)
    write_file(folder, "http.conf", nginx.http_conf(site).encode())
    write_file(folder, "etags.map", nginx.etags_map(site).encode())
    write_file(folder, "server.conf", nginx.server_conf(site).encode())
    write_file(folder, "nginx.conf", nginx.main_conf(listen).encode())
