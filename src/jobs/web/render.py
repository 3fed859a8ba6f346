"""One way to render a page: the template plus who is asking, the form token and the language."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from litestar import MediaType, Request
from litestar.datastructures import Cookie
from litestar.response import Redirect, Template

from jobs import __version__
from jobs.services.web_sessions import csrf_token
from jobs.web.access import (
    ANON_COOKIE,
    LANG_COOKIE,
    anon_nonce,
    expected_csrf,
    new_nonce,
    viewer_of,
)
from jobs.web.formats import Formats
from jobs.web.i18n import LANGUAGES, pick_language, translations
from jobs.web.need_words import NeedWords
from jobs.web.reason_words import ReasonWords


def language_of(request: Request[Any, Any, Any]) -> str:
    """The viewer's language: their account's choice, else the cookie, else the browser's wish."""
    viewer = viewer_of(request)
    return pick_language(
        viewer.locale if viewer and viewer.locale_chosen else None,
        request.cookies.get(LANG_COOKIE),
        accept_language=request.headers.get("accept-language", ""),
    )


def page(
    request: Request[Any, Any, Any],
    template: str,
    *,
    status_code: int = 200,
    language: str | None = None,
    **context: Any,
) -> Template:
    """Render ``template`` with the common context every page needs (in ``language`` when
    given, else the viewer's)."""
    settings = request.app.state.settings
    cookies: list[Cookie] = []
    token = expected_csrf(request, settings)
    if not token:
        nonce = anon_nonce(request) or new_nonce()
        token = csrf_token(settings.security.secret_key, "anon|" + nonce)
        cookies.append(
            Cookie(
                key=ANON_COOKIE,
                value=nonce,
                httponly=True,
                samesite="lax",
                secure=settings.is_production,
                path="/",
            )
        )
    lang = language or language_of(request)
    catalogue = translations(lang)
    context.setdefault("errors", {})
    context.setdefault("values", {})
    return Template(
        template_name=template,
        context={
            "viewer": viewer_of(request),
            "csrf_token": token,
            "lang": lang,
            "languages": LANGUAGES,
            "_": catalogue.gettext,
            "ngettext": catalogue.ngettext,
            "version": __version__,
            "path": request.url.path,
            "query": request.query_params,
            "help_phone": settings.program.help_phone,
            **Formats(lang, catalogue, settings.clock.zone).context(),
            **ReasonWords(lang, catalogue).context(),
            **NeedWords(lang, catalogue).context(),
            "idle_minutes": settings.security.session_idle_minutes,
            **context,
        },
        status_code=status_code,
        cookies=cookies,
        headers={"Cache-Control": "no-store"},
        # Every page template is HTML: said here, Litestar does not guess it from the name's
        # suffixes (a PurePath and a mimetypes lookup per page).
        media_type=MediaType.HTML,
    )


def see_other(url: str) -> Redirect:
    """POST-redirect-GET."""
    return Redirect(path=url, status_code=303)


def same_site_path(target: str) -> str:
    r"""``target`` when it is a path on this site, else ''.

    Browsers drop tabs and newlines from a URL and read a backslash as a slash, so ``/\t/host``
    and ``/\host`` would lead to another site: a path with any whitespace, control character or
    backslash is refused, and so is anything with a scheme or a host.
    """
    if not target.startswith("/") or target.startswith("//"):
        return ""
    if any(ch.isspace() or ch == "\\" or ord(ch) < 32 or ord(ch) == 127 for ch in target):
        return ""
    parts = urlsplit(target)
    return "" if parts.scheme or parts.netloc else target
