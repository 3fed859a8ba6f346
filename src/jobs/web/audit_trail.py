"""The web side of the audit trail: where each request came from, and refused or failed requests.

Services write the audit rows of what they read and change, inside the request's transaction;
they take the client IP from ``jobs.services.audit.client_ip``, set here. A refused request
(sign in first, not your role, not on your list: 401, 403, or 404 from a route that exists) and a
failed one (5xx) roll their transaction back, so this middleware writes their row in a
transaction of its own once the answer is sent.
"""

from __future__ import annotations

import logging
from typing import Any

from litestar.connection import ASGIConnection
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from jobs.services.audit import Actor, append_apart, request_origin
from jobs.store.base import MAX_ID

REFUSAL_KEY = "audit_refusal"
SKIPPED_PREFIXES = ("/static/",)
SKIPPED_PATHS = frozenset({"/health", "/favicon.ico"})
log = logging.getLogger(__name__)


def mark_refused(connection: ASGIConnection[Any, Any, Any, Any], reason: str) -> None:
    """Note that this request is being refused (and why) for the audit row written after it."""
    connection.scope.setdefault("state", {})[REFUSAL_KEY] = reason


def _subject(scope: Scope) -> tuple[str, str, int | None]:
    """Which record the request was about: the first id among the path parameters."""
    params = scope.get("path_params") or {}
    participant = params.get("participant_id")
    if not (isinstance(participant, int) and 0 < participant <= MAX_ID):
        participant = None  # no such row can exist: keep the number out of an id column
    for name, value in params.items():
        if isinstance(value, int) and name.endswith("id"):
            kind = name.removesuffix("_id") if name != "id" else "record"
            return kind, str(value), participant
    return "route", "", None


def _outcome(scope: Scope, status: int) -> tuple[str, str] | None:
    """("refused" | "error", reason) for a request worth a row of its own, else None."""
    reason = (scope.get("state") or {}).get(REFUSAL_KEY)
    if reason:
        return "refused", str(reason)
    if status >= 500:
        return "error", f"status_{status}"
    if status in (401, 403) or (status == 404 and scope.get("route_handler") is not None):
        return "refused", f"status_{status}"
    return None


def _client_ip(scope: Scope) -> str:
    client = scope.get("client")
    return str(client[0]) if client else ""


class AuditTrailMiddleware(ASGIMiddleware):
    """Sets the request's client IP for audit rows; audits refused and failed requests."""

    scopes = (ScopeType.HTTP,)

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        path = scope.get("path", "")
        if path.startswith(SKIPPED_PREFIXES) or path in SKIPPED_PATHS:
            await next_app(scope, receive, send)
            return
        status = 500

        async def watch(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        with request_origin(_client_ip(scope)):
            try:
                await next_app(scope, receive, watch)
            finally:
                try:
                    await self._record(scope, status)
                except Exception:  # the answer is sent; say loudly that its row is missing
                    log.exception("could not write the audit row of a refused or failed request")

    async def _record(self, scope: Scope, status: int) -> None:
        found = _outcome(scope, status)
        if found is None:
            return
        outcome, reason = found
        viewer = scope.get("user")
        actor = Actor(viewer.user_id, viewer.role) if viewer is not None else Actor()
        kind, subject_id, participant_id = _subject(scope)
        route = scope.get("path_template") or ""
        await append_apart(
            self.sessions,
            actor,
            "request_refused" if outcome == "refused" else "request_failed",
            kind,
            subject_id,
            participant_id=participant_id,
            outcome=outcome,
            detail={
                "reason": reason,
                "status": status,
                "method": scope.get("method", ""),
                "route": route,
            },
            ip=_client_ip(scope),
        )
