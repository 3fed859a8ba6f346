"""Retention checkpoints: when they fall due and what a recorded check means on a given day.

A placement gets checks 30, 90 and 180 days after its start. After a participant exits the
program, each placement that overlaps the 2nd and 4th quarter after the exit quarter gets a
``q2``/``q4`` check, due on the last day of that quarter (the federal workforce measures).

The outcome of a check on ``today``:

- ``not_due``: its day has not come. Never counted, never missed, whatever was recorded.
- ``missed``: recorded as missed, or the placement ended before the check's day.
- ``confirmed``: recorded as confirmed (and the job had not ended before that day).
- ``unknown``: recorded as unknown (nobody could tell).
- ``overdue``: the day has passed and nobody has recorded anything yet.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Literal

from jobs.outcomes.quarters import quarter_after_exit, quarter_of
from jobs.outcomes.records import (
    FEDERAL_QUARTERS,
    RETENTION_DAYS,
    CheckpointRecord,
    PlacementRecord,
)

Outcome = Literal["not_due", "confirmed", "missed", "unknown", "overdue"]
COUNTED: tuple[Outcome, ...] = ("confirmed", "missed", "unknown", "overdue")
# What each check is called on pages, reminders and error messages.
CHECKPOINT_LABELS: dict[str, str] = {
    "30": "30-day retention check",
    "90": "90-day retention check",
    "180": "180-day retention check",
    "q2": "2nd-quarter employment check",
    "q4": "4th-quarter employment check",
}


def checkpoint_label(kind: str) -> str:
    """A check's name in plain words ("2nd-quarter employment check")."""
    return CHECKPOINT_LABELS.get(kind, f"{kind} check")


def retention_schedule(start_date: date) -> dict[str, date]:
    """The 30/90/180-day check dates of a placement starting on ``start_date``."""
    return {kind: start_date + timedelta(days=days) for kind, days in RETENTION_DAYS.items()}


def federal_schedule(exited_on: date, placement: PlacementRecord) -> dict[str, date]:
    """The q2/q4 check dates this placement needs after an exit on ``exited_on``.

    Only quarters the job overlaps (started by the quarter's end, not separated before its start).
    """
    due: dict[str, date] = {}
    for kind, n in FEDERAL_QUARTERS.items():
        quarter = quarter_after_exit(exited_on, n)
        if quarter.overlap_days(placement.start_date, placement.separated_on) > 0:
            due[kind] = quarter.last_day
    return due


def outcome(check: CheckpointRecord, placement: PlacementRecord, today: date) -> Outcome:
    """What ``check`` on ``placement`` counts as on ``today`` (see the module docstring)."""
    if check.due_on > today:
        return "not_due"
    if placement.separated_on is not None and placement.separated_on < _day_that_counts(check):
        return "missed"
    if check.status == "due":
        return "overdue"
    return check.status


def _day_that_counts(check: CheckpointRecord) -> date:
    # A retention check asks "still working on day N?"; a quarter check asks "worked at all in
    # the quarter?", so for q2/q4 only a separation before the quarter's first day is a miss.
    if check.kind in FEDERAL_QUARTERS:
        return quarter_of(check.due_on).first_day
    return check.due_on


def needs_check_in(check: CheckpointRecord, placement: PlacementRecord) -> bool:
    """True when a specialist should check in: nothing recorded yet and the job had not ended."""
    if check.status != "due":
        return False
    return placement.separated_on is None or placement.separated_on >= _day_that_counts(check)
