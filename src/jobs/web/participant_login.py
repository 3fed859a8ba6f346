"""A participant's own login, run from their page by a specialist or an admin: create it (an
invitation link the person opens to choose a password), send the invitation again, turn it off."""

from __future__ import annotations

from typing import Any

from litestar import Request, Router, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Response, Template
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.errors import Conflict, InvalidInput
from jobs.services import profiles, sign_in_links
from jobs.store import User
from jobs.web.access import allow, current_viewer
from jobs.web.ids import Id
from jobs.web.link_messages import link_message
from jobs.web.render import page, see_other

AnyRequest = Request[Any, Any, Any]


def _base_url(request: AnyRequest) -> str:
    return request.app.state.settings.program.public_url or str(request.base_url)


async def _page(
    request: AnyRequest,
    db_session: AsyncSession,
    participant_id: int,
    *,
    link: str = "",
    status_code: int = 200,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> Template:
    viewer = current_viewer(request)
    person = await profiles.read_profile(db_session, viewer, participant_id)
    state = await sign_in_links.login_state(db_session, viewer, participant_id)
    return page(
        request,
        "specialist/participant_login.html",
        status_code=status_code,
        person=person,
        login=state,
        link=link,
        errors=errors or {},
        values=values or {"language": "en"},
    )


async def _deliver(request: AnyRequest, db_session: AsyncSession, token: str, user_id: int) -> str:
    """The invitation's address, shown once to the specialist; its email, in the person's
    language, goes through the outbox (and to the log in development)."""
    settings = request.app.state.settings
    url = sign_in_links.link_url(_base_url(request), token)
    user = await db_session.get(User, user_id)
    if user is not None:
        subject, body = link_message(user.locale, "invite", url, settings.program.help_phone)
        await sign_in_links.deliver(db_session, settings, user, "invite", token, subject, body)
    return url


@get("/participants/{participant_id:int}/login")
async def login_page(
    request: AnyRequest, db_session: NamedDependency[AsyncSession], participant_id: FromPath[Id]
) -> Template:
    """The participant's login: none yet, invited, in use or turned off."""
    return await _page(request, db_session, participant_id)


@post("/participants/{participant_id:int}/login")
async def login_create(
    request: AnyRequest, db_session: NamedDependency[AsyncSession], participant_id: FromPath[Id]
) -> Template:
    """Make the login and its invitation link."""
    form = await request.form()
    email = str(form.get("email", ""))[:320].strip()
    language = str(form.get("language", "en"))[:5]
    try:
        token = await sign_in_links.invite_participant(
            db_session, current_viewer(request), participant_id, email, language
        )
    except (InvalidInput, Conflict) as exc:
        await db_session.rollback()
        message = exc.message.removeprefix("email: ")
        return await _page(
            request,
            db_session,
            participant_id,
            status_code=400 if isinstance(exc, InvalidInput) else 409,
            errors={"email": message[0].upper() + message[1:] + "."},
            values={"email": email, "language": language},
        )
    state = await sign_in_links.login_state(db_session, current_viewer(request), participant_id)
    link = await _deliver(request, db_session, token, state.user_id or 0)
    return await _page(request, db_session, participant_id, link=link)


@post("/participants/{participant_id:int}/login/resend")
async def login_resend(
    request: AnyRequest, db_session: NamedDependency[AsyncSession], participant_id: FromPath[Id]
) -> Template:
    """A new invitation link; older ones stop working."""
    viewer = current_viewer(request)
    token = await sign_in_links.resend_invitation(db_session, viewer, participant_id)
    state = await sign_in_links.login_state(db_session, viewer, participant_id)
    link = await _deliver(request, db_session, token, state.user_id or 0)
    return await _page(request, db_session, participant_id, link=link)


@post("/participants/{participant_id:int}/login/disable")
async def login_disable(
    request: AnyRequest, db_session: NamedDependency[AsyncSession], participant_id: FromPath[Id]
) -> Response[Any]:
    """Turn the login off."""
    await sign_in_links.disable_login(db_session, current_viewer(request), participant_id)
    return see_other(f"/participants/{participant_id}/login?done=disabled")


participant_login_router = Router(
    path="/",
    guards=[allow("specialist", "admin")],
    route_handlers=[login_page, login_create, login_resend, login_disable],
    include_in_schema=False,
)
