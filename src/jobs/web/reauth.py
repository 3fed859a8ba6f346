"""Re-authentication: exports, consent overrides, making an API token and the admin's account
and employer changes (create, disable, unlock, role, approve, rename) need a recent proof of
identity.

``recent_sign_in`` is the guard those routes carry. A browser that signed in (or confirmed its
password and code here) within ``reauth_minutes`` passes; otherwise a page is sent to ``/reauth``
and comes back, and the API answers 401. Bearer tokens cannot re-authenticate, so they are refused.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from litestar import MediaType, Request, get, post
from litestar.connection import ASGIConnection
from litestar.di import NamedDependency
from litestar.exceptions import NotAuthorizedException
from litestar.handlers.base import BaseRouteHandler
from litestar.params import FromQuery
from litestar.response import Redirect, Response, Template
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from jobs.errors import NotFound
from jobs.services.sign_in import check_own_password_before_writing, confirm_identity
from jobs.services.web_sessions import recently_authenticated
from jobs.store import User
from jobs.store.engine import read_session_factory
from jobs.web.access import current_viewer, viewer_of
from jobs.web.render import page, same_site_path, see_other


class SignInAgain(NotAuthorizedException):
    """The route needs the person to confirm who they are again."""


async def recent_sign_in(
    connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler
) -> None:
    """Guard: the viewer proved who they are within the last few minutes (browser sessions)."""
    viewer = viewer_of(connection)
    if viewer is None:
        raise NotAuthorizedException("sign in first")
    minutes = connection.app.state.settings.security.reauth_minutes
    if not recently_authenticated(viewer, minutes):
        raise SignInAgain("confirm your password (and code) first")


def handle_sign_in_again(request: Request[Any, Any, Any], exc: SignInAgain) -> Response[Any]:
    """The API answers 401; a page goes to ``/reauth`` and then back where it was going."""
    accept = request.headers.get("accept", "")
    viewer = viewer_of(request)
    if (
        request.url.path.startswith("/api/")
        or (viewer is not None and viewer.via == "token")
        or ("application/json" in accept and "text/html" not in accept)
    ):
        return Response(
            {"error": {"type": "ReauthenticationRequired", "message": exc.detail}},
            status_code=401,
            media_type=MediaType.JSON,
        )
    if request.method == "GET":
        target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    else:  # a form cannot be sent again by a redirect: go back to the page it came from
        referer = urlsplit(request.headers.get("referer", ""))
        same = referer.netloc in ("", request.url.netloc)
        target = (referer.path + (f"?{referer.query}" if referer.query else "")) if same else ""
    return Redirect(path="/reauth", query_params={"next": same_site_path(target)}, status_code=303)


async def _user(db_session: AsyncSession, user_id: int) -> User:
    user = await db_session.get(User, user_id)
    if user is None:
        raise NotFound("your account no longer exists")
    return user


@get("/reauth", include_in_schema=False)
async def reauth_page(
    request: Request[Any, Any, Any],
    db_session: NamedDependency[AsyncSession],
    next: FromQuery[str | None] = None,
) -> Template:
    """Ask for the password (and code) again."""
    user = await _user(db_session, current_viewer(request).user_id)
    return page(
        request,
        "reauth.html",
        next=same_site_path(next or ""),
        needs_code=user.totp_enabled_at is not None,
        minutes=request.app.state.settings.security.reauth_minutes,
    )


@post("/reauth", include_in_schema=False)
async def reauth(
    request: Request[Any, Any, Any],
    db_session: NamedDependency[AsyncSession],
    db_engine: NamedDependency[AsyncEngine],
) -> Response[Any]:
    """Check the password (and code); wrong answers count towards the account's lockout. The
    password is verified before the request's write transaction begins."""
    viewer = current_viewer(request)
    security = request.app.state.settings.security
    form = await request.form()
    target = same_site_path(str(form.get("next", ""))[:500])
    password, code = str(form.get("password", ""))[:1000], str(form.get("code", ""))[:20]
    checked = await check_own_password_before_writing(
        read_session_factory(db_engine), viewer.user_id, password
    )
    user = await _user(db_session, viewer.user_id)
    errors = await confirm_identity(
        db_session, viewer, user, password, code, security, checked=checked
    )
    if errors:
        await db_session.commit()
        return page(
            request,
            "reauth.html",
            status_code=400,
            errors=errors,
            next=target,
            needs_code=user.totp_enabled_at is not None,
            minutes=security.reauth_minutes,
        )
    return see_other(target or "/start")
