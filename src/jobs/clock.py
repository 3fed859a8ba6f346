"""Which day it is where the program works.

Moments are kept in UTC; a "today", a due date or a report period is a date in the program's
time zone (``JOBS_TIMEZONE``, ``settings.clock.zone``). At 23:30 in Kansas City it is already
tomorrow in UTC, so a UTC date would close a month or a year early. Pure: the zone, and in tests
the moment, are passed in.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo


def local_date(moment: datetime, zone: tzinfo) -> date:
    """The date ``moment`` falls on in ``zone``; a naive moment counts as UTC (as stored)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(zone).date()


def utc_now() -> datetime:
    """This moment in UTC: where ``program_today`` reads the time (a test may stop it here)."""
    return datetime.now(UTC)


def program_today(zone: tzinfo, now: datetime | None = None) -> date:
    """Today in ``zone``: the date of ``now`` there (default: this moment)."""
    return local_date(now if now is not None else utc_now(), zone)
