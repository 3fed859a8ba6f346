"""Rate limits on the routes worth guessing at or flooding, shared by every app process.

- sign-in, forgot-password and re-authentication POSTs (``/login``, both steps,
  ``/login/forgot`` and ``/reauth``): per client IP;
  the per-account lockout in ``services/sign_in.py`` still applies on top;
- employer registration POSTs (``/register``): per client IP;
- the JSON API (``/api/...``): per bearer token or session, else per client IP.

Over a limit the answer is 429 with ``Retry-After``: JSON for the API, a plain page for people.
The first refusal of each client and window is audited (``mark_refused``; this middleware runs
inside ``AuditTrailMiddleware``), so a flood costs one audit row, not one per request.
``/health`` and ``/static`` are never counted. The counts live in the database
(``services/rate_limits.py``); each process deletes ended windows once a window.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import logging
from collections.abc import Callable

from litestar.connection import ASGIConnection
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from jobs.services.group_commit import GroupCommit
from jobs.services.rate_limits import client_key, count_request, purge
from jobs.settings import Settings
from jobs.store.base import utcnow
from jobs.web.audit_trail import mark_refused
from jobs.web.hardening import send_answer

SIGN_IN_PATHS = frozenset({"/login", "/reauth", "/login/forgot"})
REGISTER_PATHS = frozenset({"/register"})
NEVER_LIMITED_PREFIXES = ("/static/",)
NEVER_LIMITED_PATHS = frozenset({"/health"})
log = logging.getLogger(__name__)


def _client_ip(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else "unknown"


def _bearer(scope: Scope) -> str:
    for name, value in scope.get("headers", []):
        if name == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            return token.strip() if scheme.lower() == "bearer" else ""
    return ""


def _api_client(scope: Scope) -> str:
    """Whom an API request is counted against: its token or session when the viewer middleware
    accepted one (an unknown token must not buy a fresh count), else its IP."""
    viewer = scope.get("user")
    if viewer is not None and viewer.via == "token":
        return "token|" + _bearer(scope)
    if viewer is not None and viewer.session_digest:
        return "session|" + viewer.session_digest
    return "ip|" + _client_ip(scope)


class RateLimitMiddleware(ASGIMiddleware):
    """Counts each limited request in the database and answers 429 once a client is over."""

    scopes = (ScopeType.HTTP,)

    def __init__(
        self,
        settings: Settings,
        sessions: async_sessionmaker[AsyncSession],
        clock: Callable[[], dt.datetime] = utcnow,
        writes: GroupCommit | None = None,
    ) -> None:
        self.limits = settings.rate_limits
        self.sessions = sessions
        self.writes = writes
        self.clock = clock
        self.last_purge: dt.datetime | None = None

    def _rule(self, scope: Scope) -> tuple[str, int, str] | None:
        """(limit name, limit, client) for a limited request, else None."""
        path = scope.get("path", "")
        if path in NEVER_LIMITED_PATHS or path.startswith(NEVER_LIMITED_PREFIXES):
            return None
        method = scope.get("method", "GET")
        if method == "POST" and path in SIGN_IN_PATHS:
            return "sign_in", self.limits.sign_in, _client_ip(scope)
        if method == "POST" and path in REGISTER_PATHS:
            return "register", self.limits.register, _client_ip(scope)
        if path.startswith("/api/"):
            return "api", self.limits.api, _api_client(scope)
        return None

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        rule = self._rule(scope)
        if rule is None or rule[1] <= 0:
            await next_app(scope, receive, send)
            return
        name, limit, client = rule
        now = self.clock()
        window = self.limits.window_seconds
        verdict = await count_request(
            self.sessions,
            client_key(name, client),
            limit=limit,
            window_seconds=window,
            now=now,
            writes=self.writes,
        )
        await self._purge_now_and_then(now)
        if verdict.allowed:
            await next_app(scope, receive, send)
            return
        if verdict.first_refusal:  # AuditTrailMiddleware writes the row once this is sent
            mark_refused(ASGIConnection(scope), f"rate_limit_{name}")
        await _too_many(scope, send, verdict.retry_after)

    async def _purge_now_and_then(self, now: dt.datetime) -> None:
        """Delete ended windows at most once a window per process (one indexed DELETE)."""
        window = dt.timedelta(seconds=self.limits.window_seconds)
        if self.last_purge is not None and now - self.last_purge < window:
            return
        self.last_purge = now
        try:
            await purge(self.sessions, now)
        except Exception:  # a missed clean-up only leaves old rows for the next one
            log.exception("could not delete ended rate-limit windows")


PAGE = """<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Too many tries</title></head>
<body>
<main>
<h1>Too many tries</h1>
<p>{message}</p>
<p><a href="/">Back to the start page</a></p>
</main>
</body>
</html>
"""


async def _too_many(scope: Scope, send: Send, retry_after: int) -> None:
    """Answer 429: JSON for the API, a plain page for people."""
    wait = f"{retry_after} second{'s' if retry_after != 1 else ''}"
    message = f"There have been too many requests from here. Wait {wait}, then try again."
    if scope.get("path", "").startswith("/api/"):
        body = json.dumps(
            {"error": {"type": "TooManyRequests", "message": message, "retry_after": retry_after}}
        ).encode()
        content_type = b"application/json"
    else:
        body = PAGE.format(message=html.escape(message)).encode()
        content_type = b"text/html; charset=utf-8"
    await send_answer(
        send, 429, content_type, body, headers=((b"retry-after", str(retry_after).encode()),)
    )
