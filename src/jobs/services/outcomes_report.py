"""The program report for funders: its records read once from the store, the period asked for,
and the same figures as long CSV rows.

Rules live in the pure ``jobs.outcomes`` package; this module reads the store.
"""

from __future__ import annotations

import csv
import io
from datetime import date, tzinfo
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from jobs.clock import local_date
from jobs.outcomes import (
    CustodyRecord,
    OutcomesReport,
    ParticipantRecord,
    Period,
    ProgramRecords,
    Projection,
    Specialist,
    program_report,
)
from jobs.outcomes.pipeline import StepRecord, pipeline, readiness
from jobs.services.placements import placement_record
from jobs.store import (
    ApplicationStep,
    CaseloadAssignment,
    CriminalRecord,
    CustodyEvent,
    Employer,
    Enrollment,
    Participant,
    Placement,
    ProgramProjection,
    ReadinessItem,
    User,
)
from jobs.store.applications import READINESS_ITEMS


async def program_records(session: AsyncSession, zone: tzinfo) -> ProgramRecords:
    """Everything the report needs, read once from the store.

    A participant without an enrollment row counts from the day their record was created, in
    the program's time zone ``zone``.
    """
    enrollments = {e.participant_id: e for e in await session.scalars(select(Enrollment))}
    assigned: dict[int, list[int]] = {}
    for pid, sid in await session.execute(
        select(CaseloadAssignment.participant_id, CaseloadAssignment.specialist_id)
    ):
        assigned.setdefault(pid, []).append(sid)
    participants = []
    for participant, record in await session.execute(
        select(Participant, CriminalRecord).outerjoin(
            CriminalRecord, CriminalRecord.participant_id == Participant.id
        )
    ):
        enrollment = enrollments.get(participant.id)
        participants.append(
            ParticipantRecord(
                id=participant.id,
                external_ref=participant.external_ref,
                name=participant.name,
                intake_on=(
                    enrollment.intake_on if enrollment else local_date(participant.created_at, zone)
                ),
                exited_on=enrollment.exited_on if enrollment else None,
                felony=bool(record and record.felony),
                conviction_date=record.conviction_date if record else None,
                release_date=record.release_date if record else None,
                specialist_ids=tuple(sorted(assigned.get(participant.id, []))),
            )
        )
    placements = [
        placement_record(job, name)
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


async def outcomes_report(
    session: AsyncSession, period: Period, today: date, zone: tzinfo
) -> OutcomesReport:
    """The program report for ``period`` as known on ``today``, with the road from interest
    to hire (steps dated inside the period) and who is ready to work today."""
    records = await program_records(session, zone)
    report = program_report(records, period, today)
    releases = {p.id: p.release_date for p in records.participants}
    steps = [
        StepRecord(
            participant_id=s.participant_id,
            posting_id=s.posting_id,
            step=s.step,
            happened_on=s.happened_on,
        )
        for s in await session.scalars(select(ApplicationStep))
    ]
    statuses: dict[int, dict[str, str]] = {
        p.id: {} for p in records.participants if p.exited_on is None
    }
    for pid, item, status in await session.execute(
        select(ReadinessItem.participant_id, ReadinessItem.item, ReadinessItem.status)
    ):
        if pid in statuses:
            statuses[pid][item] = status
    report.pipeline = pipeline(steps, releases, period.start, period.end)
    report.readiness = readiness(statuses, READINESS_ITEMS)
    return report


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
    if report.pipeline is not None:
        for stage in report.pipeline.stages:
            rows.append(("pipeline", stage.stage, "applications", str(stage.applications)))
            rows.append(("pipeline", stage.stage, "from_previous", _cell(stage.from_previous)))
        for kind, n in report.pipeline.unsuccessful.items():
            rows.append(("pipeline", kind, "applications", str(n)))
        for measure in (
            "participants_interviewed",
            "participants_hired",
            "median_days_release_to_first_interview",
            "median_days_release_to_hire",
        ):
            rows.append(("pipeline", "program", measure, _cell(getattr(report.pipeline, measure))))
    if report.readiness is not None:
        rows.append(("readiness", "program", "participants", str(report.readiness.participants)))
        rows.append(("readiness", "program", "ready", str(report.readiness.ready)))
        for item, n in report.readiness.waiting_on:
            rows.append(("readiness", item, "waiting", str(n)))
    return rows


def report_csv(report: OutcomesReport) -> str:
    """The report as CSV (header: section, group, measure, value)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    writer.writerows(report_rows(report))
    return buffer.getvalue()
