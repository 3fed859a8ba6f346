"""Admin pages: accounts, employer approval, caseload assignment, the school and child-care lists
the registrant rules use."""

from __future__ import annotations

import asyncio
from typing import Any

from litestar import Request, Router, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Response, Template
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.clock import program_today
from jobs.errors import InvalidInput
from jobs.services import admin, child_places, outbox
from jobs.services.accounts import change_role
from jobs.services.employer_names import decide_name
from jobs.services.sign_in import is_locked, staff_sign_in_alerts, unlock
from jobs.services.task_queue import queue_status
from jobs.services.visibility import audit
from jobs.store.base import utcnow
from jobs.store.messages import MESSAGE_STATUSES
from jobs.web.access import allow, current_viewer
from jobs.web.ids import Id, form_id
from jobs.web.reauth import recent_sign_in
from jobs.web.render import page, see_other

AnyRequest = Request[Any, Any, Any]


@get("/admin")
async def admin_page(request: AnyRequest, db_session: NamedDependency[AsyncSession]) -> Template:
    """Accounts, employers waiting, caseloads, and the school and child-care lists in use."""
    overview = await admin.overview(db_session, current_viewer(request))
    return page(request, "admin/home.html", **await _page_data(request, db_session, overview))


async def _page_data(
    request: AnyRequest, db_session: AsyncSession, overview: dict[str, Any]
) -> dict[str, Any]:
    settings, now = request.app.state.settings, utcnow()
    locked = {u.id for u in overview["users"] if is_locked(u, settings.security, now)}
    file_list = await asyncio.to_thread(request.app.state.runtime.child_places)
    places = await child_places.in_use(
        db_session, program_today(settings.clock.zone), settings.matching, file_list
    )
    alerts = await staff_sign_in_alerts(db_session, now)
    queue = await queue_status(db_session, settings)
    return {
        **overview,
        "locked": locked,
        "child_places": places,
        "sign_in_alerts": alerts,
        "queue": queue,
    }


@post("/admin/accounts", guards=[recent_sign_in])
async def account_create(
    request: AnyRequest, db_session: NamedDependency[AsyncSession]
) -> Response[Any]:
    """Create a specialist, employer or admin account (needs a recent sign-in)."""
    viewer = current_viewer(request)
    form = await request.form()
    problems = await admin.create_account(db_session, viewer, form)
    if problems:
        await db_session.rollback()
        overview = await admin.overview(db_session, viewer)
        values = {k: form.get(k) for k in form if k != "password"}
        return page(
            request,
            "admin/home.html",
            status_code=400,
            errors=problems,
            values=values,
            **await _page_data(request, db_session, overview),
        )
    return see_other("/admin?done=account")


@post("/admin/accounts/{user_id:int}/disable", guards=[recent_sign_in])
async def account_disable(
    request: AnyRequest, db_session: NamedDependency[AsyncSession], user_id: FromPath[Id]
) -> Response[Any]:
    """Disable an account (needs a recent sign-in); its sessions and tokens end."""
    await admin.disable_account(db_session, current_viewer(request), user_id)
    return see_other("/admin?done=disabled")


@post("/admin/accounts/{user_id:int}/unlock", guards=[recent_sign_in])
async def account_unlock(
    request: AnyRequest, db_session: NamedDependency[AsyncSession], user_id: FromPath[Id]
) -> Response[Any]:
    """Unlock an account locked after too many failed sign-ins (needs a recent sign-in)."""
    await unlock(db_session, user_id)
    await audit(db_session, current_viewer(request), "account_unlocked", "user", user_id)
    return see_other("/admin?done=unlocked")


@post("/admin/accounts/{user_id:int}/role", guards=[recent_sign_in])
async def account_role(
    request: AnyRequest, db_session: NamedDependency[AsyncSession], user_id: FromPath[Id]
) -> Response[Any]:
    """Make a specialist an admin or back (needs a recent sign-in); their sessions end."""
    viewer = current_viewer(request)
    form = await request.form()
    role = str(form.get("role", ""))[:20]
    await change_role(db_session, viewer.user_id, user_id, role)
    await audit(db_session, viewer, "role_changed", "user", user_id, detail={"role": role})
    return see_other("/admin?done=role")


@post("/admin/employers/{employer_id:int}/approve", guards=[recent_sign_in])
async def employer_approve(
    request: AnyRequest, db_session: NamedDependency[AsyncSession], employer_id: FromPath[Id]
) -> Response[Any]:
    """Approve a registered employer (needs a recent sign-in)."""
    await admin.approve_employer(db_session, current_viewer(request), employer_id)
    return see_other("/admin?done=approved")


@post("/admin/employers/{employer_id:int}/name", guards=[recent_sign_in])
async def employer_name(
    request: AnyRequest, db_session: NamedDependency[AsyncSession], employer_id: FromPath[Id]
) -> Response[Any]:
    """Approve or refuse the new name an employer asked for (needs a recent sign-in)."""
    form = await request.form()
    decision = str(form.get("decision", ""))
    if decision not in ("approve", "refuse"):
        raise InvalidInput("decision: approve or refuse")
    await decide_name(db_session, current_viewer(request), employer_id, decision == "approve")
    return see_other(f"/admin?done=name-{decision}d")


@post("/admin/caseloads")
async def caseload_assign(
    request: AnyRequest, db_session: NamedDependency[AsyncSession]
) -> Response[Any]:
    """Put a participant on a specialist's caseload."""
    form = await request.form()
    await admin.assign(
        db_session,
        current_viewer(request),
        form_id(form, "specialist_id"),
        form_id(form, "participant_id"),
    )
    return see_other("/admin?done=assigned")


@get("/admin/outbox")
async def outbox_page(request: AnyRequest, db_session: NamedDependency[AsyncSession]) -> Template:
    """Every text and email, newest first: what waits (no provider set up, quiet hours), what
    went, what failed and needs a person (outcome unknown). Sign-in link bodies are withheld."""
    status = request.query_params.get("status") or None
    if status not in (None, *MESSAGE_STATUSES):
        status = None
    settings = request.app.state.settings
    messages = await outbox.list_messages(db_session, status=status, limit=300, with_body=True)
    await audit(
        db_session, current_viewer(request), "read_outbox", "message", "", detail={"status": status}
    )
    return page(
        request,
        "admin/outbox.html",
        messages=messages,
        status=status,
        statuses=MESSAGE_STATUSES,
        sms_configured=settings.messaging.sms_configured,
        email_configured=settings.messaging.email_configured,
    )


admin_router = Router(
    path="/",
    guards=[allow("admin")],
    route_handlers=[
        admin_page,
        account_create,
        account_disable,
        account_unlock,
        account_role,
        employer_approve,
        employer_name,
        caseload_assign,
        outbox_page,
    ],
    include_in_schema=False,
)
