"""Clock times as minutes: daily and weekly intervals that may cross midnight.

A week is minutes 0..10080 from Monday 00:00 and wraps around (Sunday night runs into Monday).
Intervals are half-open, [start, end): one ending at 22:00 does not overlap one starting at 22:00.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence

from jobs.days import DAY_INDEX, DAYS

ALL_DAYS: tuple[int, ...] = tuple(range(len(DAYS)))  # day indexes, Monday = 0
DAY_MINUTES = 1440
WEEK_MINUTES = len(DAYS) * DAY_MINUTES

Interval = tuple[int, int]


def minutes_of(clock: str) -> int:
    """'HH:MM' → minutes after midnight; raises ValueError naming the bad value."""
    try:
        hours, minutes = clock.split(":")
        value = int(hours) * 60 + int(minutes)
    except (AttributeError, ValueError):
        raise ValueError(f"expected a clock time HH:MM, got {clock!r}") from None
    if not (0 <= int(hours) <= 24 and 0 <= int(minutes) < 60) or value > DAY_MINUTES:
        raise ValueError(f"expected a clock time HH:MM, got {clock!r}")
    return value


def clock_of(minutes: float) -> str:
    """Minutes (any count, wraps by day) → 'HH:MM'."""
    value = round(minutes) % DAY_MINUTES
    return f"{value // 60:02d}:{value % 60:02d}"


def duration(start: int, end: int) -> int:
    """Length of a daily span that ends the next day when end <= start (24 h when equal)."""
    length = (end - start) % DAY_MINUTES
    return length or DAY_MINUTES


def day_indexes(days: Iterable[str]) -> list[int]:
    """Day names ('mon'..'sun', any case, 'monday' too) → indexes; unknown names are skipped."""
    out = []
    for day in days:
        index = DAY_INDEX.get(str(day).strip().lower()[:3])
        if index is not None and index not in out:
            out.append(index)
    return sorted(out)


def weekly(days: Sequence[int], start: int, length: int) -> list[Interval]:
    """One interval per day, from `start` minutes after that day's midnight, `length` long."""
    return [(day * DAY_MINUTES + start, day * DAY_MINUTES + start + length) for day in days]


def overlap_minutes(a: Interval, b: Interval) -> int:
    """Minutes two weekly intervals share, allowing for the week's wrap-around."""
    total = 0
    for shift in (-WEEK_MINUTES, 0, WEEK_MINUTES):
        lo, hi = max(a[0], b[0] + shift), min(a[1], b[1] + shift)
        if hi > lo:
            total += hi - lo
    return total


def overlaps(a: Interval, b: Interval) -> bool:
    """Whether two weekly intervals share at least one minute (touching ends do not)."""
    a0, a1 = a
    b0, b1 = b
    return (
        (a0 < b1 and b0 < a1)
        or (a0 < b1 - WEEK_MINUTES and b0 - WEEK_MINUTES < a1)
        or (a0 < b1 + WEEK_MINUTES and b0 + WEEK_MINUTES < a1)
    )


def meets_daily(span: Interval, start: int, length: int) -> bool:
    """Whether an interval shares a minute with a span repeated every day from `start`
    (minutes after midnight) for `length` minutes, such as a curfew."""
    lo, hi = span
    if hi - lo <= 0:
        return False
    # The daily span begins inside the interval, or the interval begins inside the daily span.
    return (start - lo) % DAY_MINUTES < hi - lo or (lo - start) % DAY_MINUTES < length


def covered_minutes(span: Interval, windows: Sequence[Interval]) -> int:
    """Minutes of `span` inside the union of `windows` (windows may overlap one another)."""
    pieces: list[Interval] = []
    for window in windows:
        for shift in (-WEEK_MINUTES, 0, WEEK_MINUTES):
            lo, hi = max(span[0], window[0] + shift), min(span[1], window[1] + shift)
            if hi > lo:
                pieces.append((lo, hi))
    pieces.sort()
    total, reach = 0, span[0]
    for lo, hi in pieces:
        lo = max(lo, reach)
        if hi > lo:
            total += hi - lo
            reach = hi
    return total


def clock_minutes(value: dt.datetime | str | None) -> int | None:
    """A door time given as a datetime or 'HH:MM' → minutes after its midnight (None stays None)."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.hour * 60 + value.minute
    return minutes_of(value)
