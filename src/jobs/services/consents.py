"""Consents: a participant's permission to share named fields with a named employer for a
purpose, until a date; revoked at once when they say so. And what was shown under them.

Participants see and revoke their own consents; specialists (for their caseload) and admins
record a consent on a participant's behalf and may revoke it. Every change is audited.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.errors import InvalidInput, NotFound, PermissionDenied
from jobs.services.visibility import (
    SHAREABLE,
    audit,
    consent_holds,
    require_participant,
    visible_participant_ids,
)
from jobs.services.web_sessions import Viewer
from jobs.store import Consent, Disclosure, Employer
from jobs.store.base import utcnow

CONSENT_DAYS = 180
MAX_CONSENT_DAYS = 365
PURPOSE_LENGTH = 300


class ConsentView(msgspec.Struct, kw_only=True):
    """One consent as its participant and their specialist see it."""

    id: int
    participant_id: int
    employer_id: int
    employer: str
    fields: list[str]
    field_labels: list[str]
    purpose: str
    granted_at: str
    expires_at: str | None
    revoked_at: str | None
    status: str  # active | expired | revoked


class DisclosureView(msgspec.Struct, kw_only=True):
    """One showing of the participant's information to an employer."""

    employer: str
    fields: list[str]
    field_labels: list[str]
    disclosed_at: str
    channel: str


def status_of(consent: Consent, now: datetime | None = None) -> str:
    """active, expired or revoked."""
    if consent.revoked_at is not None:
        return "revoked"
    return "active" if consent_holds(consent, now) else "expired"


def _labels(fields: list[str]) -> list[str]:
    return [SHAREABLE.get(f, f) for f in fields]


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="minutes") if moment else None


def _view(consent: Consent, employer: str, now: datetime | None) -> ConsentView:
    return ConsentView(
        id=consent.id,
        participant_id=consent.participant_id,
        employer_id=consent.employer_id,
        employer=employer,
        fields=list(consent.fields),
        field_labels=_labels(list(consent.fields)),
        purpose=consent.purpose,
        granted_at=_iso(consent.granted_at) or "",
        expires_at=_iso(consent.expires_at),
        revoked_at=_iso(consent.revoked_at),
        status=status_of(consent, now),
    )


def _own_participant(viewer: Viewer, participant_id: int | None) -> int:
    if participant_id is None:
        if viewer.role != "participant" or viewer.participant_id is None:
            raise PermissionDenied("only a participant has consents of their own")
        return viewer.participant_id
    return participant_id


async def consents_of(
    session: AsyncSession,
    viewer: Viewer,
    participant_id: int | None = None,
    *,
    now: datetime | None = None,
) -> list[ConsentView]:
    """A participant's consents, active first then newest (participants: their own)."""
    participant_id = _own_participant(viewer, participant_id)
    await require_participant(session, viewer, participant_id, protected=False)
    rows = await session.execute(
        select(Consent, Employer.name)
        .join(Employer, Employer.id == Consent.employer_id)
        .where(Consent.participant_id == participant_id)
        .order_by(Consent.granted_at.desc(), Consent.id.desc())
    )
    views = [_view(consent, name, now) for consent, name in rows]
    views.sort(key=lambda v: v.status != "active")
    await audit(
        session,
        viewer,
        "consents_listed",
        "participant",
        participant_id,
        participant_id=participant_id,
    )
    return views


async def disclosures_of(
    session: AsyncSession,
    viewer: Viewer,
    participant_id: int | None = None,
    *,
    limit: int = 50,
) -> list[DisclosureView]:
    """Who has been shown what of a participant, newest first (participants: their own)."""
    participant_id = _own_participant(viewer, participant_id)
    await require_participant(session, viewer, participant_id, protected=False)
    rows = await session.execute(
        select(Disclosure, Employer.name)
        .join(Employer, Employer.id == Disclosure.employer_id)
        .where(Disclosure.participant_id == participant_id)
        .order_by(Disclosure.disclosed_at.desc(), Disclosure.id.desc())
        .limit(limit)
    )
    return [
        DisclosureView(
            employer=name,
            fields=list(row.fields),
            field_labels=_labels(list(row.fields)),
            disclosed_at=_iso(row.disclosed_at) or "",
            channel=row.channel,
        )
        for row, name in rows
    ]


async def grant(
    session: AsyncSession,
    viewer: Viewer,
    participant_id: int,
    employer_id: int,
    fields: list[str],
    purpose: str,
    *,
    days: int = CONSENT_DAYS,
    now: datetime | None = None,
) -> Consent:
    """Record a participant's consent on their behalf (staff, for a participant they see).

    The caller has already confirmed the specialist's identity again (re-authentication).
    """
    if not viewer.is_staff:
        raise PermissionDenied("only program staff record a consent for a participant")
    await require_participant(session, viewer, participant_id, protected=False)
    unknown = sorted(set(fields) - set(SHAREABLE))
    if unknown:
        raise InvalidInput(f"fields: unknown field(s) {', '.join(unknown)}")
    purpose = purpose.strip()
    if not purpose or len(purpose) > PURPOSE_LENGTH:
        raise InvalidInput(f"purpose: say what it is for, in 1 to {PURPOSE_LENGTH} characters")
    if not 1 <= days <= MAX_CONSENT_DAYS:
        raise InvalidInput(f"days: a consent lasts from 1 to {MAX_CONSENT_DAYS} days")
    employer = await session.get(Employer, employer_id)
    if employer is None or employer.status != "approved":
        raise InvalidInput("employer: choose an approved employer")
    now = now or utcnow()
    consent = Consent(
        participant_id=participant_id,
        employer_id=employer_id,
        fields=sorted(set(fields)),
        purpose=purpose,
        granted_at=now,
        expires_at=now + timedelta(days=days),
        recorded_by=viewer.user_id,
    )
    session.add(consent)
    await session.flush()
    await audit(
        session,
        viewer,
        "consent_granted",
        "consent",
        consent.id,
        participant_id=participant_id,
        detail={"employer_id": employer_id, "fields": consent.fields, "days": days},
    )
    return consent


async def revoke(
    session: AsyncSession,
    viewer: Viewer,
    consent_id: int,
    *,
    participant_id: int | None = None,
    now: datetime | None = None,
) -> Consent:
    """Withdraw a consent at once: from this moment the employer sees nothing it named.

    Participants revoke their own; staff those of participants they see. Revoking twice is
    harmless (the first time stands).
    """
    query = select(Consent).where(
        Consent.id == consent_id, Consent.participant_id.in_(visible_participant_ids(viewer))
    )
    if participant_id is not None:
        query = query.where(Consent.participant_id == participant_id)
    consent = await session.scalar(query)
    if consent is None:
        raise NotFound(f"no consent {consent_id} of yours")
    if consent.revoked_at is None:
        consent.revoked_at = now or utcnow()
        await session.flush()
        await audit(
            session,
            viewer,
            "consent_revoked",
            "consent",
            consent.id,
            participant_id=consent.participant_id,
            detail={"employer_id": consent.employer_id},
        )
    return consent


async def approved_employers(session: AsyncSession) -> list[tuple[int, str]]:
    """Employers a consent may name: approved companies, by name."""
    rows = await session.execute(
        select(Employer.id, Employer.name)
        .where(Employer.status == "approved")
        .order_by(Employer.name)
    )
    return [(i, n) for i, n in rows]
