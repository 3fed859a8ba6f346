"""Commutes for matching: transit reach from a participant's home to every job site and shift.

The planner (over ``JOBS_GTFS_PATH`` or the bundled Kansas City demo feed, cached on disk by
checksum) and the cache of answers, keyed by feed, home and shift so that a recompute only searches
what changed, belong to the runtime (``jobs.runtime.Runtime``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import msgspec

from jobs.days import DAYS, WORKWEEK, day_of
from jobs.matching.time_rules import FindTrip, ObligationTrip
from jobs.transit.errors import TransitError
from jobs.transit.planner import Planner
from jobs.transit.reach import ReachCache, Shift, ShiftReach, shift_reach

ASSUMED_SHIFT = ("08:00", "17:00", list(WORKWEEK))


class SiteShift(msgspec.Struct, frozen=True, kw_only=True):
    """Where and when one posting's work happens, as reach needs it."""

    posting_id: int
    lat: float
    lon: float
    start: str
    end: str
    days: tuple[str, ...]
    assumed: bool  # the posting stated no shift; a day shift was assumed for the commute
    index: int = 0  # which of the posting's locations
    text: str = ""  # the location's address as the posting gives it


def located(location: dict[str, Any]) -> bool:
    """Whether a posting location has coordinates (a trip can be planned to it)."""
    return location.get("lat") is not None and location.get("lon") is not None


def site_shift(
    posting_id: int,
    locations: list[dict[str, Any]],
    shifts: list[dict[str, Any]],
    index: int | None = None,
) -> SiteShift | None:
    """The site at ``index`` (default: the first located one) and the first shift with clock
    times; None without a located site."""
    if index is None:
        index = next((i for i, loc in enumerate(locations) if located(loc)), -1)
    if not 0 <= index < len(locations) or not located(locations[index]):
        return None
    site = locations[index]
    timed = next((s for s in shifts if s.get("start") and s.get("end")), None)
    if timed is None:
        start, end, days = ASSUMED_SHIFT
        assumed = True
    else:
        start, end = timed["start"], timed["end"]
        days = [d for d in timed.get("days") or [] if d in DAYS] or ASSUMED_SHIFT[2]
        assumed = False
    return SiteShift(
        posting_id=posting_id,
        lat=float(site["lat"]),
        lon=float(site["lon"]),
        start=start,
        end=end,
        days=tuple(days),
        assumed=assumed,
        index=index,
        text=site_text(site),
    )


def site_text(location: dict[str, Any]) -> str:
    """A posting location as one line: its text, else city and region."""
    text = location.get("text") or ", ".join(
        str(p) for p in (location.get("city"), location.get("region")) if p
    )
    return str(text)


def every_site(
    posting_id: int, locations: list[dict[str, Any]], shifts: list[dict[str, Any]]
) -> list[SiteShift]:
    """Each located site of a posting with its shift (for choosing the one a match is for)."""
    found = (site_shift(posting_id, locations, shifts, i) for i in range(len(locations)))
    return [site for site in found if site is not None]


def travel_day(planner: Planner, today: dt.date, days: Sequence[str]) -> dt.date:
    """The first date from today on which the shift is worked and the feed runs."""
    first, last = planner.timetable.first_date, planner.timetable.last_date
    start = min(max(today, first), last)
    for offset in range(14):
        day = start + dt.timedelta(days=offset)
        if day > last:
            break
        if day_of(day) in days:
            return day
    for offset in range(1, 14):  # past the feed's end: the same weekday before it
        day = last - dt.timedelta(days=offset - 1)
        if day_of(day) in days and day >= first:
            return day
    return start


def clock_on(day: dt.date, clock: str) -> dt.datetime:
    """``clock`` ("HH:MM", hours past 24 wrap) on ``day``, as a naive local datetime."""
    hours, minutes = clock.split(":")
    return dt.datetime.combine(day, dt.time(int(hours) % 24, int(minutes)))


def reach_from_home(
    planner: Planner,
    home: tuple[float, float],
    sites: Sequence[SiteShift],
    today: dt.date,
    answers: ReachCache | None = None,
    buffer_minutes: float = 10.0,
) -> dict[int, ShiftReach]:
    """Reach of every site's shift from one home, in one batch; unusable sites are left out.
    ``answers`` keeps what was searched before (the runtime's cache)."""
    shifts = []
    for site in sites:
        day = travel_day(planner, today, site.days)
        start, end = clock_on(day, site.start), clock_on(day, site.end)
        if end <= start:
            end += dt.timedelta(days=1)
        shifts.append(
            Shift(posting_id=str(site.posting_id), site=(site.lat, site.lon), start=start, end=end)
        )
    if not shifts:
        return {}
    try:
        found = shift_reach(planner, home, shifts, buffer_minutes, cache=answers)
    except TransitError:
        return {}
    return {int(answer.posting_id): answer for answer in found}


def obligation_trips(planner: Planner) -> FindTrip:
    """Trips between job sites and appointments with the planner, for the matching rules: on foot
    when that is quickest (within the walk-only limit), else by transit, leaving at the given
    time on the first day from its date that the feed runs on that weekday. Each answer is kept
    for the life of the returned function (one matching run)."""
    kept: dict[tuple[float, float, float, float, int, dt.time], ObligationTrip | None] = {}

    def trip(
        from_lat: float, from_lon: float, to_lat: float, to_lon: float, depart: dt.datetime
    ) -> ObligationTrip | None:
        key = (from_lat, from_lon, to_lat, to_lon, depart.weekday(), depart.time())
        if key in kept:
            return kept[key]
        day = travel_day(planner, depart.date(), [day_of(depart.date())])
        found = None
        try:
            journey = planner.depart_at(
                (from_lat, from_lon), (to_lat, to_lon), dt.datetime.combine(day, depart.time())
            )
        except TransitError:
            journey = None
        if journey is not None and journey.reachable and journey.minutes is not None:
            walked = all(leg.mode == "walk" for leg in journey.legs)
            found = ObligationTrip(journey.minutes, walk=walked)
        kept[key] = found
        return found

    return trip
