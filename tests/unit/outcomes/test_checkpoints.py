"""When checks fall due and what they count as: not yet due is never missed; a job that ended
before a check's day misses it."""

from __future__ import annotations

from datetime import date

import pytest

from jobs.errors import InvalidInput
from jobs.outcomes import (
    CheckpointRecord,
    Period,
    PlacementRecord,
    federal_schedule,
    needs_check_in,
    outcome,
    quarter_after_exit,
    quarter_of,
    retention_schedule,
    timeline,
)
from tests.unit.outcomes.builders import day, job


def test_retention_checks_fall_30_90_180_days_after_the_start():
    assert retention_schedule(date(2026, 1, 31)) == {
        "30": date(2026, 3, 2),
        "90": date(2026, 5, 1),
        "180": date(2026, 7, 30),
    }


def test_a_check_not_yet_due_is_never_missed_whatever_was_recorded():
    placement = job(1, "2026-11-01", statuses={"30": "missed"})
    check = next(c for c in placement.checkpoints if c.kind == "30")
    assert outcome(check, placement, day("2026-11-30")) == "not_due"
    assert outcome(check, placement, day("2026-12-01")) == "missed"


def test_past_its_day_with_nothing_recorded_a_check_is_overdue():
    placement = job(1, "2026-01-05")
    check = next(c for c in placement.checkpoints if c.kind == "30")
    assert outcome(check, placement, day("2026-11-28")) == "overdue"
    assert needs_check_in(check, placement)


def test_separation_on_day_89_keeps_the_30_day_check_and_misses_90_and_180():
    start = "2026-01-05"
    placement = job(
        1, start, separated="2026-04-04", kind="quit", statuses={"30": "confirmed", "90": "due"}
    )
    assert (placement.separated_on - placement.start_date).days == 89
    results = {c.kind: outcome(c, placement, day("2026-11-28")) for c in placement.checkpoints}
    assert results == {"30": "confirmed", "90": "missed", "180": "missed"}
    ninety = next(c for c in placement.checkpoints if c.kind == "90")
    assert not needs_check_in(ninety, placement)


def test_separation_on_the_check_day_itself_still_counts_what_was_recorded():
    placement = job(1, "2026-01-05", separated="2026-04-05", statuses={"90": "confirmed"})
    ninety = next(c for c in placement.checkpoints if c.kind == "90")
    assert outcome(ninety, placement, day("2026-11-28")) == "confirmed"


@pytest.mark.parametrize(
    ("exited", "n", "first", "last"),
    [
        ("2026-02-10", 2, "2026-07-01", "2026-09-30"),
        ("2026-03-31", 2, "2026-07-01", "2026-09-30"),
        ("2026-04-01", 2, "2026-10-01", "2026-12-31"),
        ("2026-11-15", 2, "2027-04-01", "2027-06-30"),
        ("2026-11-15", 4, "2027-10-01", "2027-12-31"),
        ("2027-12-31", 4, "2028-10-01", "2028-12-31"),
    ],
)
def test_quarters_after_exit_skip_the_exit_quarter(exited, n, first, last):
    quarter = quarter_after_exit(day(exited), n)
    assert (quarter.first_day, quarter.last_day) == (day(first), day(last))


def test_quarter_overlap_counts_both_ends():
    quarter = quarter_of(day("2028-02-29"))
    assert quarter.label == "2028 Q1"
    assert quarter.overlap_days(day("2027-12-01"), None) == 31 + 29 + 31
    assert quarter.overlap_days(day("2028-03-31"), day("2028-04-30")) == 1
    assert quarter.overlap_days(day("2028-04-01"), None) == 0


def test_quarter_checks_only_for_jobs_that_overlap_the_quarter():
    exited = day("2026-02-10")  # Q2 after exit: 2026 Q3; Q4 after exit: 2027 Q1
    kept = job(1, "2026-02-01")
    left_in_q3 = job(1, "2026-02-01", separated="2026-07-02")
    left_before = job(1, "2026-02-01", separated="2026-06-30")
    assert federal_schedule(exited, kept) == {"q2": day("2026-09-30"), "q4": day("2027-03-31")}
    assert federal_schedule(exited, left_in_q3) == {"q2": day("2026-09-30")}
    assert federal_schedule(exited, left_before) == {}


def test_a_separation_inside_the_quarter_still_counts_as_worked_in_it():
    placement = job(
        1, "2026-02-01", separated="2026-07-02", exited="2026-02-10", statuses={"q2": "confirmed"}
    )
    q2 = next(c for c in placement.checkpoints if c.kind == "q2")
    assert outcome(q2, placement, day("2026-11-28")) == "confirmed"


def test_timeline_orders_jobs_and_marks_the_one_after_a_separation():
    first = job(7, "2026-01-05", separated="2026-04-04", statuses={"30": "confirmed"})
    second = job(7, "2026-05-01", statuses={"30": "confirmed"})
    entries = timeline([second, first], day("2026-11-28"))
    assert [e.placement_id for e in entries] == [first.id, second.id]
    assert [e.after_separation for e in entries] == [False, True]
    assert entries[0].days_employed == 90
    assert [c.outcome for c in entries[1].checkpoints] == ["confirmed", "overdue", "overdue"]


def test_bad_records_say_what_and_where():
    with pytest.raises(InvalidInput, match="placement 5: separated on 2026-01-01 before"):
        PlacementRecord(
            id=5,
            participant_id=1,
            employer_id=1,
            start_date=day("2026-02-01"),
            hourly_wage=15,
            hours_per_week=40,
            separated_on=day("2026-01-01"),
        )
    with pytest.raises(InvalidInput, match="period: the end"):
        Period(start=day("2026-02-01"), end=day("2026-01-01"))
    with pytest.raises(InvalidInput, match="hourly wage"):
        PlacementRecord(
            id=6,
            participant_id=1,
            employer_id=1,
            start_date=day("2026-02-01"),
            hourly_wage=float("nan"),
            hours_per_week=40,
        )
    assert CheckpointRecord(kind="30", due_on=day("2026-01-01")).status == "due"
