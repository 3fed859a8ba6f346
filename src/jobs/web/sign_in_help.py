"""Help with signing in: "forgot password", and the one-time link a person opens to choose a
passphrase (after "forgot password", or the invitation to a participant's new login)."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.datastructures import Cookie
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Response, Template
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.errors import InvalidInput
from jobs.services.passphrases import MAX_LENGTH, MIN_LENGTH
from jobs.services.sign_in_links import deliver, link_url, open_link, request_reset, use_link
from jobs.web.access import LANG_COOKIE
from jobs.web.i18n import LANGUAGES, pick_language
from jobs.web.link_messages import link_message
from jobs.web.render import page, see_other

AnyRequest = Request[Any, Any, Any]


def _base_url(request: AnyRequest) -> str:
    settings = request.app.state.settings
    return settings.program.public_url or str(request.base_url)


@get("/login/forgot", include_in_schema=False)
async def forgot_page(request: AnyRequest) -> Template:
    """Ask for the email of the account."""
    return page(request, "forgot.html", sent=False)


@post("/login/forgot", include_in_schema=False)
async def forgot(request: AnyRequest, db_session: NamedDependency[AsyncSession]) -> Template:
    """Make a reset link when the email has an account; the answer is the same either way."""
    form = await request.form()
    email = str(form.get("email", ""))[:320].strip()
    if not email:
        return page(
            request, "forgot.html", status_code=400, sent=False, errors={"email": "missing"}
        )
    settings = request.app.state.settings
    found = await request_reset(db_session, email)
    if found is not None:
        user, token = found
        subject, body = link_message(
            _language(request, user.locale),
            "reset",
            link_url(_base_url(request), token),
            settings.program.help_phone,
        )
        await deliver(db_session, settings, user, "reset", token, subject, body)
    return page(request, "forgot.html", sent=True)


def _language(request: AnyRequest, locale: str) -> str:
    """A link's page: the language chosen on this browser, else the account's, else the
    browser's wish."""
    return pick_language(
        request.cookies.get(LANG_COOKIE),
        locale,
        accept_language=request.headers.get("accept-language", ""),
    )


def _problem_codes(problems: dict[str, str], passphrase: str) -> dict[str, str]:
    """Problems as codes the page words in the person's language."""
    codes: dict[str, str] = {}
    if "password" in problems:
        size = len(passphrase.strip())
        codes["password"] = (
            "too_short" if size < MIN_LENGTH else "too_long" if size > MAX_LENGTH else "refused"
        )
    if "confirm_password" in problems:
        codes["confirm_password"] = "mismatch"
    return codes


@get("/login/link/{token:str}", include_in_schema=False)
async def link_page(
    request: AnyRequest, db_session: NamedDependency[AsyncSession], token: FromPath[str]
) -> Template:
    """The form to choose a passphrase, or why the link no longer works."""
    opened = await open_link(db_session, token)
    if opened is None:
        return page(request, "link_spent.html", status_code=410)
    return page(
        request,
        "set_passphrase.html",
        language=_language(request, opened.user.locale),
        purpose=opened.link.purpose,
        email=opened.user.email,
        token=token,
        min_length=MIN_LENGTH,
    )


@post("/login/link/{token:str}", include_in_schema=False)
async def link_use(
    request: AnyRequest, db_session: NamedDependency[AsyncSession], token: FromPath[str]
) -> Response[Any]:
    """Set the passphrase; then the person signs in with it."""
    form = await request.form()
    passphrase = str(form.get("password", ""))[:1000]
    opened, problems = await use_link(
        db_session, token, passphrase, str(form.get("confirm_password", ""))[:1000]
    )
    if opened is None:
        return page(request, "link_spent.html", status_code=410)
    if problems:
        purpose, email = opened.link.purpose, opened.user.email
        language = _language(request, opened.user.locale)
        await db_session.rollback()
        return page(
            request,
            "set_passphrase.html",
            status_code=400,
            language=language,
            purpose=purpose,
            email=email,
            token=token,
            min_length=MIN_LENGTH,
            errors=_problem_codes(problems, passphrase),
        )
    return see_other("/login?passphrase_set=1")


@post("/language", include_in_schema=False)
async def language_before_sign_in(request: AnyRequest) -> Response[Any]:
    """Switch the language before signing in (a cookie; the account keeps it after)."""
    form = await request.form()
    language = str(form.get("language", ""))[:5]
    if language not in LANGUAGES:
        raise InvalidInput(f"language: choose one of {', '.join(LANGUAGES)}")
    target = str(form.get("next", ""))[:500]
    if not target.startswith("/") or target.startswith(("//", "/\\")):
        target = "/login"
    response = see_other(target)
    response.cookies.append(
        Cookie(key=LANG_COOKIE, value=language, httponly=True, samesite="lax", path="/")
    )
    return response
