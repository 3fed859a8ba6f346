"""Signing in and out, the account page (password, language, API tokens), employer sign-up."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.datastructures import Cookie
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Response, Template
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.errors import InvalidInput
from jobs.services.employer_jobs import register_employer
from jobs.services.visibility import audit
from jobs.services.web_sessions import (
    Viewer,
    authenticate,
    change_password,
    create_api_token,
    end_session,
    list_api_tokens,
    revoke_api_token,
    set_locale,
    start_session,
)
from jobs.web.access import LANG_COOKIE, current_viewer, session_cookie_name, viewer_of
from jobs.web.i18n import LANGUAGES
from jobs.web.render import page, see_other

HOMES = {
    "admin": "/admin",
    "specialist": "/caseload",
    "employer": "/employer",
    "participant": "/me/jobs",
}


def safe_next(target: str | None, fallback: str) -> str:
    """Only same-site paths may be a redirect target (no //host, no scheme)."""
    if target and target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return fallback


def _form_text(form: Any, name: str, limit: int = 1000) -> str:
    return str(form.get(name, ""))[:limit]


@get("/login", include_in_schema=False)
async def login_page(
    request: Request[Any, Any, Any], next: FromQuery[str | None] = None
) -> Template:
    """The sign-in form."""
    return page(request, "login.html", next=safe_next(next, ""))


@post("/login", include_in_schema=False)
async def login(
    request: Request[Any, Any, Any], db_session: NamedDependency[AsyncSession]
) -> Response[Any]:
    """Check the email and password; on success a brand-new session replaces any old one."""
    settings = request.app.state.settings
    form = await request.form()
    email = _form_text(form, "email", 320).strip()
    password = _form_text(form, "password", 1000)
    user = await authenticate(db_session, email, password)
    target = _form_text(form, "next", 500)
    if user is None:
        await audit(db_session, None, "sign_in_failed", "user", detail={"email_given": bool(email)})
        await db_session.commit()
        return page(
            request,
            "login.html",
            status_code=400,
            next=safe_next(target, ""),
            values={"email": email},
            errors={"password": "That email and password do not match an account."},
        )
    cookie = session_cookie_name(settings)
    token = await start_session(
        db_session,
        user,
        settings.security,
        user_agent=request.headers.get("user-agent", ""),
        replaces=request.cookies.get(cookie) or None,
    )
    await audit(
        db_session,
        Viewer(user_id=user.id, role=user.role, email=user.email, display_name=""),
        "sign_in",
        "user",
        user.id,
    )
    response = see_other(safe_next(target, HOMES[user.role]))
    response.cookies.append(
        Cookie(
            key=cookie,
            value=token,
            httponly=True,
            samesite="lax",
            secure=settings.is_production,
            path="/",
        )
    )
    return response


@post("/logout", include_in_schema=False)
async def logout(
    request: Request[Any, Any, Any], db_session: NamedDependency[AsyncSession]
) -> Redirect:
    """End this browser's session."""
    settings = request.app.state.settings
    cookie = session_cookie_name(settings)
    token = request.cookies.get(cookie)
    viewer = viewer_of(request)
    if token:
        await end_session(db_session, token)
    if viewer:
        await audit(db_session, viewer, "sign_out", "user", viewer.user_id)
    response = see_other("/login?signed_out=1")
    response.delete_cookie(cookie, path="/")
    return response


@get("/start", include_in_schema=False)
async def start(request: Request[Any, Any, Any]) -> Redirect:
    """Each role's first page."""
    return Redirect(path=HOMES[current_viewer(request).role], status_code=303)


@get("/account", include_in_schema=False)
async def account_page(
    request: Request[Any, Any, Any], db_session: NamedDependency[AsyncSession]
) -> Template:
    """Password, language and API tokens of the signed-in person."""
    viewer = current_viewer(request)
    tokens = await list_api_tokens(db_session, viewer)
    return page(request, "account.html", tokens=tokens, new_token=None)


@post("/account/password", include_in_schema=False)
async def password_change(
    request: Request[Any, Any, Any], db_session: NamedDependency[AsyncSession]
) -> Response[Any]:
    """Change the password; other sessions of the account end."""
    viewer = current_viewer(request)
    form = await request.form()
    new = _form_text(form, "new_password")
    problems = await change_password(db_session, viewer, _form_text(form, "current_password"), new)
    if not problems and new != _form_text(form, "confirm_password"):
        problems["confirm_password"] = "The two new passwords are not the same."
    if problems:
        await db_session.rollback()
        tokens = await list_api_tokens(db_session, viewer)
        return page(
            request, "account.html", status_code=400, errors=problems, tokens=tokens, new_token=None
        )
    await audit(db_session, viewer, "password_changed", "user", viewer.user_id)
    return see_other("/account?done=password")


@post("/account/language", include_in_schema=False)
async def language_change(
    request: Request[Any, Any, Any], db_session: NamedDependency[AsyncSession]
) -> Response[Any]:
    """Switch the language of the pages."""
    form = await request.form()
    language = _form_text(form, "language", 5)
    if language not in LANGUAGES:
        raise InvalidInput(f"language: choose one of {', '.join(LANGUAGES)}")
    viewer = current_viewer(request)
    await set_locale(db_session, viewer, language)
    response = see_other(safe_next(_form_text(form, "next", 500), "/account"))
    response.cookies.append(
        Cookie(key=LANG_COOKIE, value=language, httponly=True, samesite="lax", path="/")
    )
    return response


@post("/account/tokens", include_in_schema=False)
async def token_create(
    request: Request[Any, Any, Any], db_session: NamedDependency[AsyncSession]
) -> Template:
    """Make an API token; it is shown this once."""
    viewer = current_viewer(request)
    form = await request.form()
    try:
        token = await create_api_token(db_session, viewer, _form_text(form, "name", 200))
    except InvalidInput as exc:
        tokens = await list_api_tokens(db_session, viewer)
        return page(
            request,
            "account.html",
            status_code=400,
            errors={"name": exc.message},
            tokens=tokens,
            new_token=None,
        )
    await audit(db_session, viewer, "api_token_created", "user", viewer.user_id)
    tokens = await list_api_tokens(db_session, viewer)
    return page(request, "account.html", tokens=tokens, new_token=token)


@post("/account/tokens/{token_id:int}/revoke", include_in_schema=False)
async def token_revoke(
    request: Request[Any, Any, Any],
    db_session: NamedDependency[AsyncSession],
    token_id: FromPath[int],
) -> Redirect:
    """Revoke one of your tokens."""
    viewer = current_viewer(request)
    await revoke_api_token(db_session, viewer, token_id)
    await audit(db_session, viewer, "api_token_revoked", "api_token", token_id)
    return see_other("/account?done=revoked")


@get("/register", include_in_schema=False)
async def register_page(request: Request[Any, Any, Any]) -> Template:
    """Employers sign up here and wait for the program to approve them."""
    return page(request, "register.html")


@post("/register", include_in_schema=False)
async def register(
    request: Request[Any, Any, Any], db_session: NamedDependency[AsyncSession]
) -> Response[Any]:
    """Create a pending employer and its first account."""
    form = await request.form()
    values = {
        name: _form_text(form, name, 320).strip()
        for name in ("company", "contact_name", "email", "website")
    }
    password = _form_text(form, "password")
    problems = await register_employer(db_session, password=password, **values)
    if problems:
        await db_session.rollback()
        return page(request, "register.html", status_code=400, errors=problems, values=values)
    return see_other("/login?registered=1")
