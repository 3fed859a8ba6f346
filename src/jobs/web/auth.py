"""Signing in and out, the account page (password, language, API tokens), employer sign-up."""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import quote

from litestar import Request, get, post
from litestar.datastructures import Cookie
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery
from litestar.response import Redirect, Response, Template
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from jobs.errors import InvalidInput
from jobs.services.employer_postings import EMAIL_TAKEN, register_employer
from jobs.services.outbox import enqueue
from jobs.services.sign_in import (
    SignInStep,
    check_password_before_writing,
    confirm_enrollment,
    enrollment_secret,
    finish_second_step,
    sign_in_with_password,
)
from jobs.services.totp import provisioning_uri
from jobs.services.visibility import audit
from jobs.services.web_sessions import (
    MAX_TOKEN_DAYS,
    TOKEN_DAYS,
    Viewer,
    change_password,
    create_api_token,
    end_session,
    list_api_tokens,
    pending_sign_in,
    revoke_api_token,
    set_locale,
)
from jobs.store import User
from jobs.store.engine import read_session_factory
from jobs.web.access import LANG_COOKIE, current_viewer, session_cookie_name, viewer_of
from jobs.web.audit_trail import mark_refused
from jobs.web.i18n import LANGUAGES
from jobs.web.ids import Id
from jobs.web.reauth import recent_sign_in
from jobs.web.render import page, same_site_path, see_other

HOMES = {
    "admin": "/admin",
    "specialist": "/caseload",
    "employer": "/employer",
    "participant": "/me/jobs",
}


def safe_next(target: str | None, fallback: str) -> str:
    """Only same-site paths may be a redirect target (``render.same_site_path``)."""
    return same_site_path(target or "") or fallback


def _form_text(form: Any, name: str, limit: int = 1000) -> str:
    return str(form.get(name, ""))[:limit]


FAILED = (
    "That email and password do not match an account. After 5 wrong tries in 15 minutes an "
    "account is locked for a while; an administrator can unlock it."
)
WRONG_CODE = "That code is not right. Type the 6 digits your app shows now (they change often)."


def _session_cookie(settings: Any, token: str) -> Cookie:
    return Cookie(
        key=session_cookie_name(settings),
        value=token,
        httponly=True,
        samesite="lax",
        secure=settings.is_production,
        path="/",
    )


async def _second_factor_page(
    request: Request[Any, Any, Any], stage: str, user: User, target: str, *, error: str = ""
) -> Template:
    """The code form, or the enrollment form with the new secret."""
    errors = {"code": error} if error else {}
    if stage == "enroll":
        return _enroll_page(request, user, next=target, action="/login", error=error)
    return page(
        request, "login_code.html", status_code=400 if error else 200, next=target, errors=errors
    )


def _enroll_page(
    request: Request[Any, Any, Any], user: User, *, next: str, action: str, error: str = ""
) -> Template:
    """The form that shows a new two-step secret (as text and QR link) and asks for a code."""
    secret = enrollment_secret(user)
    return page(
        request,
        "enroll.html",
        status_code=400 if error else 200,
        errors={"code": error} if error else {},
        next=next,
        secret=secret,
        secret_groups=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        uri=provisioning_uri(secret, user.email),
        action=action,
    )


def _failed(request: Request[Any, Any, Any], email: str, target: str) -> Template:
    return page(
        request,
        "login.html",
        status_code=400,
        next=safe_next(target, ""),
        values={"email": email},
        errors={"password": FAILED},
    )


@get("/login", include_in_schema=False)
async def login_page(
    request: Request[Any, Any, Any],
    db_session: NamedDependency[AsyncSession],
    next: FromQuery[str | None] = None,
) -> Template:
    """The sign-in form, or its second step (code or enrollment) for a half-done sign-in."""
    token = request.cookies.get(session_cookie_name(request.app.state.settings))
    pending = await pending_sign_in(db_session, token) if token else None
    if pending is not None:
        web_session, user = pending
        return await _second_factor_page(request, web_session.stage, user, safe_next(next, ""))
    return page(request, "login.html", next=safe_next(next, ""))


@post("/login", include_in_schema=False)
async def login(
    request: Request[Any, Any, Any],
    db_session: NamedDependency[AsyncSession],
    db_engine: NamedDependency[AsyncEngine],
) -> Response[Any]:
    """Check the email and password, then the second factor; a brand-new session at the end.

    The form's ``step`` says which: "" (email and password, with an optional ``code``),
    "code" or "enroll" (the second step of a half-done sign-in kept in the session cookie).
    The password is verified before the request's write transaction begins (argon2 takes a
    tenth of a second, which on SQLite would hold up every other writer).
    """
    settings = request.app.state.settings
    form = await request.form()
    target, step = _form_text(form, "next", 500), _form_text(form, "step", 10)
    old = request.cookies.get(session_cookie_name(settings)) or None
    user_agent = request.headers.get("user-agent", "")
    code = _form_text(form, "code", 20)
    email = ""
    if step in ("code", "enroll"):
        found = await finish_second_step(
            db_session, old or "", step, code, settings.security, user_agent=user_agent
        )
    else:
        email = _form_text(form, "email", 320).strip()
        password = _form_text(form, "password", 1000)
        checked = await check_password_before_writing(
            read_session_factory(db_engine), email, password
        )
        found = await sign_in_with_password(
            db_session,
            email,
            password,
            code,
            settings.security,
            user_agent=user_agent,
            replaces=old,
            checked=checked,
        )
    return await _answer(request, db_session, found, target, email)


async def _answer(
    request: Request[Any, Any, Any],
    db_session: AsyncSession,
    found: SignInStep,
    target: str,
    email: str,
) -> Response[Any]:
    """The page or redirect for where a sign-in try got to."""
    if found.status == "expired":
        return see_other("/login?expired=1")
    if found.status in ("refused", "wrong_code"):
        await db_session.commit()  # the counted failure stays, though the answer is a 400
        if found.status == "wrong_code" and found.user is not None:
            return await _second_factor_page(
                request, found.stage, found.user, target, error=WRONG_CODE
            )
        return _failed(request, email or (found.user.email if found.user else ""), target)
    if found.status == "second_step":
        response = see_other("/login" + (f"?next={quote(target)}" if target else ""))
    else:
        home = HOMES[found.user.role] if found.user else "/start"
        response = see_other(safe_next(target, home))
    response.cookies.append(_session_cookie(request.app.state.settings, found.session_token))
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
    return page(
        request,
        "account.html",
        tokens=tokens,
        new_token=None,
        two_step=await _two_step_on(db_session, viewer),
    )


async def _two_step_on(db_session: AsyncSession, viewer: Viewer) -> bool:
    user = await db_session.get(User, viewer.user_id)
    return user is not None and user.totp_enabled_at is not None


@get("/account/two-step", include_in_schema=False)
async def two_step_page(
    request: Request[Any, Any, Any], db_session: NamedDependency[AsyncSession]
) -> Response[Any]:
    """Turn on two-step sign-in (optional for participants and employers)."""
    viewer = current_viewer(request)
    user = await db_session.get(User, viewer.user_id)
    if user is None or user.totp_enabled_at is not None:
        return see_other("/account")
    return _enroll_page(request, user, next="/account?done=two-step", action="/account/two-step")


@post("/account/two-step", include_in_schema=False)
async def two_step_confirm(
    request: Request[Any, Any, Any], db_session: NamedDependency[AsyncSession]
) -> Response[Any]:
    """Confirm the new secret with a code from the app."""
    viewer = current_viewer(request)
    security = request.app.state.settings.security
    user = await db_session.get(User, viewer.user_id)
    if user is None or user.totp_enabled_at is not None:
        return see_other("/account")
    form = await request.form()
    if await confirm_enrollment(db_session, user, _form_text(form, "code", 20), security):
        await audit(db_session, viewer, "totp_enrolled", "user", user.id)
        return see_other("/account?done=two-step")
    await db_session.commit()
    return _enroll_page(
        request, user, next="/account?done=two-step", action="/account/two-step", error=WRONG_CODE
    )


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
            request,
            "account.html",
            status_code=400,
            errors=problems,
            tokens=tokens,
            new_token=None,
            two_step=await _two_step_on(db_session, viewer),
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


# The form field each of create_api_token's problems belongs to.
TOKEN_FIELDS = {"token name": "name", "token scope": "scope", "token lifetime": "days"}


def _token_days(form: Any) -> int:
    try:
        return int(_form_text(form, "days", 4) or TOKEN_DAYS)
    except ValueError:
        raise InvalidInput(f"token lifetime: give 1 to {MAX_TOKEN_DAYS} days") from None


@post("/account/tokens", include_in_schema=False, guards=[recent_sign_in])
async def token_create(
    request: Request[Any, Any, Any], db_session: NamedDependency[AsyncSession]
) -> Template:
    """Make an API token (needs a recent sign-in); it is shown this once."""
    viewer = current_viewer(request)
    form = await request.form()
    scope = _form_text(form, "scope", 20) or "read"
    try:
        token = await create_api_token(
            db_session,
            viewer,
            _form_text(form, "name", 200),
            scope=scope,
            days=_token_days(form),
        )
    except InvalidInput as exc:
        field = TOKEN_FIELDS.get(exc.message.split(":")[0], "name")
        tokens = await list_api_tokens(db_session, viewer)
        return page(
            request,
            "account.html",
            status_code=400,
            errors={field: exc.message},
            tokens=tokens,
            new_token=None,
            two_step=await _two_step_on(db_session, viewer),
        )
    await audit(
        db_session, viewer, "api_token_created", "user", viewer.user_id, detail={"scope": scope}
    )
    tokens = await list_api_tokens(db_session, viewer)
    return page(
        request,
        "account.html",
        tokens=tokens,
        new_token=token,
        two_step=await _two_step_on(db_session, viewer),
    )


@post("/account/tokens/{token_id:int}/revoke", include_in_schema=False)
async def token_revoke(
    request: Request[Any, Any, Any],
    db_session: NamedDependency[AsyncSession],
    token_id: FromPath[Id],
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
    if EMAIL_TAKEN in problems:
        await db_session.rollback()
        mark_refused(request, "email_taken")  # audited; answered as if registered
    elif problems:
        await db_session.rollback()
        return page(request, "register.html", status_code=400, errors=problems, values=values)
    # Either way the address gets an email (through the outbox): the page never tells.
    settings = request.app.state.settings
    base = settings.program.public_url or str(request.base_url).rstrip("/")
    await enqueue(
        db_session,
        settings,
        template="registration_existing" if EMAIL_TAKEN in problems else "registration_received",
        channel="email",
        to=values["email"].lower(),
        key=f"registration:{secrets.token_hex(12)}",
        fields={"url": f"{base}/login"},
    )
    return see_other("/login?registered=1")
