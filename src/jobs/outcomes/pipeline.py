"""From interest to hire, and ready to work: figures for the program report (pure).

An application (one participant, one posting) reaches a stage when a step at or past it is
recorded; an unsuccessful step counts the stage it ended at (turned down after an interview: the
interview was reached). Conversion is the share of applications at one stage that reached the
next. Time to the first interview and to hire runs from the participant's release date.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Iterable, Mapping, Sequence

import msgspec

STAGES = ("interested", "applied", "interview_booked", "offer", "hired")
STAGE_OF = {
    "interested": 0,
    "applied": 1,
    "interview_booked": 2,
    "offer": 3,
    "hired": 4,
    "unsuccessful_application": 1,
    "unsuccessful_interview": 2,
    "offer_declined": 3,
}
UNSUCCESSFUL = ("unsuccessful_application", "unsuccessful_interview", "offer_declined")


def rate(part: int, whole: int) -> float | None:
    """``part / whole`` to 4 places, or None when there is nothing to divide by."""
    return round(part / whole, 4) if whole else None


def median(values: Sequence[float], places: int = 2) -> float | None:
    """The median, rounded, or None for no values."""
    return round(float(statistics.median(values)), places) if values else None


class StepRecord(msgspec.Struct, frozen=True, kw_only=True):
    """One recorded step of one application."""

    participant_id: int
    posting_id: int
    step: str
    happened_on: dt.date


class StageCount(msgspec.Struct, frozen=True, kw_only=True):
    """Applications that reached a stage, and the share of the stage before that did."""

    stage: str
    applications: int
    from_previous: float | None


class Pipeline(msgspec.Struct, frozen=True, kw_only=True):
    """The road from interest to hire over a period."""

    stages: list[StageCount]
    unsuccessful: dict[str, int]
    participants_interviewed: int
    participants_hired: int
    median_days_release_to_first_interview: float | None
    median_days_release_to_hire: float | None


class Readiness(msgspec.Struct, frozen=True, kw_only=True):
    """How many participants are ready to work, and what the others wait on most."""

    participants: int
    ready: int
    waiting_on: list[tuple[str, int]]  # item, participants still waiting on it; most first


def pipeline(
    steps: Iterable[StepRecord],
    releases: Mapping[int, dt.date | None],
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> Pipeline:
    """Figures for the steps that happened from `start` to `end` (all when None)."""
    kept = [
        s
        for s in steps
        if (start is None or s.happened_on >= start) and (end is None or s.happened_on <= end)
    ]
    reached: dict[tuple[int, int], int] = {}
    unsuccessful = dict.fromkeys(UNSUCCESSFUL, 0)
    first_interview: dict[int, dt.date] = {}
    first_hire: dict[int, dt.date] = {}
    for s in kept:
        key = (s.participant_id, s.posting_id)
        reached[key] = max(reached.get(key, -1), STAGE_OF[s.step])
        if s.step in unsuccessful:
            unsuccessful[s.step] += 1
        if STAGE_OF[s.step] >= 2 and s.step not in ("unsuccessful_application",):
            seen = first_interview.get(s.participant_id)
            first_interview[s.participant_id] = min(seen, s.happened_on) if seen else s.happened_on
        if s.step == "hired":
            seen = first_hire.get(s.participant_id)
            first_hire[s.participant_id] = min(seen, s.happened_on) if seen else s.happened_on
    counts = [sum(1 for r in reached.values() if r >= i) for i in range(len(STAGES))]
    stages = [
        StageCount(
            stage=stage,
            applications=counts[i],
            from_previous=rate(counts[i], counts[i - 1]) if i else None,
        )
        for i, stage in enumerate(STAGES)
    ]
    return Pipeline(
        stages=stages,
        unsuccessful=unsuccessful,
        participants_interviewed=len(first_interview),
        participants_hired=len(first_hire),
        median_days_release_to_first_interview=_median_days(first_interview, releases),
        median_days_release_to_hire=_median_days(first_hire, releases),
    )


def _median_days(
    firsts: Mapping[int, dt.date], releases: Mapping[int, dt.date | None]
) -> float | None:
    days = [
        float((day - released).days)
        for pid, day in firsts.items()
        if (released := releases.get(pid)) is not None and day >= released
    ]
    return median(days, 1)


def readiness(items: Mapping[int, Mapping[str, str]], all_items: Sequence[str]) -> Readiness:
    """Ready means every item is done or not needed (an item never recorded is not started)."""
    waiting: dict[str, int] = dict.fromkeys(all_items, 0)
    ready = 0
    for statuses in items.values():
        open_items = [i for i in all_items if statuses.get(i, "not_started") not in READY]
        ready += not open_items
        for item in open_items:
            waiting[item] += 1
    order = sorted(((i, n) for i, n in waiting.items() if n), key=lambda pair: -pair[1])
    return Readiness(participants=len(items), ready=ready, waiting_on=order)


READY = ("done", "not_needed")
