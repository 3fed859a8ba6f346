"""The officer packet's words: rules, days and trips as people read them."""

from jobs.services.officer_packet import clock, day_span, home_words, rule_words, trips


def test_each_rule_is_said_in_words():
    cash = {"code": "cash_handling", "source": "condition of supervision: no_cash_handling"}
    assert rule_words(cash) == "Condition of supervision: no handling of cash"
    travel = {"code": "travel_permit_state", "source": "Missouri P&P travel conditions"}
    assert rule_words(travel) == "Missouri P&P travel conditions"
    assert rule_words({"code": "travel_permit_county"}) == "Travel conditions of supervision"
    assert rule_words({"code": "credential_in_training", "source": "posting requirement"}) == (
        "What the posting requires"
    )


def test_days_and_times_read_as_people_say_them():
    assert day_span(["mon", "tue", "wed", "thu", "fri"]) == "Monday to Friday"
    assert day_span(["sat", "sun"]) == "Saturday and Sunday"
    assert day_span(["mon", "wed", "fri"]) == "Monday, Wednesday and Friday"
    assert day_span(list("x")) == ""
    assert clock("2026-12-07T06:10:00") == "06:10" and clock("22:05") == "22:05"


def test_the_trip_there_and_back_with_times():
    transit = {
        "leave_home": "2026-12-07T06:10:00",
        "home_after_shift": True,
        "home_arrive": "2026-12-07T17:40:00",
        "wait_after_shift_minutes": 4.0,
        "to_work": {
            "minutes": 30.0,
            "arrive": "2026-12-07T06:40:00",
            "legs": [
                {"mode": "walk", "to": "Prospect & 39th", "depart": "2026-12-07T06:10:00"},
                {"mode": "transit", "route": "71", "from": "Prospect & 39th", "to": "destination",
                 "depart": "2026-12-07T06:18:00", "arrive": "2026-12-07T06:40:00"},
            ],
        },
        "way_home": {"minutes": 36.0, "legs": []},
    }  # fmt: skip
    there, home = trips(transit)
    assert there is not None and home is not None
    assert (there.leave, there.arrive, there.minutes) == ("06:10", "06:40", 30)
    assert (home.arrive, home.minutes) == ("17:40", 36)
    assert there.steps == [
        "06:10 walk to Prospect & 39th",
        "06:18 bus 71 from Prospect & 39th to the job site, arriving 06:40",
    ]
    assert home_words(transit) == "Yes, home by 17:40 (waits 4 minutes after the shift)"
    assert home_words({"home_after_shift": False}).startswith("No bus home after the shift")
