"""Candidate pruning: a posting beyond any trip that could score is judged for fit only when it
could still make the shown list, and ranking with pruning shows exactly what ranking without it
shows. The grid of job sites at its edges: exactly at the radius, east-west at Missouri's
latitudes, near a pole, ZIP-centre sites."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from jobs.matching import PostingBook, Reach, TripHome, TripToWork, rank
from jobs.matching.commute_reach import (
    EARTH_RADIUS_KM,
    FASTEST_DRIVE_KMH,
    FASTEST_TRANSIT_KMH,
    ZIP_CENTROID_SLACK_KM,
    SiteGrid,
    commute_radius_km,
)
from tests.unit.matching.builders import TODAY, person, posting

HOME = (39.035, -94.547)  # Kansas City, Missouri


def point_at(start: tuple[float, float], km: float, bearing: float) -> tuple[float, float]:
    """The point ``km`` along a great circle from ``start`` at ``bearing`` degrees."""
    lat, lon = map(math.radians, start)
    angle, heading = km / EARTH_RADIUS_KM, math.radians(bearing)
    to_lat = math.asin(
        math.sin(lat) * math.cos(angle) + math.cos(lat) * math.sin(angle) * math.cos(heading)
    )
    to_lon = lon + math.atan2(
        math.sin(heading) * math.sin(angle) * math.cos(lat),
        math.cos(angle) - math.sin(lat) * math.sin(to_lat),
    )
    return math.degrees(to_lat), math.degrees(to_lon)


def site(where: tuple[float, float], precision: str = "", region: str = "MO") -> dict[str, object]:
    return {"text": "a site", "region": region, "lat": where[0], "lon": where[1],
            "precision": precision}  # fmt: skip


def beyond(places: list[list[dict[str, object]]], home: tuple[float, float], km: float):
    book = [posting(id=f"P-{i}", locations=locs) for i, locs in enumerate(places)]
    grid = SiteGrid(book)
    found = grid.beyond(home, km).tolist()
    assert found == grid.beyond(home, km, everywhere=True).tolist()
    return found


def test_the_radius_is_one_and_a_half_commutes_at_the_fastest_speed():
    assert commute_radius_km(person(max_commute_minutes=60)) == 1.5 * FASTEST_TRANSIT_KMH
    driver = person(max_commute_minutes=40, has_vehicle=True, drivers_license=True)
    assert commute_radius_km(driver) == 1.5 * 40 / 60 * FASTEST_DRIVE_KMH
    # A car without a licence (or a licence without a car) is transit.
    assert commute_radius_km(person(has_vehicle=True)) == 1.5 * FASTEST_TRANSIT_KMH


def test_a_site_exactly_at_the_radius_is_within_it_and_just_past_it_is_beyond():
    for bearing in (0.0, 90.0, 180.0, 270.0, 45.0):
        at = point_at(HOME, 100.0, bearing)
        past = point_at(HOME, 100.01, bearing)
        assert beyond([[site(at)], [site(past)]], HOME, 100.0) == [False, True], bearing


def test_east_and_west_use_the_longitude_scale_of_missouri_latitudes():
    # At 39-40 degrees north a degree of longitude is about 86 km, not 111: a site 150 km due
    # east lies 1.74 degrees of longitude away and must still be found by the buckets.
    for lat in (36.5, 39.0, 40.6):
        east, west = point_at((lat, -92.0), 149.9, 90.0), point_at((lat, -92.0), 149.9, 270.0)
        assert abs(east[1] + 92.0) > 149.9 / 111.2
        assert beyond([[site(east)], [site(west)]], (lat, -92.0), 150.0) == [False, False]


def test_near_a_pole_the_buckets_take_every_longitude():
    home = (89.5, 10.0)
    across = point_at(home, 150.0, 0.0)  # over the pole, on the far side of it
    assert abs(across[1] - 10.0) > 90.0
    assert beyond([[site(across)], [site(point_at(home, 300.0, 0.0))]], home, 160.0) == [
        False,
        True,
    ]


def test_a_site_at_a_zip_centre_counts_as_nearer_by_the_slack():
    far = point_at(HOME, 100.0 + ZIP_CENTROID_SLACK_KM - 1.0, 60.0)
    assert beyond([[site(far, "zip_centroid")], [site(far)]], HOME, 100.0) == [False, True]


def test_remote_and_unplaced_postings_are_never_beyond_and_one_near_site_is_enough():
    far, near = site(point_at(HOME, 500.0, 10.0)), site(point_at(HOME, 5.0, 10.0))
    unplaced = {"text": "somewhere", "region": "MO"}
    book = [
        posting(id="remote", workplace="remote", locations=[far]),
        posting(id="unplaced", locations=[unplaced]),
        posting(id="two", locations=[far, near]),
        posting(id="far", locations=[far, unplaced]),
    ]
    assert SiteGrid(book).beyond(HOME, 100.0).tolist() == [False, False, False, True]


@settings(max_examples=200, deadline=None)
@given(
    home=st.tuples(st.floats(-89.9, 89.9), st.floats(-170.0, 170.0)),
    km=st.floats(1.0, 900.0),
    sites=st.lists(st.tuples(st.floats(0.0, 2.5), st.floats(0.0, 360.0)), max_size=30),
)
def test_the_buckets_find_what_checking_every_site_finds(home, km, sites):
    places = [[site(point_at(home, km * f, bearing))] for f, bearing in sites]
    places = [p for p in places if abs(float(p[0]["lon"])) < 179.0]  # no antimeridian
    beyond(places, home, km)


# Ranking with and without pruning, over random people, postings, trips and rules.
TITLES = ["Warehouse Associate", "Line Cook", "Forklift Operator", "Security Officer", "Cashier"]
SKILLS = ["forklift operation", "food prep", "cash register", "patrol", "inventory control"]
FLAGS = ["alcohol_primary", "children", "cash_handling", "firearms", "health_care"]


@st.composite
def situations(draw):
    limit = draw(st.sampled_from([5, 20, 45, 60, 90, 240]))
    drives = draw(st.booleans())
    who = person(
        home={"lat": HOME[0], "lon": HOME[1]}
        if draw(st.integers(0, 5))
        else {"lat": None, "lon": None},
        max_commute_minutes=limit,
        has_vehicle=drives,
        drivers_license=drives and draw(st.booleans()),
        skills=draw(st.lists(st.sampled_from(SKILLS), max_size=3, unique=True)),
        desired_titles=draw(st.lists(st.sampled_from(TITLES), max_size=2, unique=True)),
        min_hourly_wage=draw(st.sampled_from([None, 12.0, 18.0])),
        supervision={
            "agency": draw(st.sampled_from(["none", "missouri_pp", "federal"])),
            "approved_states": ["MO"],
            "curfew": {"start": "22:00", "end": "06:00"} if draw(st.booleans()) else None,
            "conditions": draw(
                st.lists(
                    st.sampled_from(["no_alcohol_venues", "no_minors", "no_cash_handling"]),
                    max_size=2,
                    unique=True,
                )
            ),
        },
        record={"felony": draw(st.booleans()), "offense_categories": ["theft_fraud"]},
    )
    radius = commute_radius_km(who)
    jobs, reaches = [], {}
    for i in range(draw(st.integers(1, 25))):
        locations = []
        for _ in range(draw(st.integers(0, 2))):
            # Around the radius: well inside, at the edge, just past, far past.
            f = draw(st.sampled_from([0.1, 0.5, 0.999, 1.0, 1.001, 1.5, 3.0]))
            where = point_at(HOME, radius * f, draw(st.floats(0.0, 360.0)))
            precision = draw(st.sampled_from(["", "", "zip_centroid"]))
            locations.append(site(where, precision, draw(st.sampled_from(["MO", "MO", "KS"]))))
        if draw(st.integers(0, 6)) == 0:
            locations.append({"text": "unplaced", "region": "MO"})
        start = draw(st.sampled_from(["06:00", "14:00", "21:00"]))
        jobs.append(
            posting(
                id=f"P-{i}",
                title=draw(st.sampled_from(TITLES)),
                locations=locations,
                workplace=draw(st.sampled_from(["on_site"] * 6 + ["remote"])),
                pay=draw(
                    st.sampled_from(
                        [None, {"min": 11.0, "unit": "hour"}, {"min": 19.5, "unit": "hour"}]
                    )
                ),
                requirements={
                    "skills": [
                        {"label": s, "required": draw(st.booleans())}
                        for s in draw(st.lists(st.sampled_from(SKILLS), max_size=3, unique=True))
                    ],
                    "shifts": [{"label": "shift", "start": start, "end": "23:30"}]
                    if draw(st.booleans())
                    else [],
                    "setting": [
                        {"flag": f} for f in draw(st.lists(st.sampled_from(FLAGS), max_size=1))
                    ],
                },
            )
        )
        if draw(st.integers(0, 3)) == 0:  # a planned trip, whatever the distance says
            minutes = draw(st.sampled_from([None, 10.0, 55.0, 100.0, 400.0]))
            reaches[f"P-{i}"] = Reach(
                to_work=TripToWork(reachable=minutes is not None, minutes=minutes),
                home=TripHome(reachable=True, minutes=minutes),
                home_after_shift=draw(st.booleans()),
            )
    shown = draw(st.sampled_from([None, 1, 2, 3, 5, 10]))
    return who, jobs, reaches, shown, draw(st.booleans())


@settings(max_examples=400, deadline=None)
@given(situations())
def test_ranking_with_pruning_shows_exactly_what_ranking_without_it_shows(case):
    who, jobs, reaches, limit, all_tiers = case
    book = PostingBook(jobs)
    pruned = rank(who, book, reaches, TODAY, all_tiers=all_tiers, limit=limit)
    full = rank(who, book, reaches, TODAY, all_tiers=all_tiers, limit=limit, prune=False)
    assert pruned == full  # ids, tiers, order, scores, components, reasons, transit


def test_a_far_job_without_a_trip_says_so_and_scores_no_transit():
    far = posting(id="far", locations=[site(point_at(HOME, 400.0, 80.0))])
    near = posting(id="near")
    who = person()
    results = {r.posting_id: r for r in rank(who, [far, near], {}, TODAY)}
    assert results["far"].components.transit == 0.0
    reason = next(r for r in results["far"].reasons if r.code == "beyond_commute")
    assert reason.text == "About 400 km away: farther than a 60-minute commute can go"
    # Near (and unplanned) stays as it always was: not computed yet.
    assert any(r.code == "transit_unknown" for r in results["near"].reasons)
    # A planned trip to the far site wins over the distance: it is shown as planned.
    trip = Reach(TripToWork(reachable=False), TripHome(reachable=False), home_after_shift=False)
    (planned,) = [r for r in rank(who, [far], {"far": trip}, TODAY) if r.posting_id == "far"]
    assert any(r.code == "no_bus_there" for r in planned.reasons)


def test_without_a_home_nothing_is_far():
    far = posting(id="far", locations=[site(point_at(HOME, 400.0, 80.0))])
    (result,) = rank(person(home={"lat": None, "lon": None}), [far], {}, TODAY)
    assert not any(r.code == "beyond_commute" for r in result.reasons)
