"""Recording placements and what follows them: the hire with its retention checks, check-ins,
separations, intake and exit, returns to custody, the program's projection and the WOTC setting.

Rules live in the pure ``jobs.outcomes`` package; this module writes the store. Nothing here
commits: the caller's transaction does.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from jobs.errors import Conflict, InvalidInput, NotFound
from jobs.outcomes import (
    CheckpointRecord,
    Period,
    PlacementRecord,
    WotcPolicy,
    checkpoint_label,
    federal_schedule,
    needs_check_in,
    retention_schedule,
)
from jobs.outcomes.incentives import LAST_AUTHORISED_HIRE
from jobs.outcomes.records import CUSTODY_KINDS, SEPARATION_KINDS
from jobs.store import (
    Checkpoint,
    CustodyEvent,
    Employer,
    Enrollment,
    Participant,
    Placement,
    Posting,
    ProgramProjection,
    ProgramSetting,
)

WOTC_SETTING = "wotc_authorized_through"
RECORDED_CHECK = ("confirmed", "missed", "unknown")


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


def placement_record(
    row: Placement, employer_name: str = "", *, with_checks: bool = True
) -> PlacementRecord:
    """A stored placement as the pure package reads it; with its checks unless ``with_checks``
    is off (then ``row.checkpoints`` need not be loaded)."""
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
            for c in (row.checkpoints if with_checks else ())
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
        due.update(federal_schedule(enrollment.exited_on, placement_record(row)))
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
    record = placement_record(row)
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
        wanted = federal_schedule(exited_on, placement_record(job))
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
    return wotc_policy_of(None if row is None else row.value)


# The stored WOTC setting as a column of another statement (None when it was never set).
WOTC_SETTING_VALUE = (
    select(ProgramSetting.value).where(ProgramSetting.key == WOTC_SETTING).scalar_subquery()
)


def wotc_policy_of(value: str | None) -> WotcPolicy:
    """The WOTC policy a stored setting says (``value``: None when never set)."""
    if value is None:
        return WotcPolicy(authorized_through=LAST_AUTHORISED_HIRE)
    if value == "none":
        return WotcPolicy(authorized_through=None)
    return WotcPolicy(authorized_through=date.fromisoformat(value))


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
