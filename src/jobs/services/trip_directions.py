"""A match's trips, planned when a person opens the job: there and home for each kind of day the
shift is worked (weekdays, the weekend), the first way home and the last one that still works
(by the curfew when there is one), and the points of a small route picture.

Matching stores the trip there and the first way home for every match; the last way home and the
weekend trips are asked of the planner only here, for the one job a person is looking at.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import enum
import weakref
from collections import OrderedDict
from typing import TYPE_CHECKING, Any, Protocol

import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.clock import program_today
from jobs.days import WEEKEND
from jobs.services.commutes import SiteShift, clock_on, site_shift, travel_day
from jobs.services.extraction import current_extractions
from jobs.store import Match, Participant, Posting, Supervision
from jobs.store.encryption import open_selected
from jobs.transit.directions import ShiftTrips, curfew_after, same_trips, shift_trips
from jobs.transit.errors import TransitError
from jobs.transit.journey import Journey, Query
from jobs.transit.planner import Planner

if TYPE_CHECKING:
    from jobs.runtime import Runtime

BUFFER_MINUTES = 10.0  # arrive this long before the shift, as matching's reach does
LATE_SERVICE_HOURS = 6  # without a curfew, the last way home is searched up to this long after
PLANNED_KEPT = 512  # directions kept per planner, the least recently asked dropped first


class Unread(enum.Enum):
    """A value the caller has not read (``match_directions`` reads it)."""

    UNREAD = "unread"


UNREAD = Unread.UNREAD


class KnownMatch(Protocol):
    """What ``match_directions`` needs of a match read already (``review.MatchView``)."""

    posting_id: int
    shifts: list[dict[str, Any]]
    transit: dict[str, Any]


class Directions(msgspec.Struct, frozen=True, kw_only=True):
    """Trips for each kind of day the shift is worked, and the picture's points (lat, lon):
    home, the stops the trip there passes, the job."""

    trips: list[ShiftTrips]
    points: list[tuple[float, float]]
    shift_assumed: bool = False  # the posting states no shift: a day shift was assumed


# What was planned on each planner, by everything a plan depends on besides the planner (home,
# site, program day, curfew): a job's page is opened again and again (after "I'm interested",
# back from the list), and planning it is some 4 ms of CPU. Read and filled on the event loop
# only; a planner read anew (another feed) starts empty.
_PlanKey = tuple[tuple[float, float], SiteShift, dt.date, str | None]
_planned: weakref.WeakKeyDictionary[Planner, OrderedDict[_PlanKey, Directions]] = (
    weakref.WeakKeyDictionary()
)


def _day_groups(days: tuple[str, ...]) -> list[list[str]]:
    weekdays: list[str] = [d for d in days if d not in WEEKEND]
    weekend: list[str] = [d for d in days if d in WEEKEND]
    return [group for group in (weekdays, weekend) if group]


def plan_directions(
    planner: Planner,
    home: tuple[float, float],
    site: SiteShift,
    today: dt.date,
    curfew_start: str | None = None,
) -> Directions:
    """Plan the trips of one job from one home (CPU work: run it off the event loop)."""
    job = (site.lat, site.lon)
    found: list[ShiftTrips] = []
    first_there: Journey | None = None
    for days in _day_groups(site.days):
        day = travel_day(planner, today, days)
        start, end = clock_on(day, site.start), clock_on(day, site.end)
        if end <= start:
            end += dt.timedelta(days=1)
        latest = (
            curfew_after(end, curfew_start)
            if curfew_start
            else end + dt.timedelta(hours=LATE_SERVICE_HOURS)
        )
        there, home_first, home_last = planner.plan(
            [
                Query(origin=home, destination=job,
                      arrive_by=start - dt.timedelta(minutes=BUFFER_MINUTES)),
                Query(origin=job, destination=home, depart_at=end),
                Query(origin=job, destination=home, arrive_by=latest),
            ]
        )  # fmt: skip
        first_there = first_there or there
        trips = shift_trips(days, start, end, there, home_first, home_last, curfew_start)
        if found and same_trips(found[-1], trips):
            found[-1] = msgspec.structs.replace(found[-1], days=[*found[-1].days, *days])
        else:
            found.append(trips)
    return Directions(
        trips=found, points=_points(planner, home, job, first_there), shift_assumed=site.assumed
    )


def _points(
    planner: Planner, home: tuple[float, float], job: tuple[float, float], there: Journey | None
) -> list[tuple[float, float]]:
    """Home, the stops where the trip there boards and leaves each ride, the job."""
    timetable = planner.timetable
    index = {str(stop): i for i, stop in enumerate(timetable.stop_ids.tolist())}
    points = [home]
    for leg in there.legs if there is not None and there.reachable else []:
        for stop in (leg.from_stop, leg.to_stop):
            at = index.get(stop or "")
            if at is not None:
                point = (float(timetable.stop_lat[at]), float(timetable.stop_lon[at]))
                if point != points[-1]:
                    points.append(point)
    return [*points, job]


async def match_directions(
    session: AsyncSession,
    runtime: Runtime,
    participant: Participant,
    posting_id: int,
    known: KnownMatch | None = None,
    locations: list[dict[str, Any]] | None = None,
    curfew: str | Unread | None = UNREAD,
) -> Directions | None:
    """The trips from a participant's home to one job (the caller has checked the participant
    may see it), or None when the home or the job's place is not known or the planner cannot
    answer (an unusable feed is reported by matching, not here). ``known``: the match as the
    caller read it (its shifts and stored commute), and ``locations`` the posting's stored
    locations as the caller read them, and ``curfew`` the participant's curfew start as the
    caller read it (None: no curfew): each saves reading them again."""
    if participant.home_lat is None or participant.home_lon is None:
        return None
    if locations is None:
        found = (
            await session.execute(select(Posting.locations).where(Posting.id == posting_id))
        ).first()
        if found is None:
            return None
        locations = found[0]
    stored: dict[str, Any] | None
    if known is not None and known.posting_id == posting_id:
        shifts, stored = known.shifts, known.transit
    else:
        extraction = (await current_extractions(session, [posting_id])).get(posting_id, {})
        shifts = extraction.get("shifts") or []
        stored = await session.scalar(
            select(Match.transit).where(
                Match.participant_id == participant.id, Match.posting_id == posting_id
            )
        )
    # Only the curfew of the supervision terms: its sealed token is opened here (a column
    # select is not opened as the ORM loads whole rows), the other terms stay sealed.
    curfew_start: str | None
    if isinstance(curfew, Unread):
        sealed = await session.scalar(
            select(Supervision.curfew_start).where(Supervision.participant_id == participant.id)
        )
        curfew_start = open_selected(session, Supervision.curfew_start, participant.id, sealed)
    else:
        curfew_start = curfew
    # The site the match was judged by (the best of several for this participant), as the
    # card and the officer packet show it.
    index = ((stored or {}).get("site") or {}).get("index")
    site = site_shift(posting_id, locations, shifts, index if isinstance(index, int) else None)
    if site is None:
        return None
    home = (participant.home_lat, participant.home_lon)
    planner = runtime.planner()
    today = program_today(runtime.settings.clock.zone)
    return await planned_directions(planner, home, site, today, curfew_start or None)


async def planned_directions(
    planner: Planner,
    home: tuple[float, float],
    site: SiteShift,
    today: dt.date,
    curfew_start: str | None,
) -> Directions | None:
    """``plan_directions`` off the event loop, or None when the planner cannot answer; the
    same question asked of the same planner again is answered from what it planned before."""
    kept = _planned.setdefault(planner, OrderedDict())
    key = (home, site, today, curfew_start)
    found = kept.get(key)
    if found is not None:
        kept.move_to_end(key)
        return found
    try:
        directions = await asyncio.to_thread(
            plan_directions, planner, home, site, today, curfew_start
        )
    except TransitError:
        return None
    kept[key] = directions
    while len(kept) > PLANNED_KEPT:
        kept.popitem(last=False)
    return directions


__all__ = ["Directions", "match_directions", "plan_directions", "planned_directions"]
