"""The JSON API under /api/v1: the portal's use-cases for integrations, with the same scoping.

Inputs are msgspec Structs with ``forbid_unknown_fields=True`` (no mass assignment: no role,
owner or consent fields in write shapes); outputs are separate Read shapes (both in
``jobs.api.schemas``). Lists are paginated with ``limit`` and ``offset``. Auth: the session
cookie (with the X-CSRF-Token header on writes) or ``Authorization: Bearer <token>``.
Handlers only call services: scoping by role happens in their queries.
"""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Request, Router, get, patch, post
from litestar.connection import ASGIConnection
from litestar.di import NamedDependency
from litestar.handlers.base import BaseRouteHandler
from litestar.params import FromPath, FromQuery, JSONBody, QueryParameter
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.api.schemas import (
    MAX_ID,
    EmployerRead,
    MatchReview,
    MeRead,
    Page,
    ParticipantRead,
    ParticipantSummary,
    ParticipantUpdate,
    PlacementCreate,
    PlacementRead,
    ReferralCreate,
)
from jobs.clock import program_today
from jobs.errors import InvalidInput, PermissionDenied
from jobs.participant_format import ParticipantIn
from jobs.services import consents, profiles, referrals, review
from jobs.services.participants import to_participant_format
from jobs.services.trip_directions import Directions, match_directions
from jobs.services.visibility import (
    audit,
    require_participant,
    visible_employer,
    visible_employers,
    visible_participants,
    visible_placements,
    visible_posting,
    visible_postings,
)
from jobs.store import Employer
from jobs.web.access import allow, current_viewer
from jobs.web.audit_trail import mark_refused
from jobs.web.ids import Id

STAFF = allow("specialist", "admin")
NOT_PARTICIPANT = allow("specialist", "admin", "employer")

AnyRequest = Request[Any, Any, Any]
Db = NamedDependency[AsyncSession]
OptionalId = Annotated[int | None, QueryParameter(ge=1, le=MAX_ID)]
Limit = Annotated[int, QueryParameter(ge=1, le=200)]
Offset = Annotated[int, QueryParameter(ge=0, le=MAX_ID)]


def _staff(request: AnyRequest) -> Any:
    viewer = current_viewer(request)
    if not viewer.is_staff:
        raise PermissionDenied("this part of the API is for program staff")
    return viewer


@get("/me", summary="Who am I")
async def me(request: AnyRequest) -> MeRead:
    """The signed-in user (session cookie or bearer token)."""
    viewer = current_viewer(request)
    return MeRead(
        id=viewer.user_id,
        email=viewer.email,
        role=viewer.role,
        display_name=viewer.display_name,
        locale=viewer.locale,
        participant_id=viewer.participant_id,
        employer_ids=list(viewer.employer_ids),
        auth=viewer.via,
    )


@get("/participants", summary="Participants visible to the caller")
async def participants_list(
    request: AnyRequest, db_session: Db, limit: FromQuery[Limit] = 50, offset: FromQuery[Offset] = 0
) -> Page[ParticipantSummary]:
    """Specialists: their caseload; admins: everyone; participants: themselves."""
    viewer = current_viewer(request)
    rows, total = await visible_participants(db_session, viewer, limit=limit, offset=offset)
    items = [ParticipantSummary(id=i, external_ref=r, name=n) for i, r, n in rows]
    await audit(
        db_session, viewer, "api_list_participants", "participant", detail={"n": len(items)}
    )
    return Page(items=items, total=total, limit=limit, offset=offset)


@get("/participants/{participant_id:int}", summary="One participant")
async def participant_read(
    request: AnyRequest, db_session: Db, participant_id: FromPath[Id]
) -> ParticipantRead:
    """A participant in DESIGN's format (staff and the participant themselves)."""
    viewer = current_viewer(request)
    participant = await require_participant(db_session, viewer, participant_id)
    await audit(
        db_session,
        viewer,
        "api_read_participant",
        "participant",
        participant_id,
        participant_id=participant_id,
    )
    return ParticipantRead(id=participant.id, participant=to_participant_format(participant))


@post("/participants", summary="Create a participant (intake)", guards=[STAFF])
async def participant_create(
    request: AnyRequest, db_session: Db, data: JSONBody[ParticipantIn]
) -> ParticipantRead:
    """Create a participant; a specialist's new participant joins their caseload."""
    viewer = _staff(request)
    try:
        participant = await profiles.create_participant(db_session, viewer, data)
    except profiles.ReferenceRefused:
        mark_refused(request, "reference_taken")  # audited: who tries which references
        raise
    return ParticipantRead(id=participant.id, participant=to_participant_format(participant))


@patch(
    "/participants/{participant_id:int}", summary="Change a participant's profile", guards=[STAFF]
)
async def participant_update(
    request: AnyRequest,
    db_session: Db,
    participant_id: FromPath[Id],
    data: JSONBody[ParticipantUpdate],
) -> ParticipantRead:
    """Change named profile fields (only those sent)."""
    viewer = _staff(request)
    changes = msgspec.to_builtins(data)
    participant = await profiles.update_participant(db_session, viewer, participant_id, changes)
    return ParticipantRead(id=participant.id, participant=to_participant_format(participant))


@get(
    "/participants/{participant_id:int}/matches",
    summary="A participant's ranked matches",
    guards=[STAFF],
)
async def matches_list(
    request: AnyRequest,
    db_session: Db,
    participant_id: FromPath[Id],
    tier: FromQuery[str | None] = None,
    limit: FromQuery[Limit] = 50,
) -> dict[str, list[review.MatchView]]:
    """Matches by tier, best first (staff)."""
    viewer = _staff(request)
    filters = review.MatchFilters(tier=tier, limit=limit)
    _, sections, _ = await review.review_matches(db_session, viewer, participant_id, filters)
    return sections


@patch(
    "/participants/{participant_id:int}/matches/{match_id:int}",
    summary="Review a match",
    guards=[STAFF],
)
async def match_review(
    request: AnyRequest,
    db_session: Db,
    participant_id: FromPath[Id],
    match_id: FromPath[Id],
    data: JSONBody[MatchReview],
) -> review.MatchView:
    """Shortlist, dismiss (with reason), applied, interviewing, offered or reopen."""
    viewer = _staff(request)
    if data.action == "hired":
        raise InvalidInput("action: record a hire with POST /api/v1/placements")
    problems = await review.review(
        db_session, viewer, participant_id, match_id, data.action, reason=data.reason,
        today=program_today(request.app.state.settings.clock.zone),
    )  # fmt: skip
    if problems:
        raise InvalidInput("; ".join(f"{k}: {v}" for k, v in problems.items()))
    _, view = await review.one_match(db_session, viewer, participant_id, match_id)
    return view


@get(
    "/participants/{participant_id:int}/matches/{match_id:int}/trip",
    summary="A match's trips there and home",
    guards=[STAFF],
)
async def match_trip(
    request: AnyRequest,
    db_session: Db,
    participant_id: FromPath[Id],
    match_id: FromPath[Id],
) -> Directions | None:
    """Steps there and home for each kind of day the shift is worked: the first way home and
    the last that still works (by the participant's curfew), planned now (staff)."""
    viewer = _staff(request)
    participant, view = await review.one_match(db_session, viewer, participant_id, match_id)
    return await match_directions(
        db_session, request.app.state.runtime, participant, view.posting_id, known=view
    )


@get("/postings", summary="Open postings", guards=[NOT_PARTICIPANT])
async def postings_list(
    request: AnyRequest, db_session: Db, limit: FromQuery[Limit] = 50, offset: FromQuery[Offset] = 0
) -> Page[dict[str, Any]]:
    """Open postings (employers: their own)."""
    viewer = current_viewer(request)
    items, total = await visible_postings(db_session, viewer, limit=limit, offset=offset)
    return Page(items=items, total=total, limit=limit, offset=offset)


@get("/postings/{posting_id:int}", summary="One posting", guards=[NOT_PARTICIPANT])
async def posting_read(
    request: AnyRequest, db_session: Db, posting_id: FromPath[Id]
) -> dict[str, Any]:
    """One posting (employers: only their own)."""
    return await visible_posting(db_session, current_viewer(request), posting_id)


@get("/referrals", summary="Referrals visible to the caller", guards=[NOT_PARTICIPANT])
async def referrals_list(request: AnyRequest, db_session: Db) -> list[referrals.CandidateView]:
    """Employers: candidates referred to them, with consented fields only; staff: theirs."""
    viewer = current_viewer(request)
    if viewer.role == "participant":
        raise PermissionDenied("participants do not list referrals here")
    return await referrals.candidates(db_session, viewer, channel="api")


@post("/referrals", summary="Refer a participant for a match", guards=[STAFF])
async def referral_create(
    request: AnyRequest, db_session: Db, data: JSONBody[ReferralCreate]
) -> dict[str, str]:
    """Create a referral with the participant's consent (staff)."""
    viewer = _staff(request)
    problems = await referrals.refer(
        db_session, viewer, data.participant_id, data.match_id, data.shared, data.participant_agreed
    )
    if problems:
        raise InvalidInput("; ".join(problems.values()))
    return {"status": "referred"}


@get("/placements", summary="Placements of visible participants", guards=[STAFF])
async def placements_list(
    request: AnyRequest, db_session: Db, limit: FromQuery[Limit] = 50, offset: FromQuery[Offset] = 0
) -> Page[PlacementRead]:
    """Placements (staff: of their participants)."""
    viewer = _staff(request)
    rows, total = await visible_placements(db_session, viewer, limit=limit, offset=offset)
    items = [
        PlacementRead(
            id=p.id,
            participant_id=p.participant_id,
            employer_id=p.employer_id,
            posting_id=p.posting_id,
            job_title=p.job_title,
            start_date=p.start_date.isoformat(),
            hourly_wage=p.hourly_wage,
            hours_per_week=p.hours_per_week,
        )
        for p in rows
    ]
    await audit(db_session, viewer, "api_list_placements", "placement", detail={"n": len(items)})
    return Page(items=items, total=total, limit=limit, offset=offset)


@post("/placements", summary="Record a hire", guards=[STAFF])
async def placement_create(
    request: AnyRequest, db_session: Db, data: JSONBody[PlacementCreate]
) -> dict[str, str]:
    """Record a hire and its retention checkpoints (staff)."""
    viewer = _staff(request)
    form = {k: str(v) for k, v in msgspec.to_builtins(data).items()}
    problems = await review.review(
        db_session, viewer, data.participant_id, data.match_id, "hired", hire=form,
        today=program_today(request.app.state.settings.clock.zone),
    )  # fmt: skip
    if problems:
        raise InvalidInput("; ".join(f"{k}: {v}" for k, v in problems.items()))
    return {"status": "hired"}


def _employer(row: Employer | Any) -> EmployerRead:
    return EmployerRead(
        id=row.id,
        name=row.name,
        industry=row.industry,
        website=row.website,
        fair_chance_verified=row.fair_chance_verified,
        pledge_signed=row.pledge_signed,
        hiring_policy=row.hiring_policy,
    )


@get("/employers", summary="Approved employers", guards=[NOT_PARTICIPANT])
async def employers_list(
    request: AnyRequest, db_session: Db, limit: FromQuery[Limit] = 50, offset: FromQuery[Offset] = 0
) -> Page[EmployerRead]:
    """Approved employers (employers: their own company)."""
    viewer = current_viewer(request)
    rows, total = await visible_employers(db_session, viewer, limit=limit, offset=offset)
    return Page(items=[_employer(e) for e in rows], total=total, limit=limit, offset=offset)


@get("/employers/{employer_id:int}", summary="One employer", guards=[NOT_PARTICIPANT])
async def employer_read(
    request: AnyRequest, db_session: Db, employer_id: FromPath[Id]
) -> EmployerRead:
    """One employer (employers: only their own)."""
    return _employer(await visible_employer(db_session, current_viewer(request), employer_id))


PARTICIPANT_OR_STAFF = allow("participant", "specialist", "admin")


@get("/consents", summary="A participant's consents", guards=[PARTICIPANT_OR_STAFF])
async def consents_list(
    request: AnyRequest,
    db_session: Db,
    participant_id: FromQuery[OptionalId] = None,
) -> list[consents.ConsentView]:
    """Participants: their own; staff: those of ``participant_id`` (one they may see)."""
    viewer = current_viewer(request)
    if viewer.role == "participant":
        participant_id = None
    elif participant_id is None:
        raise InvalidInput("participant_id: say whose consents to list")
    return await consents.consents_of(db_session, viewer, participant_id)


@post(
    "/consents/{consent_id:int}/revoke",
    summary="Withdraw a consent at once",
    guards=[PARTICIPANT_OR_STAFF],
    status_code=200,
)
async def consent_revoke(
    request: AnyRequest, db_session: Db, consent_id: FromPath[Id]
) -> dict[str, str]:
    """From now on the employer sees nothing this consent named (participants: their own)."""
    consent = await consents.revoke(db_session, current_viewer(request), consent_id)
    # consents.revoke sets revoked_at (or refuses): it is never None here.
    return {"status": "revoked", "revoked_at": consent.revoked_at.isoformat()}  # type: ignore[union-attr]


async def known_query_only(
    connection: ASGIConnection[Any, Any, Any, Any], handler: BaseRouteHandler
) -> None:
    """Refuse query parameters the operation does not take (a typo must not pass silently)."""
    known = set(handler.parsed_fn_signature.parameters)
    unknown = sorted(set(connection.query_params) - known)
    if unknown:
        raise InvalidInput(f"unknown query parameter(s): {', '.join(map(repr, unknown))[:200]}")


api_router = Router(
    path="/api/v1",
    guards=[known_query_only],
    route_handlers=[
        me,
        participants_list,
        participant_read,
        participant_create,
        participant_update,
        matches_list,
        match_review,
        match_trip,
        postings_list,
        posting_read,
        referrals_list,
        referral_create,
        placements_list,
        placement_create,
        employers_list,
        employer_read,
        consents_list,
        consent_revoke,
    ],
    tags=["api"],
)
