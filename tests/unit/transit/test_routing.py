"""Hand-worked answers on the small line feed (see conftest.LINE_FEED)."""

from __future__ import annotations

import datetime as dt

import pytest

from jobs.transit import Planner, QueryError, load_timetable

from .conftest import STOP


@pytest.fixture
def planner(line_feed):
    return Planner(load_timetable(line_feed, None))


def at(day: int, hhmm: str) -> dt.datetime:
    hours, minutes = map(int, hhmm.split(":"))
    return dt.datetime(2026, 3, day, hours, minutes)


def rides(journey):
    return [
        (leg.route, leg.from_, leg.to, f"{leg.depart:%H:%M}", f"{leg.arrive:%H:%M}")
        for leg in journey.legs
        if leg.mode == "transit"
    ]


def test_transfer_at_the_same_stop(planner):
    j = planner.depart_at(STOP["A"], STOP["D"], at(3, "07:55"))
    assert j.reachable and j.arrive == at(3, "08:40") and j.depart == at(3, "07:55")
    assert j.minutes == 45.0 and j.transfers == 1 and j.walk_meters == 0
    assert rides(j) == [
        ("1", "Stop A", "Stop C", "08:00", "08:20"),
        ("2", "Stop C", "Stop D", "08:25", "08:40"),
    ]


def test_missed_connection_waits_for_the_next_trip(planner):
    j = planner.depart_at(STOP["A"], STOP["D"], at(3, "08:01"))
    assert rides(j) == [
        ("1", "Stop A", "Stop C", "08:05", "08:26"),
        ("2", "Stop C", "Stop D", "08:45", "09:00"),
    ]
    assert j.minutes == 59.0


def test_transfer_walk_between_nearby_stops(planner):
    j = planner.depart_at(STOP["A"], STOP["E"], at(3, "07:55"))
    assert j.arrive == at(3, "08:50") and j.transfers == 1
    walks = [leg for leg in j.legs if leg.mode == "walk"]
    assert len(walks) == 1 and walks[0].from_ == "Stop C" and walks[0].to == "Stop C2"
    assert walks[0].meters == 289 and j.walk_meters == 289
    assert walks[0].arrive == dt.datetime(2026, 3, 3, 8, 23, 52)  # ceil(289.1 m / 1.25 m/s) = 232 s


def test_service_on_one_day_only(planner):
    j = planner.depart_at(STOP["B"], STOP["E"], at(7, "09:50"))
    assert rides(j) == [("4", "Stop B", "Stop E", "10:00", "10:30")]
    assert not planner.depart_at(STOP["B"], STOP["E"], at(14, "09:50")).reachable
    assert not planner.depart_at(STOP["B"], STOP["E"], at(9, "09:50")).reachable


def test_trip_past_midnight_belongs_to_the_previous_service_day(planner):
    j = planner.depart_at(STOP["D"], STOP["A"], at(3, "00:20"))  # Monday's 24:30 trip
    assert j.arrive == at(3, "01:10") and j.minutes == 50.0
    late = planner.depart_at(STOP["D"], STOP["A"], at(2, "23:50"))
    assert late.arrive == at(3, "01:10") and late.minutes == 80.0
    # Monday 00:20 would need Sunday's trip: there is none.
    assert not planner.depart_at(STOP["D"], STOP["A"], at(2, "00:20")).reachable


def test_frequency_trips(planner):
    j = planner.depart_at(STOP["B"], STOP["D"], at(3, "06:05"))
    assert rides(j) == [("6", "Stop B", "Stop D", "06:20", "06:35")]
    later = planner.depart_at(STOP["B"], STOP["D"], at(3, "06:41"))  # the 06:40 run has gone
    assert later.arrive == at(3, "08:40") and later.minutes == 119.0


def test_pickup_forbidden(planner):
    j = planner.depart_at(STOP["B"], STOP["C"], at(3, "06:55"))
    assert rides(j) == [("1", "Stop B", "Stop C", "08:10", "08:20")]
    express = planner.depart_at(STOP["A"], STOP["C"], at(3, "06:50"))
    assert rides(express) == [("7", "Stop A", "Stop C", "07:00", "07:20")]
    drop = planner.depart_at(STOP["A"], STOP["B"], at(3, "06:50"))  # alighting at B is allowed
    assert drop.arrive == at(3, "07:10")


def test_arrive_by_leaves_as_late_as_possible(planner):
    j = planner.arrive_by(STOP["A"], STOP["D"], at(3, "09:00"))
    assert j.depart == at(3, "08:05") and j.arrive == at(3, "09:00") and j.minutes == 55.0
    earlier = planner.arrive_by(STOP["A"], STOP["D"], at(3, "08:59"))
    assert earlier.depart == at(3, "08:00") and earlier.arrive == at(3, "08:40")
    assert not planner.arrive_by(STOP["A"], STOP["D"], at(3, "08:39")).reachable


def test_walk_access_and_walk_only(planner):
    home = (39.0, -94.603)  # 259 m west of A: a 337 m walk
    j = planner.depart_at(home, STOP["D"], at(3, "07:50"))
    assert j.legs[0].mode == "walk" and j.legs[0].meters == 337 and j.legs[0].to == "Stop A"
    near = (39.0, -94.591)  # 778 m great circle: a 1011 m walk, more than the access limit
    walk = planner.depart_at(STOP["A"], near, at(3, "12:00"))
    assert walk.reachable and walk.transfers == 0 and [leg.mode for leg in walk.legs] == ["walk"]
    assert walk.walk_meters == 1011 and walk.minutes == round(809 / 60, 1)


def test_bad_questions(planner):
    with pytest.raises(QueryError, match="outside the feed's service"):
        planner.depart_at(STOP["A"], STOP["D"], dt.datetime(2027, 1, 1, 8))
    with pytest.raises(QueryError, match="out of range"):
        planner.depart_at((91.0, 0.0), STOP["D"], at(3, "08:00"))
