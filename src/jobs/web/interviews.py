"""Employers reach the program: the referring specialist's name, phone and email on each
candidate, "request an interview", and the phone staff give for it."""

from __future__ import annotations

from typing import Any

from litestar import Request, Router, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Response, Template
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.services import interviews
from jobs.web.access import allow, current_viewer
from jobs.web.ids import Id
from jobs.web.render import page, see_other

AnyRequest = Request[Any, Any, Any]
OPTION_FIELDS = tuple(f"option_{i}" for i in range(1, interviews.MAX_OPTIONS + 1))


async def reach_of_candidate(
    request: AnyRequest, db_session: AsyncSession, referral_id: int
) -> dict[str, Any]:
    """What the candidate page shows about reaching the program."""
    viewer = current_viewer(request)
    settings = request.app.state.settings
    return {
        "contact": await interviews.referrer_contact(
            db_session, viewer, referral_id, help_phone=settings.program.help_phone
        ),
        "interview_requests": await interviews.for_referral(db_session, viewer, referral_id),
        "interview_errors": {},
        "interview_values": {},
    }


@post("/employer/candidates/{referral_id:int}/interview")
async def interview_request(
    request: AnyRequest, db_session: NamedDependency[AsyncSession], referral_id: FromPath[Id]
) -> Response[Any]:
    """Ask the specialist for an interview: up to three times and a note."""
    from jobs.web.employer import _candidate  # the candidate page; imported here, not at the top

    form = await request.form()
    values = {name: str(form.get(name, ""))[:40] for name in OPTION_FIELDS}
    values["note"] = str(form.get("note", ""))[: interviews.MAX_NOTE + 1]
    problems = await interviews.request_interview(
        db_session,
        current_viewer(request),
        referral_id,
        [values[name] for name in OPTION_FIELDS],
        values["note"],
        request.app.state.settings.clock.zone,
        request.app.state.settings,
    )
    if problems:
        await db_session.rollback()
        return await _candidate(
            request,
            db_session,
            referral_id,
            status_code=400,
            interview_errors=problems,
            interview_values=values,
        )
    return see_other(f"/employer/candidates/{referral_id}?done=interview#interview")


@get("/account/phone")
async def phone_page(request: AnyRequest, db_session: NamedDependency[AsyncSession]) -> Template:
    """The phone employers and participants see for you."""
    viewer = current_viewer(request)
    phone = await interviews.staff_phone(db_session, viewer.user_id)
    return page(request, "staff_phone.html", values={"phone": interviews.phone_text(phone)})


@post("/account/phone")
async def phone_save(
    request: AnyRequest, db_session: NamedDependency[AsyncSession]
) -> Response[Any]:
    """Save your phone."""
    form = await request.form()
    phone = str(form.get("phone", ""))[:100]
    problems = await interviews.set_staff_phone(db_session, current_viewer(request), phone)
    if problems:
        await db_session.rollback()
        return page(
            request, "staff_phone.html", status_code=400, values={"phone": phone}, errors=problems
        )
    return see_other("/account/phone?done=saved")


interview_router = Router(
    path="/",
    guards=[allow("employer")],
    route_handlers=[interview_request],
    include_in_schema=False,
)
staff_phone_router = Router(
    path="/",
    guards=[allow("specialist", "admin")],
    route_handlers=[phone_page, phone_save],
    include_in_schema=False,
)
