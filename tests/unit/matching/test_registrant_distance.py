"""Registrants and places for children near the job site: 500 feet (152.4 m), Missouri schools
excluded, child care and other states for the officer, unknowns as checks."""

import math

import msgspec
import pytest

from jobs.matching import ChildPlace, ChildPlaces, assess, parse_child_places, rank
from jobs.matching.child_places import EARTH_RADIUS_M
from tests.unit.matching.builders import KCK, KCMO, TODAY, person, posting

REGISTRANT = {"record": {"felony": True, "offense_categories": ["sex"], "registrant": True}}


def north_of(place: dict, metres: float) -> dict:
    """A site `metres` due north of `place` (along a meridian the great circle is exact)."""
    return {**place, "lat": place["lat"] + math.degrees(metres / EARTH_RADIUS_M)}


def school_at(place: dict, kind: str = "school") -> ChildPlaces:
    return ChildPlaces([ChildPlace("Example Elementary", place["lat"], place["lon"], kind)])


def codes(found) -> set[str]:
    return {r.code for r in found.reasons}


@pytest.mark.parametrize(("metres", "tier"), [(152.3, "excluded"), (152.5, "eligible")])
def test_500_feet_from_a_missouri_school(metres, tier):
    job = posting(locations=[north_of(KCMO, metres)])
    found = assess(person(**REGISTRANT), job, TODAY, child_places=school_at(KCMO))
    assert found.tier == tier
    if tier == "excluded":
        (reason,) = [r for r in found.reasons if r.code == "registrant_near_school"]
        assert reason.text.startswith("Job site is 152 m (500 ft) from Example Elementary")
        assert "566.149" in reason.source
    else:
        (reason,) = [r for r in found.reasons if r.code == "near_children_clear"]
        assert "153 m" in reason.text and reason.kind == "check"


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


def test_a_listed_place_far_away_says_nothing():
    for metres, said in ((300.0, True), (310.0, False)):
        job = posting(locations=[north_of(KCMO, metres)])
        found = assess(person(**REGISTRANT), job, TODAY, child_places=school_at(KCMO))
        assert ("near_children_clear" in codes(found)) is said
        assert found.tier == "eligible"


def test_only_registrants_are_measured():
    job = posting(locations=[north_of(KCMO, 10)])
    found = assess(person(record={"felony": True}), job, TODAY, child_places=school_at(KCMO))
    assert found.tier == "eligible"
    assert not codes(found) & {"registrant_near_school", "near_children_clear"}


def test_no_list_or_no_map_position_is_a_check():
    no_list = assess(person(**REGISTRANT), posting(), TODAY)
    assert no_list.tier == "eligible" and "child_places_unknown" in codes(no_list)
    unplaced = posting(locations=[{**KCMO, "lat": None, "lon": None}])
    found = assess(person(**REGISTRANT), unplaced, TODAY, child_places=school_at(KCMO))
    (reason,) = [r for r in found.reasons if r.code == "child_places_unknown"]
    assert "no map position" in reason.text and reason.kind == "check"


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
    with pytest.raises(msgspec.ValidationError, match="lat"):
        parse_child_places(b'[{"name": "A", "lat": 139.1, "lon": -94.5}]')
    with pytest.raises(msgspec.ValidationError, match="kind"):
        parse_child_places(b'[{"name": "A", "lat": 39.1, "lon": -94.5, "kind": "park"}]')


def test_the_demo_list_loads():
    from jobs.runtime import DEMO_CHILD_PLACES

    places = parse_child_places(DEMO_CHILD_PLACES.read_bytes())
    assert len(places) >= 10 and {p.kind for p in places} == {"school", "child_care"}


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
