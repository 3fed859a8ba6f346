"""The batch path (groups judged once, tiers spread with numpy, transit shortcuts) must give
every posting exactly the tier the rules give it one by one."""

from __future__ import annotations

import gc
import random

import msgspec
from hypothesis import given, settings
from hypothesis import strategies as st

from jobs.matching import Constraints, Location, PostingBook, place_rules, rank
from jobs.matching.clock import (
    DAY_MINUTES,
    WEEK_MINUTES,
    meets_daily,
    overlap_minutes,
    overlaps,
    weekly,
)
from jobs.matching.places import Place
from tests.unit.matching.builders import KCK, KCMO, TODAY, person, posting, reach

TITLES = ["Warehouse Associate", "Bartender", "Line Cook", "Cashier", "Home Health Aide",
          "Custodian - Elementary School", "CDL-A Driver", "Bank Teller", "Air Cargo Handler",
          "Armed Security Officer", "Data Entry Clerk"]  # fmt: skip
SHIFTS = [("06:00", "14:30"), ("14:00", "22:30"), ("15:00", "23:30"), ("22:00", "06:30"),
          ("17:00", "21:00"), ("09:00", "17:00"), ("05:30", "13:30")]  # fmt: skip
DAYS = [["mon", "tue", "wed", "thu", "fri"], ["thu"], ["sat", "sun"], []]
CLAY = {**KCMO, "county": "Clay", "lat": 39.14, "lon": -94.57}


def random_postings(rng: random.Random, n: int):
    out = []
    for i in range(n):
        shifts = [
            {"start": a, "end": b, "days": rng.choice(DAYS)}
            for a, b in rng.sample(SHIFTS, k=rng.choice([0, 1, 1, 2]))
        ]
        out.append(
            posting(
                id=f"R{i}",
                title=rng.choice(TITLES),
                locations=rng.sample([KCMO, KCK, CLAY], k=rng.choice([1, 1, 2])),
                workplace="remote" if rng.random() < 0.05 else "on_site",
                requirements={
                    "shifts": shifts,
                    "credentials": [{"label": "OSHA 30", "required": rng.random() < 0.3}],
                    "drivers_license": rng.choice(["required", "not_mentioned", "preferred"]),
                },
            )
        )
    return out


PEOPLE = [
    person(),
    person(
        supervision={
            "agency": "missouri_pp",
            "approved_states": ["MO"],
            "approved_counties": ["Jackson"],
            "curfew": {"start": "22:00", "end": "06:00"},
            "electronic_monitoring": True,
            "conditions": ["no_alcohol_venues", "no_cash_handling"],
            "obligations": [
                {"label": "group", "days": ["thu"], "start": "18:00", "end": "20:00"},
                {"label": "service", "days": ["sat"], "start": "09:00", "end": "13:00",
                 "movable": True},
            ],
        },
        record={"felony": True, "offense_categories": ["theft_fraud"],
                "conviction_date": "2022-01-01", "release_date": "2025-06-01"},
        availability=[{"days": ["mon", "tue", "wed", "thu", "fri"], "start": "06:00",
                       "end": "21:00"}],
    ),
    person(
        supervision={"agency": "federal", "curfew": {"start": "21:00", "end": "05:00"},
                     "conditions": ["no_minors", "no_computer"],
                     "restricted_sites": [{"label": "x", "lat": 39.09, "lon": -94.58,
                                           "radius_m": 500}]},
        record={"felony": True, "offense_categories": ["sex"], "registrant": True},
    ),
]  # fmt: skip


def test_batch_tiers_equal_the_rules_one_by_one():
    rng = random.Random(7)
    postings = random_postings(rng, 400)
    book = PostingBook(postings)
    for who in PEOPLE:
        reaches = {
            p.id: reach(rng.uniform(5, 120), home=rng.random() < 0.8)
            for p in rng.sample(postings, 200)
        }
        results = rank(who, book, reaches, TODAY, all_tiers=True)
        assert len(results) == len(postings)
        rules = Constraints(who, TODAY)
        for result in results:
            view = book.views[book.index[result.posting_id]]
            assert result.tier == rules.assess(view, reaches.get(result.posting_id)).tier, (
                result.posting_id
            )


INDEPENDENCE = {**KCMO, "text": "Independence, MO", "lat": 39.0911, "lon": -94.4155}
# Two Jackson County sites, one inside this person's restricted area: the county cannot decide.
AVOIDS_KCMO = person(
    supervision={"agency": "missouri_pp", "approved_states": ["MO"],
                 "restricted_sites": [{"label": "x", "lat": 39.0911, "lon": -94.5812,
                                       "radius_m": 300}]},
)  # fmt: skip


@settings(max_examples=40, deadline=None)
@given(st.randoms(use_true_random=False), st.sampled_from(range(len(PEOPLE) + 1)))
def test_sites_judged_once_each_give_the_tier_of_the_rules_one_by_one(rng, who):
    # Ranking judges each distinct site once (or one per county, ``area_decides``) and each kind
    # of work (health care, children, a licensed trade) once per state, then takes the worse:
    # the tier must be the rules' own.
    somebody = [*PEOPLE, AVOIDS_KCMO][who]
    extra = ["Barber", "Home Health Aide", "Preschool Teacher Aide", "CNA - Nights"]
    postings = [
        msgspec.structs.replace(
            p,
            title=rng.choice(extra) if rng.random() < 0.4 else p.title,
            locations=msgspec.convert(
                rng.sample([KCMO, KCK, CLAY, INDEPENDENCE], k=rng.choice([1, 1, 2])), list[Location]
            ),
        )
        for p in random_postings(rng, 30)
    ]
    book = PostingBook(postings)
    results = rank(somebody, book, {}, TODAY, all_tiers=True)
    rules = Constraints(somebody, TODAY)
    for result in results:
        view = book.views[book.index[result.posting_id]]
        assert result.tier == rules.assess(view, None).tier, result.posting_id


AREA_PEOPLE = [
    person(supervision={"agency": agency, "approved_states": states, "approved_counties": counties,
                        "standing_permits": permits})
    for agency in ("none", "missouri_pp", "kansas_doc", "federal")
    for states, counties in ((["MO"], []), (["MO", "KS"], ["Jackson", "Clay"]), ([], []))
    for permits in ([], ["Kansas"], ["Wyandotte County, KS"])
]  # fmt: skip
places = st.builds(
    Place,
    state=st.sampled_from(["MO", "KS", "IL", ""]),
    county=st.sampled_from(["jackson", "clay", "wyandotte", "st. louis", ""]),
    lat=st.one_of(st.none(), st.floats(36.0, 40.6)),
    lon=st.one_of(st.none(), st.floats(-95.8, -89.1)),
    label=st.text(max_size=8),
    state_from=st.sampled_from(["region", "coordinates", "postal_code", "unknown"]),
    precision=st.sampled_from(["", "given", "address", "zip_centroid"]),
)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(range(len(AREA_PEOPLE))), places, places)
def test_for_whom_the_area_decides_two_sites_in_one_county_get_the_same_reasons(who, a, b):
    # Ranking judges one site per county for them (``place_rules.area_decides``).
    b = msgspec.structs.replace(b, state=a.state, county=a.county)
    rules = Constraints(AREA_PEOPLE[who], TODAY)
    assert place_rules.area_decides(rules.who)
    assert rules.site_reasons(a) == rules.site_reasons(b)


@settings(max_examples=300, deadline=None)
@given(
    st.integers(0, WEEK_MINUTES - 1),
    st.integers(1, 2 * DAY_MINUTES),
    st.integers(0, DAY_MINUTES - 1),
    st.integers(1, DAY_MINUTES),
)
def test_daily_check_equals_the_weekly_intervals(lo, length, start, span):
    every_day = weekly(range(7), start, span)
    expected = any(overlap_minutes((lo, lo + length), night) > 0 for night in every_day)
    assert meets_daily((lo, lo + length), start, span) == expected


@settings(max_examples=300, deadline=None)
@given(st.integers(-DAY_MINUTES, WEEK_MINUTES), st.integers(1, DAY_MINUTES),
       st.integers(0, WEEK_MINUTES), st.integers(1, DAY_MINUTES))  # fmt: skip
def test_fast_overlap_equals_overlap_minutes(a0, a_len, b0, b_len):
    a, b = (a0, a0 + a_len), (b0, b0 + b_len)
    assert overlaps(a, b) == (overlap_minutes(a, b) > 0)


def test_building_a_book_leaves_the_collector_as_it_found_it():
    postings = random_postings(random.Random(3), 5)
    assert gc.isenabled()
    PostingBook(postings)
    assert gc.isenabled()
    gc.disable()
    try:
        PostingBook(postings)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_ranking_judges_a_clinic_and_a_home_health_job_at_one_kansas_site_apart():
    # Kansas's caregiver list binds home health and adult care, not a clinic: the batch path
    # groups sites by everything the rules read of the work there, so the two are not one group.
    who = person(record={"felony": True, "offense_categories": ["violent"]})
    clinic = posting(id="clinic", title="Environmental Services Aide - Clinic", locations=[KCK],
                     requirements={"setting": [{"flag": "health_care"}]})  # fmt: skip
    home = posting(id="home", title="Home Health Aide", locations=[KCK],
                   policy={"industry": "home_health", "naics": "621610"})  # fmt: skip
    for order in ([clinic, home], [home, clinic]):
        tiers = {
            r.posting_id: r.tier for r in rank(who, PostingBook(order), {}, TODAY, all_tiers=True)
        }
        assert tiers == {"clinic": "eligible", "home": "excluded"}


def test_a_registrants_on_site_job_with_no_site_given_needs_approval_as_the_rules_say():
    # The distance from schools and child care cannot be checked: never eligible by silence.
    who = person(record={"felony": True, "offense_categories": ["sex"], "registrant": True})
    unsited = posting(id="unsited", locations=[])
    remote = posting(id="remote", locations=[], workplace="remote")
    for book in (PostingBook([unsited, remote]), PostingBook([remote, unsited])):
        tiers = {r.posting_id: r.tier for r in rank(who, book, {}, TODAY, all_tiers=True)}
        rules = Constraints(who, TODAY)
        assert tiers == {"unsited": "needs_approval", "remote": rules.assess(remote).tier}
        assert rules.assess(unsited).tier == "needs_approval"
    (other,) = rank(person(), [unsited], {}, TODAY, all_tiers=True)
    assert other.tier == "eligible"
