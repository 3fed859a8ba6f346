"""Errors people can read: a browser gets a page for an unknown address (404), a wrong method
(405) or a failure on our side (500); the API and JSON clients keep Litestar's JSON answers."""

from __future__ import annotations

from typing import Any

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException
from litestar.exceptions.responses import create_exception_response

from jobs.web.render import page

AnyRequest = Request[Any, Any, Any]

WORDS = {
    404: ("Page not found", "There is no page at this address. Check the address, or start again."),
    405: (
        "This page cannot do that",
        "The page was reached in a way it does not answer (often after signing in again or "
        "going back). Open it again from the menu.",
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


def handle_server_error(request: AnyRequest, exc: Exception) -> Response[Any]:
    """A failure nobody planned for (Litestar logs its traceback): answered with a 500."""
    if request.app.debug or wants_json(request):
        return create_exception_response(request, exc)
    try:
        return error_page(request, 500)
    except Exception:  # the page itself failed: a plain answer still goes out
        return Response(WORDS[500][0], status_code=500, media_type=MediaType.TEXT)
