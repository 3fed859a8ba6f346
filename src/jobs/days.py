"""The days of the week, defined once: every package (pure or not) names days with these.

A day is written as its first three letters in lower case, Monday first: the order of
``datetime.date.weekday()``, so ``DAYS[date.weekday()]`` names a date's day.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal, get_args

Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DAYS: tuple[Day, ...] = get_args(Day)
DAY_INDEX: dict[str, int] = {day: i for i, day in enumerate(DAYS)}
WORKWEEK: tuple[Day, ...] = DAYS[:5]  # assumed when a shift names no days
WEEKEND: tuple[Day, ...] = DAYS[5:]
DAY_NAMES: dict[Day, str] = dict(
    zip(
        DAYS,
        ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
        strict=True,
    )
)


def day_of(date: dt.date) -> Day:
    """The day a date falls on ('mon'..'sun')."""
    return DAYS[date.weekday()]


__all__ = ["DAYS", "DAY_INDEX", "DAY_NAMES", "WEEKEND", "WORKWEEK", "Day", "day_of"]
