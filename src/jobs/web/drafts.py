"""A form sent after the session ended is not lost: it is kept (``services.drafts``) and the
person is sent to sign in, then back to the page the form came from, filled in as they left it,
with "You were signed out — your form is kept". Pages also warn before the idle timeout
(``static/session.js``) and can keep the session alive (``/session/alive``)."""

from __future__ import annotations

import re
from typing import Any, cast
from urllib.parse import urlencode, urlsplit

from litestar import Request, get
from litestar.datastructures import Cookie, MultiDict
from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.response import Response
from litestar.types import ASGIApp, Receive, Scope, Send
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from jobs.services import drafts
from jobs.settings import Settings
from jobs.web.access import _cookies, _header, is_public, session_cookie_name, viewer_of

AnyRequest = Request[Any, Any, Any]
DRAFT_COOKIE = "jobs_draft"
OWNER = "jobs.session_owner"  # the scope key of whose session a posted form came with
KEPT_NOTICE = "You were signed out — your form is kept. Check it and send it again."
_NOT_BACK = ("//", "/\\", "/login", "/reauth")
# The pages that give a kept form back (the intake and profile forms). A form from any other
# page is not kept, but its sender still comes back to that page after signing in.
RESTORABLE = re.compile(r"/participants/(new|\d+/edit)")
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


class SessionOwnerMiddleware(ASGIMiddleware):
    """For a form posted with a session cookie, note whose session it was (before the viewer
    middleware deletes an expired one), so the form can be kept for that person only."""

    scopes = (ScopeType.HTTP,)

    def __init__(self, settings: Settings, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions
        self.cookie = session_cookie_name(settings)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        if scope.get("method") == "POST" and not scope.get("path", "").startswith("/api/"):
            token = _cookies(scope).get(self.cookie, "")
            if token:
                async with self.sessions() as db:
                    cast(dict[str, Any], scope)[OWNER] = await drafts.session_owner(db, token)
        await next_app(scope, receive, send)


def _same_site_path(request: AnyRequest) -> str:
    """The path of the page the form was on (its Referer on this site), else the form's own."""
    referer = urlsplit(request.headers.get("referer", ""))
    same_site = referer.netloc in ("", request.url.netloc)
    if same_site and referer.path.startswith("/") and not referer.path.startswith(_NOT_BACK):
        return referer.path
    return request.url.path


class KeptFormMiddleware(ASGIMiddleware):
    """A browser's form sent after its session ended (no viewer, but a session owner noted by
    ``SessionOwnerMiddleware``): send them to sign in, then back to the form's page (not to the
    address the form posts to, which answers no GET), keeping the form for that person when
    the page can give it back. Runs after the viewer middleware."""

    scopes = (ScopeType.HTTP,)

    def __init__(self, settings: Settings, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.settings = settings
        self.sessions = sessions

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        owner = cast(dict[str, Any], scope).get(OWNER)
        path = scope.get("path", "")
        content_type = _header(scope, b"content-type")
        if (
            owner is None
            or scope.get("user") is not None
            or scope.get("method") != "POST"
            or path.startswith("/api/")
            or is_public(path)
            or not content_type.startswith(FORM_TYPES)
        ):
            await next_app(scope, receive, send)
            return
        request: AnyRequest = Request(scope, receive)
        back = _same_site_path(request)
        cookies = []
        query = {"next": back}
        if RESTORABLE.fullmatch(back):
            form = await request.form()
            fields = [(str(k), str(v)) for k, v in form.multi_items() if isinstance(v, str)]
            async with self.sessions() as db, db.begin():
                token = await drafts.keep_form(db, owner, back, fields)
            cookie = Cookie(
                key=DRAFT_COOKIE,
                value=token,
                httponly=True,
                samesite="lax",
                secure=self.settings.is_production,
                path="/",
                max_age=int(drafts.KEPT_FOR.total_seconds()),
            )
            cookies.append((b"set-cookie", cookie.to_header(header="").strip().encode("latin-1")))
            query["kept"] = "1"
        location = "/login?" + urlencode(query)
        start: Any = {
            "type": "http.response.start",
            "status": 303,
            "headers": [
                (b"location", location.encode("latin-1")),
                *cookies,
                (b"cache-control", b"no-store"),
                (b"content-length", b"0"),
            ],
        }
        await send(start)
        await send({"type": "http.response.body", "body": b"", "more_body": False})


async def kept_form(request: AnyRequest, db_session: AsyncSession) -> MultiDict[str] | None:
    """The form kept for this page and person (taken once), as a posted form would read."""
    viewer = viewer_of(request)
    token = request.cookies.get(DRAFT_COOKIE, "")
    if viewer is None or not token:
        return None
    fields = await drafts.take_form(db_session, viewer, request.url.path, token)
    return None if fields is None else MultiDict(fields)


def forget_draft_cookie(response: Response[Any]) -> Response[Any]:
    """Clear the draft cookie on the page that took the form back."""
    response.cookies.append(Cookie(key=DRAFT_COOKIE, value="", max_age=0, path="/", httponly=True))
    return response


@get("/session/alive", include_in_schema=False)
async def session_alive(request: AnyRequest) -> Response[None]:
    """Keep the session alive (the idle warning's "Stay signed in"): any signed-in request
    counts as activity."""
    return Response(None, status_code=204, headers={"Cache-Control": "no-store"})
