"""Following up on hires: the check-ins due on a specialist's caseload, a participant's jobs with
their checks, WOTC and Federal Bonding with their deadlines, and a hire as its employer sees it.

Rules live in the pure ``jobs.outcomes`` package; this module reads the store.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

import msgspec
from sqlalchemy import inspect, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload, selectinload

from jobs.outcomes import (
    CHECKPOINT_LABELS,
    BondingCheck,
    CheckpointRecord,
    TimelineEntry,
    WotcCheck,
    WotcPolicy,
    check_bonding,
    check_wotc,
    checkpoint_label,
    needs_check_in,
    timeline,
)
from jobs.services.placements import (
    WOTC_SETTING_VALUE,
    placement_record,
    wotc_policy,
    wotc_policy_of,
)
from jobs.services.visibility import (
    audit,
    consented_fields,
    require_participant,
    visible_referral,
)
from jobs.services.web_sessions import Viewer
from jobs.store import (
    CaseloadAssignment,
    Checkpoint,
    Consent,
    CriminalRecord,
    Employer,
    Participant,
    Placement,
)

CHECK_LABELS = CHECKPOINT_LABELS


class DueCheckpoint(msgspec.Struct, kw_only=True):
    """A check-in reminder for the specialist's dashboard."""

    checkpoint_id: int
    placement_id: int
    participant_id: int
    participant_ref: str
    participant_name: str
    employer_name: str
    job_title: str
    kind: str
    label: str
    due_on: date
    days_overdue: int


class Incentives(msgspec.Struct, kw_only=True):
    """WOTC and Federal Bonding for one placement, with their deadlines."""

    placement_id: int
    participant_id: int
    participant_name: str
    employer_id: int
    employer_name: str
    job_title: str
    start_date: date
    wotc: WotcCheck
    bonding: BondingCheck


async def due_checkpoints(
    session: AsyncSession, specialist_id: int, today: date, *, within_days: int = 14
) -> list[DueCheckpoint]:
    """Checks with nothing recorded for the specialist's caseload, due by ``today`` +
    ``within_days`` (overdue first). Jobs that ended before a check's day are left out."""
    horizon = today + timedelta(days=within_days)
    rows = await session.execute(
        select(Checkpoint, Placement, Participant, Employer.name)
        .join(Placement, Placement.id == Checkpoint.placement_id)
        .join(Participant, Participant.id == Placement.participant_id)
        .join(Employer, Employer.id == Placement.employer_id)
        .join(CaseloadAssignment, CaseloadAssignment.participant_id == Participant.id)
        .where(
            CaseloadAssignment.specialist_id == specialist_id,
            Checkpoint.status == "due",
            Checkpoint.due_on <= horizon,
        )
        .order_by(Checkpoint.due_on, Checkpoint.id)
    )
    due: list[DueCheckpoint] = []
    for check, job, participant, employer_name in rows:
        pure = CheckpointRecord(kind=check.kind, due_on=check.due_on, status=check.status)
        if not needs_check_in(pure, placement_record(job, with_checks=False)):
            continue
        due.append(
            DueCheckpoint(
                checkpoint_id=check.id,
                placement_id=job.id,
                participant_id=participant.id,
                participant_ref=participant.external_ref,
                participant_name=participant.name,
                employer_name=employer_name,
                job_title=job.job_title,
                kind=check.kind,
                label=checkpoint_label(check.kind),
                due_on=check.due_on,
                days_overdue=max(0, (today - check.due_on).days),
            )
        )
    # Names are encrypted at rest: sorted here, after opening (a stable sort keeps the ids' order).
    due.sort(key=lambda d: (d.due_on, d.participant_name.casefold()))
    return due


async def incentives(
    session: AsyncSession,
    today: date,
    *,
    participant_ids: Iterable[int] | None = None,
    employer_ids: Iterable[int] | None = None,
    placement_ids: Iterable[int] | None = None,
) -> list[Incentives]:
    """WOTC and bonding, with deadlines, for placements (narrowed by the ids given)."""
    policy = await wotc_policy(session)
    query = (
        select(Placement, Participant, Employer.name, CriminalRecord)
        .join(Participant, Participant.id == Placement.participant_id)
        .join(Employer, Employer.id == Placement.employer_id)
        .outerjoin(CriminalRecord, CriminalRecord.participant_id == Participant.id)
        .order_by(Placement.start_date.desc(), Placement.id)
    )
    if participant_ids is not None:
        query = query.where(Placement.participant_id.in_(list(participant_ids)))
    if employer_ids is not None:
        query = query.where(Placement.employer_id.in_(list(employer_ids)))
    if placement_ids is not None:
        query = query.where(Placement.id.in_(list(placement_ids)))
    return [
        _incentives_of(job, participant.id, participant.name, employer_name, record, policy, today)
        for job, participant, employer_name, record in await session.execute(query)
    ]


def _incentives_of(
    job: Placement,
    participant_id: int,
    participant_name: str,
    employer_name: str,
    record: CriminalRecord | None,
    policy: WotcPolicy,
    today: date,
) -> Incentives:
    """WOTC and bonding of one placement, from its participant's record."""
    felony = bool(record and record.felony)
    return Incentives(
        placement_id=job.id,
        participant_id=participant_id,
        participant_name=participant_name,
        employer_id=job.employer_id,
        employer_name=employer_name,
        job_title=job.job_title,
        start_date=job.start_date,
        wotc=check_wotc(
            felony=felony,
            conviction_date=record.conviction_date if record else None,
            release_date=record.release_date if record else None,
            hired_on=job.start_date,
            offered_on=job.offered_on,
            form_8850_signed_on=job.form_8850_signed_on,
            form_8850_sent_on=job.form_8850_sent_on,
            policy=policy,
            today=today,
        ),
        bonding=check_bonding(
            has_record=record is not None
            and (felony or bool(record.conviction_date or record.release_date)),
            hired_on=job.start_date,
            hours_per_week=job.hours_per_week,
            bond_requested_on=job.bond_requested_on,
            today=today,
        ),
    )


async def participant_timeline(
    session: AsyncSession, participant_id: int, today: date
) -> list[TimelineEntry]:
    """One participant's jobs, oldest first, with what each check counts as on ``today``."""
    rows = await session.execute(
        select(Placement, Employer.name)
        .join(Employer, Employer.id == Placement.employer_id)
        .where(Placement.participant_id == participant_id)
        .options(selectinload(Placement.checkpoints))
    )
    return timeline([placement_record(job, name) for job, name in rows], today)


# The portal's views of placements ---------------------------------------------------------------

# WOTC eligibility tells that a person has a felony conviction, and bonding that they have a
# record: an employer sees either only when the participant's consent shares the record.
INCENTIVES_NEED_CONSENT_TO = "record"


class PlacementView(msgspec.Struct, kw_only=True):
    """One job on the specialist's participant page: pay, checks and incentive deadlines."""

    job: TimelineEntry
    hourly_wage: float
    hours_per_week: float
    shift: str
    offered_on: date | None
    incentives: Incentives | None


class EmployerHire(msgspec.Struct, kw_only=True):
    """A hire as its employer sees it; ``incentives`` only when the consent shares the record."""

    placement_id: int
    job_title: str
    start_date: date
    hourly_wage: float
    hours_per_week: float
    shift: str
    offered_on: date | None
    separated_on: date | None
    incentives: Incentives | None


async def participant_placements(
    session: AsyncSession, viewer: Viewer, participant_id: int, today: date
) -> list[PlacementView]:
    """A participant's jobs, oldest first, each with its checks and its incentives (staff on
    the participant's caseload only)."""
    participant = await require_participant(session, viewer, participant_id, protected=False)
    # One statement: the placements with their employers' names, their checks joined in, and
    # the WOTC setting their incentives are judged by beside each.
    found = list(
        (
            await session.execute(
                select(Placement, Employer.name, WOTC_SETTING_VALUE)
                .join(Employer, Employer.id == Placement.employer_id)
                .where(Placement.participant_id == participant_id)
                .options(joinedload(Placement.checkpoints))
            )
        ).unique()
    )
    rows = [(job, name) for job, name, _ in found]
    jobs = {job.id: job for job, _ in rows}
    if not jobs:
        return []  # no job: no timeline, and no incentives to read (two statements saved)
    entries = timeline([placement_record(job, name) for job, name in rows], today)
    # The incentives from the rows just read, not a second read of the placements (and of the
    # participant, whose sealed fields would be opened again): the record as the profile loaded
    # it, else read.
    if "record" in inspect(participant).unloaded:
        record = await session.scalar(
            select(CriminalRecord).where(CriminalRecord.participant_id == participant_id)
        )
    else:
        record = participant.record
    policy = wotc_policy_of(found[0][2])
    by_placement = {
        job.id: _incentives_of(job, participant.id, participant.name, name, record, policy, today)
        for job, name in rows
    }
    return [
        PlacementView(
            job=entry,
            hourly_wage=jobs[entry.placement_id].hourly_wage,
            hours_per_week=jobs[entry.placement_id].hours_per_week,
            shift=jobs[entry.placement_id].shift,
            offered_on=jobs[entry.placement_id].offered_on,
            incentives=by_placement.get(entry.placement_id),
        )
        for entry in entries
    ]


async def hire_for_employer(
    session: AsyncSession, viewer: Viewer, referral_id: int, today: date
) -> EmployerHire | None:
    """The latest hire from this referral, for the employer it was referred to.

    None when no hire is recorded. WOTC and bonding come only with a valid consent of the
    participant that names this employer and shares the record; otherwise ``incentives`` is
    None and the page says to ask the specialist.
    """
    referral = await visible_referral(
        session, viewer, referral_id, f"no candidate {referral_id} for your company"
    )
    job = await session.scalar(
        select(Placement)
        .where(
            Placement.participant_id == referral.participant_id,
            Placement.employer_id == referral.employer_id,
            Placement.posting_id == referral.posting_id,
        )
        .order_by(Placement.start_date.desc(), Placement.id.desc())
        .limit(1)
    )
    if job is None:
        return None
    consents = await session.scalars(
        select(Consent).where(
            Consent.participant_id == referral.participant_id,
            Consent.employer_id == referral.employer_id,
        )
    )
    shared = INCENTIVES_NEED_CONSENT_TO in consented_fields(consents, referral.employer_id)
    found = await incentives(session, today, placement_ids=[job.id]) if shared else []
    await audit(
        session,
        viewer,
        "hire_viewed",
        "placement",
        job.id,
        participant_id=referral.participant_id,
        detail={"referral_id": referral.id, "incentives_shown": shared},
    )
    return EmployerHire(
        placement_id=job.id,
        job_title=job.job_title,
        start_date=job.start_date,
        hourly_wage=job.hourly_wage,
        hours_per_week=job.hours_per_week,
        shift=job.shift,
        offered_on=job.offered_on,
        separated_on=job.separated_on,
        incentives=found[0] if found else None,
    )
