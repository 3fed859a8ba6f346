"""What operators see: request metrics, ``GET /metrics``, request ids and JSON logs.

- ``RequestMetricsMiddleware`` (outermost) writes the access log (one line a request) and
  gives each request an id (a sane ``X-Request-ID``
  from the client or proxy, else a new one), sends it back in ``X-Request-ID``, keeps it for
  the log lines written meanwhile, and times the request into
  ``jobs_http_request_duration_seconds`` by route template (never the raw path: ids and
  addresses stay out of label values).
- ``GET /metrics`` answers only a direct loopback request (no forwarding headers: a proxy on
  the same machine must not open it to the world) or one bearing ``JOBS_METRICS_TOKEN``. It
  shows the web processes' own metrics and the figures read from the database at scrape time
  (``services.metric_figures``); a database that does not answer leaves those out and sets
  ``jobs_metrics_database_up`` to 0, the rest still answers.
- With ``JOBS_LOG_FORMAT=json`` every log line is one JSON object with the request id.
"""

from __future__ import annotations

import hmac
import ipaddress
import itertools
import logging
import os
import re
import time
import uuid
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import Any

from litestar import Request, get
from litestar.di import NamedDependency
from litestar.enums import ScopeType
from litestar.exceptions import NotAuthorizedException, NotFoundException
from litestar.logging.config import LoggingConfig
from litestar.middleware import ASGIMiddleware
from litestar.response import Response
from litestar.types import ASGIApp, Message, Receive, Scope, Send
from prometheus_client.metrics_core import Metric
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from jobs import metrics
from jobs.log_lines import JsonLogFormatter
from jobs.services.metric_figures import database_figures
from jobs.settings import Settings
from jobs.store.engine import read_session_factory

log = logging.getLogger(__name__)

request_id: ContextVar[str] = ContextVar("jobs_request_id", default="")
SANE_ID = re.compile(r"[A-Za-z0-9._-]{8,64}")
FORWARDING_HEADERS = (b"x-forwarded-for", b"forwarded", b"x-real-ip")
UNMATCHED = "unmatched"
access = logging.getLogger("litestar")  # the logger litestar's logging config sets up
SKIPPED = frozenset({"/metrics"})


def _header(scope: Scope, wanted: bytes) -> str:
    for name, value in scope.get("headers", []):
        if name == wanted:
            return value.decode("latin-1")
    return ""


# A request id is unique, not secret: this process's random prefix and a counter (a uuid4 per
# request cost a system call for randomness each). A forked process makes a prefix of its own.
_id_source: tuple[int, str, Iterator[int]] = (0, "", iter(()))


def _new_request_id() -> str:
    global _id_source
    pid, prefix, numbers = _id_source
    if pid != os.getpid():
        pid, prefix, numbers = os.getpid(), uuid.uuid4().hex[:16], itertools.count(1)
        _id_source = (pid, prefix, numbers)
    return f"{prefix}{next(numbers):016x}"


class RequestMetricsMiddleware(ASGIMiddleware):
    """Request ids and request timings (see the module's docstring)."""

    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        given = _header(scope, b"x-request-id")
        rid = given if SANE_ID.fullmatch(given) else _new_request_id()
        token = request_id.set(rid)
        status = 500
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", []), (b"x-request-id", rid.encode())]
            await send(message)

        metrics.REQUESTS_IN_FLIGHT.inc()
        try:
            await next_app(scope, receive, send_with_id)
        finally:
            metrics.REQUESTS_IN_FLIGHT.dec()
            seconds = time.perf_counter() - started
            method = scope.get("method", "")
            # The access log: one line a request, with its request id; method, path and
            # status only (never query strings, headers, cookies or bodies).
            access.info(
                "HTTP Request: method=%s, path=%s, status_code=%s, duration_ms=%.1f",
                method,
                scope.get("path", ""),
                status,
                seconds * 1000,
            )
            request_id.reset(token)
            route = scope.get("path_template") or UNMATCHED
            if route not in SKIPPED:
                metrics.REQUEST_SECONDS.labels(
                    method=method, route=route, status=f"{status // 100}xx"
                ).observe(seconds)


def _is_loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def metrics_allowed(scope: Scope, token: str) -> bool:
    """A direct loopback request, or one bearing the metrics token."""
    client = scope.get("client")
    forwarded = any(name in FORWARDING_HEADERS for name, _ in scope.get("headers", []))
    return may_read_metrics(
        str(client[0]) if client else "", _header(scope, b"authorization"), forwarded, token
    )


def may_read_metrics(client: str, authorization: str, forwarded: bool, token: str) -> bool:
    """The rule of ``metrics_allowed`` for any server: the bearer token (when one is set), or a
    loopback ``client`` address with no forwarding headers."""
    if token:
        scheme, _, given = authorization.partition(" ")
        if scheme.lower() == "bearer" and hmac.compare_digest(given.strip(), token):
            return True
    return _is_loopback(client) and not forwarded


@get("/metrics", include_in_schema=False, cache=False)
async def metrics_page(
    request: Request[Any, Any, Any], db_engine: NamedDependency[AsyncEngine]
) -> Response[bytes]:
    """Prometheus metrics, for loopback or the metrics token only (others get a plain 404)."""
    settings: Settings = request.app.state.settings
    server = settings.server
    if not metrics_allowed(request.scope, server.metrics_token):
        raise NotFoundException()
    figures = await read_figures(db_engine, settings)
    body, content_type = metrics.exposition(server.metrics_dir, figures)
    return Response(body, media_type=content_type, headers={"Cache-Control": "no-store"})


async def read_figures(engine: AsyncEngine, settings: Settings) -> list[Metric]:
    """The database's figures, and whether they could be read."""
    try:
        async with read_session_factory(engine)() as session, session.begin():
            figures = await database_figures(session, settings)
    except (DBAPIError, OSError):  # a database that does not answer, not a bug of ours
        log.warning(
            "/metrics: the database did not answer; its figures are left out", exc_info=True
        )
        return [metrics.DATABASE_READ.family([((), 0.0)])]
    return [*figures, metrics.DATABASE_READ.family([((), 1.0)])]


def _with_request_id(factory: Callable[..., logging.LogRecord]) -> Callable[..., logging.LogRecord]:
    def make(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = factory(*args, **kwargs)
        # Taken where the line is logged: Litestar formats its lines in another thread.
        record.request_id = request_id.get()
        return record

    make.jobs_request_id = True  # type: ignore[attr-defined]  # a marker on the function
    return make


def stamp_request_ids() -> None:
    """Give every log record the id of the request it was logged in (once per process)."""
    factory = logging.getLogRecordFactory()
    if not getattr(factory, "jobs_request_id", False):
        logging.setLogRecordFactory(_with_request_id(factory))


def logging_config(log_format: str) -> LoggingConfig:
    """Litestar's logging: a failed request leaves its traceback in the log, not only a "500"
    line; refusals and answers to bad input get one line each. ``json``: one JSON object a line."""
    extra: dict[str, Any] = {}
    if log_format == "json":
        stamp_request_ids()
        extra["formatters"] = {"standard": {"()": JsonLogFormatter}}
    return LoggingConfig(
        log_exceptions="always",
        disable_stack_trace={400, 401, 403, 404, 405, 409, 413, 422, NotAuthorizedException},
        **extra,
    )
