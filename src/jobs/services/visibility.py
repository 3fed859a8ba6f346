"""Who may see which participant, said once as query clauses, and the audit trail of each look.

Scoping happens in the query: a participant outside the viewer's reach is simply not found, the
same answer as for one that does not exist.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, and_, false, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from jobs.errors import NotFound, PermissionDenied
from jobs.services.web_sessions import Viewer
from jobs.store import AuditEvent, CaseloadAssignment, Consent, Participant, Referral
from jobs.store.base import utcnow


def visible_participant_ids(viewer: Viewer) -> Select[tuple[int]]:
    """Ids of the participants whose own profile the viewer may open (never employers)."""
    if viewer.role == "admin":
        return select(Participant.id)
    if viewer.role == "specialist":
        return select(CaseloadAssignment.participant_id).where(
            CaseloadAssignment.specialist_id == viewer.user_id
        )
    if viewer.role == "participant" and viewer.participant_id is not None:
        return select(Participant.id).where(Participant.id == viewer.participant_id)
    return select(Participant.id).where(false())


def consent_is_valid(now: Any = None) -> Any:
    """A consent that is neither revoked nor expired."""
    now = now or utcnow()
    return and_(
        Consent.revoked_at.is_(None), or_(Consent.expires_at.is_(None), Consent.expires_at > now)
    )


def referrals_visible_to(viewer: Viewer) -> Select[tuple[Referral, Consent]]:
    """Referrals (with their consent) the viewer may see.

    Employers: only to their own employers, and only while the consent holds.
    """
    query = select(Referral, Consent).join(Consent, Consent.id == Referral.consent_id)
    if viewer.role == "admin":
        return query
    if viewer.role == "employer":
        if not viewer.employer_ids or not viewer.employer_approved:
            return query.where(false())
        return query.where(
            Referral.employer_id.in_(viewer.employer_ids),
            Consent.employer_id == Referral.employer_id,
            consent_is_valid(),
        )
    return query.where(Referral.participant_id.in_(visible_participant_ids(viewer)))


async def require_participant(
    session: AsyncSession, viewer: Viewer, participant_id: int, *, protected: bool = True
) -> Participant:
    """The participant if the viewer may open their profile; NotFound otherwise."""
    if viewer.role == "employer":
        raise PermissionDenied("employers see candidates only through referrals")
    query = select(Participant).where(
        Participant.id == participant_id, Participant.id.in_(visible_participant_ids(viewer))
    )
    if protected:
        query = query.options(
            selectinload(Participant.supervision), selectinload(Participant.record)
        )
    row = await session.scalar(query)
    if row is None:
        raise NotFound(f"no participant {participant_id} on your list")
    return row


async def audit(
    session: AsyncSession,
    viewer: Viewer | None,
    action: str,
    subject_type: str,
    subject_id: object = "",
    *,
    participant_id: int | None = None,
    detail: dict[str, Any] | None = None,
) -> None:
    """Append one audit event: who did what to which record (no secrets, no field values)."""
    session.add(
        AuditEvent(
            actor_user_id=viewer.user_id if viewer else None,
            actor_label=f"{viewer.role}:{viewer.email}" if viewer else "anonymous",
            action=action,
            subject_type=subject_type,
            subject_id=str(subject_id),
            participant_id=participant_id,
            detail=detail or {},
        )
    )
