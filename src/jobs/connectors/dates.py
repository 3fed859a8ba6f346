"""Dates and times from sources: ISO 8601, RFC 822, US m/d/Y, epoch; zone-less values read in the
source's zone and said so."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jobs.text_cleaning import clean_text

_US_DATE = re.compile(
    r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?)?$"
)


def zone_named(name: str | None) -> ZoneInfo | None:
    """The IANA zone for a name, or None for no name; unknown names are an error."""
    if not name:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValueError(f"unknown time zone {name!r}") from exc


def parse_when(
    value: object,
    *,
    label: str,
    notes: list[str],
    zone: ZoneInfo | None = None,
    end_of_day: bool = False,
) -> datetime | None:
    """Read a date or time from a source into an aware datetime.

    Accepts ISO 8601, RFC 822, US m/d/Y and epoch seconds or milliseconds. A value without a
    zone is read in ``zone`` (the source's) or UTC and a note says so. A bare date is midnight,
    or the last second of the day when ``end_of_day`` (closing dates). An unreadable value is
    dropped with a note; it never fails the record.
    """
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        notes.append(f"{label}: unreadable date {value!r} dropped")
        return None
    parsed: datetime | None = None
    date_only = False
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 10**11 else value
        return datetime.fromtimestamp(seconds, tz=UTC)
    text = clean_text(value)
    if text.isdigit() and len(text) >= 9:
        return parse_when(int(text), label=label, notes=notes, zone=zone)
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            parsed = datetime.combine(date.fromisoformat(text), time())
            date_only = True
        else:
            parsed = datetime.fromisoformat(
                text.replace("Z", "+00:00").replace("+00:00+00:00", "+00:00")
            )
    except ValueError:
        parsed = None
    if parsed is None:
        match = _US_DATE.match(text)
        if match:
            month, day, year, hour, minute, second, ampm = match.groups()
            hour_n = int(hour or 0)
            if ampm:
                hour_n = hour_n % 12 + (12 if ampm.lower() == "pm" else 0)
            try:
                parsed = datetime(
                    int(year), int(month), int(day), hour_n, int(minute or 0), int(second or 0)
                )
            except ValueError:
                parsed = None
            date_only = hour is None
    if parsed is None:
        try:
            parsed = parsedate_to_datetime(text)
        except (TypeError, ValueError, IndexError):
            parsed = None
    if parsed is None:
        notes.append(f"{label}: unreadable date {text!r} dropped")
        return None
    if date_only and end_of_day:
        parsed = parsed + timedelta(days=1, microseconds=-1)
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone or UTC)
        where = zone.key if zone else "UTC"
        notes.append(f"{label}: {text!r} has no time zone; read as {where}")
    return parsed
