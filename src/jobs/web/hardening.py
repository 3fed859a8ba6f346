"""HTTP hardening: security headers on every response and allowed Host names (the access log
is written by ``observability.RequestMetricsMiddleware``).

The headers are added in a ``before_send`` hook, which Litestar runs for every response the app
sends — pages, the API, error pages and the router's own 404 and 405 answers.

Allowed hosts are checked here rather than with Litestar's ``AllowedHostsConfig``: in Litestar
2.25 that middleware matches the whole ``Host`` header, port included, so ``127.0.0.1:8000``
would be refused when ``127.0.0.1`` is allowed.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from jobs.settings import Settings
from jobs.web.static_files import cache_control

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "object-src 'none'",
        "frame-ancestors 'none'",
        "form-action 'self'",
        "base-uri 'none'",
    )
)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
HSTS = "max-age=63072000; includeSubDomains"
# Paths whose answers carry no personal data and may be kept by browsers and proxies.
CACHEABLE_PREFIXES = ("/static/",)


def _encoded(*headers: tuple[str, str]) -> tuple[tuple[bytes, bytes], ...]:
    return tuple(
        (name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers
    )


_EVERY_ANSWER = _encoded(
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("X-Content-Type-Options", "nosniff"),
    ("Referrer-Policy", "same-origin"),
    ("X-Frame-Options", "DENY"),
    ("Permissions-Policy", PERMISSIONS_POLICY),
    ("Cross-Origin-Opener-Policy", "same-origin"),
)
_KEPT_BY_NOBODY = _encoded(("Cache-Control", "no-store"), ("Pragma", "no-cache"))


def security_headers(settings: Settings) -> Callable[[Message, Scope], Awaitable[None]]:
    """A before_send hook setting the security headers (HSTS only in production). Each replaces
    any header of the same name the answer already had."""
    ours = _EVERY_ANSWER + (
        _encoded(("Strict-Transport-Security", HSTS)) if settings.is_production else ()
    )
    private = ours + _KEPT_BY_NOBODY
    private_names = frozenset(name for name, _ in private)
    ours_names = frozenset(name for name, _ in ours)
    cacheable_names = ours_names | {b"cache-control"}

    async def add_headers(message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start":
            return
        # One pass over the answer's headers (this runs for every response).
        path = str(scope.get("path", ""))
        if not path.startswith(CACHEABLE_PREFIXES):
            added, names = private, private_names
        elif 200 <= message["status"] < 300:
            added = (*ours, (b"cache-control", cache_control(path).encode("latin-1")))
            names = cacheable_names
        else:
            added, names = ours, ours_names
        kept = [header for header in message.get("headers", ()) if header[0].lower() not in names]
        kept.extend(added)
        message["headers"] = kept

    return add_headers


def host_name(header: str) -> str:
    """The host name of a ``Host`` header, without port or IPv6 brackets, lower case."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[1:].partition("]")[0]
    if header.count(":") == 1:
        return header.partition(":")[0]
    return header


def host_allowed(name: str, allowed: tuple[str, ...]) -> bool:
    """True when ``name`` is one of ``allowed`` ("*" any; "*.example.org" its sub-domains)."""
    for pattern in allowed:
        if pattern == "*" or name == pattern:
            return True
        if pattern.startswith("*.") and name.endswith(pattern[1:]):
            return True
    return False


class AllowedHostsMiddleware(ASGIMiddleware):
    """Refuses (400) a request whose Host header names a host the settings do not allow."""

    scopes = (ScopeType.HTTP, ScopeType.WEBSOCKET)

    def __init__(self, settings: Settings) -> None:
        self.allowed = tuple(host.lower() for host in settings.server.allowed_hosts)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        host = ""
        for name, value in scope.get("headers", []):
            if name == b"host":
                host = value.decode("latin-1")
                break
        if host_allowed(host_name(host), self.allowed):
            await next_app(scope, receive, send)
            return
        body = b'{"error":{"type":"InvalidHost","message":"invalid host header"}}'
        await send_answer(send, 400, b"application/json", body)


async def send_answer(
    send: Send,
    status: int,
    content_type: bytes,
    body: bytes,
    headers: tuple[tuple[bytes, bytes], ...] = (),
) -> None:
    """Answer from a middleware, before the app runs: one complete response."""
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", content_type),
                (b"content-length", str(len(body)).encode()),
                *headers,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body, "more_body": False})
