"""Each representation exactly as the app serves it: the app runs in-process (its ASGI interface, no network) and
every page is asked for and written with the headers that the web server must repeat."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

from cspgraph.errors import CspGraphError
from cspgraph.publish.tree import write_file
from cspgraph.publish.walk import Page

#: response headers the copy does not keep (the web server makes its own, or they are per connection)
NOT_KEPT = frozenset({"content-length", "date", "server", "connection", "transfer-encoding", "keep-alive"})


class PublishError(CspGraphError):
    """The app did not serve a page the static copy needs."""


@dataclass(frozen=True)
class Copied:
    """A page written to the tree, with the headers the app sent with it."""

    page: Page
    headers: dict[str, str]

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")


@contextmanager
def app_client(settings: Any, store: Any, base_url: str) -> Iterator[Any]:
    """The app in-process (its lifespan run), answering as if it were served at ``base_url``."""
    import warnings

    from cspgraph.api.app import create_app

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the test client module warns about its httpx on import
        from fastapi.testclient import TestClient

    app = create_app(settings, store)
    with TestClient(app, base_url=base_url.rstrip("/"), raise_server_exceptions=True) as client:
        yield client


def copy_pages(client: Any, pages: list[Page], root: Path, step: Callable[[str], None] | None = None) -> list[Copied]:
    """Ask the app for each page and write its body under ``root`` (with the Last-Modified it sent as the file's
    modification time, which is what a web server sends back); PublishError if any is not a 200."""
    copied = []
    for i, page in enumerate(pages):
        if step is not None and i % 500 == 0:
            step(f"{i:,} of {len(pages):,} pages")
        r = client.get(page.url, follow_redirects=False)
        if r.status_code != 200:
            raise PublishError(f"the app answered {r.status_code} for {page.url}; the static copy needs a 200")
        headers = {k.lower(): v for k, v in r.headers.items() if k.lower() not in NOT_KEPT}
        modified = headers.get("last-modified")
        mtime = parsedate_to_datetime(modified).timestamp() if modified else None
        write_file(root, page.file, r.content, mtime)
        copied.append(Copied(page, headers))
    return copied
