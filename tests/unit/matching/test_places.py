"""Where a job is: the state line, counties from ZIP codes, the Western District of Missouri."""

from __future__ import annotations

import math

import pytest

from jobs.matching.inputs import Location
from jobs.matching.places import (
    STATE_LINE_LON,
    WESTERN_DISTRICT_OF_MISSOURI,
    county_key,
    metres_between,
    place_of,
    state_from_coordinates,
)

METRE_LON = 1 / (111_320 * math.cos(math.radians(39.0)))  # one metre of longitude at 39°N


@pytest.mark.parametrize(
    ("lon", "state"),
    [(STATE_LINE_LON - METRE_LON, "KS"), (STATE_LINE_LON + METRE_LON, "MO")],
)
def test_state_line_road_one_metre_either_side(lon, state):
    assert state_from_coordinates(39.0, lon) == state
    assert place_of(Location(lat=39.0, lon=lon)).state == state


def test_region_wins_over_coordinates():
    # The region is the employer's own word; coordinates only fill a gap.
    place = place_of(Location(region="MO", lat=39.0, lon=STATE_LINE_LON - 0.01))
    assert (place.state, place.state_from) == ("MO", "region")


@pytest.mark.parametrize(
    ("lat", "lon", "state"),
    [
        (39.1752, -94.6170, "MO"),  # Riverside, Missouri, east of the river
        (39.1350, -94.6300, "KS"),  # Fairfax district, Kansas City, Kansas, west of the river
        (39.1900, -94.6700, "MO"),  # Parkville, Missouri
        (39.3100, -94.9300, "KS"),  # Leavenworth, Kansas
        (38.8000, -94.9500, "KS"),  # Edgerton, Kansas
        (39.0350, -94.5470, "MO"),  # Prospect Avenue, Kansas City, Missouri
    ],
)
def test_north_of_the_river_the_river_is_the_line(lat, lon, state):
    assert state_from_coordinates(lat, lon) == state


def test_coordinates_outside_the_shared_latitudes_decide_nothing():
    assert state_from_coordinates(41.2, -95.9) == ""  # Omaha
    assert place_of(Location(lat=41.2, lon=-95.9)).state == ""


def test_county_from_postal_code_when_missing():
    place = place_of(Location(region="KS", postal_code="66021"))
    assert (place.state, place.county) == ("KS", "johnson")
    assert place_of(Location(postal_code="64130")).state == "MO"
    assert place_of(Location(postal_code="64130")).county == "jackson"


def test_postal_code_of_another_state_does_not_set_the_county():
    # A Kansas ZIP on a Missouri site is a data error: keep the county unknown, not wrong.
    assert place_of(Location(region="MO", postal_code="66021")).county == ""


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Jackson County", "jackson"),
        ("JACKSON", "jackson"),
        ("Saint Clair County, MO", "st. clair"),
        ("St Clair", "st. clair"),
        ("De Kalb County", "dekalb"),
        ("Forest County", "forest"),
    ],
)
def test_county_names_are_normalised(name, key):
    assert county_key(name) == key


def test_western_district_has_its_66_counties():
    assert len(WESTERN_DISTRICT_OF_MISSOURI) == 66
    assert {"jackson", "clay", "platte", "cass"} <= WESTERN_DISTRICT_OF_MISSOURI
    assert "st. louis" not in WESTERN_DISTRICT_OF_MISSOURI


def test_distance_is_great_circle():
    assert metres_between(39.0, -94.6, 39.0, -94.6) == 0
    assert metres_between(39.0, -94.6, 39.009, -94.6) == pytest.approx(1000.8, abs=2)
