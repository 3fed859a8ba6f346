"""Demo outcomes: intake and exit dates, placements with their checks, a separation on day 89
and a re-placement, a lay-off, returns to custody and the program's projection, read from
``demo/placements.json`` and written through the placements service.

Runs after the demo participants, employers, postings and accounts exist. Idempotent: each
thing is found by its natural key (participant, employer, start date; participant, day, kind)
and only written when it differs, so a second call changes nothing.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, date, datetime, time
from importlib import resources
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from jobs.errors import InvalidInput
from jobs.services.placements import (
    PlacementIn,
    enroll,
    record_check,
    record_custody,
    record_exit,
    record_placement,
    record_separation,
    set_projection,
)
from jobs.store import (
    CustodyEvent,
    Employer,
    Enrollment,
    Participant,
    Placement,
    Posting,
    ProgramProjection,
    Source,
    User,
)

DEMO_SOURCE = "kc-demo"


def read_demo_outcomes() -> dict[str, Any]:
    """The demo outcomes file as parsed JSON."""
    text = resources.files("jobs.demo").joinpath("placements.json").read_text(encoding="utf-8")
    return json.loads(text)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


class _Lookup:
    def __init__(self, participants, employers, postings, users) -> None:
        self.participants: dict[str, Participant] = participants
        self.employers: dict[str, Employer] = employers
        self.postings: dict[str, Posting] = postings
        self.users: dict[str, User] = users

    def participant(self, ref: str) -> Participant:
        try:
            return self.participants[ref]
        except KeyError:
            raise InvalidInput(f"placements.json: no demo participant {ref!r}") from None

    def employer(self, key: str) -> Employer:
        try:
            return self.employers[key]
        except KeyError:
            raise InvalidInput(f"placements.json: no demo employer {key!r}") from None


async def _lookup(session: AsyncSession) -> _Lookup:
    source = await session.scalar(select(Source).where(Source.name == DEMO_SOURCE))
    postings = {}
    if source is not None:
        postings = {
            p.source_job_id: p
            for p in await session.scalars(select(Posting).where(Posting.source_id == source.id))
        }
    return _Lookup(
        {p.external_ref: p for p in await session.scalars(select(Participant))},
        {e.key: e for e in await session.scalars(select(Employer))},
        postings,
        {u.email: u for u in await session.scalars(select(User))},
    )


async def load_demo_outcomes(session: AsyncSession) -> dict[str, int]:
    """Load the demo outcomes; returns how many things were created or changed, by kind."""
    data = read_demo_outcomes()
    today = date.fromisoformat(data["today"])
    found = await _lookup(session)
    changed: Counter[str] = Counter()

    for item in data["enrollments"]:
        participant = found.participant(item["participant"])
        intake = date.fromisoformat(item["intake_on"])
        row = await session.get(Enrollment, participant.id)
        if row is None or row.intake_on != intake:
            await enroll(session, participant.id, intake)
            changed["enrollments"] += 1

    for item in data["placements"]:
        participant = found.participant(item["participant"])
        employer = found.employer(item["employer"])
        start = date.fromisoformat(item["start_date"])
        job = await session.scalar(
            select(Placement)
            .where(
                Placement.participant_id == participant.id,
                Placement.employer_id == employer.id,
                Placement.start_date == start,
            )
            .options(selectinload(Placement.checkpoints))
        )
        if job is None:
            posting = found.postings.get(item.get("posting") or "")
            recorder = found.users.get(item.get("recorded_by") or "")
            job = await record_placement(
                session,
                PlacementIn(
                    participant_id=participant.id,
                    employer_id=employer.id,
                    posting_id=posting.id if posting is not None else None,
                    job_title=item["job_title"],
                    start_date=start,
                    hourly_wage=item["hourly_wage"],
                    hours_per_week=item["hours_per_week"],
                    shift=item.get("shift", ""),
                    offered_on=_day(item.get("offered_on")),
                    form_8850_signed_on=_day(item.get("form_8850_signed_on")),
                    form_8850_sent_on=_day(item.get("form_8850_sent_on")),
                    bond_requested_on=_day(item.get("bond_requested_on")),
                ),
                recorded_by=recorder.id if recorder is not None else None,
            )
            changed["placements"] += 1

    # Exits after the placements, so the jobs they overlap get their quarter checks.
    for item in data["enrollments"]:
        exited = _day(item.get("exited_on"))
        if exited is None:
            continue
        participant = found.participant(item["participant"])
        row = await session.get(Enrollment, participant.id)
        if row is not None and row.exited_on != exited:
            await record_exit(session, participant.id, exited, item.get("exit_reason", ""))
            changed["exits"] += 1

    for item in data["placements"]:
        participant = found.participant(item["participant"])
        employer = found.employer(item["employer"])
        job = await session.scalar(
            select(Placement)
            .where(
                Placement.participant_id == participant.id,
                Placement.employer_id == employer.id,
                Placement.start_date == date.fromisoformat(item["start_date"]),
            )
            .options(selectinload(Placement.checkpoints))
            .execution_options(populate_existing=True)
        )
        if job is None:  # pragma: no cover - created in the loop above
            raise InvalidInput(f"placements.json: placement of {item['participant']} not found")
        checks = {c.kind: c for c in job.checkpoints}
        for kind, wanted in item.get("checks", {}).items():
            check = checks.get(kind)
            if check is None:
                raise InvalidInput(
                    f"placements.json: {item['participant']} at {item['employer']} has no "
                    f"{kind} check"
                )
            if check.status != wanted["status"] or check.earnings != wanted.get("earnings"):
                checked_on = date.fromisoformat(wanted["on"])
                await record_check(
                    session,
                    check.id,
                    wanted["status"],
                    today=today,
                    note=wanted.get("note", ""),
                    earnings=wanted.get("earnings"),
                    checked_at=datetime.combine(checked_on, time(15, 0), tzinfo=UTC),
                )
                changed["checks"] += 1
        separation = item.get("separation")
        if separation and job.separated_on != date.fromisoformat(separation["on"]):
            await record_separation(
                session,
                job.id,
                date.fromisoformat(separation["on"]),
                separation["kind"],
                separation["reason"],
            )
            changed["separations"] += 1

    for item in data["custody_events"]:
        participant = found.participant(item["participant"])
        when = date.fromisoformat(item["occurred_on"])
        existing = await session.scalar(
            select(CustodyEvent).where(
                CustodyEvent.participant_id == participant.id,
                CustodyEvent.occurred_on == when,
                CustodyEvent.kind == item["kind"],
            )
        )
        if existing is None or existing.note != item.get("note", ""):
            await record_custody(
                session, participant.id, item["kind"], when, note=item.get("note", "")
            )
            changed["custody events"] += 1

    for item in data["projections"]:
        start, end = date.fromisoformat(item["from"]), date.fromisoformat(item["to"])
        row = await session.scalar(
            select(ProgramProjection).where(
                ProgramProjection.period_start == start, ProgramProjection.period_end == end
            )
        )
        wanted = (item["participants"], item.get("placements"))
        if row is None or (row.participants, row.placements) != wanted:
            await set_projection(session, start, end, *wanted)
            changed["projections"] += 1

    await session.flush()
    return dict(changed)
