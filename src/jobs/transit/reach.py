"""Reach for matching: can a participant get to a shift by bus, and home again afterwards?

For each job site and shift: the journey that arrives by the shift start minus a buffer
(leaving home as late as possible), and the first journey home after the shift ends. All of a
participant's shifts are answered in one batch (the searches for every job site run together),
and answers are kept in a cache keyed by the feed, the home and the shift, so they are
recomputed only when one changes.
Plus the cumulative accessibility measure: how many destinations are reachable within 30/45/60
minutes when leaving between 7 and 9 am.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from typing import cast

import msgspec
import numpy as np

from jobs.transit.journey import Journey, Query
from jobs.transit.network import INF
from jobs.transit.planner import Planner, Point
from jobs.transit.walking import check_point


class Shift(msgspec.Struct, frozen=True, kw_only=True):
    """A posting's job site and one shift there (end before start means it ends the next day)."""

    posting_id: str
    site: tuple[float, float]
    start: dt.datetime
    end: dt.datetime


class ShiftReach(msgspec.Struct, kw_only=True):
    """How a participant gets to a shift and home again; `minutes` etc. describe the way there."""

    posting_id: str
    reachable: bool  # a way there in time exists
    minutes: float | None
    transfers: int | None
    walk_meters: int | None
    leave_home: dt.datetime | None
    home_after_shift: bool  # a way home after the shift exists (within the search window)
    home_minutes: float | None
    wait_after_shift_minutes: float | None  # from shift end to the first ride home
    home_arrive: dt.datetime | None
    to_work: Journey
    way_home: Journey


class Accessibility(msgspec.Struct, kw_only=True):
    """Cumulative opportunities: destinations reachable within each threshold (minutes)."""

    within: dict[int, int]
    destinations: int
    departures: int
    window_start: dt.datetime
    window_end: dt.datetime


class ReachCache:
    """Shift reach answers by (feed, home, shift, buffer, walking model); least recently used go.
    Safe to share between the worker threads of one runtime."""

    def __init__(self, size: int = 10_000) -> None:
        self.size = size
        self._items: OrderedDict[str, ShiftReach] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def key(planner: Planner, home: Point, shift: Shift, buffer_minutes: float) -> str:
        raw = msgspec.json.encode(
            [
                planner.timetable.checksum,
                [round(home[0], 6), round(home[1], 6)],
                shift,
                buffer_minutes,
                planner.model,
            ]
        )
        return hashlib.sha256(raw).hexdigest()

    def get(self, key: str) -> ShiftReach | None:
        with self._lock:
            item = self._items.get(key)
            if item is not None:
                self._items.move_to_end(key)
            return item

    def put(self, key: str, value: ShiftReach) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


def shift_reach(
    planner: Planner,
    home: Point,
    shifts: Sequence[Shift],
    buffer_minutes: float = 10.0,
    cache: ReachCache | None = None,
) -> list[ShiftReach]:
    """Reach of every shift from one home, answered together; raises QueryError on bad input."""
    check_point(home[0], home[1], "home")
    out: list[ShiftReach | None] = [None] * len(shifts)
    todo: list[int] = []
    keys: dict[int, str] = {}
    for i, shift in enumerate(shifts):
        if cache is not None:
            keys[i] = cache.key(planner, home, shift, buffer_minutes)
            hit = cache.get(keys[i])
            if hit is not None:
                out[i] = hit
                continue
        todo.append(i)
    queries: list[Query] = []
    for i in todo:
        shift = shifts[i]
        end = shift.end if shift.end > shift.start else shift.end + dt.timedelta(days=1)
        due = shift.start - dt.timedelta(minutes=buffer_minutes)
        queries.append(Query(origin=home, destination=shift.site, arrive_by=due))
        queries.append(Query(origin=shift.site, destination=home, depart_at=end))
    journeys = planner.plan(queries)
    for n, i in enumerate(todo):
        there, back = journeys[2 * n], journeys[2 * n + 1]
        result = ShiftReach(
            posting_id=shifts[i].posting_id,
            reachable=there.reachable,
            minutes=there.minutes,
            transfers=there.transfers,
            walk_meters=there.walk_meters,
            leave_home=there.depart,
            home_after_shift=back.reachable,
            home_minutes=back.minutes,
            wait_after_shift_minutes=_wait_before_first_ride(back),
            home_arrive=back.arrive,
            to_work=there,
            way_home=back,
        )
        out[i] = result
        if cache is not None:
            cache.put(keys[i], result)
    return cast(list[ShiftReach], out)  # every shift: from the cache or answered above


def _wait_before_first_ride(journey: Journey) -> float | None:
    """Minutes spent waiting (not walking) between leaving the door and the first ride."""
    if not journey.reachable or journey.depart is None:
        return None
    walked = dt.timedelta()
    for leg in journey.legs:
        if leg.mode == "transit":
            wait = leg.depart - journey.depart - walked
            return round(wait.total_seconds() / 60, 1)
        walked += leg.arrive - leg.depart
    return 0.0


def accessibility(
    planner: Planner,
    home: Point,
    destinations: Sequence[Point],
    day: dt.date,
    window: tuple[dt.time, dt.time] = (dt.time(7), dt.time(9)),
    step_minutes: int = 5,
    thresholds: Sequence[int] = (30, 45, 60),
) -> Accessibility:
    """Count destinations reachable within each threshold, by median door-to-door time over
    departures every `step_minutes` in the window (one search per departure, all run together)."""
    check_point(home[0], home[1], "home")
    planner.check_date(day)
    first = window[0].hour * 3600 + window[0].minute * 60
    last = window[1].hour * 3600 + window[1].minute * 60
    times = list(range(first, last + 1, step_minutes * 60))
    origin = planner.access(home, "home")
    targets = [
        planner.access(point, f"destination {i + 1}") for i, point in enumerate(destinations)
    ]
    nets = planner.day(day)
    minutes = np.full((len(times), len(destinations)), np.inf)
    for lo in range(0, len(times), 32):
        chunk = times[lo : lo + 32]
        rounds = planner.earliest(nets.forward, [origin] * len(chunk), chunk)
        arrive = planner.arrivals(rounds, targets)
        for j, point in enumerate(destinations):
            walk = planner.walk_only(home, point)
            if walk is not None:
                arrive[:, j] = np.minimum(arrive[:, j], np.asarray(chunk) + walk[0])
        travel = (arrive - np.asarray(chunk)[:, None]).astype(np.float64) / 60.0
        travel[arrive >= INF] = np.inf
        minutes[lo : lo + len(chunk)] = travel
    median = np.median(minutes, axis=0) if len(destinations) else np.zeros(0)
    day0 = dt.datetime.combine(day, dt.time())
    return Accessibility(
        within={int(t): int((median <= t).sum()) for t in thresholds},
        destinations=len(destinations),
        departures=len(times),
        window_start=day0 + dt.timedelta(seconds=first),
        window_end=day0 + dt.timedelta(seconds=last),
    )
