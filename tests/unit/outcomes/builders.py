"""Hand-built timelines for the outcomes tests."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import count

from jobs.outcomes import (
    CheckpointRecord,
    CustodyRecord,
    ParticipantRecord,
    PlacementRecord,
    federal_schedule,
    retention_schedule,
)

_ids = count(1000)


def day(text: str) -> date:
    return date.fromisoformat(text)


def person(pid: int, intake: str = "2026-01-05", **changes) -> ParticipantRecord:
    values = {
        "id": pid,
        "external_ref": f"T-{pid}",
        "name": f"Person {pid}",
        "intake_on": day(intake),
    }
    if "exited_on" in changes and isinstance(changes["exited_on"], str):
        changes["exited_on"] = day(changes["exited_on"])
    return ParticipantRecord(**{**values, **changes})


def job(
    pid: int,
    start: str,
    *,
    wage: float = 17.0,
    hours: float = 40.0,
    employer: int = 1,
    separated: str | None = None,
    kind: str | None = None,
    statuses: dict[str, str] | None = None,
    earnings: dict[str, float] | None = None,
    exited: str | None = None,
    job_id: int | None = None,
) -> PlacementRecord:
    """A placement with its 30/90/180 checks (and q2/q4 after ``exited``), statuses as given."""
    statuses = statuses or {}
    earnings = earnings or {}
    bare = PlacementRecord(
        id=job_id if job_id is not None else next(_ids),
        participant_id=pid,
        employer_id=employer,
        employer_name=f"Employer {employer}",
        job_title="Warehouse associate",
        start_date=day(start),
        hourly_wage=wage,
        hours_per_week=hours,
        separated_on=day(separated) if separated else None,
        separation_kind=kind if separated else None,
        separation_reason="left" if separated else None,
    )
    due = retention_schedule(bare.start_date)
    if exited:
        due.update(federal_schedule(day(exited), bare))
    checks = tuple(
        CheckpointRecord(kind=k, due_on=d, status=statuses.get(k, "due"), earnings=earnings.get(k))
        for k, d in due.items()
    )
    return PlacementRecord(**{**_fields(bare), "checkpoints": checks})


def _fields(placement: PlacementRecord) -> dict:
    return {name: getattr(placement, name) for name in placement.__struct_fields__}


def custody(pid: int, when: str, kind: str = "technical_violation") -> CustodyRecord:
    return CustodyRecord(participant_id=pid, kind=kind, occurred_on=day(when))


def plus(text: str, days: int) -> str:
    return (day(text) + timedelta(days=days)).isoformat()
