"""Appointments judged from where the participant will be: the trip from the job site to the
appointment after a shift, and from the appointment back to the job before one (issue 22)."""

from __future__ import annotations

import datetime as dt

import pytest

from jobs.matching import assess, rank
from tests.unit.matching.builders import KCMO, TODAY, person, posting, reach

WEEKDAYS = ["mon", "tue", "wed", "thu", "fri"]
NEAR = (KCMO["lat"] + 0.0018, KCMO["lon"])  # about 200 m north of the job site
FAR = (KCMO["lat"] + 0.225, KCMO["lon"])  # about 25 km north


def group(start="18:00", end="20:00", where=NEAR, days=("thu",), movable=False):
    place = {"lat": where[0], "lon": where[1]} if where else {}
    return {
        "label": "cognitive group",
        "days": list(days),
        "start": start,
        "end": end,
        "movable": movable,
        **place,
    }


def who_with(*obligations):
    return person(supervision={"obligations": list(obligations)})


def day_job(start="08:30", end="17:00", days=WEEKDAYS):
    shifts = [{"label": "day", "start": start, "end": end, "days": list(days)}]
    return posting(requirements={"shifts": shifts})


# A long ride home: back at 18:10, after the group starts (the old rule counted this as a clash).
LONG_RIDE_HOME = reach(70, home_arrive="18:10")


def by_transit(minutes):
    # Imported here so that the tests run (and fail) on code without trips to appointments.
    from jobs.matching.time_rules import ObligationTrip

    asked = []

    def trip(from_lat, from_lon, to_lat, to_lon, depart):
        asked.append(((from_lat, from_lon), (to_lat, to_lon), depart))
        return ObligationTrip(minutes, walk=False)

    trip.asked = asked
    return trip


def named(found, code):
    return [r.text for r in found.reasons if r.code == code]


def test_group_a_short_walk_from_the_job_is_no_clash():
    found = assess(who_with(group()), day_job(), TODAY, LONG_RIDE_HOME)
    assert found.tier == "eligible", [r.text for r in found.reasons]
    assert named(found, "obligation_reachable") == [
        "Cognitive group (Thu 18:00-20:00) is a 4-minute walk from the job; the shift ends 17:00"
    ]


def test_group_a_short_walk_from_the_job_ranks_eligible():
    (result,) = rank(who_with(group()), [day_job()], {"P-1": LONG_RIDE_HOME}, TODAY, all_tiers=True)
    assert result.tier == "eligible"
    assert "obligation_reachable" in {r.code for r in result.reasons}


def test_group_far_from_the_job_soon_after_the_shift_still_clashes():
    far = group("17:15", "19:00", where=FAR)
    found = assess(who_with(far), day_job(), TODAY, LONG_RIDE_HOME, obligation_trip=by_transit(45))
    assert found.tier == "excluded"
    assert named(found, "obligation_conflict") == [
        "Shift 08:30-17:00 Mon-Fri ends 17:00, too late for cognitive group (Thu 17:15-19:00):"
        " a 45-minute trip by transit from the job"
    ]


def test_group_beyond_walking_without_a_planner_is_judged_by_the_trip_home():
    far = group("17:15", "19:00", where=FAR)
    found = assess(who_with(far), day_job(), TODAY, LONG_RIDE_HOME)
    assert found.tier == "excluded"
    (text,) = named(found, "obligation_conflict")
    assert text.endswith("no trip between the job and it was found, so the trip home was counted")


def test_group_a_forty_minute_ride_away_half_an_hour_after_the_shift_clashes():
    farther = group("17:30", "19:00", where=(KCMO["lat"] + 0.05, KCMO["lon"]))
    trip = by_transit(40)
    found = assess(who_with(farther), day_job(), TODAY, obligation_trip=trip)
    assert found.tier == "excluded"
    (text,) = named(found, "obligation_conflict")
    assert text.endswith("a 40-minute trip by transit from the job")
    # Asked from the job site to the group, leaving at the shift's end on a Thursday.
    start, end, depart = trip.asked[0]
    assert start == (KCMO["lat"], KCMO["lon"]) and end == (farther["lat"], farther["lon"])
    assert depart.weekday() == 3 and depart.time() == dt.time(17, 0) and depart.date() >= TODAY


def test_trip_that_just_fits_is_no_clash():
    found = assess(
        who_with(group("17:30", "19:00", where=FAR)),
        day_job(),
        TODAY,
        obligation_trip=by_transit(30),
    )
    assert found.tier == "eligible"
    assert named(found, "obligation_reachable") == [
        "Cognitive group (Thu 17:30-19:00) is a 30-minute trip by transit from the job;"
        " the shift ends 17:00"
    ]


@pytest.mark.parametrize(("minutes", "tier"), [(20, "eligible"), (40, "excluded")])
def test_appointment_before_the_shift_counts_the_trip_to_the_job(minutes, tier):
    check_in = group("09:00", "10:00", where=FAR, days=("tue",))
    job = day_job("10:30", "17:00")
    found = assess(who_with(check_in), job, TODAY, obligation_trip=by_transit(minutes))
    assert found.tier == tier
    if tier == "excluded":
        assert named(found, "obligation_conflict") == [
            "Shift 10:30-17:00 Mon-Fri starts 10:30, too soon after cognitive group"
            " (Tue 09:00-10:00): a 40-minute trip by transit to the job"
        ]


def test_movable_group_out_of_reach_lowers_the_score_and_says_the_trip():
    far = group("17:15", "19:00", where=FAR, movable=True)
    found = assess(who_with(far), day_job(), TODAY, obligation_trip=by_transit(45))
    assert found.tier == "eligible"
    assert found.movable_conflicts == 1
    (text,) = named(found, "obligation_movable")
    assert text.endswith("a 45-minute trip by transit from the job; cognitive group can be moved")


def test_group_without_a_place_keeps_the_trip_home_and_says_so():
    found = assess(who_with(group(where=None)), day_job(), TODAY, LONG_RIDE_HOME)
    assert found.tier == "excluded"
    assert named(found, "obligation_conflict") == [
        "Shift 08:30-17:00 Mon-Fri clashes with cognitive group (Thu 18:00-20:00) — where it"
        " meets is not on the record, so the trip home was counted"
    ]


def test_working_through_the_group_clashes_wherever_it_is():
    found = assess(who_with(group()), day_job("12:00", "18:30"), TODAY)
    assert found.tier == "excluded"
    assert named(found, "obligation_conflict") == [
        "Shift 12:00-18:30 Mon-Fri clashes with cognitive group (Thu 18:00-20:00)"
    ]


def test_group_hours_after_the_shift_needs_no_trip():
    trip = by_transit(45)
    late = group("22:00", "23:00", where=FAR)
    found = assess(who_with(late), day_job(), TODAY, obligation_trip=trip)
    assert found.tier == "eligible"
    assert trip.asked == []


def test_walking_trip_follows_the_walking_model():
    from jobs.matching.time_rules import walking_trip

    near = walking_trip(KCMO["lat"], KCMO["lon"], *NEAR, dt.datetime(2026, 12, 3, 17))
    assert near is not None and near.walk and near.describe() == "a 4-minute walk"
    assert walking_trip(KCMO["lat"], KCMO["lon"], *FAR, dt.datetime(2026, 12, 3, 17)) is None
