"""Referrals: a specialist puts a participant forward for a job under a consent; the employer
sees only what that consent names, and marks interview, offer and hire.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from jobs.services.visibility import audit, referrals_visible_to, require_participant
from jobs.services.web_sessions import Viewer
from jobs.store import Consent, Match, Participant, Posting, Referral
from jobs.store.base import utcnow

# Fields an employer never sees unless a consent names them.
SHAREABLE = {
    "address": "Home address",
    "record": "Criminal record (felony, offence kinds, dates)",
    "supervision": "Supervision terms (agency, curfew, conditions)",
}
EMPLOYER_STATUSES = ("interviewing", "offered", "hired", "declined")
CONSENT_DAYS = 180


class CandidateView(msgspec.Struct, kw_only=True):
    """A referred candidate as an employer sees them: the profile, plus consented fields only."""

    referral_id: int
    posting_id: int
    job_title: str
    status: str
    referred_at: str
    name: str
    skills: list[str]
    credentials: list[str]
    work_history: list[dict[str, Any]]
    desired_titles: list[str]
    availability: list[dict[str, Any]]
    shared: list[str]
    address: str | None = None
    record: dict[str, Any] | None = None
    supervision: dict[str, Any] | None = None


async def refer(
    session: AsyncSession,
    viewer: Viewer,
    participant_id: int,
    match_id: int,
    shared_fields: list[str],
    participant_agreed: bool,
) -> dict[str, str]:
    """Refer a participant for a matched job, recording their consent; problems by field."""
    await require_participant(session, viewer, participant_id, protected=False)
    match = await session.scalar(
        select(Match).where(Match.id == match_id, Match.participant_id == participant_id)
    )
    if match is None:
        raise NotFound(f"no match {match_id} for this participant")
    unknown = sorted(set(shared_fields) - set(SHAREABLE))
    if unknown:
        raise InvalidInput(f"shared: unknown field(s) {', '.join(unknown)}")
    if not participant_agreed:
        return {"agreed": "Ask the participant first: a referral needs their consent."}
    if match.tier == "excluded":
        return {"agreed": "This job is excluded for this participant and cannot be referred."}
    posting = await session.get(Posting, match.posting_id)
    if posting is None or posting.employer_id is None:
        return {"agreed": "This job is not linked to an employer in the portal yet."}
    existing = await session.scalar(
        select(Referral).where(
            Referral.participant_id == participant_id, Referral.posting_id == posting.id
        )
    )
    if existing is not None:
        raise Conflict("this participant is already referred for this job")
    now = utcnow()
    consent = Consent(
        participant_id=participant_id,
        employer_id=posting.employer_id,
        fields=sorted(set(shared_fields)),
        purpose=f"Referral for {posting.title} (posting {posting.id})",
        granted_at=now,
        expires_at=now + timedelta(days=CONSENT_DAYS),
        recorded_by=viewer.user_id,
    )
    session.add(consent)
    await session.flush()
    referral = Referral(
        participant_id=participant_id,
        posting_id=posting.id,
        employer_id=posting.employer_id,
        consent_id=consent.id,
        referred_by=viewer.user_id,
    )
    session.add(referral)
    match.review_status = "referred"
    match.reviewed_by = viewer.user_id
    match.reviewed_at = now
    await session.flush()
    await audit(
        session,
        viewer,
        "referral_created",
        "referral",
        referral.id,
        participant_id=participant_id,
        detail={"employer_id": posting.employer_id, "consent_fields": consent.fields},
    )
    return {}


def _candidate(referral: Referral, consent: Consent, person: Participant, title: str):
    shared = [f for f in consent.fields if f in SHAREABLE]
    view = CandidateView(
        referral_id=referral.id,
        posting_id=referral.posting_id,
        job_title=title,
        status=referral.status,
        referred_at=referral.created_at.date().isoformat(),
        name=person.name,
        skills=list(person.skills),
        credentials=list(person.credentials),
        work_history=list(person.work_history),
        desired_titles=list(person.desired_titles),
        availability=list(person.availability),
        shared=shared,
    )
    if "address" in shared:
        view.address = person.home_address
    if "record" in shared and person.record is not None:
        rec = person.record
        view.record = {
            "felony": rec.felony,
            "offense_categories": list(rec.offense_categories),
            "conviction_date": rec.conviction_date.isoformat() if rec.conviction_date else None,
            "release_date": rec.release_date.isoformat() if rec.release_date else None,
        }
    if "supervision" in shared and person.supervision is not None:
        sup = person.supervision
        view.supervision = {
            "agency": sup.agency,
            "curfew": f"{sup.curfew_start}–{sup.curfew_end}" if sup.curfew_start else None,
            "conditions": list(sup.conditions),
        }
    return view


async def candidates(
    session: AsyncSession, viewer: Viewer, *, referral_id: int | None = None
) -> list[CandidateView]:
    """Referred candidates the viewer may see (employers: their own, under a valid consent)."""
    from sqlalchemy.orm import selectinload

    query = (
        referrals_visible_to(viewer)
        .add_columns(Participant, Posting.title)
        .join(Participant, Participant.id == Referral.participant_id)
        .join(Posting, Posting.id == Referral.posting_id)
        .order_by(Referral.created_at.desc(), Referral.id.desc())
    )
    if referral_id is not None:
        query = query.where(Referral.id == referral_id)
    rows = list(await session.execute(query))
    people = [person for _, _, person, _ in rows]
    needs_protected = any(
        set(consent.fields) & {"record", "supervision"} for _, consent, _, _ in rows
    )
    if needs_protected and people:
        await session.execute(
            select(Participant)
            .where(Participant.id.in_([p.id for p in people]))
            .options(selectinload(Participant.record), selectinload(Participant.supervision))
        )
    views = [_candidate(r, c, p, t) for r, c, p, t in rows]
    for view, (referral, consent, person, _) in zip(views, rows, strict=True):
        await audit(
            session,
            viewer,
            "candidate_viewed",
            "referral",
            referral.id,
            participant_id=person.id,
            detail={"disclosed": view.shared, "consent_id": consent.id},
        )
    return views


async def set_referral_status(
    session: AsyncSession, viewer: Viewer, referral_id: int, status: str
) -> None:
    """An employer marks interview, offer, hire or decline on a visible referral."""
    if viewer.role not in ("employer", "admin"):
        raise PermissionDenied("only the employer marks interview, offer and hire here")
    row = (
        await session.execute(referrals_visible_to(viewer).where(Referral.id == referral_id))
    ).first()
    if row is None:
        raise NotFound(f"no referral {referral_id} for your company")
    if status not in EMPLOYER_STATUSES:
        raise InvalidInput(f"status: choose one of {', '.join(EMPLOYER_STATUSES)}")
    referral = row[0]
    referral.status = status
    match = await session.scalar(
        select(Match).where(
            Match.participant_id == referral.participant_id,
            Match.posting_id == referral.posting_id,
        )
    )
    if match is not None and status != "declined":
        match.review_status = status
    await audit(
        session,
        viewer,
        f"referral_{status}",
        "referral",
        referral.id,
        participant_id=referral.participant_id,
    )
