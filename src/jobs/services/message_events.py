"""What makes a message: the calendar (retention check-ins on their due day, the specialists'
daily list of check-ins) and events (an employer's interview request, a participant's reply).
Each message is queued with an idempotency key named after its cause, so running the calendar
twice, or two schedulers at once, never makes two messages for one cause."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.clock import program_today
from jobs.outcomes import CheckpointRecord, needs_check_in
from jobs.services.outbox import enqueue, may_send, queue_for_participant
from jobs.services.placements import placement_record
from jobs.settings import Settings
from jobs.store import (
    ApplicationStep,
    CaseloadAssignment,
    Checkpoint,
    Employer,
    Match,
    MatchSummary,
    OutboxMessage,
    ParticipantContact,
    Placement,
    Posting,
    User,
)

# Check-ins texted: the retention checks (not the quarter checks, which staff look up).
TEXTED_CHECKS = ("30", "90", "180")
# A check whose day passed while nothing ran (the server was down) is still asked this long after.
CHECK_IN_GRACE = timedelta(days=3)


def _url(settings: Settings, path: str) -> str:
    return f"{settings.program.public_url}{path}" if settings.program.public_url else path


async def queue_check_ins(session: AsyncSession, settings: Settings, now: datetime) -> int:
    """Text "Are you still working at X?" for each retention check due today (or missed in the
    last few days) with nothing recorded yet, to participants who agreed to texts."""
    today = program_today(settings.clock.zone, now)
    rows = await session.execute(
        select(Checkpoint, Placement, Employer.name)
        .join(Placement, Placement.id == Checkpoint.placement_id)
        .join(Employer, Employer.id == Placement.employer_id)
        .where(
            Checkpoint.status == "due",
            Checkpoint.kind.in_(TEXTED_CHECKS),
            Checkpoint.due_on <= today,
            Checkpoint.due_on >= today - CHECK_IN_GRACE,
        )
        .order_by(Checkpoint.id)
    )
    queued = 0
    for check, job, employer_name in rows:
        pure = CheckpointRecord(kind=check.kind, due_on=check.due_on, status=check.status)
        if not needs_check_in(pure, placement_record(job, with_checks=False)):
            continue
        made = await queue_for_participant(
            session,
            settings,
            job.participant_id,
            "check_in",
            key=f"check_in:{check.id}",
            fields={"employer": employer_name},
            channels=("sms",),
            checkpoint_id=check.id,
            due_at=now,
        )
        queued += made is not None
    return queued


async def queue_staff_check_in_lists(
    session: AsyncSession, settings: Settings, now: datetime
) -> int:
    """Once a day, email each specialist how many check-ins are due today and overdue (only when
    there are some)."""
    from jobs.services.follow_up import due_checkpoints

    today = program_today(settings.clock.zone, now)
    specialists = await session.scalars(
        select(User)
        .where(User.role == "specialist", User.is_active.is_(True))
        .where(User.id.in_(select(CaseloadAssignment.specialist_id)))
        .order_by(User.id)
    )
    queued = 0
    for user in list(specialists):
        due = await due_checkpoints(session, user.id, today, within_days=0)
        if not due:
            continue
        overdue = sum(1 for d in due if d.days_overdue > 0)
        made = await enqueue(
            session,
            settings,
            template="staff_check_ins",
            channel="email",
            to=user.email,
            key=f"staff_check_ins:{user.id}:{today.isoformat()}",
            fields={"due": len(due) - overdue, "overdue": overdue, "url": _url(settings, "/")},
            user_id=user.id,
            due_at=now,
        )
        queued += made is not None
    return queued


async def queue_match_digests(session: AsyncSession, settings: Settings, now: datetime) -> int:
    """At most once a day, tell each participant who agreed to messages how many open jobs
    found since their last digest (first seen after it) are eligible for them ("12+" when
    some may have gone uncounted); nothing when there are none."""
    today = program_today(settings.clock.zone, now)
    rows = await session.execute(
        select(OutboxMessage.participant_id, func.max(OutboxMessage.due_at))
        .where(OutboxMessage.template == "new_matches")
        .group_by(OutboxMessage.participant_id)
    )
    last_sent: dict[int | None, datetime] = {pid: when for pid, when in rows}
    queued = 0
    for contact in list(await session.scalars(select(ParticipantContact))):
        if not (may_send(contact, "sms") or may_send(contact, "email")):
            continue
        pid = contact.participant_id
        since = last_sent.get(pid) or now - timedelta(days=1)
        count = await session.scalar(
            select(func.count(Match.id))
            .join(Posting, Posting.id == Match.posting_id)
            .where(
                Match.participant_id == pid,
                Match.tier == "eligible",
                Match.review_status != "dismissed",
                Posting.status == "open",
                Posting.first_seen_at > since,
                Posting.first_seen_at <= now,
            )
        )
        if not count:
            continue
        # "12+" when the eligible tier's kept rows are full: a new job ranked below them has
        # no row, so the rows count some of the new jobs, not all (the whole ranking's summary
        # counts postings, not when each was first seen).
        said = f"{count}+" if await _eligible_rows_full(session, pid) else str(count)
        made = await queue_for_participant(
            session,
            settings,
            pid,
            "new_matches",
            key=f"new_matches:{pid}:{today.isoformat()}",
            fields={"count": said, "url": _url(settings, "/me/jobs")},
            due_at=now,
        )
        queued += made is not None
    return queued


async def _eligible_rows_full(session: AsyncSession, participant_id: int) -> bool:
    """Whether the participant's last whole ranking kept as many eligible rows as it may
    (``kept_per_tier``): then a new eligible job ranked below them may have no row."""
    summary = await session.get(MatchSummary, participant_id)
    if summary is None:
        return False
    eligible = (summary.tiers or {}).get("eligible") or {}
    return int(eligible.get("kept", 0)) >= summary.kept_per_tier


NO_TIME = {"en": "ask your specialist for the time", "es": "pregunte la hora a su especialista"}


async def queue_interview_reminders(
    session: AsyncSession, settings: Settings, now: datetime
) -> int:
    """From the application history: the day before a booked interview, a reminder; two hours
    before it (when its time is known), another. Only while the booking is the application's
    newest step (no outcome recorded after it)."""
    zone = settings.clock.zone
    today = program_today(zone, now)
    rows = await session.execute(
        select(ApplicationStep, Posting.employer_name)
        .join(Posting, Posting.id == ApplicationStep.posting_id)
        .where(
            ApplicationStep.step == "interview_booked",
            ApplicationStep.happened_on >= today,
            ApplicationStep.happened_on <= today + timedelta(days=1),
        )
        .order_by(ApplicationStep.id)
    )
    queued = 0
    for step, employer_name in list(rows):
        later = await session.scalar(
            select(ApplicationStep.id).where(
                ApplicationStep.participant_id == step.participant_id,
                ApplicationStep.posting_id == step.posting_id,
                ApplicationStep.id > step.id,
            )
        )
        if later is not None:
            continue
        start = None
        if step.time_of_day:
            hours, minutes = (int(x) for x in step.time_of_day.split(":"))
            start = datetime.combine(step.happened_on, time(hours, minutes), tzinfo=zone)
        contact = await session.get(ParticipantContact, step.participant_id)
        language = contact.language if contact is not None else "en"
        when = step.time_of_day or NO_TIME.get(language, NO_TIME["en"])
        fields = {"employer": employer_name or "the employer", "when": when}
        if step.happened_on == today + timedelta(days=1):
            made = await queue_for_participant(
                session,
                settings,
                step.participant_id,
                "interview_reminder_day",
                key=f"interview_day:{step.id}",
                fields=fields,
                due_at=now,
            )
            queued += made is not None
        elif start is not None and start - timedelta(hours=2) <= now < start:
            made = await queue_for_participant(
                session,
                settings,
                step.participant_id,
                "interview_reminder_soon",
                key=f"interview_soon:{step.id}",
                fields=fields,
                due_at=now,
            )
            queued += made is not None
    return queued


async def queue_scheduled(session: AsyncSession, settings: Settings, now: datetime) -> int:
    """Everything the calendar makes due at ``now``."""
    return (
        await queue_check_ins(session, settings, now)
        + await queue_staff_check_in_lists(session, settings, now)
        + await queue_match_digests(session, settings, now)
        + await queue_interview_reminders(session, settings, now)
    )


async def specialists_of(session: AsyncSession, participant_id: int) -> list[User]:
    return list(
        await session.scalars(
            select(User)
            .join(CaseloadAssignment, CaseloadAssignment.specialist_id == User.id)
            .where(CaseloadAssignment.participant_id == participant_id, User.is_active.is_(True))
            .order_by(User.id)
        )
    )


async def tell_specialists(
    session: AsyncSession,
    settings: Settings,
    participant_id: int,
    template: str,
    key: str,
    fields: dict[str, object] | None = None,
) -> int:
    """Email the participant's specialists (``template`` names no participant: the link does)."""
    queued = 0
    for user in await specialists_of(session, participant_id):
        made = await enqueue(
            session,
            settings,
            template=template,
            channel="email",
            to=user.email,
            key=f"{key}:{user.id}",
            fields={"url": _url(settings, f"/participants/{participant_id}"), **(fields or {})},
            user_id=user.id,
        )
        queued += made is not None
    return queued
