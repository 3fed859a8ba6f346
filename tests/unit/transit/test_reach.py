"""Shift reach for matching, the accessibility measure, and the demo feed."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from jobs.transit import (
    Planner,
    QueryError,
    ReachCache,
    Shift,
    accessibility,
    demo_feed_path,
    load_timetable,
    shift_reach,
    summarise,
)

from .conftest import STOP

TUESDAY = dt.date(2026, 3, 3)


def at(day: dt.date, hh: int, mm: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hh, mm))


@pytest.fixture
def planner(line_feed):
    return Planner(load_timetable(line_feed, None))


def test_shift_reach_there_and_home(planner):
    day_shift = Shift(
        posting_id="p1", site=STOP["D"], start=at(TUESDAY, 9, 10), end=at(TUESDAY, 17)
    )
    night = Shift(posting_id="p2", site=STOP["C"], start=at(TUESDAY, 8, 30), end=at(TUESDAY, 8, 40))
    cache = ReachCache()
    first, second = shift_reach(planner, STOP["A"], [day_shift, night], cache=cache)
    # Arrive by 09:00 (10 minutes before 09:10): leave A on the 08:05, change at C, D at 09:00.
    assert first.reachable and first.leave_home == at(TUESDAY, 8, 5) and first.transfers == 1
    assert first.minutes == 55.0
    # No bus goes from D to A after 17:00 until the 24:30 night owl: 7.5 hours, beyond the window.
    assert not first.home_after_shift and first.home_minutes is None
    assert second.reachable and second.to_work.arrive == at(TUESDAY, 8, 20)
    assert not second.home_after_shift  # nothing runs C -> A
    assert shift_reach(planner, STOP["A"], [day_shift], cache=cache)[0] is first  # cached


def test_shift_ending_after_midnight_and_the_wait(planner):
    # Shift 16:00-00:20 at D: the 24:30 night owl takes the worker home, after a 10 minute wait.
    shift = Shift(posting_id="p3", site=STOP["D"], start=at(TUESDAY, 16), end=at(TUESDAY, 0, 20))
    (result,) = shift_reach(planner, STOP["A"], [shift])
    assert result.home_after_shift and result.wait_after_shift_minutes == 10.0
    assert result.home_arrive == at(TUESDAY + dt.timedelta(days=1), 1, 10)
    assert not result.reachable  # and nothing gets there by 15:50


def test_accessibility_counts_destinations_by_median_time(planner):
    found = accessibility(
        planner,
        STOP["A"],
        [STOP["B"], STOP["C"], STOP["D"], STOP["E"]],
        TUESDAY,
        window=(dt.time(7, 55), dt.time(8, 5)),
        step_minutes=5,
    )
    # From A at 07:55/08:00/08:05: B by 08:10-08:15 (15,10,10 min), C (25,20,21), D (45,40,55),
    # E by 08:50 for the first two departures, not at all after 08:05 (64 min median: 55,50,inf).
    assert found.departures == 3
    assert found.within == {30: 2, 45: 3, 60: 4}


def test_bad_home(planner):
    with pytest.raises(QueryError, match="home"):
        shift_reach(planner, (200.0, 0.0), [])


def test_demo_feed_has_the_promised_service():
    tt = load_timetable(demo_feed_path(), None)
    info = summarise(tt)
    assert info.warnings == []
    trips = {r.name: r.trips for r in info.routes}
    assert {"PMAX", "Main MAX", "Troost MAX", "39", "201", "LPC", "71"} <= set(trips)
    planner = Planner(tt)
    weekday = dt.date(2026, 10, 6)
    nets = planner.day(weekday)
    evtc = int((tt.stop_ids == "EVTC").nonzero()[0][0])
    # Prospect MAX leaves East Village every 15 minutes from 05:00 to midnight on weekdays.
    pmax = next(int(r) for r in range(len(tt.route_ids)) if tt.route_ids[r] == "PMAX")
    starts = sorted(
        int(tt.event_departure[tt.trip_first_event[t]])
        for t in nets.forward.trip_ref[nets.forward.trip_shift == 0]
        if tt.pattern_route[tt.trip_pattern[t]] == pmax
        and tt.pattern_stops[tt.pattern_offsets[tt.trip_pattern[t]]] == evtc
    )
    assert len(starts) == 77 and starts[0] == 5 * 3600 and starts[-1] == 24 * 3600
    assert {b - a for a, b in itertools.pairwise(starts)} == {900}
    # The peak-only connector does not run on Saturdays.
    saturday = planner.depart_at(
        (39.0996, -94.5771), (38.7625, -94.9850), at(dt.date(2026, 10, 3), 5)
    )
    weekday_trip = planner.depart_at((39.0996, -94.5771), (38.7625, -94.9850), at(weekday, 5))
    assert not saturday.reachable and weekday_trip.reachable
    assert [leg.route for leg in weekday_trip.legs if leg.mode == "transit"] == ["LPC"]
    # Prospect corridor to downtown by Prospect MAX on a weekday morning.
    j = planner.arrive_by((39.0568, -94.5540), (39.0996, -94.5771), at(weekday, 8))
    assert j.reachable and "PMAX" in [leg.route for leg in j.legs]
