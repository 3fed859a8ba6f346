"""Dates from sources: formats, zones, closing dates, unreadable values."""

from __future__ import annotations

from datetime import UTC

import pytest

from jobs.connectors.dates import parse_when, zone_named


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
