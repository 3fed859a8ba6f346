"""Registrants and places for children near the job site: 500 feet (152.4 m), Missouri schools
excluded, child care and other states for the officer, the edge of the buffer for the officer, and
lists that must reach the county (uncovered, stale, partial, ZIP centre: needs approval)."""

import datetime as dt
import math

import msgspec
import pytest

from jobs.matching import (
    ChildPlace,
    ChildPlaces,
    ListCoverage,
    assess,
    parse_child_place_list,
    parse_child_places,
    rank,
)
from jobs.matching.child_places import EARTH_RADIUS_M
from tests.unit.matching.builders import KCK, KCMO, TODAY, person, posting

REGISTRANT = {"record": {"felony": True, "offense_categories": ["sex"], "registrant": True}}


def north_of(place: dict, metres: float) -> dict:
    """A site `metres` due north of `place` (along a meridian the great circle is exact)."""
    return {**place, "lat": place["lat"] + math.degrees(metres / EARTH_RADIUS_M)}


def covering(*counties: tuple[str, str], as_of: dt.date = TODAY) -> list[ListCoverage]:
    """Current, complete school and child-care lists for each (state, county)."""
    return [
        ListCoverage(state=state, county=county, kind=kind, source=f"{kind} list", as_of=as_of)
        for state, county in counties
        for kind in ("school", "child_care")
    ]


COVERED = covering(("MO", "jackson"), ("KS", "wyandotte"))


def school_at(place: dict, kind: str = "school", coverage=COVERED) -> ChildPlaces:
    return ChildPlaces(
        [ChildPlace("Example Elementary", place["lat"], place["lon"], kind)], coverage
    )


def codes(found) -> set[str]:
    return {r.code for r in found.reasons}


@pytest.mark.parametrize(
    ("metres", "tier", "code"),
    [
        (152.3, "excluded", "registrant_near_school"),
        (152.4 - 10, "excluded", "registrant_near_school"),  # 10 m inside the buffer
        (152.6, "needs_approval", "near_children_edge"),
        (152.4 + 50, "needs_approval", "near_children_edge"),  # 50 m outside: geocodes err
        (152.4 + 99, "needs_approval", "near_children_edge"),
        (152.4 + 101, "eligible", "nearest_child_place"),  # past the 100 m edge margin
    ],
)
def test_500_feet_from_a_missouri_school(metres, tier, code):
    job = posting(locations=[north_of(KCMO, metres)])
    found = assess(person(**REGISTRANT), job, TODAY, child_places=school_at(KCMO))
    assert found.tier == tier, [r.text for r in found.reasons]
    (reason,) = [r for r in found.reasons if r.code == code]
    assert "Example Elementary" in reason.text
    (nearest,) = [r for r in found.reasons if r.code == "nearest_child_place"]
    assert nearest.text.startswith("Nearest listed school: Example Elementary,")
    assert f"{metres:,.0f} m" in nearest.text and nearest.tier == "eligible"
    if code == "registrant_near_school":
        assert reason.text.startswith(f"Job site is {metres:,.0f} m")
        assert "566.149" in reason.source
    if code == "near_children_edge":
        assert reason.text.startswith(f"Job site is {metres:,.0f} m")
        assert "just past the 500 ft limit" in reason.text
    assert "child_places_not_covered" not in codes(found)


def test_the_edge_margin_is_a_setting():
    job = posting(locations=[north_of(KCMO, 152.4 + 50)])
    narrow = ChildPlaces(school_at(KCMO).places, COVERED, edge_margin_m=20)
    assert assess(person(**REGISTRANT), job, TODAY, child_places=narrow).tier == "eligible"
    wide = ChildPlaces(school_at(KCMO).places, COVERED, edge_margin_m=60)
    assert assess(person(**REGISTRANT), job, TODAY, child_places=wide).tier == "needs_approval"


@pytest.mark.parametrize(("site", "kind", "tier", "code"), [
    (KCMO, "child_care", "needs_approval", "registrant_near_children"),
    (KCMO, "other", "needs_approval", "registrant_near_children"),
    (KCK, "school", "needs_approval", "registrant_near_children"),
])  # fmt: skip
def test_child_care_and_other_states_need_the_officer(site, kind, tier, code):
    job = posting(locations=[north_of(site, 100.0)])
    found = assess(person(**REGISTRANT), job, TODAY, child_places=school_at(site, kind))
    assert code in codes(found)
    assert "registrant_near_school" not in codes(found)
    near = next(r for r in found.reasons if r.code == code)
    assert near.tier == tier and "100 m (328 ft)" in near.text


def test_a_school_behind_nearer_child_care_still_counts():
    places = ChildPlaces(
        [
            ChildPlace("Tiny Steps", KCMO["lat"], KCMO["lon"], "child_care"),
            ChildPlace("Far School", north_of(KCMO, 250)["lat"], KCMO["lon"]),
            ChildPlace("Near School", north_of(KCMO, 140)["lat"], KCMO["lon"]),
        ]
    )
    job = posting(locations=[north_of(KCMO, 20)])
    found = assess(person(**REGISTRANT), job, TODAY, child_places=places)
    assert found.tier == "excluded"
    (reason,) = [r for r in found.reasons if r.code == "registrant_near_school"]
    assert "Near School" in reason.text and "120 m" in reason.text


def test_a_listed_place_far_away_is_named_but_clears_the_job():
    job = posting(locations=[north_of(KCMO, 2000.0)])
    found = assess(person(**REGISTRANT), job, TODAY, child_places=school_at(KCMO))
    assert found.tier == "eligible"
    (nearest,) = [r for r in found.reasons if r.code == "nearest_child_place"]
    assert (
        nearest.text
        == "Nearest listed school: Example Elementary, 2,000 m (6,562 ft) from the job site"
    )


def test_a_county_the_lists_do_not_cover_needs_approval():
    job = posting(locations=[north_of(KCMO, 2000.0)])
    clay_only = school_at(KCMO, coverage=covering(("MO", "clay")))
    found = assess(person(**REGISTRANT), job, TODAY, child_places=clay_only)
    assert found.tier == "needs_approval"
    (reason,) = [r for r in found.reasons if r.code == "child_places_not_covered"]
    assert reason.text.startswith(
        "School and child-care distances not verified here: no current list for Jackson County"
    )
    assert "schools: none loaded" in reason.text and "child care: none loaded" in reason.text


def test_a_county_with_schools_but_no_child_care_list_needs_approval():
    job = posting(locations=[north_of(KCMO, 2000.0)])
    schools = [c for c in COVERED if c.kind == "school"]
    found = assess(person(**REGISTRANT), job, TODAY, child_places=school_at(KCMO, coverage=schools))
    assert found.tier == "needs_approval"
    (reason,) = [r for r in found.reasons if r.code == "child_places_not_covered"]
    assert "child care: none loaded" in reason.text and "schools" not in reason.text


def test_a_stale_list_needs_approval_and_its_age_is_a_setting():
    job = posting(locations=[north_of(KCMO, 2000.0)])
    old = covering(("MO", "jackson"), as_of=TODAY - dt.timedelta(days=731))
    found = assess(person(**REGISTRANT), job, TODAY, child_places=school_at(KCMO, coverage=old))
    assert found.tier == "needs_approval"
    (reason,) = [r for r in found.reasons if r.code == "child_places_not_covered"]
    assert "no current list for Jackson County" in reason.text
    assert f"schools: list as of {old[0].as_of.isoformat()}, older than 2 years" in reason.text
    lenient = ChildPlaces(school_at(KCMO).places, old, max_age_days=3 * 365)
    assert assess(person(**REGISTRANT), job, TODAY, child_places=lenient).tier == "eligible"


def test_a_partial_list_clears_no_county():
    job = posting(locations=[north_of(KCMO, 2000.0)])
    partial = [msgspec.structs.replace(c, complete=False) for c in COVERED]
    found = assess(person(**REGISTRANT), job, TODAY, child_places=school_at(KCMO, coverage=partial))
    assert found.tier == "needs_approval"
    (reason,) = [r for r in found.reasons if r.code == "child_places_not_covered"]
    assert "schools: only a partial list" in reason.text


def test_a_site_placed_only_at_a_zip_centre_is_unverifiable():
    """A ZIP centre can be a kilometre from the site: neither a near school nor a far one counts."""
    for metres in (10.0, 2000.0):
        job = posting(locations=[{**north_of(KCMO, metres), "precision": "zip_centroid"}])
        found = assess(person(**REGISTRANT), job, TODAY, child_places=school_at(KCMO))
        assert found.tier == "needs_approval"
        (reason,) = [r for r in found.reasons if r.code == "child_places_unverified"]
        assert "placed only at its ZIP code's centre" in reason.text
        assert not codes(found) & {"registrant_near_school", "nearest_child_place"}
    address = posting(locations=[{**north_of(KCMO, 2000.0), "precision": "address"}])
    found = assess(person(**REGISTRANT), address, TODAY, child_places=school_at(KCMO))
    assert found.tier == "eligible"


def test_only_registrants_are_measured():
    job = posting(locations=[north_of(KCMO, 10)])
    found = assess(person(record={"felony": True}), job, TODAY, child_places=school_at(KCMO))
    assert found.tier == "eligible"
    assert not codes(found) & {"registrant_near_school", "nearest_child_place"}
    nowhere = assess(person(record={"felony": True}), posting(), TODAY)
    assert "child_places_not_covered" not in codes(nowhere)


def test_an_on_site_job_without_a_site_needs_approval_for_a_registrant():
    nowhere = posting(locations=[])
    found = assess(person(**REGISTRANT), nowhere, TODAY, child_places=school_at(KCMO))
    assert found.tier == "needs_approval"
    (reason,) = [r for r in found.reasons if r.code == "child_places_unverified"]
    assert "the job site is not given" in reason.text
    assert assess(person(record={"felony": True}), nowhere, TODAY).tier == "eligible"


def test_no_list_or_no_map_position_needs_approval():
    no_list = assess(person(**REGISTRANT), posting(), TODAY)
    assert no_list.tier == "needs_approval" and "child_places_not_covered" in codes(no_list)
    unplaced = posting(locations=[{**KCMO, "lat": None, "lon": None}])
    found = assess(person(**REGISTRANT), unplaced, TODAY, child_places=school_at(KCMO))
    (reason,) = [r for r in found.reasons if r.code == "child_places_unverified"]
    assert "no map position" in reason.text and reason.tier == "needs_approval"


def test_ranking_uses_the_list_and_best_site():
    near = posting(id="near", locations=[north_of(KCMO, 50)])
    both = posting(id="both", locations=[north_of(KCMO, 50), north_of(KCMO, 2000)])
    results = rank(
        person(**REGISTRANT), [near, both], {}, TODAY, all_tiers=True,
        child_places=school_at(KCMO),
    )  # fmt: skip
    tiers = {r.posting_id: r.tier for r in results}
    assert tiers == {"near": "excluded", "both": "eligible"}


def test_the_list_format_is_checked():
    places = parse_child_places(b'[{"name": "A", "lat": 39.1, "lon": -94.5, "kind": "child_care"}]')
    assert places[0].kind == "child_care"
    bare = parse_child_place_list(b'[{"name": "A", "lat": 39.1, "lon": -94.5}]')
    assert bare.coverage == []  # a bare array vouches for no county
    full = parse_child_place_list(
        b'{"coverage": [{"state": "MO", "county": "jackson", "kind": "school",'
        b' "source": "x", "as_of": "2026-01-01"}], "places": []}'
    )
    assert full.coverage[0].as_of == dt.date(2026, 1, 1) and full.coverage[0].complete
    with pytest.raises(msgspec.ValidationError, match="as_of"):
        parse_child_place_list(
            b'{"coverage": [{"state": "MO", "county": "jackson", "kind": "school",'
            b' "source": "x", "as_of": "soon"}], "places": []}'
        )
    with pytest.raises(msgspec.ValidationError, match="lat"):
        parse_child_places(b'[{"name": "A", "lat": 139.1, "lon": -94.5}]')
    with pytest.raises(msgspec.ValidationError, match="kind"):
        parse_child_places(b'[{"name": "A", "lat": 39.1, "lon": -94.5, "kind": "park"}]')


def test_the_demo_list_loads_states_its_coverage_and_sources():
    from jobs.runtime import DEMO_CHILD_PLACES

    demo = parse_child_place_list(DEMO_CHILD_PLACES.read_bytes())
    assert len(demo.places) >= 10 and {p.kind for p in demo.places} == {"school", "child_care"}
    assert {(c.state, c.county, c.kind) for c in demo.coverage} >= {
        ("MO", "jackson", "school"),
        ("MO", "jackson", "child_care"),
    }
    assert not any(c.complete for c in demo.coverage)  # a hand list vouches for no county
    assert set(demo.sources) == {p.name for p in demo.places}
    assert "North Kansas City High School" in demo.sources


def test_a_program_loads_its_own_list(tmp_path):
    from jobs.errors import ConfigurationError
    from jobs.runtime import Runtime, read_child_places
    from jobs.settings import Settings

    own = tmp_path / "schools.json"
    own.write_text('[{"name": "Our School", "lat": 39.09, "lon": -94.58}]')
    env = {"JOBS_SECRET_KEY": "x" * 40, "JOBS_DATA_DIR": str(tmp_path / "var")}
    runtime = Runtime.build(Settings.from_env({**env, "JOBS_CHILD_PLACES_PATH": str(own)}))
    assert [p.name for p in runtime.child_places().places] == ["Our School"]
    assert len(Runtime.build(Settings.from_env(env)).child_places()) >= 10
    own.write_text('[{"name": "No Position"}]')
    with pytest.raises(ConfigurationError, match="is not a list of places"):
        read_child_places(own)
    with pytest.raises(ConfigurationError, match="cannot read"):
        read_child_places(tmp_path / "missing.json")


def unchecked_school_at(place: dict, coverage=COVERED) -> ChildPlaces:
    return ChildPlaces(
        [ChildPlace("Unchecked Elementary", place["lat"], place["lon"], position_checked=False)],
        coverage,
    )


@pytest.mark.parametrize(
    ("metres", "tier"),
    [
        (10.0, "needs_approval"),  # by the list inside the buffer, but the position is not trusted
        (152.4 + 50, "needs_approval"),
        (152.4 + 499, "needs_approval"),  # hand-placed schools were found hundreds of metres out
        (152.4 + 501, "eligible"),
    ],
)
def test_a_school_whose_position_nobody_checked_asks_the_officer(metres, tier):
    job = posting(locations=[north_of(KCMO, metres)])
    found = assess(person(**REGISTRANT), job, TODAY, child_places=unchecked_school_at(KCMO))
    assert found.tier == tier, [r.text for r in found.reasons]
    assert "registrant_near_school" not in codes(found)  # never excluded on an unchecked position
    if tier == "needs_approval":
        (reason,) = [r for r in found.reasons if r.code == "child_place_position_unchecked"]
        assert "Unchecked Elementary" in reason.text and "second source" in reason.text


def test_a_checked_school_inside_the_buffer_still_excludes_beside_an_unchecked_one():
    job = posting(locations=[north_of(KCMO, 100)])
    places = ChildPlaces(
        [
            ChildPlace("Unchecked Elementary", KCMO["lat"], KCMO["lon"], position_checked=False),
            ChildPlace("Checked High", KCMO["lat"] + 0.0001, KCMO["lon"]),
        ],
        COVERED,
    )
    found = assess(person(**REGISTRANT), job, TODAY, child_places=places)
    assert found.tier == "excluded"
    (reason,) = [r for r in found.reasons if r.code == "registrant_near_school"]
    assert "Checked High" in reason.text


def test_the_demo_list_marks_the_schools_it_could_not_check():
    from importlib.resources import files

    listed = parse_child_place_list(files("jobs.demo").joinpath("child_places.json").read_bytes())
    unchecked = {p.name for p in listed.places if not p.position_checked}
    assert len(unchecked) == 7 and "Paseo Academy of Fine and Performing Arts" in unchecked
    for name in unchecked:
        assert "unverified" in listed.sources[name]
