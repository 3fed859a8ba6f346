"""Directions a person can follow: a planned journey as steps (leave home, walk to a stop, ride a
route from one stop to another, transfer, walk to the door), and a shift's trips there and home.

Pure: journeys in, msgspec Structs out; the words are the pages' (translated there), so steps
carry facts (kind, times, minutes, route, places), not sentences.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

import msgspec

from jobs.transit.journey import Journey


class Step(msgspec.Struct, frozen=True, kw_only=True):
    """One part of a trip: a walk to `to`, or a ride on `route` from `start` to `to`."""

    kind: str  # walk | ride
    depart: str  # "HH:MM"
    arrive: str
    minutes: int
    to: str
    start: str = ""  # the stop a ride starts from
    route: str | None = None
    transfer: bool = False  # a ride after another ride
    to_door: bool = False  # the last walk, to the trip's end (the job, or home)


class Trip(msgspec.Struct, frozen=True, kw_only=True):
    """A door-to-door trip: leave at, arrive at, minutes, transfers, and its steps."""

    leave: str
    arrive: str
    minutes: int
    transfers: int
    steps: list[Step]


class ShiftTrips(msgspec.Struct, frozen=True, kw_only=True):
    """The trips for one kind of day a shift is worked (weekdays, or the weekend)."""

    days: list[str]
    shift_start: str
    shift_end: str
    there: Trip | None  # None: no bus gets there in time
    early_minutes: int | None  # how long before the shift the trip arrives
    home_first: Trip | None  # the first way home after the shift
    home_last: Trip | None  # the last way home that still works (None: the first is the last)
    home_by: str | None = None  # the curfew's start, when the person has one
    home_first_late: bool = False  # the first way home arrives after `home_by`


# Every "HH:MM" of a day, written once: a page of trips writes hundreds of them.
_CLOCKS = tuple(f"{hour:02d}:{minute:02d}" for hour in range(24) for minute in range(60))


def clock(when: dt.datetime | str | None) -> str:
    """ "HH:MM" of a datetime or an ISO text ("" when unknown)."""
    if isinstance(when, str):
        if not when:
            return ""
        when = dt.datetime.fromisoformat(when)
    elif when is None:
        return ""
    return _CLOCKS[when.hour * 60 + when.minute]  # strftime's "%H:%M"


def _minutes(a: dt.datetime, b: dt.datetime) -> int:
    return max(0, round((b - a).total_seconds() / 60))


_START, _END = "origin", "destination"  # the planner's names for the trip's two ends


def _place(name: str) -> str:
    return "" if name in (_START, _END) else name


def trip_of(journey: Journey | Mapping[str, Any] | None) -> Trip | None:
    """The steps of a planned journey (a ``Journey`` or its stored dict); None when there is no
    way. Consecutive walks merge into one step."""
    if journey is None:
        return None
    if not isinstance(journey, Journey):
        if not journey:
            return None
        journey = msgspec.convert(journey, Journey, strict=False)
    if not journey.reachable or journey.depart is None or journey.arrive is None:
        return None
    steps: list[Step] = []
    rides = 0
    for leg in journey.legs:
        minutes = _minutes(leg.depart, leg.arrive)
        if leg.mode == "walk":
            depart = clock(leg.depart)
            if steps and steps[-1].kind == "walk":
                last = steps.pop()
                minutes += last.minutes
                depart = last.depart
            walk = Step(
                kind="walk",
                depart=depart,
                arrive=clock(leg.arrive),
                minutes=minutes,
                to=_place(leg.to),
                to_door=leg.to == _END,
            )
            steps.append(walk)
            continue
        steps.append(
            Step(
                kind="ride",
                depart=clock(leg.depart),
                arrive=clock(leg.arrive),
                minutes=minutes,
                start=_place(leg.from_),
                to=_place(leg.to),
                route=leg.route,
                transfer=rides > 0,
            )
        )
        rides += 1
    return Trip(
        leave=clock(journey.depart),
        arrive=clock(journey.arrive),
        minutes=round(journey.minutes) if journey.minutes is not None else 0,
        transfers=journey.transfers or max(0, rides - 1),
        steps=steps,
    )


def shift_trips(
    days: list[str],
    shift_start: dt.datetime,
    shift_end: dt.datetime,
    there: Journey | None,
    home_first: Journey | None,
    home_last: Journey | None,
    home_by: str | None = None,
) -> ShiftTrips:
    """The trips of one kind of day. `home_last` is the latest way home (by the curfew when
    there is one); it is kept only when it leaves after the shift ends and differs from the
    first."""
    way_there = trip_of(there)
    first = trip_of(home_first)
    last = trip_of(home_last)
    if (
        last is not None
        and home_last is not None
        and (
            home_last.depart is None
            or home_last.depart < shift_end
            or (first is not None and last.leave == first.leave)
        )
    ):
        last = None
    early = None
    if there is not None and there.reachable and there.arrive is not None:
        early = _minutes(there.arrive, shift_start)
    late = bool(
        home_by and first is not None and home_first is not None and home_first.arrive
        and _after_curfew(home_first.arrive, shift_end, home_by)
    )  # fmt: skip
    return ShiftTrips(
        days=days,
        shift_start=clock(shift_start),
        shift_end=clock(shift_end),
        there=way_there,
        early_minutes=early,
        home_first=first,
        home_last=last,
        home_by=home_by,
        home_first_late=late,
    )


def curfew_after(shift_end: dt.datetime, curfew_start: str) -> dt.datetime:
    """The first moment at or after the shift's end when the curfew starts."""
    hour, minute = (int(part) for part in curfew_start.split(":"))
    at = shift_end.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return at if at >= shift_end else at + dt.timedelta(days=1)


def _after_curfew(arrive: dt.datetime, shift_end: dt.datetime, curfew_start: str) -> bool:
    return arrive > curfew_after(shift_end, curfew_start)


def same_trips(a: ShiftTrips, b: ShiftTrips) -> bool:
    """Whether two kinds of day get the same trips (then one list of steps serves both)."""
    return (a.there, a.home_first, a.home_last, a.shift_start, a.shift_end) == (
        b.there, b.home_first, b.home_last, b.shift_start, b.shift_end
    )  # fmt: skip
