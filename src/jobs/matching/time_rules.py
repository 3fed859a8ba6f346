"""Rules about when the job is: curfew, fixed appointments and the participant's availability,
each against the shift plus the trip there and back.

The participant is "away" from leaving home to getting back. With transit computed, those are the
journey's door times; without it the trip is unknown and counted as at least one minute each way,
so a shift ending exactly at the curfew is a conflict (there is no time to get home), while a bus
that arrives home exactly at the curfew is on time (intervals are half-open).

An appointment whose place is recorded is judged from where the participant will be: the time
between the shift's end and its start must hold the trip from the job site to it (and the time
between its end and the next shift's start the trip back to the job). Without its place, the
job's site or a trip between them, the participant is counted away from leaving home to getting
back, as for the curfew, and the reason says so.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable

import msgspec

from jobs.days import DAYS, WORKWEEK
from jobs.matching.clock import (
    DAY_MINUTES,
    WEEK_MINUTES,
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
from jobs.matching.situation import Duty, Situation
from jobs.transit.walking import WalkModel

UNKNOWN_TRIP_MINUTES = 1
TRIP_HORIZON = 240  # minutes: an appointment this far from the shift needs no trip (DESIGN's cap)
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


Point = tuple[float, float]


class ObligationTrip(msgspec.Struct, frozen=True):
    """A trip between a job site and an appointment: minutes from leaving to arriving (waiting
    included), and whether it is walked all the way."""

    minutes: float
    walk: bool

    @property
    def whole_minutes(self) -> int:
        return max(UNKNOWN_TRIP_MINUTES, math.ceil(self.minutes))

    def describe(self) -> str:
        """ "a 4-minute walk", "a 35-minute trip by transit"."""
        how = "walk" if self.walk else "trip by transit"
        return f"a {self.whole_minutes}-minute {how}"


# from_lat, from_lon, to_lat, to_lon, leaving at (local time) -> the trip, None when none is known
FindTrip = Callable[[float, float, float, float, dt.datetime], ObligationTrip | None]
# Inside the rules: from, to, minute of the week the trip starts.
TripAt = Callable[[Point, Point, int], ObligationTrip | None]

_WALKING = WalkModel()


def walking_trip(
    from_lat: float, from_lon: float, to_lat: float, to_lon: float, depart: dt.datetime
) -> ObligationTrip | None:
    """The trip on foot by DESIGN's walking model (great-circle distance x 1.3 at 1.25 m/s), up
    to the walk-only limit (2,000 m); None farther. Used when no planner is given."""
    found = _WALKING.walk_only((from_lat, from_lon), (to_lat, to_lon))
    return None if found is None else ObligationTrip(found[0] / 60, walk=True)


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


class Clash(msgspec.Struct, frozen=True):
    """How one appointment stands against one shift: `clash` (a sentence) when it cannot be
    kept, else `fits` (a sentence naming the trip) when it is close enough to say; `home` when
    the shift itself overlaps it or it was judged by the trip home."""

    clash: str | None = None
    fits: str | None = None
    home: bool = False


def _work_spans(shift: ShiftTimes) -> list[Interval]:
    return [(day * DAY_MINUTES + shift.start, day * DAY_MINUTES + shift.start + shift.length)
            for day in shift.days]  # fmt: skip


def clash_of(
    duty: Duty, shift: ShiftTimes, trip: Trip, site: Point | None, trip_at: TripAt | None
) -> Clash:
    """Whether the shift leaves time for the appointment (see the module's note)."""
    work = _work_spans(shift)
    if any(overlaps(span, slot) for span in work for slot in duty.spans):
        return Clash(f"Shift {shift.describe()} clashes with {duty.label} ({duty.when})", home=True)
    if duty.where is None:
        why = "where it meets is not on the record"
    elif site is None:
        why = "the job site is not known"
    else:
        why = "no trip between the job and it was found"
    if duty.where is not None and site is not None and trip_at is not None:
        judged = _by_trip(duty, shift, work, site, duty.where, trip_at)
        if judged is not None:
            return judged
    if any(overlaps(span, slot) for span in away_spans(shift, trip) for slot in duty.spans):
        return Clash(
            f"Shift {shift.describe()} clashes with {duty.label} ({duty.when}) — {why},"
            " so the trip home was counted",
            home=True,
        )
    return Clash()


def _by_trip(
    duty: Duty,
    shift: ShiftTimes,
    work: list[Interval],
    site: Point,
    where: Point,
    trip_at: TripAt,
) -> Clash | None:
    """The trip from the job to the appointment after a shift, and back to the job before the
    next; None when a trip is needed but not known."""
    label = f"{duty.label} ({duty.when})"
    tightest: tuple[int, str] | None = None
    for w0, w1 in work:
        for s0, s1 in duty.spans:
            # (time free, from, to, leaving at, the clash, the fit), "{trip}" standing for the trip;
            # after the shift, then before it. A label may hold braces: no str.format here.
            legs = (
                (
                    (s0 - w1) % WEEK_MINUTES, site, where, w1,
                    f"Shift {shift.describe()} ends {clock_of(w1)}, too late for {label}: {{trip}}"
                    " from the job",
                    f"{label} is {{trip}} from the job; the shift ends {clock_of(w1)}",
                ),
                (
                    (w0 - s1) % WEEK_MINUTES, where, site, s1,
                    f"Shift {shift.describe()} starts {clock_of(w0)}, too soon after {label}:"
                    " {trip} to the job",
                    f"{label} is {{trip}} to the job; the shift starts {clock_of(w0)}",
                ),
            )  # fmt: skip
            for free, origin, destination, leave, clash, fits in legs:
                if free >= TRIP_HORIZON:
                    continue
                hop = trip_at(origin, destination, leave % WEEK_MINUTES)
                if hop is None:
                    return None
                if hop.whole_minutes > free:
                    return Clash(clash.replace("{trip}", hop.describe()))
                spare = free - hop.whole_minutes
                if tightest is None or spare < tightest[0]:
                    sentence = fits.replace("{trip}", hop.describe())
                    tightest = (spare, sentence[:1].upper() + sentence[1:])
    return Clash(fits=None if tightest is None else tightest[1])


def near_shift(duty: Duty, shift: ShiftTimes) -> bool:
    """Whether a trip between the job and the appointment could matter for this shift (it starts
    or ends within ``TRIP_HORIZON`` of the shift, without overlapping the work)."""
    for w0, w1 in _work_spans(shift):
        for s0, s1 in duty.spans:
            if overlaps((w0, w1), (s0, s1)):
                continue
            if (s0 - w1) % WEEK_MINUTES < TRIP_HORIZON or (w0 - s1) % WEEK_MINUTES < TRIP_HORIZON:
                return True
    return False


def obligations(
    who: Situation,
    shift: ShiftTimes,
    trip: Trip,
    site: Point | None = None,
    trip_at: TripAt | None = None,
) -> tuple[list[Reason], int]:
    """Clashes with required appointments: fixed ones exclude, movable ones lower the score.
    `site` is the job's (lat, lon) and `trip_at` finds the trip between it and an appointment's
    place (without them, the trip home is counted). Returns the reasons and the number of
    movable clashes."""
    reasons: list[Reason] = []
    movable = 0
    if not who.duties:
        return reasons, movable
    for duty in who.duties:
        found = clash_of(duty, shift, trip, site, trip_at)
        if found.clash is None:
            if found.fits is not None:
                reasons.append(
                    Reason(
                        "obligation_reachable",
                        "eligible",
                        found.fits,
                        "supervision obligation",
                        kind="fit",
                    )
                )
            continue
        if not shift.days_stated:
            text = (
                f"Shift days not stated: {shift.describe()} may clash with {duty.label}"
                f" ({duty.when}); ask the employer"
                if found.home
                else f"Shift days not stated: {found.clash}; ask the employer"
            )
            reasons.append(
                Reason(
                    "obligation_maybe",
                    "eligible",
                    text,
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
                    f"{found.clash}, which can be moved"
                    if found.home
                    else f"{found.clash}; {duty.label} can be moved",
                    "supervision obligation",
                    kind="fit",
                )
            )
        else:
            reasons.append(
                Reason(
                    "obligation_conflict",
                    "excluded",
                    found.clash,
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
