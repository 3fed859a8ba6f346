"""Placements and what follows them: retention checks, separations, exits, returns to custody,
employer incentives, the specialist's check-in reminders, and the program report with its CSV.

Rules live in the pure ``jobs.outcomes`` package; this module reads and writes the store.
Nothing here commits: the caller's transaction does.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from jobs.errors import Conflict, InvalidInput, NotFound
from jobs.outcomes import (
    CHECKPOINT_LABELS,
    BondingCheck,
    CheckpointRecord,
    CustodyRecord,
    OutcomesReport,
    ParticipantRecord,
    Period,
    PlacementRecord,
    ProgramRecords,
    Projection,
    Specialist,
    TimelineEntry,
    WotcCheck,
    WotcPolicy,
    check_bonding,
    check_wotc,
    checkpoint_label,
    federal_schedule,
    needs_check_in,
    program_report,
    retention_schedule,
    timeline,
)
from jobs.outcomes.incentives import LAST_AUTHORISED_HIRE
from jobs.outcomes.records import CUSTODY_KINDS, SEPARATION_KINDS
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
    CustodyEvent,
    Employer,
    Enrollment,
    Participant,
    Placement,
    Posting,
    ProgramProjection,
    ProgramSetting,
    User,
)

WOTC_SETTING = "wotc_authorized_through"
RECORDED_CHECK = ("confirmed", "missed", "unknown")
CHECK_LABELS = CHECKPOINT_LABELS


class PlacementIn(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A hire to record (by a specialist or an employer)."""

    participant_id: int
    employer_id: int
    start_date: date
    hourly_wage: float
    hours_per_week: float
    job_title: str = ""
    posting_id: int | None = None
    shift: str = ""
    offered_on: date | None = None
    form_8850_signed_on: date | None = None
    form_8850_sent_on: date | None = None
    bond_requested_on: date | None = None


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


# Recording -------------------------------------------------------------------------------------


def _checked_number(value: float, low: float, high: float, what: str) -> float:
    if not isinstance(value, int | float) or math.isnan(value) or not low <= value <= high:
        raise InvalidInput(f"{what}: give a number from {low:g} to {high:g}, not {value!r}")
    return float(value)


async def _placement(session: AsyncSession, placement_id: int) -> Placement:
    row = await session.scalar(
        select(Placement)
        .where(Placement.id == placement_id)
        .options(selectinload(Placement.checkpoints))
    )
    if row is None:
        raise NotFound(f"no placement {placement_id}")
    return row


def _record(row: Placement, employer_name: str = "") -> PlacementRecord:
    return PlacementRecord(
        id=row.id,
        participant_id=row.participant_id,
        employer_id=row.employer_id,
        employer_name=employer_name,
        job_title=row.job_title,
        start_date=row.start_date,
        hourly_wage=row.hourly_wage,
        hours_per_week=row.hours_per_week,
        shift=row.shift,
        offered_on=row.offered_on,
        separated_on=row.separated_on,
        separation_kind=row.separation_kind,  # type: ignore[arg-type]  # checked on write
        separation_reason=row.separation_reason,
        checkpoints=tuple(
            CheckpointRecord(
                kind=c.kind,  # type: ignore[arg-type]  # written from the retention schedules
                due_on=c.due_on,
                status=c.status,  # type: ignore[arg-type]  # CHECK constraint: a status
                earnings=c.earnings,
            )
            for c in row.checkpoints
        ),
    )


async def record_placement(
    session: AsyncSession, hire: PlacementIn, *, recorded_by: int | None = None
) -> Placement:
    """Record a hire with its 30/90/180-day checks (and quarter checks if already exited)."""
    participant = await session.get(Participant, hire.participant_id)
    if participant is None:
        raise NotFound(f"no participant {hire.participant_id}")
    employer = await session.get(Employer, hire.employer_id)
    if employer is None:
        raise NotFound(f"no employer {hire.employer_id}")
    title = " ".join(hire.job_title.split())[:300]
    if hire.posting_id is not None:
        posting = await session.get(Posting, hire.posting_id)
        if posting is None:
            raise NotFound(f"no posting {hire.posting_id}")
        if posting.employer_id not in (None, employer.id):
            raise InvalidInput(f"posting {posting.id} belongs to another employer")
        title = title or posting.title
    if not title:
        raise InvalidInput("job title: say what the job is (or give the posting)")
    if hire.offered_on is not None and hire.offered_on > hire.start_date:
        raise InvalidInput(
            f"offered_on: the offer ({hire.offered_on}) comes on or before the start "
            f"({hire.start_date})"
        )
    same = await session.scalar(
        select(Placement.id).where(
            Placement.participant_id == participant.id,
            Placement.employer_id == employer.id,
            Placement.start_date == hire.start_date,
        )
    )
    if same is not None:
        raise Conflict(
            f"placement {same} already records this person starting there on {hire.start_date}"
        )
    row = Placement(
        participant_id=participant.id,
        employer_id=employer.id,
        posting_id=hire.posting_id,
        job_title=title,
        start_date=hire.start_date,
        hourly_wage=_checked_number(hire.hourly_wage, 0, 500, "hourly wage"),
        hours_per_week=_checked_number(hire.hours_per_week, 1, 80, "hours a week"),
        shift=" ".join(hire.shift.split())[:100],
        offered_on=hire.offered_on,
        form_8850_signed_on=hire.form_8850_signed_on,
        form_8850_sent_on=hire.form_8850_sent_on,
        bond_requested_on=hire.bond_requested_on,
        recorded_by=recorded_by,
    )
    due = retention_schedule(hire.start_date)
    enrollment = await session.get(Enrollment, participant.id)
    if enrollment is not None and enrollment.exited_on is not None:
        due.update(federal_schedule(enrollment.exited_on, _record(row)))
    row.checkpoints = [Checkpoint(kind=kind, due_on=day) for kind, day in due.items()]
    session.add(row)
    await session.flush()
    return row


async def record_check(
    session: AsyncSession,
    checkpoint_id: int,
    status: str,
    *,
    today: date,
    note: str = "",
    earnings: float | None = None,
    checked_at: datetime | None = None,
) -> Checkpoint:
    """Confirm, miss or mark unknown one check. A check whose day has not come cannot be."""
    if status not in RECORDED_CHECK:
        raise InvalidInput(f"status: choose {', '.join(RECORDED_CHECK)}, not {status!r}")
    check = await session.get(Checkpoint, checkpoint_id)
    if check is None:
        raise NotFound(f"no checkpoint {checkpoint_id}")
    if check.due_on > today:
        raise InvalidInput(
            f"checkpoint {checkpoint_id}: the {checkpoint_label(check.kind)} is not "
            f"due until {check.due_on}"
        )
    if earnings is not None:
        if check.kind not in ("q2", "q4"):
            raise InvalidInput("earnings: only quarter checks (q2, q4) record quarterly earnings")
        earnings = _checked_number(earnings, 0, 1_000_000, "earnings")
    check.status = status
    check.note = " ".join(note.split())[:1000]
    check.earnings = earnings
    check.checked_at = checked_at or datetime.now(UTC)
    await session.flush()
    return check


async def record_separation(
    session: AsyncSession, placement_id: int, separated_on: date, kind: str, reason: str
) -> Placement:
    """End a placement: the checks that fall after the last day become missed."""
    if kind not in SEPARATION_KINDS:
        raise InvalidInput(f"kind: choose one of {', '.join(SEPARATION_KINDS)}, not {kind!r}")
    reason = " ".join(reason.split())[:1000]
    if not reason:
        raise InvalidInput("reason: say why the job ended; funders and the next job need it")
    row = await _placement(session, placement_id)
    if separated_on < row.start_date:
        raise InvalidInput(
            f"separated_on: {separated_on} is before the start of placement {row.id} "
            f"({row.start_date})"
        )
    row.separated_on = separated_on
    row.separation_kind = kind
    row.separation_reason = reason
    record = _record(row)
    for check, pure in zip(row.checkpoints, record.checkpoints, strict=True):
        if check.status == "due" and not needs_check_in(pure, record):
            check.status = "missed"
            check.note = f"job ended {separated_on.isoformat()}"
    await session.flush()
    return row


async def enroll(
    session: AsyncSession, participant_id: int, intake_on: date, *, exited_on: date | None = None
) -> Enrollment:
    """Set a participant's intake date (and exit, when known)."""
    if await session.get(Participant, participant_id) is None:
        raise NotFound(f"no participant {participant_id}")
    if exited_on is not None and exited_on < intake_on:
        raise InvalidInput(f"exited_on: {exited_on} is before the intake on {intake_on}")
    row = await session.get(Enrollment, participant_id)
    if row is None:
        row = Enrollment(participant_id=participant_id, intake_on=intake_on, exit_reason="")
        session.add(row)
    row.intake_on = intake_on
    await session.flush()
    if exited_on is not None and row.exited_on != exited_on:
        await record_exit(session, participant_id, exited_on, row.exit_reason or "")
    return row


async def record_exit(
    session: AsyncSession, participant_id: int, exited_on: date, reason: str = ""
) -> Enrollment:
    """Record the exit; jobs overlapping the 2nd/4th quarter after it get their quarter checks."""
    row = await session.get(Enrollment, participant_id)
    if row is None:
        raise NotFound(f"participant {participant_id} has no intake recorded; record it first")
    if exited_on < row.intake_on:
        raise InvalidInput(f"exited_on: {exited_on} is before the intake on {row.intake_on}")
    row.exited_on = exited_on
    row.exit_reason = " ".join(reason.split())[:1000]
    jobs = await session.scalars(
        select(Placement)
        .where(Placement.participant_id == participant_id)
        .options(selectinload(Placement.checkpoints))
    )
    for job in jobs:
        wanted = federal_schedule(exited_on, _record(job))
        have = {c.kind: c for c in job.checkpoints}
        for kind in ("q2", "q4"):
            check = have.get(kind)
            if kind in wanted and check is None:
                job.checkpoints.append(Checkpoint(kind=kind, due_on=wanted[kind]))
            elif kind in wanted and check is not None and check.status == "due":
                check.due_on = wanted[kind]  # the exit date was corrected
            elif kind not in wanted and check is not None and check.status == "due":
                job.checkpoints.remove(check)
    await session.flush()
    return row


async def record_custody(
    session: AsyncSession,
    participant_id: int,
    kind: str,
    occurred_on: date,
    *,
    note: str = "",
    recorded_by: int | None = None,
) -> CustodyEvent:
    """Record a return to custody (the same person, day and kind once)."""
    if kind not in CUSTODY_KINDS:
        raise InvalidInput(f"kind: choose one of {', '.join(CUSTODY_KINDS)}, not {kind!r}")
    if await session.get(Participant, participant_id) is None:
        raise NotFound(f"no participant {participant_id}")
    row = await session.scalar(
        select(CustodyEvent).where(
            CustodyEvent.participant_id == participant_id,
            CustodyEvent.occurred_on == occurred_on,
            CustodyEvent.kind == kind,
        )
    )
    if row is None:
        row = CustodyEvent(
            participant_id=participant_id, kind=kind, occurred_on=occurred_on, note=""
        )
        session.add(row)
    row.note = " ".join(note.split())[:1000]
    row.recorded_by = recorded_by
    await session.flush()
    return row


async def set_projection(
    session: AsyncSession, start: date, end: date, participants: int, placements: int | None
) -> ProgramProjection:
    """Set what the program promised for a period (replacing an earlier figure)."""
    Period(start=start, end=end)  # validates the order
    if participants < 0 or (placements is not None and placements < 0):
        raise InvalidInput("projection: numbers of people and placements cannot be negative")
    row = await session.scalar(
        select(ProgramProjection).where(
            ProgramProjection.period_start == start, ProgramProjection.period_end == end
        )
    )
    if row is None:
        row = ProgramProjection(period_start=start, period_end=end, participants=0, note="")
        session.add(row)
    row.participants = participants
    row.placements = placements
    await session.flush()
    return row


async def wotc_policy(session: AsyncSession) -> WotcPolicy:
    """The WOTC setting: the last hiring date the credit covers (default 2025-12-31)."""
    row = await session.get(ProgramSetting, WOTC_SETTING)
    if row is None:
        return WotcPolicy(authorized_through=LAST_AUTHORISED_HIRE)
    if row.value == "none":
        return WotcPolicy(authorized_through=None)
    return WotcPolicy(authorized_through=date.fromisoformat(row.value))


async def set_wotc_authorized_through(session: AsyncSession, through: date | None) -> WotcPolicy:
    """Renew (or lapse) the credit: hires up to ``through`` qualify; None means no end date."""
    value = "none" if through is None else through.isoformat()
    row = await session.get(ProgramSetting, WOTC_SETTING)
    if row is None:
        session.add(ProgramSetting(key=WOTC_SETTING, value=value))
    else:
        row.value = value
    await session.flush()
    return WotcPolicy(authorized_through=through)


# Reading ---------------------------------------------------------------------------------------


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
        .order_by(Checkpoint.due_on, Participant.name, Checkpoint.id)
    )
    due: list[DueCheckpoint] = []
    for check, job, person, employer_name in rows:
        pure = CheckpointRecord(kind=check.kind, due_on=check.due_on, status=check.status)
        if not needs_check_in(pure, _record_without_checks(job)):
            continue
        due.append(
            DueCheckpoint(
                checkpoint_id=check.id,
                placement_id=job.id,
                participant_id=person.id,
                participant_ref=person.external_ref,
                participant_name=person.name,
                employer_name=employer_name,
                job_title=job.job_title,
                kind=check.kind,
                label=checkpoint_label(check.kind),
                due_on=check.due_on,
                days_overdue=max(0, (today - check.due_on).days),
            )
        )
    return due


def _record_without_checks(row: Placement) -> PlacementRecord:
    return PlacementRecord(
        id=row.id,
        participant_id=row.participant_id,
        employer_id=row.employer_id,
        start_date=row.start_date,
        hourly_wage=row.hourly_wage,
        hours_per_week=row.hours_per_week,
        separated_on=row.separated_on,
    )


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
    found: list[Incentives] = []
    for job, person, employer_name, record in await session.execute(query):
        felony = bool(record and record.felony)
        found.append(
            Incentives(
                placement_id=job.id,
                participant_id=person.id,
                participant_name=person.name,
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
        )
    return found


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
    return timeline([_record(job, name) for job, name in rows], today)


async def program_records(session: AsyncSession) -> ProgramRecords:
    """Everything the report needs, read once from the store.

    A participant without an enrolment row counts from the day their record was created.
    """
    enrollments = {e.participant_id: e for e in await session.scalars(select(Enrollment))}
    assigned: dict[int, list[int]] = {}
    for pid, sid in await session.execute(
        select(CaseloadAssignment.participant_id, CaseloadAssignment.specialist_id)
    ):
        assigned.setdefault(pid, []).append(sid)
    participants = []
    for person, record in await session.execute(
        select(Participant, CriminalRecord).outerjoin(
            CriminalRecord, CriminalRecord.participant_id == Participant.id
        )
    ):
        enrollment = enrollments.get(person.id)
        participants.append(
            ParticipantRecord(
                id=person.id,
                external_ref=person.external_ref,
                name=person.name,
                intake_on=enrollment.intake_on if enrollment else person.created_at.date(),
                exited_on=enrollment.exited_on if enrollment else None,
                felony=bool(record and record.felony),
                conviction_date=record.conviction_date if record else None,
                release_date=record.release_date if record else None,
                specialist_ids=tuple(sorted(assigned.get(person.id, []))),
            )
        )
    placements = [
        _record(job, name)
        for job, name in await session.execute(
            select(Placement, Employer.name)
            .join(Employer, Employer.id == Placement.employer_id)
            .options(selectinload(Placement.checkpoints))
            .order_by(Placement.id)
        )
    ]
    events = [
        # The table's CHECK constraint keeps kind to the CustodyRecord kinds.
        CustodyRecord(participant_id=e.participant_id, kind=e.kind, occurred_on=e.occurred_on)  # type: ignore[arg-type]
        for e in await session.scalars(select(CustodyEvent).order_by(CustodyEvent.id))
    ]
    specialists = [
        Specialist(id=u.id, name=u.display_name or u.email)
        for u in await session.scalars(select(User).where(User.role == "specialist"))
    ]
    projections = [
        Projection(
            start=p.period_start,
            end=p.period_end,
            participants=p.participants,
            placements=p.placements,
        )
        for p in await session.scalars(select(ProgramProjection))
    ]
    return ProgramRecords(
        participants=tuple(participants),
        placements=tuple(placements),
        custody_events=tuple(events),
        specialists=tuple(specialists),
        projections=tuple(projections),
    )


def default_period(today: date, start: date | None = None, end: date | None = None) -> Period:
    """The period asked for; by default the calendar year to date (1 January to ``today``)."""
    end = end or today
    start = start or date(end.year, 1, 1)
    return Period(start=start, end=end)


async def outcomes_report(session: AsyncSession, period: Period, today: date) -> OutcomesReport:
    """The program report for ``period`` as known on ``today``."""
    return program_report(await program_records(session), period, today)


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
    await require_participant(session, viewer, participant_id, protected=False)
    rows = list(
        await session.execute(
            select(Placement, Employer.name)
            .join(Employer, Employer.id == Placement.employer_id)
            .where(Placement.participant_id == participant_id)
            .options(selectinload(Placement.checkpoints))
        )
    )
    jobs = {job.id: job for job, _ in rows}
    entries = timeline([_record(job, name) for job, name in rows], today)
    by_placement = {
        row.placement_id: row for row in await incentives(session, today, placement_ids=list(jobs))
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


# CSV -------------------------------------------------------------------------------------------

CSV_HEADER = ("section", "group", "measure", "value")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if value % 1 else f"{value:.0f}"
    return str(value)


def _text(value: str) -> str:
    # A name an employer typed must not run as a formula when the CSV is opened in a spreadsheet.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def report_rows(report: OutcomesReport) -> list[tuple[str, str, str, str]]:
    """The report as long rows (section, group, measure, value): one figure a row."""
    rows: list[tuple[str, str, str, str]] = []
    rows.append(("period", "program", "from", report.period_from.isoformat()))
    rows.append(("period", "program", "to", report.period_to.isoformat()))
    rows.append(("period", "program", "as_of", report.as_of.isoformat()))
    for measure in (
        "participants_served",
        "participants_projected",
        "served_of_projection",
        "placements",
        "placements_projected",
        "participants_placed",
        "placement_rate",
        "median_hourly_wage",
        "median_hours_per_week",
        "separations",
        "new_placements_after_separation",
        "returns_to_custody",
        "participants_returned",
        "recidivism_rate",
        "first_placements",
        "median_days_to_first_placement",
        "median_earnings_q2_after_exit",
        "earnings_q2_estimated",
    ):
        rows.append(("summary", "program", measure, _cell(getattr(report, measure))))
    for kind, count in report.retention.items():
        for measure in ("eligible", "retained", "missed", "unknown", "overdue", "rate"):
            rows.append(("retention", kind, measure, _cell(getattr(count, measure))))
    for name, measure_value in (
        ("q2", report.employed_q2_after_exit),
        ("q4", report.employed_q4_after_exit),
    ):
        for measure in ("exiters", "employed", "unknown", "rate"):
            rows.append(
                ("employed_after_exit", name, measure, _cell(getattr(measure_value, measure)))
            )
    for kind, n in report.returns_by_type.items():
        rows.append(("returns_to_custody", kind, "returns", str(n)))
    for kind, n in report.separations_by_kind.items():
        rows.append(("separations", kind, "separations", str(n)))
    for month in report.placements_by_month:
        rows.append(("placements_by_month", month.month, "placements", str(month.placements)))
    for section, groups in (
        ("by_specialist", report.by_specialist),
        ("by_employer", report.by_employer),
    ):
        for row in groups:
            for measure in (
                "participants_served",
                "participants_placed",
                "placements",
                "placement_rate",
                "median_hourly_wage",
                "separations",
            ):
                rows.append((section, _text(row.name), measure, _cell(getattr(row, measure))))
            for kind, count in row.retention.items():
                for measure in ("eligible", "retained"):
                    rows.append(
                        (
                            section,
                            _text(row.name),
                            f"retention_{kind}_{measure}",
                            str(getattr(count, measure)),
                        )
                    )
    return rows


def report_csv(report: OutcomesReport) -> str:
    """The report as CSV (header: section, group, measure, value)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(report_rows(report))
    return buffer.getvalue()
