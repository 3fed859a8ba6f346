"""Rules about when the job is: curfew, fixed appointments and the participant's availability,
each against the shift plus the trip there and back.

The participant is "away" from leaving home to getting back. With transit computed, those are the
journey's door times; without it the trip is unknown and counted as at least one minute each way,
so a shift ending exactly at the curfew is a conflict (there is no time to get home), while a bus
that arrives home exactly at the curfew is on time (intervals are half-open).
"""

from __future__ import annotations

import msgspec

from jobs.days import DAYS, WORKWEEK
from jobs.matching.clock import (
    DAY_MINUTES,
    Interval,
    clock_minutes,
    clock_of,
    covered_minutes,
    day_indexes,
    duration,
    meets_daily,
    minutes_of,
    overlaps,
)
from jobs.matching.inputs import Reach, ShiftAsked
from jobs.matching.reasons import Reason
from jobs.matching.situation import Situation

UNKNOWN_TRIP_MINUTES = 1
WORKWEEK_DAYS = tuple(day_indexes(WORKWEEK))  # assumed when a shift names no days
CURFEW = "condition of supervision: curfew"


class ShiftTimes(msgspec.Struct, frozen=True):
    """A shift read as minutes: start after midnight, length, days (indexes; assumed when not
    stated)."""

    label: str
    start: int
    length: int
    days: tuple[int, ...]
    days_stated: bool

    @property
    def end(self) -> int:
        return (self.start + self.length) % DAY_MINUTES

    def describe(self) -> str:
        days = ""
        if self.days_stated:
            names = [DAYS[d].capitalize() for d in self.days]
            days = (
                f" {names[0]}-{names[-1]}"
                if _consecutive(self.days) and len(names) > 2
                else (" " + ", ".join(names))
            )
        return f"{clock_of(self.start)}-{clock_of(self.end)}{days}"


def _consecutive(days: tuple[int, ...]) -> bool:
    return list(days) == list(range(days[0], days[0] + len(days)))


def shift_times(shift: ShiftAsked) -> ShiftTimes | None:
    """Minutes of a stated shift; None when its start or end is not stated or unreadable."""
    if not shift.start or not shift.end:
        return None
    try:
        start, end = minutes_of(shift.start), minutes_of(shift.end)
    except ValueError:
        return None
    days = day_indexes(shift.days)
    return ShiftTimes(
        shift.label or "shift", start % DAY_MINUTES, duration(start, end),
        tuple(days) or WORKWEEK_DAYS, bool(days),
    )  # fmt: skip


class Trip(msgspec.Struct, frozen=True):
    """Minutes before the shift start the participant leaves home, and after its end they are
    back; `known` says whether transit answered (else the minimal unknown trip is used)."""

    before: int
    after: int
    known_there: bool
    known_home: bool
    home_at: int | None  # clock minutes of arrival home when known


def trip_for(shift: ShiftTimes, reach: Reach | None, remote: bool) -> Trip:
    """The trip around one shift, from transit reach when it was computed."""
    if remote:
        return Trip(0, 0, True, True, None)
    before = after = UNKNOWN_TRIP_MINUTES
    known_there = known_home = False
    home_at = None
    if reach is not None and reach.to_work.reachable:
        leave = clock_minutes(reach.to_work.leave_home)
        if leave is not None:
            before = (shift.start - leave) % DAY_MINUTES
            known_there = True
        elif reach.to_work.minutes is not None:
            before = max(UNKNOWN_TRIP_MINUTES, round(reach.to_work.minutes))
            known_there = True
    if reach is not None and reach.home_after_shift and reach.home.reachable:
        arrive = clock_minutes(reach.home.arrive)
        if arrive is not None:
            after = (arrive - shift.end) % DAY_MINUTES
            known_home, home_at = True, arrive
        elif reach.home.minutes is not None:
            after = round(reach.home.minutes + (reach.home.wait_minutes or 0))
            known_home, home_at = True, (shift.end + after) % DAY_MINUTES
    return Trip(before, after, known_there, known_home, home_at)


def away_spans(shift: ShiftTimes, trip: Trip) -> list[Interval]:
    """Weekly intervals the participant is away from home for this shift."""
    return [
        (day * DAY_MINUTES + shift.start - trip.before,
         day * DAY_MINUTES + shift.start + shift.length + trip.after)
        for day in shift.days
    ]  # fmt: skip


def curfew(who: Situation, shift: ShiftTimes, trip: Trip) -> list[Reason]:
    """The shift plus the trip home overlaps the curfew: excluded under electronic monitoring,
    else the officer may grant a work exception."""
    if not who.curfew or (trip.before == 0 and trip.after == 0):
        return []
    sup = who.participant.supervision.curfew
    assert sup is not None
    begins, ends = minutes_of(sup.start), minutes_of(sup.end)
    length = duration(begins, ends)
    spans = away_spans(shift, trip)
    if not any(meets_daily(span, begins, length) for span in spans):
        return []
    # Which end of the day collides: the trip home (evening) or the trip out (morning).
    late_home = any(meets_daily((s[1] - 1, s[1]), begins, length) for s in spans)
    early_out = any(meets_daily((s[0], s[0] + 1), begins, length) for s in spans)
    if late_home == early_out:
        text = f"Shift {shift.describe()} falls inside the {who.curfew_text} curfew"
    elif late_home:
        if trip.known_home and trip.home_at is not None:
            text = (
                f"Shift ends {clock_of(shift.end)}; bus home arrives {clock_of(trip.home_at)},"
                f" after the {sup.start} curfew"
            )
        elif shift.end == begins:
            text = (
                f"Shift ends {clock_of(shift.end)} — no time to get home by the {sup.start} curfew"
            )
        else:
            text = f"Shift ends {clock_of(shift.end)} — after the {sup.start} curfew"
    else:
        leave = (shift.start - trip.before) % DAY_MINUTES
        if trip.known_there:
            text = (
                f"Shift starts {clock_of(shift.start)}; must leave home at {clock_of(leave)},"
                f" before the curfew ends at {sup.end}"
            )
        elif shift.start == ends:
            text = (
                f"Shift starts {clock_of(shift.start)} — no time to travel after the curfew"
                f" ends at {sup.end}"
            )
        else:
            text = f"Shift starts {clock_of(shift.start)} — before the curfew ends at {sup.end}"
    if who.electronic_monitoring:
        return [Reason("curfew_monitored", "excluded", text + " (electronic monitoring)", CURFEW)]
    return [
        Reason(
            "curfew_exception", "needs_approval", text + ": needs an officer's exception", CURFEW
        )
    ]


def obligations(who: Situation, shift: ShiftTimes, trip: Trip) -> tuple[list[Reason], int]:
    """Clashes with required appointments: fixed ones exclude, movable ones lower the score.
    Returns the reasons and the number of movable clashes."""
    reasons: list[Reason] = []
    movable = 0
    if not who.duties:
        return reasons, movable
    spans = away_spans(shift, trip)
    for duty in who.duties:
        if not any(overlaps(span, slot) for span in spans for slot in duty.spans):
            continue
        if not shift.days_stated:
            reasons.append(
                Reason(
                    "obligation_maybe",
                    "eligible",
                    f"Shift days not stated: {shift.describe()} may clash with {duty.label}"
                    f" ({duty.when}); ask the employer",
                    "supervision obligation",
                    kind="check",
                )
            )
        elif duty.movable:
            movable += 1
            reasons.append(
                Reason(
                    "obligation_movable",
                    "eligible",
                    f"Shift {shift.describe()} clashes with {duty.label} ({duty.when}), which can"
                    " be moved",
                    "supervision obligation",
                    kind="fit",
                )
            )
        else:
            reasons.append(
                Reason(
                    "obligation_conflict",
                    "excluded",
                    f"Shift {shift.describe()} clashes with {duty.label} ({duty.when})",
                    "supervision obligation",
                )
            )
    return reasons, movable


def availability_fit(who: Situation, shift: ShiftTimes) -> float | None:
    """Share of the shift's working minutes inside the participant's availability (None when the
    participant gave none)."""
    if not who.availability:
        return None
    spans = away_spans(shift, Trip(0, 0, False, False, None))
    total = sum(hi - lo for lo, hi in spans)
    inside = sum(covered_minutes(span, who.availability) for span in spans)
    return inside / total if total else None


def availability(who: Situation, shift: ShiftTimes, fit: float | None) -> list[Reason]:
    """The participant's own availability: a shift outside it lowers the score and is said."""
    if fit is None or fit >= 0.999:
        return []
    share = "partly" if fit > 0 else "entirely"
    return [
        Reason(
            "outside_availability",
            "eligible",
            f"Shift {shift.describe()} is {share} outside the participant's stated availability",
            "participant availability",
            kind="fit",
        )
    ]
