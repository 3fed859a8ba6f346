"""Trips between job sites and appointments through the matching service, with the planner over
the bundled Kansas City demo feed (issue 22)."""

import datetime as dt

import msgspec

from jobs.matching import PostingFacts
from jobs.participant_format import parse_participant
from jobs.services.commutes import site_shift
from jobs.services.matching import rank_everyone
from jobs.skills.extract import shipped_extractor

TODAY = dt.date(2026, 11, 28)
SITE = (39.0911, -94.5812)  # 1800 Grand Blvd, downtown Kansas City
NEAR = (SITE[0] + 0.0018, SITE[1])  # about 200 m north
ACROSS_TOWN = (38.99, -94.55)  # about 12 km south
SHIFT = {"label": "day", "start": "08:30", "end": "17:00",
         "days": ["mon", "tue", "wed", "thu", "fri"]}  # fmt: skip


def participant(where, start):
    return parse_participant(
        {
            "external_ref": "T-1",
            "name": "Test Person",
            "home": {"lat": 39.0137, "lon": -94.553},
            "supervision": {
                "agency": "missouri_pp",
                "approved_states": ["MO"],
                "obligations": [
                    {
                        "label": "cognitive group",
                        "days": ["thu"],
                        "start": start,
                        "end": "20:00",
                        "lat": where[0],
                        "lon": where[1],
                    }
                ],
            },
        }
    )


def job():
    location = {"text": "1800 Grand Blvd", "region": "MO", "county": "Jackson",
                "lat": SITE[0], "lon": SITE[1]}  # fmt: skip
    return msgspec.convert(
        {
            "id": "1",
            "title": "Office Clerk",
            "employer": "Example Co.",
            "locations": [location],
            "workplace": "on_site",
            "requirements": {"shifts": [SHIFT]},
        },
        PostingFacts,
    )


def ranked(runtime, who):
    site = site_shift(1, [{"lat": SITE[0], "lon": SITE[1]}], [SHIFT])
    assert site is not None
    (one,) = rank_everyone(
        runtime,
        shipped_extractor().taxonomy,
        [(1, who, (who.home.lat, who.home.lon))],
        [job()],
        {1: site},
        TODAY,
    )
    (result,) = one.results
    return result


def test_group_a_short_walk_from_the_job_is_eligible_and_the_walk_is_named(runtime):
    result = ranked(runtime, participant(NEAR, "18:00"))
    assert result.tier == "eligible", [r.text for r in result.reasons]
    (text,) = [r.text for r in result.reasons if r.code == "obligation_reachable"]
    assert text.startswith("Cognitive group (Thu 18:00-20:00) is a ")
    assert text.endswith("-minute walk from the job; the shift ends 17:00")


def test_group_across_town_a_quarter_hour_after_the_shift_is_a_clash(runtime):
    result = ranked(runtime, participant(ACROSS_TOWN, "17:15"))
    assert result.tier == "excluded"
    (text,) = [r.text for r in result.reasons if r.code == "obligation_conflict"]
    assert "too late for cognitive group (Thu 17:15-20:00)" in text, text


def test_planner_trips_walk_when_close_and_ride_otherwise(runtime):
    from jobs.services.commutes import obligation_trips

    trip = obligation_trips(runtime.planner())
    thursday_five = dt.datetime(2026, 12, 3, 17, 0)
    near = trip(*SITE, *NEAR, thursday_five)
    far = trip(*SITE, *ACROSS_TOWN, thursday_five)
    assert near is not None and near.walk and near.minutes < 6
    assert far is not None and not far.walk and far.minutes > 15
    assert trip(*SITE, *NEAR, thursday_five) is near  # kept for the run
