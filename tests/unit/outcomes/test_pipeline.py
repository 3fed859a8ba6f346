"""From interest to hire, and ready to work: the report's figures."""

from __future__ import annotations

import datetime as dt

from jobs.outcomes.pipeline import StepRecord, pipeline, readiness
from jobs.store.applications import READINESS_ITEMS

D = dt.date


def step(pid: int, posting: int, name: str, day: dt.date) -> StepRecord:
    return StepRecord(participant_id=pid, posting_id=posting, step=name, happened_on=day)


STEPS = [
    step(1, 10, "interested", D(2026, 3, 1)),
    step(1, 10, "applied", D(2026, 3, 2)),
    step(1, 10, "interview_booked", D(2026, 3, 9)),
    step(1, 10, "offer", D(2026, 3, 12)),
    step(1, 10, "hired", D(2026, 3, 16)),
    step(2, 11, "applied", D(2026, 3, 5)),
    step(2, 11, "unsuccessful_interview", D(2026, 3, 20)),  # an interview was reached
    step(3, 12, "interested", D(2026, 3, 7)),
    step(3, 13, "unsuccessful_application", D(2026, 3, 8)),
]
RELEASES = {1: D(2026, 2, 27), 2: D(2026, 3, 1), 3: None}


def test_each_stage_counts_the_applications_that_reached_it():
    found = pipeline(STEPS, RELEASES)
    assert [(s.stage, s.applications) for s in found.stages] == [
        ("interested", 4), ("applied", 3), ("interview_booked", 2), ("offer", 1), ("hired", 1)
    ]  # fmt: skip
    assert [s.from_previous for s in found.stages] == [None, 0.75, 0.6667, 0.5, 1.0]
    assert found.unsuccessful == {
        "unsuccessful_application": 1, "unsuccessful_interview": 1, "offer_declined": 0
    }  # fmt: skip
    assert (found.participants_interviewed, found.participants_hired) == (2, 1)
    # Release to first interview: 10 days (1) and 19 days (2); to hire: 17 days (1).
    assert found.median_days_release_to_first_interview == 14.5
    assert found.median_days_release_to_hire == 17.0


def test_only_steps_inside_the_period_count():
    found = pipeline(STEPS, RELEASES, D(2026, 3, 10), D(2026, 3, 31))
    assert [s.applications for s in found.stages] == [2, 2, 2, 1, 1]
    assert pipeline([], RELEASES).stages[0].from_previous is None


def test_ready_means_every_item_done_or_not_needed():
    everything = dict.fromkeys(READINESS_ITEMS, "done") | {"childcare": "not_needed"}
    waiting = {"state_id": "in_progress", "ssn_card": "done"}
    found = readiness({1: everything, 2: waiting, 3: {}}, READINESS_ITEMS)
    assert (found.participants, found.ready) == (3, 1)
    assert found.waiting_on[0] == ("state_id", 2)
    assert ("ssn_card", 1) in found.waiting_on
