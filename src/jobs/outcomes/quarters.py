"""Calendar quarters, as the federal workforce measures count them (Jan-Mar is quarter 1)."""

from __future__ import annotations

from datetime import date, timedelta

import msgspec


class Quarter(msgspec.Struct, frozen=True, order=True):
    """A calendar quarter: ``year`` and ``number`` 1-4."""

    year: int
    number: int

    @property
    def first_day(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    @property
    def last_day(self) -> date:
        following = self.plus(1).first_day
        return following - timedelta(days=1)

    @property
    def label(self) -> str:
        return f"{self.year} Q{self.number}"

    def plus(self, quarters: int) -> Quarter:
        """The quarter ``quarters`` after this one (negative: before)."""
        index = self.year * 4 + (self.number - 1) + quarters
        return Quarter(index // 4, index % 4 + 1)

    def overlap_days(self, start: date, end: date | None) -> int:
        """Days of ``start``..``end`` (inclusive; ``None`` = still going) inside this quarter."""
        first = max(start, self.first_day)
        last = self.last_day if end is None else min(end, self.last_day)
        return max(0, (last - first).days + 1)


def quarter_of(day: date) -> Quarter:
    """The quarter ``day`` falls in."""
    return Quarter(day.year, (day.month - 1) // 3 + 1)


def quarter_after_exit(exited_on: date, n: int) -> Quarter:
    """The ``n``-th quarter after the quarter of exit (the exit quarter itself is not counted)."""
    return quarter_of(exited_on).plus(n)
