"""The program report on hand-built timelines."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from jobs.outcomes import (
    CheckpointRecord,
    CustodyRecord,
    ParticipantRecord,
    Period,
    PlacementRecord,
    ProgramRecords,
    Projection,
    Specialist,
    program_report,
    retention_schedule,
)
from tests.unit.outcomes.builders import custody, day, job, person

TODAY = day("2026-11-28")
YEAR = Period(start=day("2026-01-01"), end=day("2026-12-31"))


def report(participants, placements, events=(), period=YEAR, today=TODAY, **extra):
    records = ProgramRecords(
        participants=tuple(participants),
        placements=tuple(placements),
        custody_events=tuple(events),
        **extra,
    )
    return program_report(records, period, today)


def test_a_person_placed_twice_counts_once_as_placed_and_twice_as_placements():
    first = job(1, "2026-02-02", wage=16.0, separated="2026-03-20", kind="discharged")
    second = job(1, "2026-04-06", wage=18.5)
    result = report([person(1), person(2)], [first, second])
    assert result.placements == 2
    assert result.participants_placed == 1
    assert result.participants_served == 2
    assert result.placement_rate == 0.5
    assert result.median_hourly_wage == 17.25
    assert result.separations == 1
    assert result.separations_by_kind["discharged"] == 1
    assert result.new_placements_after_separation == 1
    assert result.first_placements == 1  # only the first job ever counts for time to placement


def test_separation_on_day_89_retains_at_30_and_misses_at_90_and_180():
    placement = job(1, "2026-01-05", separated="2026-04-04", statuses={"30": "confirmed"})
    result = report([person(1)], [placement])
    assert {k: (c.eligible, c.retained) for k, c in result.retention.items()} == {
        "30": (1, 1),
        "90": (1, 0),
        "180": (1, 0),
    }
    assert result.retention["90"].missed == 1
    assert result.retention["30"].rate == 1.0
    assert result.retention["90"].rate == 0.0


def test_checks_not_yet_due_are_not_counted_even_inside_the_period():
    placement = job(1, "2026-10-15", statuses={"30": "confirmed"})  # 90: 2027-01-13
    late_period = Period(start=day("2026-01-01"), end=day("2027-06-30"))
    result = report([person(1)], [placement], period=late_period)
    assert (result.retention["30"].eligible, result.retention["30"].retained) == (1, 1)
    assert result.retention["90"].eligible == 0
    assert result.retention["180"].eligible == 0
    assert result.retention["90"].rate is None


def test_overdue_and_unknown_checks_are_eligible_but_not_retained():
    placement = job(1, "2026-03-02", statuses={"30": "unknown"})  # 90 and 180: nothing recorded
    result = report([person(1)], [placement])
    assert result.retention["30"].unknown == 1
    assert result.retention["90"].overdue == 1
    assert result.retention["180"].eligible == 1 and result.retention["180"].retained == 0


def test_a_period_that_cuts_a_placement_counts_only_what_falls_inside():
    # Started 1 March: 30-day check 31 March, 90-day 30 May, 180-day 28 August.
    placement = job(1, "2026-03-01", statuses={"30": "confirmed", "90": "confirmed"})
    spring = Period(start=day("2026-04-01"), end=day("2026-06-30"))
    result = report([person(1, intake="2026-02-01")], [placement], period=spring)
    assert result.placements == 0
    assert result.participants_placed == 0
    assert result.participants_served == 1
    assert result.median_hourly_wage is None
    assert result.retention["30"].eligible == 0
    assert (result.retention["90"].eligible, result.retention["90"].retained) == (1, 1)
    assert result.retention["180"].eligible == 0
    assert [m.month for m in result.placements_by_month] == ["2026-04", "2026-05", "2026-06"]


def test_served_means_enrolled_on_some_day_of_the_period():
    people = [
        person(1, intake="2025-06-01", exited_on="2025-12-31"),  # left before
        person(2, intake="2025-06-01", exited_on="2026-01-01"),  # one day inside
        person(3, intake="2026-12-31"),  # last day
        person(4, intake="2027-01-01"),  # after
    ]
    assert report(people, []).participants_served == 2


def test_returns_to_custody_by_type_and_the_rate():
    people = [person(i) for i in range(1, 5)]
    events = [
        custody(1, "2026-05-01", "technical_violation"),
        custody(1, "2026-09-01", "new_offense"),
        custody(2, "2026-07-15", "new_offense"),
        custody(3, "2025-12-31", "new_offense"),  # before the period
    ]
    result = report(people, [], events)
    assert result.returns_to_custody == 3
    assert result.returns_by_type == {"new_offense": 2, "technical_violation": 1}
    assert result.participants_returned == 2
    assert result.recidivism_rate == 0.5


def test_days_from_intake_to_first_placement():
    people = [person(1, intake="2026-01-05"), person(2, intake="2026-02-01")]
    jobs = [job(1, "2026-02-04"), job(2, "2026-03-13"), job(2, "2026-06-01")]
    result = report(people, jobs)
    assert result.first_placements == 2
    assert result.median_days_to_first_placement == (30 + 40) / 2


def test_quarter_after_exit_measures_and_median_earnings():
    # Both exit in February 2026: the 2nd quarter after is 2026 Q3, which ended before today;
    # the 4th is 2027 Q1, not ended yet.
    people = [
        person(1, exited_on="2026-02-10"),
        person(2, exited_on="2026-02-20"),
        person(3, exited_on="2026-02-25"),
    ]
    recorded = job(
        1,
        "2026-01-12",
        exited="2026-02-10",
        statuses={"q2": "confirmed"},
        earnings={"q2": 8100.0},
    )
    estimated = job(
        2, "2026-01-12", wage=15.0, hours=30, exited="2026-02-20", statuses={"q2": "confirmed"}
    )
    result = report(people, [recorded, estimated])
    q2 = result.employed_q2_after_exit
    assert (q2.exiters, q2.employed, q2.unknown, q2.rate) == (3, 2, 0, round(2 / 3, 4))
    assert result.employed_q4_after_exit.exiters == 0
    quarter_days = 92  # July, August, September
    estimate = 15.0 * 30 * quarter_days / 7
    assert result.earnings_q2_estimated == 1
    assert result.median_earnings_q2_after_exit == round((8100.0 + estimate) / 2, 2)


def test_a_job_that_overlaps_the_quarter_without_a_check_is_unknown_not_unemployed():
    bare = job(1, "2026-01-12")  # no q2/q4 checks were made
    result = report([person(1, exited_on="2026-02-10")], [bare])
    assert result.employed_q2_after_exit.unknown == 1
    assert result.employed_q2_after_exit.employed == 0


def test_projection_exact_or_the_smallest_covering_period():
    projections = (
        Projection(start=day("2026-01-01"), end=day("2026-12-31"), participants=40, placements=25),
        Projection(start=day("2025-07-01"), end=day("2027-06-30"), participants=80),
    )
    people = [person(i) for i in range(1, 11)]
    year = report(people, [], projections=projections)
    assert (year.participants_projected, year.placements_projected) == (40, 25)
    assert year.served_of_projection == 0.25
    spring = Period(start=day("2026-04-01"), end=day("2026-06-30"))
    assert report(people, [], period=spring, projections=projections).participants_projected == 40
    wide = Period(start=day("2025-08-01"), end=day("2027-01-31"))
    assert report(people, [], period=wide, projections=projections).participants_projected == 80
    none = Period(start=day("2024-01-01"), end=day("2026-12-31"))
    assert report(people, [], period=none, projections=projections).served_of_projection is None


def test_by_specialist_and_by_employer():
    people = [
        person(1, specialist_ids=(10,)),
        person(2, specialist_ids=(10,)),
        person(3, specialist_ids=(11,)),
    ]
    jobs = [
        job(1, "2026-03-02", employer=1, wage=16.0, statuses={"30": "confirmed"}),
        job(3, "2026-04-06", employer=2, wage=20.0, separated="2026-04-20"),
    ]
    specialists = (Specialist(id=10, name="Renee"), Specialist(id=11, name="Omar"))
    result = report(people, jobs, specialists=specialists)
    rows = {row.name: row for row in result.by_specialist}
    assert (rows["Renee"].participants_served, rows["Renee"].participants_placed) == (2, 1)
    assert rows["Renee"].placement_rate == 0.5
    assert rows["Renee"].retention["30"].retained == 1
    assert (rows["Omar"].placements, rows["Omar"].separations) == (1, 1)
    assert rows["Omar"].retention["30"].missed == 1
    employers = {row.name: row for row in result.by_employer}
    assert employers["Employer 1"].median_hourly_wage == 16.0
    assert employers["Employer 2"].participants_served is None
    assert employers["Employer 2"].placement_rate is None


# Invariants over random timelines -------------------------------------------------------------

START = date(2025, 1, 1)


@st.composite
def programs(draw):
    n = draw(st.integers(1, 8))
    participants = []
    placements = []
    events = []
    next_id = 1
    for pid in range(1, n + 1):
        intake = START + timedelta(days=draw(st.integers(0, 600)))
        exited = None
        if draw(st.booleans()):
            exited = intake + timedelta(days=draw(st.integers(0, 400)))
        participants.append(
            ParticipantRecord(
                id=pid,
                intake_on=intake,
                exited_on=exited,
                specialist_ids=(draw(st.sampled_from([1, 2])),),
            )
        )
        for _ in range(draw(st.integers(0, 3))):
            start = intake + timedelta(days=draw(st.integers(-10, 500)))
            separated = None
            if draw(st.booleans()):
                separated = start + timedelta(days=draw(st.integers(0, 300)))
            checks = [
                CheckpointRecord(
                    kind=kind,
                    due_on=due,
                    status=draw(st.sampled_from(["due", "confirmed", "missed", "unknown"])),
                )
                for kind, due in retention_schedule(start).items()
            ]
            for kind in ("q2", "q4"):
                if draw(st.booleans()):
                    checks.append(
                        CheckpointRecord(
                            kind=kind,
                            due_on=start + timedelta(days=draw(st.integers(0, 500))),
                            status=draw(st.sampled_from(["due", "confirmed", "missed"])),
                            earnings=draw(st.none() | st.floats(0, 20000)),
                        )
                    )
            placements.append(
                PlacementRecord(
                    id=next_id,
                    participant_id=pid,
                    employer_id=draw(st.integers(1, 3)),
                    employer_name="E",
                    start_date=start,
                    hourly_wage=draw(st.floats(7.25, 60)),
                    hours_per_week=draw(st.floats(5, 60)),
                    separated_on=separated,
                    checkpoints=tuple(checks),
                )
            )
            next_id += 1
        for _ in range(draw(st.integers(0, 2))):
            events.append(
                CustodyRecord(
                    participant_id=pid,
                    kind=draw(st.sampled_from(["new_offense", "technical_violation"])),
                    occurred_on=intake + timedelta(days=draw(st.integers(0, 700))),
                )
            )
    return ProgramRecords(
        participants=tuple(participants),
        placements=tuple(placements),
        custody_events=tuple(events),
        specialists=(Specialist(id=1, name="A"), Specialist(id=2, name="B")),
    )


periods = st.builds(
    lambda a, b: Period(start=min(a, b), end=max(a, b)),
    st.dates(START, date(2027, 12, 31)),
    st.dates(START, date(2027, 12, 31)),
)


@settings(max_examples=150, deadline=None)
@given(programs(), periods, st.dates(START, date(2028, 6, 30)))
def test_report_invariants(records, period, today):
    result = program_report(records, period, today)
    for value in (
        result.placement_rate,
        result.recidivism_rate,
        result.employed_q2_after_exit.rate,
        result.employed_q4_after_exit.rate,
    ):
        assert value is None or 0.0 <= value <= 1.0
    assert result.participants_placed <= result.participants_served
    assert result.participants_placed <= result.placements
    assert result.participants_returned <= result.participants_served
    for count in result.retention.values():
        assert 0 <= count.retained <= count.eligible
        assert count.eligible == count.retained + count.missed + count.unknown + count.overdue
        assert count.rate is None or 0.0 <= count.rate <= 1.0
    # nothing counted that was not yet due on the report day
    due_by_today = sum(
        1
        for p in records.placements
        for c in p.checkpoints
        if c.kind in ("30", "90", "180") and period.start <= c.due_on <= min(today, period.end)
    )
    assert sum(c.eligible for c in result.retention.values()) == due_by_today
    assert sum(row.placements for row in result.by_employer) == result.placements
    assert sum(row.placements for row in result.by_specialist) == result.placements
    assert sum(m.placements for m in result.placements_by_month) == result.placements
    assert sum(result.returns_by_type.values()) == result.returns_to_custody
    assert sum(result.separations_by_kind.values()) == result.separations
    for row in result.by_specialist:
        assert row.participants_placed <= (row.participants_served or 0)
