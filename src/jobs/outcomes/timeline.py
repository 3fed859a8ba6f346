"""One participant's placements in order: each job, how long it lasted, what its checks showed,
and whether it followed a separation (a re-placement)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import msgspec

from jobs.outcomes.checkpoints import Outcome, outcome
from jobs.outcomes.records import PlacementRecord


class CheckpointView(msgspec.Struct, frozen=True, kw_only=True):
    """A check with its recorded status and what it counts as on the report day."""

    kind: str
    due_on: date
    status: str
    outcome: Outcome


class TimelineEntry(msgspec.Struct, frozen=True, kw_only=True):
    """One job in a participant's timeline."""

    placement_id: int
    employer_name: str
    job_title: str
    start_date: date
    separated_on: date | None
    separation_kind: str | None
    separation_reason: str | None
    days_employed: int
    after_separation: bool
    checkpoints: tuple[CheckpointView, ...]


def follows_separation(placement: PlacementRecord, earlier: Iterable[PlacementRecord]) -> bool:
    """True when an earlier job of the same person ended on or before this one started."""
    return any(
        other.id != placement.id
        and other.participant_id == placement.participant_id
        and other.start_date < placement.start_date
        and other.separated_on is not None
        and other.separated_on <= placement.start_date
        for other in earlier
    )


def days_employed(placement: PlacementRecord, today: date) -> int:
    """Days from the start to the separation (or to ``today``), counting both ends."""
    last = placement.separated_on if placement.separated_on is not None else today
    return max(0, (min(last, today) - placement.start_date).days + 1)


def timeline(placements: Iterable[PlacementRecord], today: date) -> list[TimelineEntry]:
    """The placements of one participant, oldest first, as of ``today``."""
    ordered = sorted(placements, key=lambda p: (p.start_date, p.id))
    return [
        TimelineEntry(
            placement_id=p.id,
            employer_name=p.employer_name,
            job_title=p.job_title,
            start_date=p.start_date,
            separated_on=p.separated_on,
            separation_kind=p.separation_kind,
            separation_reason=p.separation_reason,
            days_employed=days_employed(p, today),
            after_separation=follows_separation(p, ordered),
            checkpoints=tuple(
                CheckpointView(
                    kind=c.kind, due_on=c.due_on, status=c.status, outcome=outcome(c, p, today)
                )
                for c in sorted(p.checkpoints, key=lambda c: c.due_on)
            ),
        )
        for p in ordered
    ]
