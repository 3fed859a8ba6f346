"""Errors people can read: a browser gets a page for an unknown address (404), a wrong method
(405) or a failure on our side (500); the API and JSON clients keep Litestar's JSON answers."""

from __future__ import annotations

from typing import Any

import asyncpg  # type: ignore[import-untyped]  # asyncpg ships no type information
from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException
from litestar.exceptions.responses import create_exception_response
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

from jobs.web.render import page

AnyRequest = Request[Any, Any, Any]

WORDS = {
    404: ("Page not found", "There is no page at this address. Check the address, or start again."),
    405: (
        "This page cannot do that",
        "The page was reached in a way it does not answer (often after signing in again or "
        "going back). Open it again from the menu.",
    ),
    503: (
        "Back in a moment",
        "The service could not reach its database just now. Please try again in a minute.",
    ),
    500: (
        "Something went wrong on our side",
        "The page could not be made. Nothing you typed is your fault; try again in a minute, "
        "and tell the program's administrator if it keeps happening.",
    ),
}


def wants_json(request: AnyRequest) -> bool:
    """The API, and clients that ask for JSON and not HTML."""
    if request.url.path.startswith("/api/"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def error_page(request: AnyRequest, status: int, detail: str = "") -> Response[Any]:
    """The page for a status: its title and what to do."""
    title, message = WORDS.get(status, ("Something is not right", detail or "Try again."))
    if status not in WORDS and detail:
        message = detail
    return page(request, "error.html", status_code=status, title=title, message=message)


def handle_http_error(request: AnyRequest, exc: HTTPException) -> Response[Any]:
    """Litestar's own errors (unknown route, wrong method, bad request...): JSON for the API,
    a page for a browser."""
    if wants_json(request):
        return create_exception_response(request, exc)
    response = error_page(request, exc.status_code, str(exc.detail or ""))
    if exc.headers:
        response.headers.update(exc.headers)
    return response


# What the drivers raise when the database is out of reach: down, shutting down, starting up,
# or a connection cut under a query (asyncpg: class 57 "operator intervention", a closed
# connection, or a connection left mid-operation by one).
DRIVER_OUTAGES: tuple[type[BaseException], ...] = (
    asyncpg.exceptions.OperatorInterventionError,
    asyncpg.exceptions.ConnectionDoesNotExistError,
    asyncpg.exceptions.InternalClientError,
    asyncpg.exceptions.InterfaceError,
    ConnectionError,
    TimeoutError,
)


def database_down(exc: BaseException) -> bool:
    """True when ``exc`` (or what caused it) says the database cannot be reached right now,
    not that a query was wrong."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, DBAPIError) and current.connection_invalidated:
            return True
        if isinstance(current, (OperationalError, InterfaceError, *DRIVER_OUTAGES)):
            return True
        if isinstance(current, DBAPIError) and isinstance(current.orig, BaseException):
            current = current.orig
            continue
        current = current.__cause__ or current.__context__
    return False


def handle_server_error(request: AnyRequest, exc: Exception) -> Response[Any]:
    """A failure nobody planned for (Litestar logs its traceback): answered with a 500; the
    database out of reach (restarting) is a 503 that asks to try again, never a traceback."""
    if database_down(exc) and not request.app.debug:
        if wants_json(request):
            return Response(
                {"status_code": 503, "detail": WORDS[503][1]},
                status_code=503,
                headers={"Retry-After": "5"},
            )
        try:
            answer = error_page(request, 503)
        except Exception:  # the page itself failed: a plain answer still goes out
            answer = Response(WORDS[503][0], status_code=503, media_type=MediaType.TEXT)
        answer.headers["Retry-After"] = "5"
        return answer
    if request.app.debug or wants_json(request):
        return create_exception_response(request, exc)
    try:
        return error_page(request, 500)
    except Exception:  # the page itself failed: a plain answer still goes out
        return Response(WORDS[500][0], status_code=500, media_type=MediaType.TEXT)
