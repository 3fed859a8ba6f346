"""The program report for a period, as funders ask for it.

How each figure is counted (``period`` includes both ends; ``today`` is the report day):

- participants served: enrolled on at least one day of the period (intake on or before its end,
  no exit before its start).
- placements: jobs that started in the period; participants placed: the served participants
  with one; placement rate = participants placed / participants served.
- median hourly wage: over the placements that started in the period.
- retention at 30/90/180 days: the checks that came due in the period, up to ``today``. Eligible:
  every such check (confirmed, missed, unknown, or overdue with nothing recorded); retained: the
  confirmed ones. A check whose day has not come is never counted, so never missed. A job that
  ended before a check's day misses it.
- employed in the 2nd / 4th quarter after exit: the exiters whose quarter ended in the period (up
  to ``today``); employed when a q2/q4 check on one of their jobs is confirmed. Median earnings in
  the 2nd quarter: recorded quarterly earnings, else wage x hours x weeks worked in the quarter.
- separations: jobs that ended in the period; new placements after a separation: jobs that
  started in the period after an earlier job of the same person had ended.
- returns to custody: events in the period, by type; recidivism rate = served participants with
  a return in the period / participants served.
- days from intake to first placement: for participants whose first job ever started in the
  period.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date

import msgspec

from jobs.outcomes.checkpoints import COUNTED, Outcome, outcome
from jobs.outcomes.pipeline import Pipeline, Readiness, median, rate
from jobs.outcomes.quarters import quarter_after_exit
from jobs.outcomes.records import (
    CUSTODY_KINDS,
    FEDERAL_QUARTERS,
    RETENTION_DAYS,
    SEPARATION_KINDS,
    ParticipantRecord,
    Period,
    PlacementRecord,
    ProgramRecords,
    Projection,
)
from jobs.outcomes.timeline import follows_separation


class RetentionCount(msgspec.Struct, kw_only=True):
    """Checks of one kind that came due in the period: eligible, and retained (confirmed)."""

    eligible: int = 0
    retained: int = 0
    missed: int = 0
    unknown: int = 0
    overdue: int = 0
    rate: float | None = None


class QuarterMeasure(msgspec.Struct, kw_only=True):
    """Exiters whose n-th quarter after exit ended in the period, and how many worked in it."""

    exiters: int = 0
    employed: int = 0
    unknown: int = 0
    rate: float | None = None


class GroupRow(msgspec.Struct, kw_only=True):
    """The main figures for one specialist's caseload or one employer."""

    key: str
    name: str
    participants_served: int | None
    participants_placed: int
    placements: int
    placement_rate: float | None
    median_hourly_wage: float | None
    separations: int
    retention: dict[str, RetentionCount]


class MonthCount(msgspec.Struct, kw_only=True):
    """Placements that started in one month (for the chart)."""

    month: str
    placements: int


class OutcomesReport(msgspec.Struct, kw_only=True):
    """The program report. The first keys are the stable JSON contract of `jobs report outcomes`."""

    participants_served: int
    placements: int
    placement_rate: float | None
    median_hourly_wage: float | None
    retention: dict[str, RetentionCount]
    returns_to_custody: int
    period_from: date
    period_to: date
    as_of: date
    participants_projected: int | None
    placements_projected: int | None
    served_of_projection: float | None
    participants_placed: int
    median_hours_per_week: float | None
    returns_by_type: dict[str, int]
    participants_returned: int
    recidivism_rate: float | None
    separations: int
    separations_by_kind: dict[str, int]
    new_placements_after_separation: int
    first_placements: int
    median_days_to_first_placement: float | None
    employed_q2_after_exit: QuarterMeasure
    employed_q4_after_exit: QuarterMeasure
    median_earnings_q2_after_exit: float | None
    earnings_q2_estimated: int
    placements_by_month: list[MonthCount]
    by_specialist: list[GroupRow]
    by_employer: list[GroupRow]
    # The road from interest to hire, and readiness (jobs.outcomes.pipeline); added by the
    # service, which reads the application steps and checklists.
    pipeline: Pipeline | None = None
    readiness: Readiness | None = None


def retention(
    placements: Iterable[PlacementRecord], period: Period, today: date
) -> dict[str, RetentionCount]:
    """30/90/180-day checks that came due in ``period`` (up to ``today``), by outcome."""
    counts = {kind: RetentionCount() for kind in RETENTION_DAYS}
    last = min(period.end, today)
    for placement in placements:
        for check in placement.checkpoints:
            if check.kind not in counts or not period.start <= check.due_on <= last:
                continue
            result = outcome(check, placement, today)
            if result not in COUNTED:
                continue
            count = counts[check.kind]
            count.eligible += 1
            if result == "confirmed":
                count.retained += 1
            else:
                setattr(count, result, getattr(count, result) + 1)
    for count in counts.values():
        count.rate = rate(count.retained, count.eligible)
    return counts


def _quarter_measure(
    participants: Iterable[ParticipantRecord],
    jobs_of: dict[int, list[PlacementRecord]],
    kind: str,
    period: Period,
    today: date,
) -> tuple[QuarterMeasure, list[float], int]:
    measure = QuarterMeasure()
    earnings: list[float] = []
    estimated = 0
    last = min(period.end, today)
    for person in participants:
        if person.exited_on is None:
            continue
        quarter = quarter_after_exit(person.exited_on, FEDERAL_QUARTERS[kind])
        if not period.start <= quarter.last_day <= last:
            continue
        measure.exiters += 1
        results: list[tuple[Outcome, PlacementRecord, float | None]] = []
        for job in jobs_of.get(person.id, []):
            checks = [c for c in job.checkpoints if c.kind == kind]
            if not checks and quarter.overlap_days(job.start_date, job.separated_on) > 0:
                results.append(("unknown", job, None))  # worked then, but never checked
            results.extend((outcome(c, job, today), job, c.earnings) for c in checks)
        confirmed = [(job, amount) for result, job, amount in results if result == "confirmed"]
        if confirmed:
            measure.employed += 1
            if all(amount is not None for _, amount in confirmed):
                earnings.append(sum(amount or 0.0 for _, amount in confirmed))
            else:
                estimated += 1
                earnings.append(
                    sum(
                        amount
                        if amount is not None
                        else job.hourly_wage
                        * job.hours_per_week
                        * quarter.overlap_days(job.start_date, job.separated_on)
                        / 7
                        for job, amount in confirmed
                    )
                )
        elif any(result in ("unknown", "overdue") for result, _, _ in results):
            measure.unknown += 1
    measure.rate = rate(measure.employed, measure.exiters)
    return measure, earnings, estimated


def _group(
    key: str,
    name: str,
    served: list[ParticipantRecord] | None,
    started: list[PlacementRecord],
    all_jobs: list[PlacementRecord],
    period: Period,
    today: date,
) -> GroupRow:
    served_ids = {p.id for p in served} if served is not None else None
    placed = {
        p.participant_id for p in started if served_ids is None or p.participant_id in served_ids
    }
    return GroupRow(
        key=key,
        name=name,
        participants_served=len(served) if served is not None else None,
        participants_placed=len(placed),
        placements=len(started),
        placement_rate=rate(len(placed), len(served)) if served is not None else None,
        median_hourly_wage=median([p.hourly_wage for p in started]),
        separations=sum(1 for p in all_jobs if p.separated_on in period),
        retention=retention(all_jobs, period, today),
    )


def _projection(projections: Iterable[Projection], period: Period) -> Projection | None:
    exact = [p for p in projections if p.start == period.start and p.end == period.end]
    if exact:
        return exact[0]
    covering = [p for p in projections if p.start <= period.start and period.end <= p.end]
    return min(covering, key=lambda p: (p.end - p.start, p.start), default=None)


def _months(period: Period, started: Iterable[PlacementRecord]) -> list[MonthCount]:
    counts = Counter(p.start_date.strftime("%Y-%m") for p in started)
    months: list[MonthCount] = []
    year, month = period.start.year, period.start.month
    while (year, month) <= (period.end.year, period.end.month):
        label = f"{year:04d}-{month:02d}"
        months.append(MonthCount(month=label, placements=counts.get(label, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def program_report(records: ProgramRecords, period: Period, today: date) -> OutcomesReport:
    """The program's outcomes for ``period``, as known on ``today``."""
    served = [p for p in records.participants if p.served_during(period)]
    served_ids = {p.id for p in served}
    started = [p for p in records.placements if p.start_date in period]
    placed = {p.participant_id for p in started if p.participant_id in served_ids}
    jobs_of: dict[int, list[PlacementRecord]] = {}
    for job in records.placements:
        jobs_of.setdefault(job.participant_id, []).append(job)

    ended = [p for p in records.placements if p.separated_on in period]
    returns = [e for e in records.custody_events if e.occurred_on in period]
    returned = {e.participant_id for e in returns if e.participant_id in served_ids}

    intake = {p.id: p.intake_on for p in records.participants}
    waits: list[float] = []
    for pid, jobs in jobs_of.items():
        first = min(jobs, key=lambda j: (j.start_date, j.id))
        if first.start_date in period and pid in intake:
            waits.append(max(0, (first.start_date - intake[pid]).days))

    q2, earnings, estimated = _quarter_measure(served, jobs_of, "q2", period, today)
    q4, _, _ = _quarter_measure(served, jobs_of, "q4", period, today)
    projection = _projection(records.projections, period)

    specialists: list[GroupRow] = []
    for specialist in sorted(records.specialists, key=lambda s: s.name):
        mine = [p for p in served if specialist.id in p.specialist_ids]
        ids = {p.id for p in records.participants if specialist.id in p.specialist_ids}
        specialists.append(
            _group(
                str(specialist.id),
                specialist.name,
                mine,
                [p for p in started if p.participant_id in ids],
                [p for p in records.placements if p.participant_id in ids],
                period,
                today,
            )
        )
    employers: list[GroupRow] = []
    names = {p.employer_id: p.employer_name for p in records.placements}
    for employer_id, name in sorted(names.items(), key=lambda item: (item[1], item[0])):
        theirs = [p for p in records.placements if p.employer_id == employer_id]
        row = _group(
            str(employer_id),
            name,
            None,
            [p for p in started if p.employer_id == employer_id],
            theirs,
            period,
            today,
        )
        if row.placements or row.separations or any(c.eligible for c in row.retention.values()):
            employers.append(row)

    return OutcomesReport(
        participants_served=len(served),
        placements=len(started),
        placement_rate=rate(len(placed), len(served)),
        median_hourly_wage=median([p.hourly_wage for p in started]),
        retention=retention(records.placements, period, today),
        returns_to_custody=len(returns),
        period_from=period.start,
        period_to=period.end,
        as_of=today,
        participants_projected=projection.participants if projection else None,
        placements_projected=projection.placements if projection else None,
        served_of_projection=rate(len(served), projection.participants) if projection else None,
        participants_placed=len(placed),
        median_hours_per_week=median([p.hours_per_week for p in started], 1),
        returns_by_type={kind: sum(1 for e in returns if e.kind == kind) for kind in CUSTODY_KINDS},
        participants_returned=len(returned),
        recidivism_rate=rate(len(returned), len(served)),
        separations=len(ended),
        separations_by_kind={
            kind: sum(1 for p in ended if (p.separation_kind or "other") == kind)
            for kind in SEPARATION_KINDS
        },
        new_placements_after_separation=sum(
            1 for p in started if follows_separation(p, jobs_of[p.participant_id])
        ),
        first_placements=len(waits),
        median_days_to_first_placement=median(waits, 1),
        employed_q2_after_exit=q2,
        employed_q4_after_exit=q4,
        median_earnings_q2_after_exit=median(earnings),
        earnings_q2_estimated=estimated,
        placements_by_month=_months(period, started),
        by_specialist=specialists,
        by_employer=employers,
    )
