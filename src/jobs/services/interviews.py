"""Employers reach the program: who referred a candidate and how to reach them, and the
employer's request for an interview (times offered and a note), which the specialist sees on the
participant's page, and by email through the outbox; it is kept here and in the audit trail."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo
from typing import Any

from sqlalchemy import ColumnElement, Integer, Select, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.errors import PermissionDenied
from jobs.services.visibility import (
    audit,
    require_participant,
    visible_participant_ids,
    visible_referral,
)
from jobs.services.web_sessions import Viewer
from jobs.settings import Settings
from jobs.store import (
    CaseloadAssignment,
    Employer,
    InterviewRequest,
    Posting,
    Referral,
    StaffContact,
    User,
)
from jobs.store.base import utcnow

log = logging.getLogger(__name__)

MAX_OPTIONS = 3
MAX_NOTE = 2000
MAX_DAYS_AHEAD = 180
PHONE_CHARACTERS = set("0123456789+-() .")


@dataclass(frozen=True, slots=True)
class Contact:
    """How to reach a specialist."""

    name: str
    email: str
    phone: str


@dataclass(frozen=True, slots=True)
class InterviewView:
    """One request as the specialist or the employer sees it."""

    id: int
    referral_id: int
    posting_id: int
    participant_id: int
    employer: str
    job_title: str
    options: list[str]
    note: str
    requested_by: str
    created_at: datetime


def e164(phone: str) -> str | None:
    """A phone number in E.164 ("+18165550142"); a 10-digit number is taken as North American.
    None when it is not a phone number."""
    text = phone.strip()
    if not text or not set(text) <= PHONE_CHARACTERS or "+" in text[1:]:
        return None
    digits = "".join(c for c in text if c.isdigit())
    if text.startswith("+"):
        return f"+{digits}" if 8 <= len(digits) <= 15 else None
    if len(digits) == 10:
        return f"+1{digits}"
    if len(digits) == 11 and digits.startswith("1"):
        return f"+{digits}"
    return None


def phone_text(number: str) -> str:
    """An E.164 number as people write it: "+18165550142" → "(816) 555-0142"."""
    if len(number) == 12 and number.startswith("+1"):
        return f"({number[2:5]}) {number[5:8]}-{number[8:]}"
    return number


async def staff_phone(session: AsyncSession, user_id: int) -> str:
    """The phone a staff member gave (empty when none)."""
    contact = await session.get(StaffContact, user_id)
    return contact.phone if contact else ""


async def set_staff_phone(session: AsyncSession, viewer: Viewer, phone: str) -> dict[str, str]:
    """Save the viewer's own phone for employers and participants; problems by field."""
    if not viewer.is_staff:
        raise PermissionDenied("only program staff give a phone here")
    number = e164(phone) if phone.strip() else ""
    if number is None:
        return {"phone": "Give a phone number: 10 digits, or + and the country code."}
    phone = number
    contact = await session.get(StaffContact, viewer.user_id)
    if contact is None:
        session.add(StaffContact(user_id=viewer.user_id, phone=phone))
    else:
        contact.phone = phone
    await audit(session, viewer, "staff_phone_changed", "user", viewer.user_id)
    return {}


async def referrer_contact(
    session: AsyncSession, viewer: Viewer, referral_id: int, *, help_phone: str = ""
) -> Contact | None:
    """The specialist who made a referral the viewer may see (else one on the participant's
    caseload), with the program's help phone when they gave none."""
    referral = await visible_referral(
        session, viewer, referral_id, f"no candidate {referral_id} for your company"
    )
    user = await session.get(User, referral.referred_by) if referral.referred_by else None
    if user is None or not user.is_active:
        user = await session.scalar(
            select(User)
            .join(CaseloadAssignment, CaseloadAssignment.specialist_id == User.id)
            .where(
                CaseloadAssignment.participant_id == referral.participant_id,
                User.is_active.is_(True),
            )
            .order_by(CaseloadAssignment.assigned_at)
            .limit(1)
        )
    if user is None:
        return None
    phone = phone_text(await staff_phone(session, user.id)) or help_phone
    return Contact(name=user.display_name or user.email, email=user.email, phone=phone)


def check_options(
    raw: list[str], zone: tzinfo, now: datetime | None = None
) -> tuple[list[str], dict[str, str]]:
    """The offered times as local 'YYYY-MM-DDTHH:MM', soonest first; problems by field."""
    now = (now or utcnow()).astimezone(zone)
    chosen: list[datetime] = []
    problems: dict[str, str] = {}
    for index, text in enumerate(raw[:MAX_OPTIONS], start=1):
        text = text.strip()
        if not text:
            continue
        try:
            moment = datetime.fromisoformat(text).replace(tzinfo=zone, second=0, microsecond=0)
        except ValueError:
            problems[f"option_{index}"] = "Give a date and a time."
            continue
        if moment <= now:
            problems[f"option_{index}"] = "Choose a time that has not passed."
        elif (moment - now).days > MAX_DAYS_AHEAD:
            problems[f"option_{index}"] = f"Choose a time within {MAX_DAYS_AHEAD} days."
        else:
            chosen.append(moment)
    if not chosen and not problems:
        problems["option_1"] = "Offer at least one date and time for the interview."
    ordered = sorted(set(chosen))
    return [m.strftime("%Y-%m-%dT%H:%M") for m in ordered], problems


async def request_interview(
    session: AsyncSession,
    viewer: Viewer,
    referral_id: int,
    options: list[str],
    note: str,
    zone: tzinfo,
    settings: Settings | None = None,
) -> dict[str, str]:
    """Record the employer's interview request for a referred candidate; problems by field.
    With ``settings``, the participant's specialists get an email through the outbox, in the
    same transaction."""
    if viewer.role != "employer":
        raise PermissionDenied("only the employer asks for an interview here")
    referral = await visible_referral(
        session, viewer, referral_id, f"no candidate {referral_id} for your company"
    )
    times, problems = check_options(options, zone)
    note = note.strip()
    if len(note) > MAX_NOTE:
        problems["note"] = f"Keep the note under {MAX_NOTE} characters."
    if problems:
        return problems
    request = InterviewRequest(
        referral_id=referral.id,
        participant_id=referral.participant_id,
        employer_id=referral.employer_id,
        requested_by=viewer.user_id,
        options=times,
        note=note,
    )
    session.add(request)
    await session.flush()
    await audit(
        session,
        viewer,
        "interview_requested",
        "referral",
        referral.id,
        participant_id=referral.participant_id,
        detail={"interview_request_id": request.id, "options": len(times)},
    )
    if settings is not None:
        from jobs.services.message_events import tell_specialists

        employer = await session.get(Employer, referral.employer_id)
        posting = await session.get(Posting, referral.posting_id)
        await tell_specialists(
            session,
            settings,
            referral.participant_id,
            "staff_interview_request",
            key=f"staff_interview_request:{request.id}",
            fields={
                "employer": employer.name if employer else "An employer",
                "job": posting.title if posting else "a job",
            },
        )
    return {}


def _views_query(where: ColumnElement[bool]) -> Select[Any]:
    return (
        select(
            InterviewRequest,
            Employer.name,
            Posting.id,
            Posting.title,
            User.display_name,
            User.email,
        )
        .join(Referral, Referral.id == InterviewRequest.referral_id)
        .join(Employer, Employer.id == InterviewRequest.employer_id)
        .join(Posting, Posting.id == Referral.posting_id)
        .outerjoin(User, User.id == InterviewRequest.requested_by)
        .where(where)
        .order_by(InterviewRequest.created_at.desc(), InterviewRequest.id.desc())
    )


# A participant's requests: built once (the specialist's profile and match pages run it).
_FOR_PARTICIPANT = _views_query(
    InterviewRequest.participant_id == bindparam("participant_id", type_=Integer)
)


async def _views(
    session: AsyncSession,
    where: ColumnElement[bool] | None = None,
    *,
    participant_id: int | None = None,
) -> list[InterviewView]:
    """The views of the requests ``where`` picks (or of one participant's)."""
    if where is None:
        rows = await session.execute(_FOR_PARTICIPANT, {"participant_id": participant_id})
    else:
        rows = await session.execute(_views_query(where))
    return [
        InterviewView(
            id=request.id,
            referral_id=request.referral_id,
            posting_id=posting_id,
            participant_id=request.participant_id,
            employer=employer,
            job_title=title,
            options=list(request.options),
            note=request.note,
            requested_by=name or email or "",
            created_at=request.created_at,
        )
        for request, employer, posting_id, title, name, email in rows
    ]


async def for_referral(
    session: AsyncSession, viewer: Viewer, referral_id: int
) -> list[InterviewView]:
    """The requests made on one referral the viewer may see."""
    await visible_referral(session, viewer, referral_id, f"no candidate {referral_id}")
    return await _views(session, InterviewRequest.referral_id == referral_id)


async def for_participant(
    session: AsyncSession, viewer: Viewer, participant_id: int
) -> list[InterviewView]:
    """Every interview request for a participant, for staff who may open them."""
    await require_participant(session, viewer, participant_id, protected=False)
    return await _views(session, participant_id=participant_id)


RECENT_DAYS = 14


async def recent_for_caseload(
    session: AsyncSession, viewer: Viewer, *, now: datetime | None = None
) -> list[InterviewView]:
    """Interview requests of the last two weeks for the participants the viewer may open."""
    since = (now or utcnow()) - timedelta(days=RECENT_DAYS)
    return await _views(
        session,
        InterviewRequest.participant_id.in_(visible_participant_ids(viewer))
        & (InterviewRequest.created_at >= since),
    )
