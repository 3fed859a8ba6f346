"""Curfew, appointments and availability against the shift plus the trip each way."""

from __future__ import annotations

import pytest

from jobs.matching import assess
from jobs.matching.clock import covered_minutes, duration, minutes_of, overlaps
from tests.unit.matching.builders import TODAY, person, posting, reach


def codes(found):
    return {reason.code for reason in found.reasons}


def shift_job(start, end, days=("mon", "tue", "wed", "thu", "fri"), **changes):
    return posting(
        requirements={"shifts": [{"label": "s", "start": start, "end": end, "days": list(days)}]},
        **changes,
    )


CURFEW = {
    "supervision": {
        "agency": "missouri_pp",
        "approved_states": ["MO"],
        "curfew": {"start": "22:00", "end": "06:00"},
    }
}
MONITORED = {"supervision": {**CURFEW["supervision"], "electronic_monitoring": True}}


@pytest.mark.parametrize(
    ("start", "end", "tier"),
    [
        ("08:00", "16:30", "eligible"),
        ("14:00", "21:59", "eligible"),  # a minute to spare (the unknown trip counts one minute)
        ("14:00", "22:00", "needs_approval"),  # ends exactly at curfew: no time to get home
        ("15:00", "23:30", "needs_approval"),
        ("06:01", "14:00", "eligible"),
        ("06:00", "14:30", "needs_approval"),  # starts exactly as curfew ends: no time to travel
        ("22:00", "06:30", "needs_approval"),  # overnight, crosses midnight
        ("23:00", "05:00", "needs_approval"),  # inside a curfew that crosses midnight
    ],
)
def test_curfew_without_transit(start, end, tier):
    found = assess(person(**CURFEW), shift_job(start, end), TODAY)
    assert found.tier == tier


def test_curfew_under_electronic_monitoring_excludes():
    found = assess(person(**MONITORED), shift_job("15:00", "23:30"), TODAY)
    assert found.tier == "excluded"
    assert "curfew_monitored" in codes(found)
    (reason,) = [r for r in found.reasons if r.code == "curfew_monitored"]
    assert reason.text.startswith("Shift ends 23:30 — after the 22:00 curfew")


def test_bus_home_arriving_exactly_at_curfew_is_on_time():
    who = person(**MONITORED)
    on_time = assess(who, shift_job("13:00", "21:15"), TODAY, reach(40, home_arrive="22:00"))
    late = assess(who, shift_job("13:00", "21:15"), TODAY, reach(40, home_arrive="22:01"))
    assert on_time.tier == "eligible"
    assert late.tier == "excluded"
    (reason,) = [r for r in late.reasons if r.code == "curfew_monitored"]
    assert "bus home arrives 22:01, after the 22:00 curfew" in reason.text


def test_morning_trip_before_curfew_ends():
    # A 06:30 start with a 45-minute ride means leaving at 05:45, inside the curfew.
    found = assess(person(**CURFEW), shift_job("06:30", "15:00"), TODAY, reach(45, "15:45"))
    assert found.tier == "needs_approval"
    (reason,) = [r for r in found.reasons if r.code == "curfew_exception"]
    assert "must leave home at 05:45" in reason.text


def test_remote_work_during_curfew_is_fine():
    found = assess(person(**MONITORED), shift_job("22:00", "02:00", workplace="remote"), TODAY)
    assert "curfew_monitored" not in codes(found)


def test_shift_not_stated_is_a_reason_not_a_pass():
    found = assess(person(**CURFEW), posting(requirements={"shifts": []}), TODAY)
    assert found.tier == "eligible"
    (reason,) = [r for r in found.reasons if r.code == "shift_unknown"]
    assert reason.text == "Shift not stated — ask the employer (curfew 22:00-06:00)"


def test_best_of_several_shifts_is_chosen():
    job = posting(
        requirements={
            "shifts": [
                {"label": "2nd", "start": "15:00", "end": "23:30", "days": ["mon"]},
                {"label": "1st", "start": "06:30", "end": "15:00", "days": ["mon"]},
            ]
        }
    )
    found = assess(person(**MONITORED), job, TODAY)
    assert found.tier == "eligible"
    assert found.shift is not None and found.shift.label == "1st"


OBLIGATION = {"label": "cognitive group", "days": ["thu"], "start": "18:00", "end": "20:00"}


@pytest.mark.parametrize(
    ("movable", "start", "end", "days", "tier", "code"),
    [
        (False, "12:00", "18:30", ["thu"], "excluded", "obligation_conflict"),
        (True, "12:00", "18:30", ["thu"], "eligible", "obligation_movable"),
        (False, "12:00", "18:30", ["wed"], "eligible", None),
        (False, "08:00", "17:59", ["thu"], "eligible", None),  # unknown trip: one minute
        (False, "20:00", "23:00", ["thu"], "excluded", "obligation_conflict"),  # the trip out
        (False, "23:00", "18:30", ["wed"], "excluded", "obligation_conflict"),  # overnight into thu
    ],
)
def test_obligations(movable, start, end, days, tier, code):
    who = person(supervision={"obligations": [{**OBLIGATION, "movable": movable}]})
    found = assess(who, shift_job(start, end, days), TODAY)
    assert found.tier == tier
    if code:
        assert code in codes(found)
    if movable:
        assert found.movable_conflicts == 1


def test_obligation_counts_the_trip_home():
    who = person(supervision={"obligations": [OBLIGATION]})
    job = shift_job("08:00", "17:30", ["thu"])
    assert assess(who, job, TODAY, reach(25, home_arrive="17:55")).tier == "eligible"
    assert assess(who, job, TODAY, reach(40, home_arrive="18:10")).tier == "excluded"


def test_obligation_text_names_it():
    who = person(supervision={"obligations": [OBLIGATION]})
    found = assess(who, shift_job("12:00", "19:00", ["thu"]), TODAY)
    (reason,) = [r for r in found.reasons if r.code == "obligation_conflict"]
    assert reason.text == "Shift 12:00-19:00 Thu clashes with cognitive group (Thu 18:00-20:00)"


def test_shift_days_not_stated_only_warns_about_appointments():
    who = person(supervision={"obligations": [OBLIGATION]})
    job = posting(requirements={"shifts": [{"label": "s", "start": "12:00", "end": "19:00"}]})
    found = assess(who, job, TODAY)
    assert found.tier == "eligible"
    assert "obligation_maybe" in codes(found)


@pytest.mark.parametrize(
    ("start", "end", "fit"),
    [("08:00", "16:00", 1.0), ("17:00", "01:00", 0.5), ("22:00", "04:00", 0.0)],
)
def test_availability_share(start, end, fit):
    who = person(
        availability=[
            {"days": ["mon", "tue", "wed", "thu", "fri"], "start": "06:00", "end": "21:00"}
        ]
    )
    found = assess(who, shift_job(start, end), TODAY)
    assert found.schedule_fit == pytest.approx(fit)
    assert found.tier == "eligible"  # the participant's own availability lowers the score only
    assert ("outside_availability" in codes(found)) == (fit < 1)


def test_availability_window_crossing_midnight():
    who = person(availability=[{"days": ["fri"], "start": "20:00", "end": "04:00"}])
    found = assess(who, shift_job("22:00", "03:00", ["fri"]), TODAY)
    assert found.schedule_fit == pytest.approx(1.0)


def test_clock_helpers():
    assert duration(minutes_of("22:00"), minutes_of("06:00")) == 8 * 60
    assert not overlaps((0, 10), (10, 20))
    assert overlaps((10075, 10085), (0, 10))  # Sunday night into Monday
    assert covered_minutes((0, 100), [(0, 30), (20, 50), (90, 200)]) == 60
    with pytest.raises(ValueError, match="HH:MM"):
        minutes_of("25:99")
