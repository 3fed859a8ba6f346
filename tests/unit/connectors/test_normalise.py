"""Shared normalisation: HTML, text, dates, pay, places, employment types, URLs, hashes."""

from __future__ import annotations

import re
from datetime import UTC

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobs.connectors.normalise import (
    employment_types,
    html_to_text,
    parse_pay_text,
    parse_place,
    parse_when,
    pay_range,
    rebase,
    repair_mojibake,
    sanitise_html,
    workplace_of,
    zone_named,
)
from jobs.connectors.posting import Location, PostingIn, content_hash, with_hash

ATTACKS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href=" JaVaScRiPt:alert(1)">x</a>',
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<div onclick="steal()" onmouseover="steal()">x</div>',
    "<iframe src=https://evil.example></iframe>",
    "<style>body{display:none}</style>",
    '<svg onload="alert(1)"><circle/></svg>',
    "<object data=x></object><embed src=x>",
    '<form action="https://evil.example"><input name=ssn></form>',
]


def dangerous(markup: str) -> bool:
    return bool(
        re.search(
            r"<script|<style|<iframe|<svg|<object|<embed|<form|<input|<img|"
            r"\son\w+\s*=|javascript:|style\s*=",
            markup,
            re.I,
        )
    )


@pytest.mark.parametrize("attack", ATTACKS)
def test_sanitised_html_has_no_scripts_handlers_styles_or_javascript_links(attack):
    assert not dangerous(sanitise_html(f"<p>Job</p>{attack}<p>More</p>"))


@given(
    st.lists(
        st.sampled_from([*ATTACKS, "<p>", "</p>", "text", "<b>", "&amp;", "<li>"]), max_size=12
    )
)
def test_any_mix_of_attacks_is_sanitised(pieces):
    assert not dangerous(sanitise_html("".join(pieces)))


def test_safe_markup_and_links_survive():
    clean = sanitise_html(
        '<h2>Duties</h2><ul><li>Lift 50 lbs</li></ul><a href="https://a.example">a</a>'
    )
    assert "<h2>Duties</h2><ul><li>Lift 50 lbs</li></ul>" in clean
    assert 'href="https://a.example"' in clean


def test_html_to_text_keeps_lines_and_bullets():
    text = html_to_text("<p>Warehouse&nbsp;job</p><ul><li>Forklift</li><li>Pallet jack</li></ul>")
    assert text == "Warehouse job\n• Forklift\n• Pallet jack"


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


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        ("Weâ€™re hiring", "We’re hiring"),
        ("cafÃ© â€“ nights", "café – nights"),
        ("café – fine", "café – fine"),
        ("Ã", "Ã"),
    ],
)
def test_mojibake_is_repaired_and_good_text_left_alone(broken, fixed):
    assert repair_mojibake(broken) == fixed


@given(st.text(max_size=40))
def test_repairing_text_that_was_never_broken_changes_nothing(text):
    if not re.search("[ÃÂâ]", text):
        assert repair_mojibake(text) == text


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
