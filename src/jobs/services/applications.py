"""The road from interest to hire for a participant (dated steps, by whom) and their work
readiness (the checklist before a first day). Staff record both on the participant's page; the
portal's own events (the participant says "interested", the specialist records an application,
the employer marks an interview, offer or hire) add their step themselves.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.errors import PermissionDenied
from jobs.outcomes.pipeline import READY
from jobs.services.visibility import audit, require_participant
from jobs.services.web_sessions import Viewer
from jobs.store import ApplicationStep, Match, Posting, ReadinessItem, User
from jobs.store.applications import APPLICATION_STEPS, READINESS_ITEMS, READINESS_STATUSES

STEP_WORDS = {
    "interested": "Interested",
    "applied": "Applied",
    "interview_booked": "Interview booked",
    "offer": "Offer made",
    "hired": "Hired",
    "unsuccessful_application": "Unsuccessful at application",
    "unsuccessful_interview": "Unsuccessful at interview",
    "offer_declined": "Offer declined",
}
ITEM_WORDS = {
    "state_id": "State ID",
    "ssn_card": "Social Security card",
    "birth_certificate": "Birth certificate",
    "bank_account": "Bank account",
    "resume": "Résumé",
    "disclosure_letter": "Disclosure or explanation letter",
    "work_clothes": "Work clothes and boots",
    "phone": "Phone",
    "childcare": "Child care",
    "transport": "Transport",
}
STATUS_WORDS = {
    "not_started": "Not started",
    "in_progress": "In progress",
    "done": "Done",
    "not_needed": "Not needed",
}
UNSUCCESSFUL = ("unsuccessful_application", "unsuccessful_interview", "offer_declined")
# What the portal's own actions mean on the road to hire.
REVIEW_STEPS = {
    "applied": "applied",
    "interviewing": "interview_booked",
    "offered": "offer",
    "hired": "hired",
}
REFERRAL_STEPS = {
    "interviewing": "interview_booked",
    "offered": "offer",
    "hired": "hired",
    "declined": "unsuccessful_application",
}


class StepView(msgspec.Struct, kw_only=True):
    """One step as the page shows it."""

    step: str
    words: str
    happened_on: dt.date
    reason: str
    by: str
    time_of_day: str = ""


class ApplicationView(msgspec.Struct, kw_only=True):
    """One application: the job, where it stands and its steps, oldest first."""

    posting_id: int
    title: str
    employer: str
    current: str
    steps: list[StepView]


class ReadinessView(msgspec.Struct, kw_only=True):
    """The checklist: each item's status, barrier and date, and whether the person is ready."""

    items: list[dict[str, Any]]
    ready: bool


def _staff(viewer: Viewer) -> None:
    if not viewer.is_staff:
        raise PermissionDenied("only program staff record applications and readiness")


async def add_step(
    session: AsyncSession,
    participant_id: int,
    posting_id: int,
    step: str,
    happened_on: dt.date,
    by: int | None,
    reason: str = "",
    time_of_day: str | None = None,
) -> bool:
    """Add a step unless that application already has it (the portal's events call this);
    True when it was added."""
    seen = await session.scalar(
        select(ApplicationStep.id).where(
            ApplicationStep.participant_id == participant_id,
            ApplicationStep.posting_id == posting_id,
            ApplicationStep.step == step,
        )
    )
    if seen is not None:
        return False
    session.add(
        ApplicationStep(
            participant_id=participant_id,
            posting_id=posting_id,
            step=step,
            reason=reason,
            happened_on=happened_on,
            time_of_day=time_of_day,
            recorded_by=by,
        )
    )
    return True


async def record_step(
    session: AsyncSession,
    viewer: Viewer,
    participant_id: int,
    posting_id: int,
    step: str,
    happened_on: dt.date,
    reason: str = "",
    *,
    today: dt.date,
    time_of_day: str = "",
) -> dict[str, str]:
    """A specialist records a step of an application to a matched job (a booked interview may
    have its start time: the participant gets reminders); problems by field."""
    _staff(viewer)
    await require_participant(session, viewer, participant_id, protected=False)
    problems: dict[str, str] = {}
    if step not in APPLICATION_STEPS:
        problems["step"] = "Choose a step."
    if step in UNSUCCESSFUL and not reason.strip():
        problems["reason"] = (
            "Say why it was unsuccessful (for example: no reply, failed drug test)."
        )
    if len(reason) > 500:
        problems["reason"] = "Keep the reason under 500 characters."
    if happened_on > today + dt.timedelta(days=366):
        problems["happened_on"] = "Enter the date the step happened or is booked for."
    time_of_day = time_of_day.strip()
    if time_of_day and not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", time_of_day):
        problems["time_of_day"] = "Enter the time like 09:30, or leave it empty."
    matched = await session.scalar(
        select(Match.id).where(
            Match.participant_id == participant_id, Match.posting_id == posting_id
        )
    )
    if matched is None:
        problems["posting_id"] = "Choose one of this participant's matched jobs."
    if problems:
        return problems
    added = await add_step(
        session,
        participant_id,
        posting_id,
        step,
        happened_on,
        viewer.user_id,
        reason.strip(),
        time_of_day=time_of_day if step == "interview_booked" and time_of_day else None,
    )
    if not added:
        return {"step": f"{STEP_WORDS[step]} is already recorded for this job."}
    await audit(
        session,
        viewer,
        "application_step",
        "posting",
        posting_id,
        participant_id=participant_id,
        detail={"step": step},
    )
    return {}


async def applications_of(session: AsyncSession, participant_id: int) -> list[ApplicationView]:
    """A participant's applications with their steps (the caller checked access)."""
    rows = await session.execute(
        select(ApplicationStep, Posting.title, Posting.employer_name, User.display_name)
        .join(Posting, Posting.id == ApplicationStep.posting_id)
        .outerjoin(User, User.id == ApplicationStep.recorded_by)
        .where(ApplicationStep.participant_id == participant_id)
        .order_by(ApplicationStep.happened_on, ApplicationStep.id)
    )
    found: dict[int, ApplicationView] = {}
    for step, title, employer, by in rows:
        view = found.setdefault(
            step.posting_id,
            ApplicationView(
                posting_id=step.posting_id,
                title=title,
                employer=employer or "",
                current="",
                steps=[],
            ),
        )
        view.steps.append(
            StepView(
                step=step.step,
                words=STEP_WORDS[step.step],
                happened_on=step.happened_on,
                time_of_day=step.time_of_day or "",
                reason=step.reason,
                by=by or "the portal",
            )
        )
        view.current = STEP_WORDS[step.step]
    return list(found.values())


async def readiness_of(session: AsyncSession, participant_id: int) -> ReadinessView:
    """The participant's checklist, every item listed (the caller checked access)."""
    stored = {
        row.item: row
        for row in await session.scalars(
            select(ReadinessItem).where(ReadinessItem.participant_id == participant_id)
        )
    }
    items = []
    for item in READINESS_ITEMS:
        row = stored.get(item)
        items.append(
            {
                "item": item,
                "words": ITEM_WORDS[item],
                "status": row.status if row else "not_started",
                "barrier": (row.barrier or "") if row else "",
                "updated_on": row.updated_on if row else None,
            }
        )
    return ReadinessView(items=items, ready=all(i["status"] in READY for i in items))


async def save_readiness(
    session: AsyncSession, viewer: Viewer, participant_id: int, form: Any, today: dt.date
) -> dict[str, str]:
    """Save the checklist from the form (``status_<item>``, ``barrier_<item>``); only changed
    items get today's date; problems by field, nothing saved when there is one."""
    _staff(viewer)
    await require_participant(session, viewer, participant_id, protected=False)
    problems: dict[str, str] = {}
    wanted: dict[str, tuple[str, str]] = {}
    for item in READINESS_ITEMS:
        status = str(form.get(f"status_{item}", "not_started"))
        barrier = str(form.get(f"barrier_{item}", "")).strip()
        if status not in READINESS_STATUSES:
            problems[f"status_{item}"] = f"{ITEM_WORDS[item]}: choose a status."
        if len(barrier) > 300:
            problems[f"barrier_{item}"] = f"{ITEM_WORDS[item]}: keep it under 300 characters."
        wanted[item] = (status, barrier)
    if problems:
        return problems
    stored = {
        row.item: row
        for row in await session.scalars(
            select(ReadinessItem).where(ReadinessItem.participant_id == participant_id)
        )
    }
    changed = []
    for item, (status, barrier) in wanted.items():
        row = stored.get(item)
        if row is None:
            if status == "not_started" and not barrier:
                continue
            session.add(
                ReadinessItem(
                    participant_id=participant_id,
                    item=item,
                    status=status,
                    barrier=barrier,
                    updated_on=today,
                    updated_by=viewer.user_id,
                )
            )
            changed.append(item)
        elif (row.status, row.barrier or "") != (status, barrier):
            row.status, row.barrier = status, barrier
            row.updated_on, row.updated_by = today, viewer.user_id
            changed.append(item)
    if changed:
        await audit(
            session,
            viewer,
            "readiness_saved",
            "participant",
            participant_id,
            participant_id=participant_id,
            detail={"items": changed},
        )
    return {}


def parse_day(raw: str) -> dt.date | None:
    """A date typed as YYYY-MM-DD, or None."""
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        return None


__all__ = [
    "ITEM_WORDS",
    "REFERRAL_STEPS",
    "REVIEW_STEPS",
    "STATUS_WORDS",
    "STEP_WORDS",
    "add_step",
    "applications_of",
    "readiness_of",
    "record_step",
    "save_readiness",
]
