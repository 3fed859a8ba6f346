"""Shared normalisation: dates, pay, places, employment types, URLs, hashes."""

from __future__ import annotations

from datetime import UTC

import pytest

from jobs.connectors.normalise import (
    employment_types,
    parse_pay_text,
    parse_place,
    parse_when,
    pay_range,
    rebase,
    workplace_of,
    zone_named,
)
from jobs.connectors.posting import Location, PostingIn, content_hash, with_hash


def test_dates_without_zone_use_the_source_zone_and_say_so():
    notes: list[str] = []
    when = parse_when(
        "2026-10-15T23:59:59.9970",
        label="closes_at",
        notes=notes,
        zone=zone_named("America/Chicago"),
    )
    assert when.isoformat() == "2026-10-15T23:59:59.997000-05:00"
    assert notes == [
        "closes_at: '2026-10-15T23:59:59.9970' has no time zone; read as America/Chicago"
    ]
    utc = parse_when("2026-10-15 08:00", label="posted_at", notes=notes)
    assert utc.tzinfo is UTC and "read as UTC" in notes[-1]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1790000000000, "2026-09-21T14:13:20+00:00"),  # Lever epoch milliseconds
        (1790000000, "2026-09-21T14:13:20+00:00"),
        ("Thu, 07 May 2026 06:56:30 GMT", "2026-05-07T06:56:30+00:00"),
        ("2026-09-24T13:34:54-04:00", "2026-09-24T13:34:54-04:00"),
        ("2026-09-25T18:18:52.891Z", "2026-09-25T18:18:52.891000+00:00"),
        ("09/30/2026", "2026-09-30T00:00:00+00:00"),
        ("9/30/2026 2:30 PM", "2026-09-30T14:30:00+00:00"),
    ],
)
def test_date_formats(value, expected):
    assert parse_when(value, label="d", notes=[]).isoformat() == expected


def test_closing_dates_end_at_the_end_of_the_day_and_garbage_is_dropped_with_a_note():
    notes: list[str] = []
    assert parse_when("2026-10-31", label="c", notes=notes, end_of_day=True).hour == 23
    assert parse_when("next Tuesday", label="closes_at", notes=notes) is None
    assert "unreadable date 'next Tuesday'" in notes[-1]
    with pytest.raises(ValueError, match="unknown time zone 'Mars/Base'"):
        zone_named("Mars/Base")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$15 - $18 per hour", (15, 18, "USD", "hour")),
        ("$16.50-$18.00/hr", (16.5, 18, "USD", "hour")),
        ("$52,000 a year", (52000, None, "USD", "year")),
        ("$130,000 USD - $200,000 USD", (130000, 200000, "USD", "year")),
        ("£91K – £115K", (91000, 115000, "GBP", "year")),
        ("$20 hourly", (20, None, "USD", "hour")),
        ("Competitive", None),
    ],
)
def test_pay_from_text(text, expected):
    pay = parse_pay_text(text, notes=[])
    assert (pay.min, pay.max, pay.currency, pay.unit) == expected if expected else pay is None


def test_pay_ranges_order_amounts_and_report_bad_ones():
    notes: list[str] = []
    pay = pay_range("20", "15", unit="per-hour-wage", notes=notes)
    assert (pay.min, pay.max, pay.unit) == (15, 20, "hour")
    assert pay_range("lots", "", notes=notes) is None and "unreadable amount 'lots'" in notes[0]
    assert pay_range(1800, 2100, unit="BW").unit == "week"


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


def test_employment_types_are_canonical_and_unknown_values_kept():
    assert employment_types(["FULL_TIME", "PART_TIME"]) == ["full_time", "part_time"]
    assert employment_types("fulltime, temporary") == ["full_time", "temporary"]
    assert employment_types("Permanent") == ["full_time"]
    assert employment_types("DEPARTMENT_·_ST.GEORGE_UT_·_FULL_TIME") == [
        "DEPARTMENT_·_ST.GEORGE_UT_·_FULL_TIME"
    ]
    assert employment_types(None) == []


def test_workplace_words():
    assert workplace_of("Hybrid - London") == "hybrid"
    assert workplace_of("Anywhere in the World") == "remote"
    assert workplace_of("Kansas City, MO") == "unknown"


def test_base_url_replaces_scheme_host_and_prefix():
    assert rebase("https://feeds.example/jobs.rss?x=1", "http://127.0.0.1:8001/mirror/") == (
        "http://127.0.0.1:8001/mirror/jobs.rss?x=1"
    )
    assert rebase("https://feeds.example/jobs.rss", None) == "https://feeds.example/jobs.rss"


def test_content_hash_ignores_raw_and_notes_but_not_fields():
    a = PostingIn(source_job_id="1", title="Cook", raw={"seen": 1}, notes=["x"])
    b = PostingIn(source_job_id="1", title="Cook", raw={"seen": 2})
    c = PostingIn(source_job_id="1", title="Cook", locations=[Location(text="KC")])
    assert content_hash(a) == content_hash(b) != content_hash(c)
    assert with_hash(a).content_hash == content_hash(a)
