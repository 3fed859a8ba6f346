"""Places and workplace words from sources."""

from __future__ import annotations

import pytest

from jobs.connectors.places import parse_place, workplace_of


@pytest.mark.parametrize(
    ("text", "city", "region", "postal", "country"),
    [
        ("Kansas City, MO 64106", "Kansas City", "MO", "64106", "US"),
        ("Hybrid - Overland Park, KS", "Overland Park", "KS", None, "US"),
        ("McLaughlin, South Dakota", "McLaughlin", "SD", None, "US"),
        ("London, England, United Kingdom", "London", "England", None, "GB"),
        ("Remote (US)", None, None, None, None),
        ("Independence MO", "Independence", "MO", None, "US"),
    ],
)
def test_places(text, city, region, postal, country):
    place = parse_place(text)
    assert (place.city, place.region, place.postal_code, place.country) == (
        city,
        region,
        postal,
        country,
    )
    assert place.text == text


def test_workplace_words():
    assert workplace_of("Hybrid - London") == "hybrid"
    assert workplace_of("Anywhere in the World") == "remote"
    assert workplace_of("Kansas City, MO") == "unknown"
