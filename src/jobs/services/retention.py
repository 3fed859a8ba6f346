"""Retention: personal data of participants nobody has touched for ``retention_years`` goes.

"Touched" is any update to the participant (profile, record, supervision), their matches,
referrals or placements, or a sign-in to their account. A stale participant with no placement is
deleted with everything about them. One with placements is anonymised instead, so outcome reports
keep their counts: the placements keep wage, hours and dates (their free-text separation reason
goes), enrollment and custody dates stay, and everything that names or describes the person —
profile, record, supervision, consents, matches, referrals, interests, disclosures, caseload and
their account — is removed. Every purge is written to the audit log.
"""

from __future__ import annotations

from datetime import UTC, datetime

import msgspec
from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.services import audit
from jobs.settings import RetentionSettings
from jobs.store import (
    CaseloadAssignment,
    Consent,
    CriminalRecord,
    Disclosure,
    InboundMessage,
    Interest,
    Match,
    MatchSummary,
    OutboxMessage,
    Participant,
    ParticipantContact,
    Placement,
    Referral,
    Supervision,
    User,
)
from jobs.store.base import utcnow
from jobs.store.encryption import seal_selected

ANONYMOUS_PREFIX = "purged-"


class RetentionReport(msgspec.Struct, frozen=True):
    """What a purge did (or, in a dry run, would do)."""

    cutoff: datetime
    dry_run: bool
    participants_checked: int
    deleted: list[int]
    anonymised: list[int]


def years_before(moment: datetime, years: int) -> datetime:
    """``moment`` moved back ``years`` calendar years (29 February becomes the 28th)."""
    try:
        return moment.replace(year=moment.year - years)
    except ValueError:
        return moment.replace(year=moment.year - years, day=28)


def _aware(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


async def last_touched(session: AsyncSession) -> dict[int, datetime]:
    """Each participant's most recent touch (ids of participants already anonymised left out)."""
    latest: dict[int, datetime] = {}

    def note(pid: int, when: datetime | None) -> None:
        when = _aware(when)
        if when is not None and (pid not in latest or when > latest[pid]):
            latest[pid] = when

    participants = await session.execute(
        select(Participant.id, Participant.updated_at).where(
            Participant.external_ref.not_like(f"{ANONYMOUS_PREFIX}%")
        )
    )
    for pid, when in participants:
        note(pid, when)
    grouped = (
        (Supervision.participant_id, Supervision.updated_at),
        (CriminalRecord.participant_id, CriminalRecord.updated_at),
        (Match.participant_id, Match.computed_at),
        (Match.participant_id, Match.reviewed_at),
        (Referral.participant_id, Referral.updated_at),
        (Placement.participant_id, Placement.updated_at),
        (User.participant_id, User.last_login_at),
        (User.participant_id, User.updated_at),
    )
    for owner, stamp in grouped:
        rows = await session.execute(
            select(owner, func.max(stamp)).where(owner.is_not(None)).group_by(owner)
        )
        for pid, when in rows:
            if pid in latest:
                note(pid, when)
    return latest


async def purge(
    session: AsyncSession,
    settings: RetentionSettings,
    *,
    now: datetime | None = None,
    dry_run: bool = False,
    actor: audit.Actor | None = None,
) -> RetentionReport:
    """Delete or anonymise every participant untouched since the cutoff, in the caller's
    transaction; a dry run only reports."""
    now = now or utcnow()
    cutoff = years_before(now, settings.retention_years)
    touched = await last_touched(session)
    stale = sorted(pid for pid, when in touched.items() if when < cutoff)
    placed = (
        set(
            (
                await session.scalars(
                    select(Placement.participant_id).where(Placement.participant_id.in_(stale))
                )
            ).all()
        )
        if stale
        else set()
    )
    deleted = [pid for pid in stale if pid not in placed]
    anonymised = [pid for pid in stale if pid in placed]
    report = RetentionReport(cutoff, dry_run, len(touched), deleted, anonymised)
    if dry_run or not stale:
        return report
    system = actor or audit.Actor()
    for pid in stale:
        action = "retention.delete" if pid in deleted else "retention.anonymise"
        await audit.append(
            session,
            system,
            action,
            "participant",
            pid,
            participant_id=pid,
            detail={"last_touched": touched[pid].isoformat(), "cutoff": cutoff.isoformat()},
            now=now,
        )
    await session.execute(delete(User).where(User.participant_id.in_(stale)))
    if deleted:
        await session.execute(delete(Participant).where(Participant.id.in_(deleted)))
    if anonymised:
        await _anonymise(session, anonymised, now)
    return report


async def _anonymise(session: AsyncSession, ids: list[int], now: datetime) -> None:
    for model in (
        Supervision,
        CriminalRecord,
        Referral,
        Consent,
        Match,
        MatchSummary,
        Interest,
        Disclosure,
        CaseloadAssignment,
        ParticipantContact,
        InboundMessage,
        OutboxMessage,
    ):
        await session.execute(delete(model).where(model.participant_id.in_(ids)))
    await session.execute(
        update(Placement).where(Placement.participant_id.in_(ids)).values(separation_reason=None)
    )
    for pid in ids:
        await session.execute(
            update(Participant)
            .where(Participant.id == pid)
            .values(
                external_ref=f"{ANONYMOUS_PREFIX}{pid}",
                name=seal_selected(session, Participant.name, pid, "Removed participant"),
                home_address=seal_selected(session, Participant.home_address, pid, ""),
                home_postal_code="",
                home_lat=None,
                home_lon=None,
                skills=[],
                credentials=[],
                work_history=[],
                desired_titles=[],
                availability=[],
                drivers_license=False,
                has_vehicle=False,
                min_hourly_wage=None,
                updated_at=now,
            )
        )
