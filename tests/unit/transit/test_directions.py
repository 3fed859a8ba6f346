"""Directions a person can follow, from planned journeys."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from jobs.transit.directions import clock, shift_trips, trip_of
from jobs.transit.journey import Journey, Leg

DAY = dt.date(2026, 12, 7)


def at(clock: str) -> dt.datetime:
    hours, minutes = clock.split(":")
    return dt.datetime.combine(DAY, dt.time(int(hours), int(minutes)))


def walk(start: str, end: str, frm: str, to: str) -> Leg:
    return Leg(mode="walk", route=None, from_=frm, to=to, depart=at(start), arrive=at(end))


def ride(start: str, end: str, route: str, frm: str, to: str) -> Leg:
    return Leg(mode="transit", route=route, from_=frm, to=to, depart=at(start), arrive=at(end))


def journey(*legs: Leg) -> Journey:
    return Journey(
        reachable=True,
        minutes=(legs[-1].arrive - legs[0].depart).total_seconds() / 60,
        depart=legs[0].depart,
        arrive=legs[-1].arrive,
        transfers=sum(leg.mode == "transit" for leg in legs) - 1,
        walk_meters=500,
        legs=list(legs),
    )


THERE = journey(
    walk("06:00", "06:06", "origin", "39th & Prospect"),
    ride("06:10", "06:25", "PMAX", "39th & Prospect", "12th & Grand"),
    walk("06:25", "06:27", "12th & Grand", "12th & Main"),
    walk("06:27", "06:28", "12th & Main", "12th & Main"),
    ride("06:30", "06:40", "24", "12th & Main", "Linwood & Main"),
    walk("06:40", "06:44", "Linwood & Main", "destination"),
)


def test_steps_say_where_to_walk_and_which_bus_to_take():
    trip = trip_of(THERE)
    assert trip is not None and (trip.leave, trip.arrive, trip.transfers) == ("06:00", "06:44", 1)
    kinds = [(s.kind, s.minutes, s.route, s.start, s.to, s.transfer, s.to_door) for s in trip.steps]
    assert kinds == [
        ("walk", 6, None, "", "39th & Prospect", False, False),
        ("ride", 15, "PMAX", "39th & Prospect", "12th & Grand", False, False),
        ("walk", 3, None, "", "12th & Main", False, False),  # two walks read as one
        ("ride", 10, "24", "12th & Main", "Linwood & Main", True, False),
        ("walk", 4, None, "", "", False, True),
    ]


def test_a_stored_journey_reads_the_same_and_no_way_is_none():
    import msgspec

    assert trip_of(msgspec.to_builtins(THERE)) == trip_of(THERE)
    assert trip_of({}) is None and trip_of(None) is None
    assert trip_of(Journey.unreachable()) is None


def test_the_last_way_home_counts_only_after_the_shift_and_when_it_differs():
    home_first = journey(walk("15:30", "15:40", "origin", "destination"))
    later = journey(walk("21:00", "21:10", "origin", "destination"))
    before_end = journey(walk("15:00", "15:10", "origin", "destination"))
    found = shift_trips(["mon"], at("07:00"), at("15:30"), THERE, home_first, later, "22:00")
    assert found.home_last is not None and found.home_last.leave == "21:00"
    assert found.early_minutes == 16 and not found.home_first_late
    assert (
        shift_trips(["mon"], at("07:00"), at("15:30"), THERE, home_first, before_end).home_last
        is None
    )
    assert (
        shift_trips(["mon"], at("07:00"), at("15:30"), THERE, home_first, home_first).home_last
        is None
    )


def test_a_first_way_home_after_the_curfew_is_flagged():
    late = journey(walk("21:50", "22:20", "origin", "destination"))
    found = shift_trips(["mon"], at("13:00"), at("21:50"), None, late, None, "22:00")
    assert found.there is None and found.early_minutes is None and found.home_first_late


@given(st.datetimes())
def test_a_clock_is_hours_and_minutes_of_a_time_or_its_iso_text(moment):
    assert clock(moment) == moment.strftime("%H:%M")
    assert clock(moment.isoformat()) == moment.strftime("%H:%M")
    assert clock(None) == clock("") == ""
