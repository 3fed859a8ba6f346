"""Deny by default: who is asking (session cookie or bearer token), the guard every route runs,
role guards, and CSRF checks on every state-changing request.

Public routes are the anchored patterns in ``PUBLIC_PATHS``; everything else needs a viewer.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Any

from litestar.connection import ASGIConnection
from litestar.enums import ScopeType
from litestar.exceptions import NotAuthorizedException
from litestar.handlers.base import BaseRouteHandler
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Receive, Scope, Send
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker
from sqlalchemy.sql import Executable

from jobs.errors import PermissionDenied
from jobs.services.group_commit import GroupCommit
from jobs.services.web_sessions import (
    Viewer,
    csrf_token,
    tokens_equal,
    viewer_from_session,
    viewer_from_token,
)
from jobs.settings import Settings
from jobs.web.audit_trail import mark_refused

if TYPE_CHECKING:  # transactions imports the error pages, which import this module
    from jobs.web.transactions import ReadingSessionConfig

PUBLIC_PATHS = re.compile(
    r"/|/health|/metrics|/login|/register|/schema/openapi\.json|/static/[A-Za-z0-9_-][A-Za-z0-9_.-]*"
    r"|/login/forgot|/login/link/[A-Za-z0-9_-]{30,60}|/language"  # sign-in help
    r"|/hooks/sms/twilio|/hooks/sms/twilio/status"  # provider webhooks: signed, see web/hooks.py
)
# Provider webhooks carry the provider's signature instead of a session's CSRF token (the
# route refuses any request whose signature does not verify).
SIGNED_WEBHOOKS = re.compile(r"/hooks/sms/twilio|/hooks/sms/twilio/status")
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})  # as ``web.transactions`` reads them
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
ANON_COOKIE = "jobs_csrf"
LANG_COOKIE = "jobs_lang"


def session_cookie_name(settings: Settings) -> str:
    """``__Host-`` in production: the browser then insists on Secure, Path=/ and no Domain."""
    return "__Host-jobs_session" if settings.is_production else "jobs_session"


def is_public(path: str) -> bool:
    """True for the few routes anyone may reach without signing in."""
    return PUBLIC_PATHS.fullmatch(path) is not None


def is_api(path: str) -> bool:
    """True for the JSON API's paths, the only ones a bearer token opens."""
    return path.startswith("/api/")


def _cookies(scope: Scope) -> dict[str, str]:
    jar: dict[str, str] = {}
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            for part in value.decode("latin-1").split(";"):
                key, sep, val = part.strip().partition("=")
                if sep and key not in jar:
                    jar[key] = val
    return jar


def _header(scope: Scope, wanted: bytes) -> str:
    for name, value in scope.get("headers", []):
        if name == wanted:
            return value.decode("latin-1")
    return ""


class ViewerMiddleware(ASGIMiddleware):
    """Finds the viewer of each request (or None) and puts it in ``scope["user"]``.

    A page that only reads (GET, HEAD) looks its session up in the request's own reading
    transaction (``ReadingSessionConfig.reading_session``), which its route then goes on
    reading in: one transaction per page, not two. The API keeps a short transaction of its
    own: its rate count is written between the lookup and the route, and a request must not
    hold a pooled connection while it waits for the writer (50 such requests would drain the
    pool the writer needs)."""

    scopes = (ScopeType.HTTP,)

    def __init__(
        self,
        settings: Settings,
        readers: async_sessionmaker[AsyncSession],
        writes: GroupCommit,
        database: ReadingSessionConfig | None = None,
    ) -> None:
        self.settings = settings
        self.readers = readers
        self.writes = writes
        self.database = database
        self.cookie = session_cookie_name(settings)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        viewer: Viewer | None = None
        shared: AsyncSession | None = None
        path = scope.get("path", "")
        try:
            if not path.startswith("/static/") and path != "/health":
                # A bearer token is for the JSON API only: on a page it counts for nothing.
                token = self._bearer(_header(scope, b"authorization")) if is_api(path) else ""
                session_token = _cookies(scope).get(self.cookie, "")
                # Read without the write lock; the rare write (last seen, at most once a
                # minute, or an ended session) follows in a short transaction of its own.
                later: list[Executable] = []
                if token:
                    async with self.readers() as db, db.begin():
                        viewer = await viewer_from_token(db, token, later=later)
                elif session_token and self._shares(scope, path):
                    assert self.database is not None
                    shared = self.database.reading_session(scope)
                    viewer = await viewer_from_session(
                        shared, session_token, self.settings.security, later=later
                    )
                elif session_token:
                    async with self.readers() as db, db.begin():
                        viewer = await viewer_from_session(
                            db, session_token, self.settings.security, later=later
                        )
                if later:
                    if shared is not None:
                        # Give the connection back before waiting for the writer; the route's
                        # reads begin a new transaction.
                        await shared.commit()
                    await self.writes.run(lambda db: _execute_all(db, later))
            scope["user"] = viewer
            scope["auth"] = viewer.via if viewer else None
            await next_app(scope, receive, send)
        finally:
            if shared is not None and self.database is not None:
                await self.database.close_reading_session(scope)

    def _shares(self, scope: Scope, path: str) -> bool:
        """Whether this request's session lookup reads in the route's own transaction."""
        return (
            self.database is not None
            and scope.get("method") in READING_METHODS
            and not is_api(path)
        )

    @staticmethod
    def _bearer(header: str) -> str:
        scheme, _, value = header.partition(" ")
        return value.strip() if scheme.lower() == "bearer" else ""


async def _execute_all(db: AsyncConnection, statements: list[Executable]) -> None:
    for statement in statements:
        await db.execute(statement)


def viewer_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Viewer | None:
    """The viewer the middleware found, or None."""
    return connection.scope.get("user")


def anon_nonce(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    """The anonymous CSRF nonce from the cookie ('' when absent)."""
    value = connection.cookies.get(ANON_COOKIE, "")
    return value if re.fullmatch(r"[A-Za-z0-9_-]{16,64}", value) else ""


def new_nonce() -> str:
    """A fresh anonymous CSRF nonce."""
    return secrets.token_urlsafe(24)


def expected_csrf(connection: ASGIConnection[Any, Any, Any, Any], settings: Settings) -> str:
    """The token a form from this browser must carry ('' when none can be valid)."""
    viewer = viewer_of(connection)
    if viewer is not None and viewer.via == "session":
        return csrf_token(settings.security.secret_key, "session|" + viewer.session_digest)
    nonce = anon_nonce(connection)
    return csrf_token(settings.security.secret_key, "anon|" + nonce) if nonce else ""


async def _check_csrf(connection: ASGIConnection[Any, Any, Any, Any], settings: Settings) -> None:
    viewer = viewer_of(connection)
    if viewer is not None and viewer.via == "token":
        return  # a bearer token is never sent by a browser on its own
    expected = expected_csrf(connection, settings)
    given = connection.headers.get(CSRF_HEADER, "")
    if not given:
        content_type = connection.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            # A guard on an HTTP route is handed the Request, which reads forms.
            form = await connection.form()  # type: ignore[attr-defined]
            given = str(form.get(CSRF_FIELD, ""))
    if not expected or not given or not tokens_equal(given, expected):
        mark_refused(connection, "csrf")
        raise PermissionDenied(
            "This form has expired or did not come from this site. Go back, reload the page "
            "and try again."
        )


async def deny_by_default(
    connection: ASGIConnection[Any, Any, Any, Any], _handler: BaseRouteHandler
) -> None:
    """The guard on every route: a viewer unless the path is public; CSRF on every change."""
    if viewer_of(connection) is None and not is_public(connection.scope["path"]):
        mark_refused(connection, "not_signed_in")
        raise NotAuthorizedException("sign in first")
    if connection.scope.get("method") in UNSAFE_METHODS:
        if SIGNED_WEBHOOKS.fullmatch(connection.scope["path"]):
            return
        viewer = viewer_of(connection)
        if viewer is not None and viewer.via == "token" and viewer.scope != "read-write":
            mark_refused(connection, "token_scope")
            raise PermissionDenied("this API token may only read; make a read-write token")
        await _check_csrf(connection, connection.app.state.settings)


# Guards are coroutine functions: Litestar runs a plain function guard in its thread pool, a
# thread hop (and an event-loop wake-up) per request for a check that never blocks.
Guard = Callable[[ASGIConnection[Any, Any, Any, Any], BaseRouteHandler], Awaitable[None]]


def allow(*roles: str, approved_employer: bool = True) -> Guard:
    """A guard letting only these roles through (employers: approved ones, unless told)."""

    async def guard(
        connection: ASGIConnection[Any, Any, Any, Any], _handler: BaseRouteHandler
    ) -> None:
        viewer = viewer_of(connection)
        if viewer is None:
            raise NotAuthorizedException("sign in first")
        if viewer.role not in roles:
            mark_refused(connection, "role")
            raise PermissionDenied("this page is not part of your account")
        if viewer.role == "employer" and approved_employer and not viewer.employer_approved:
            raise PermissionDenied("your company is waiting for approval by the program")

    return guard


def current_viewer(connection: ASGIConnection[Any, Any, Any, Any]) -> Viewer:
    """The viewer of a guarded route (always set after ``deny_by_default``)."""
    viewer = viewer_of(connection)
    if viewer is None:
        raise NotAuthorizedException("sign in first")
    return viewer
