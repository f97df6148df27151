"""Keeping the public server up and safe under abuse: security headers, a body limit, a per-client limit on
concurrent expensive requests, and separate bounded thread pools for the work that computes.

Cheap routes (``/health``, resource pages, static files) never wait behind slow work: public SPARQL queries and the
computing routes (merger check, network views) each run on their own small pool of threads, admitted only while a
slot is free within the time limit (else 503 with ``Retry-After``), so the server's default thread pool stays free.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import anyio
from fastapi import FastAPI, Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from cspgraph.config import Settings
from cspgraph.errors import TimeLimit, TooLarge, Unavailable

T = TypeVar("T")

#: Content-Security-Policy of every response: nothing from elsewhere, no inline script, no framing.
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=()"),
]
#: path prefixes of the requests that count against a client's concurrency limit
EXPENSIVE = ("/sparql", "/api/", "/merger", "/network", "/scenarios", "/dumps/")


class TooMany(Unavailable):
    """One client has too many expensive requests in flight."""

    status = 429
    title = "Too many requests"
    retry_after = 1


def _problem_bytes(exc: Exception, path: str) -> tuple[int, list[tuple[bytes, bytes]], bytes]:
    import json

    status = getattr(exc, "status", 400)
    body = json.dumps(
        {"type": "about:blank", "title": getattr(exc, "title", "Problem"), "status": status, "detail": str(exc)}
        | {"instance": path}
    ).encode()
    headers = [(b"content-type", b"application/problem+json"), (b"content-length", str(len(body)).encode())]
    if isinstance(exc, Unavailable):
        headers.append((b"retry-after", str(exc.retry_after).encode()))
    return status, headers, body


class Guard:
    """ASGI middleware: security headers on every response, the body limit, and the per-client limit."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.max_body = settings.max_body
        self.per_client = settings.client_concurrency
        self.in_flight: dict[str, int] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_secure(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = list(message.get("headers", [])) + SECURITY_HEADERS
            await send(message)

        path = scope.get("path", "")
        refusal = self._refusal(scope)
        if refusal is not None:
            await self._reply(refusal, path, send_secure)
            return
        client = (scope.get("client") or ("?", 0))[0] if path.startswith(EXPENSIVE) else None
        if client is not None and self.in_flight.get(client, 0) >= self.per_client:
            await self._reply(
                TooMany(f"more than {self.per_client} requests of this kind at once; wait"), path, send_secure
            )
            return
        if client is not None:
            self.in_flight[client] = self.in_flight.get(client, 0) + 1
        try:
            await self.app(scope, self._counting(receive, path), send_secure)
        finally:
            if client is not None:
                self.in_flight[client] -= 1
                if not self.in_flight[client]:
                    del self.in_flight[client]

    def _refusal(self, scope: Scope) -> Exception | None:
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    n = int(value)
                except ValueError:
                    return TooLarge("the Content-Length header is not a number")
                if n > self.max_body:
                    return TooLarge(f"the request body is {n:,} bytes, more than this server's {self.max_body:,}")
        return None

    def _counting(self, receive: Receive, path: str) -> Receive:
        seen = 0
        limit = self.max_body

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise TooLarge(f"the request body is more than this server's {limit:,} bytes")
            return message

        return counted

    @staticmethod
    async def _reply(exc: Exception, path: str, send: Send) -> None:
        status, headers, body = _problem_bytes(exc, path)
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})


class Pools:
    """The bounded thread pools of the SPARQL endpoint and the computing routes (made in the app's lifespan)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.sparql = anyio.CapacityLimiter(max(1, settings.sparql_workers) + 2)
        self.compute = anyio.CapacityLimiter(max(1, settings.compute_workers))


async def in_pool(limiter: anyio.CapacityLimiter, timeout: float, fn: Callable[..., T], *args: Any) -> T:
    """``fn(*args)`` on a thread of ``limiter``'s pool: 503 if no slot frees within ``timeout`` seconds, and 503 if
    the work itself takes longer (the client is answered; the thread finishes and frees its slot)."""
    with anyio.move_on_after(timeout) as admission:
        await limiter.acquire()
    if admission.cancelled_caught:
        raise Unavailable(f"the server is busy with other requests of this kind for over {timeout:g} s; try again")
    try:
        with anyio.fail_after(timeout):
            return await anyio.to_thread.run_sync(fn, *args, abandon_on_cancel=True)
    except TimeoutError:
        raise TimeLimit(f"the work was stopped after the time limit of {timeout:g} s; ask for less") from None
    finally:
        limiter.release()


def pools(request: Request) -> Pools:
    """The app's pools (made by its lifespan, or here on first use for an app run without one)."""
    found: Pools | None = getattr(request.app.state, "pools", None)
    if found is None:
        found = request.app.state.pools = Pools(request.app.state.settings)
    return found


async def compute(request: Request, fn: Callable[..., T], *args: Any) -> T:
    """Run a computing route's work in the compute pool, under ``compute_timeout``."""
    p = pools(request)
    return await in_pool(p.compute, p.settings.compute_timeout, fn, *args)


def install(app: FastAPI, settings: Settings) -> None:
    """Add the middleware (the pools are made in the lifespan: :class:`Pools`)."""
    app.add_middleware(Guard, settings=settings)
