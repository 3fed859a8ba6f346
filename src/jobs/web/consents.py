"""Consent pages: a participant sees what they share with whom, who has looked, and stops sharing
with one tap; a specialist records a consent for a participant (a consent override, so it needs a
recent sign-in: ``recent_sign_in``) and can withdraw one."""

from __future__ import annotations

from typing import Any

from litestar import Request, Router, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath
from litestar.response import Response, Template
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.errors import InvalidInput
from jobs.services import consents
from jobs.services.visibility import SHAREABLE, require_participant
from jobs.web.access import allow, current_viewer
from jobs.web.ids import Id, form_id
from jobs.web.reauth import recent_sign_in
from jobs.web.render import page, see_other

AnyRequest = Request[Any, Any, Any]


@get("/me/consents")
async def my_consents_page(
    request: AnyRequest, db_session: NamedDependency[AsyncSession]
) -> Template:
    """What I share, with whom, until when; and who has seen it."""
    viewer = current_viewer(request)
    return page(
        request,
        "participant/consents.html",
        consents=await consents.consents_of(db_session, viewer),
        disclosures=await consents.disclosures_of(db_session, viewer, limit=20),
    )


@post("/me/consents/{consent_id:int}/revoke")
async def my_consent_revoke(
    request: AnyRequest, db_session: NamedDependency[AsyncSession], consent_id: FromPath[Id]
) -> Response[Any]:
    """Stop sharing now."""
    await consents.revoke(db_session, current_viewer(request), consent_id)
    return see_other("/me/consents?done=stopped")


async def _specialist_page(
    request: AnyRequest,
    db_session: AsyncSession,
    participant_id: int,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Template:
    viewer = current_viewer(request)
    participant = await require_participant(db_session, viewer, participant_id, protected=False)
    return page(
        request,
        "specialist/consents.html",
        status_code=status_code,
        person=participant,
        consents=await consents.consents_of(db_session, viewer, participant_id),
        disclosures=await consents.disclosures_of(db_session, viewer, participant_id),
        employers=await consents.approved_employers(db_session),
        shareable=SHAREABLE,
        values=values or {"days": consents.CONSENT_DAYS, "fields": []},
        errors=errors or {},
    )


@get("/participants/{participant_id:int}/consents")
async def consents_page(
    request: AnyRequest, db_session: NamedDependency[AsyncSession], participant_id: FromPath[Id]
) -> Template:
    """A participant's consents and disclosures, and the form to record a new consent."""
    return await _specialist_page(request, db_session, participant_id)


@post("/participants/{participant_id:int}/consents", guards=[recent_sign_in])
async def consent_record(
    request: AnyRequest, db_session: NamedDependency[AsyncSession], participant_id: FromPath[Id]
) -> Response[Any]:
    """Record a consent the participant gave (a consent override: needs a recent sign-in)."""
    viewer = current_viewer(request)
    form = await request.form()
    values: dict[str, Any] = {
        "employer_id": str(form.get("employer_id", "")),
        "fields": [str(f) for f in form.getall("fields", [])] if "fields" in form else [],
        "purpose": str(form.get("purpose", ""))[:1000],
        "days": str(form.get("days", "")),
        "agreed": form.get("agreed") in ("1", "on"),
    }
    errors: dict[str, str] = {}
    if not values["agreed"]:
        errors["agreed"] = "Record a consent only when the participant has agreed to it."
    try:
        employer_id, days = form_id(values, "employer_id"), int(values["days"])
    except (InvalidInput, ValueError):
        errors.setdefault("employer_id", "Choose an employer and a number of days.")
    if not errors:
        try:
            await consents.grant(
                db_session,
                viewer,
                participant_id,
                employer_id,
                values["fields"],
                values["purpose"],
                days=days,
            )
        except InvalidInput as exc:
            field, _, message = exc.message.partition(": ")
            errors[field if field in values else "purpose"] = message or exc.message
    if errors:
        await db_session.rollback()
        return await _specialist_page(
            request, db_session, participant_id, values=values, errors=errors, status_code=400
        )
    return see_other(f"/participants/{participant_id}/consents?done=recorded")


@post("/participants/{participant_id:int}/consents/{consent_id:int}/revoke")
async def consent_revoke(
    request: AnyRequest,
    db_session: NamedDependency[AsyncSession],
    participant_id: FromPath[Id],
    consent_id: FromPath[Id],
) -> Response[Any]:
    """Withdraw a consent for the participant, at once."""
    viewer = current_viewer(request)
    await require_participant(db_session, viewer, participant_id, protected=False)
    await consents.revoke(db_session, viewer, consent_id, participant_id=participant_id)
    return see_other(f"/participants/{participant_id}/consents?done=withdrawn")


participant_consents_router = Router(
    path="/",
    guards=[allow("participant")],
    route_handlers=[my_consents_page, my_consent_revoke],
    include_in_schema=False,
)
staff_consents_router = Router(
    path="/",
    guards=[allow("specialist", "admin")],
    route_handlers=[consents_page, consent_record, consent_revoke],
    include_in_schema=False,
)
