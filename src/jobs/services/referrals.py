"""Referrals: a specialist puts a participant forward for a job under a consent; the employer
sees the candidate while a consent naming it holds, only the fields valid consents name (built
by ``visibility.employer_view``, each showing recorded as a disclosure), and marks interview,
offer and hire.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import cast

import msgspec
from sqlalchemy import Table, select, tuple_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from jobs.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from jobs.services.applications import REFERRAL_STEPS, add_step
from jobs.services.audit import keep_record
from jobs.services.visibility import (
    SHAREABLE,
    CandidateView,
    audit,
    consent_is_valid,
    employer_list_view,
    employer_view,
    referrals_visible_to,
    require_participant,
    visible_referral,
)
from jobs.services.web_sessions import Viewer
from jobs.store import Consent, Disclosure, Employer, Match, Participant, Posting, Referral
from jobs.store.base import utcnow
from jobs.store.encryption import open_selected

DISCLOSURES = cast(Table, Disclosure.__table__)

EMPLOYER_STATUSES = ("interviewing", "offered", "hired", "declined")
CONSENT_DAYS = 180
__all__ = ["SHAREABLE", "CandidateView", "candidates", "refer", "set_referral_status"]


class OfficerApproval(msgspec.Struct, frozen=True, kw_only=True):
    """The supervising officer's approval of a job, as the specialist recorded it."""

    officer: str
    approved_on: date


def read_approval(
    officer: str, approved_on: str, today: date
) -> tuple[OfficerApproval | None, dict[str, str]]:
    """The officer's approval from the refer form; problems by field (both are needed)."""
    officer = " ".join(officer.split())[:200]
    problems: dict[str, str] = {}
    if not officer:
        problems["approved_by"] = "Enter the name of the officer who approved this job"
    when = None
    try:
        when = date.fromisoformat(approved_on.strip())
    except ValueError:
        problems["approved_on"] = "Enter the day the officer approved it, like 2026-12-01"
    if when is not None and when > today:
        problems["approved_on"] = "The day of approval cannot be in the future"
    if problems or when is None:
        return None, problems
    return OfficerApproval(officer=officer, approved_on=when), {}


async def refer(
    session: AsyncSession,
    viewer: Viewer,
    participant_id: int,
    match_id: int,
    shared_fields: list[str],
    participant_agreed: bool,
    *,
    approval: OfficerApproval | None = None,
    approval_required: bool = False,
) -> dict[str, str]:
    """Refer a participant for a matched job, recording their consent; problems by field.

    With ``approval_required`` (the specialist's refer page), a job that needs the officer's
    approval is only sent once that approval is recorded: who approved it and when."""
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
    if match.tier == "needs_approval" and approval_required and approval is None:
        return {"approved_by": "Record the officer's approval before sending this referral."}
    posting = await session.get(Posting, match.posting_id)
    if posting is None or posting.employer_id is None:
        return {"agreed": "This job is not linked to an employer in the portal yet."}
    employer = await session.get(Employer, posting.employer_id)
    if employer is None or employer.status != "approved":
        return {
            "agreed": "This job's employer is not approved in the portal: it cannot be referred."
        }
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
        approved_by=approval.officer if approval else None,
        approved_on=approval.approved_on if approval else None,
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


async def candidates(
    session: AsyncSession,
    viewer: Viewer,
    *,
    referral_id: int | None = None,
    with_shared: bool = True,
    channel: str = "page",
    now: datetime | None = None,
) -> list[CandidateView]:
    """Referred candidates the viewer may see (employers: their own, under a valid consent).

    Each view comes from ``employer_view``; ``with_shared=False`` leaves every protected field
    and the profile out (a list that shows names only: only the name column is read and
    opened, by ``employer_list_view``). When the viewer is an employer, every view built is
    recorded as a disclosure: employer, participant, fields, time.
    """
    now = now or utcnow()
    query = (
        referrals_visible_to(viewer, now=now)
        .add_columns(Participant if with_shared else Participant.name, Posting.title)
        .join(Participant, Participant.id == Referral.participant_id)
        .join(Posting, Posting.id == Referral.posting_id)
        .order_by(Referral.created_at.desc(), Referral.id.desc())
    )
    if referral_id is not None:
        query = query.where(Referral.id == referral_id)
    rows = list(await session.execute(query))
    if not rows:
        return []
    pairs = {(referral.participant_id, referral.employer_id) for referral, _, _, _ in rows}
    consents = []
    if with_shared:
        consents = list(
            await session.scalars(
                select(Consent).where(
                    tuple_(Consent.participant_id, Consent.employer_id).in_(pairs),
                    consent_is_valid(now),
                )
            )
        )
        if any(set(c.fields) & {"record", "supervision", "treatment"} for c in consents):
            await session.execute(
                select(Participant)
                .where(Participant.id.in_({p for p, _ in pairs}))
                .options(selectinload(Participant.record), selectinload(Participant.supervision))
            )
    if with_shared:
        views = [employer_view(r, consents, p, t, now=now) for r, _, p, t in rows]
    else:
        views = [
            employer_list_view(r, open_selected(session, Participant.name, r.participant_id, n), t)
            for r, _, n, t in rows
        ]
    for view, (referral, _, _, _) in zip(views, rows, strict=True):
        participant_id = referral.participant_id
        used = [
            c.id
            for c in consents
            if c.participant_id == participant_id and c.employer_id == referral.employer_id
        ]
        if viewer.role == "employer":
            disclosed = {
                "disclosed_at": now,
                "participant_id": participant_id,
                "employer_id": referral.employer_id,
                "viewer_user_id": viewer.user_id,
                "consent_ids": sorted(used),
                "referral_id": referral.id,
                "fields": list(view.shared),
                "channel": channel,
            }
            # A page's read keeps it with its audit rows (written, like them, before the
            # names are shown) rather than taking the write lock for the whole render.
            if not keep_record(session, DISCLOSURES, disclosed):
                session.add(Disclosure(**disclosed))
        await audit(
            session,
            viewer,
            "candidate_viewed",
            "referral",
            referral.id,
            participant_id=participant_id,
            detail={"disclosed": view.shared, "consent_ids": sorted(used), "channel": channel},
        )
    await session.flush()
    return views


async def set_referral_status(
    session: AsyncSession, viewer: Viewer, referral_id: int, status: str, today: date
) -> None:
    """An employer marks interview, offer, hire or decline on a visible referral; ``today``
    (the program's date) dates the step on the road to hire."""
    if viewer.role not in ("employer", "admin"):
        raise PermissionDenied("only the employer marks interview, offer and hire here")
    referral = await visible_referral(
        session, viewer, referral_id, f"no referral {referral_id} for your company"
    )
    if status not in EMPLOYER_STATUSES:
        raise InvalidInput(f"status: choose one of {', '.join(EMPLOYER_STATUSES)}")
    referral.status = status
    match = await session.scalar(
        select(Match).where(
            Match.participant_id == referral.participant_id,
            Match.posting_id == referral.posting_id,
        )
    )
    if match is not None and status != "declined":
        match.review_status = status
    await add_step(
        session, referral.participant_id, referral.posting_id, REFERRAL_STEPS[status], today,
        viewer.user_id,
        "declined by the employer" if status == "declined" else "",
    )  # fmt: skip
    await audit(
        session,
        viewer,
        f"referral_{status}",
        "referral",
        referral.id,
        participant_id=referral.participant_id,
    )
