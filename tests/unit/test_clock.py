"""The program's day: "today" is the date in JOBS_TIMEZONE, not in UTC nor the machine's zone."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from jobs.clock import local_date, program_today
from jobs.errors import ConfigurationError
from jobs.settings import ClockSettings, Settings

CHICAGO = ZoneInfo("America/Chicago")
SOURCE = Path(__file__).resolve().parents[2] / "src" / "jobs"


@pytest.mark.parametrize(
    ("moment", "today"),
    [
        # 23:30 in Kansas City (CST, UTC-6) on the last day of a month is 05:30 UTC the next day.
        (datetime(2025, 1, 31, 23, 30, tzinfo=CHICAGO), date(2025, 1, 31)),
        (datetime(2026, 2, 1, 5, 30, tzinfo=UTC), date(2026, 1, 31)),
        (datetime(2026, 1, 1, 5, 30, tzinfo=UTC), date(2025, 12, 31)),  # and of a year
        # Summer (CDT, UTC-5): 23:30 on 30 June is 04:30 UTC on 1 July; 05:00 UTC is midnight.
        (datetime(2025, 7, 1, 4, 30, tzinfo=UTC), date(2025, 6, 30)),
        (datetime(2025, 7, 1, 5, 0, tzinfo=UTC), date(2025, 7, 1)),
    ],
)
def test_today_is_the_date_in_the_program_zone(moment, today):
    assert program_today(CHICAGO, now=moment) == today


def test_a_naive_stored_moment_counts_as_utc():
    assert local_date(datetime(2026, 1, 1, 5, 30), CHICAGO) == date(2025, 12, 31)


def test_the_time_zone_setting_defaults_to_chicago_and_refuses_unknown_zones(tmp_path):
    env = {"JOBS_DATA_DIR": str(tmp_path)}
    assert Settings.from_env(env).clock.zone == CHICAGO
    assert ClockSettings().zone == CHICAGO
    assert Settings.from_env({**env, "JOBS_TIMEZONE": " "}).clock.zone == CHICAGO
    zone = Settings.from_env({**env, "JOBS_TIMEZONE": "America/New_York"}).clock.zone
    assert zone == ZoneInfo("America/New_York")
    for wrong in ("Mars/Olympus_Mons", "america/chicago", "America", "../etc/passwd", "/etc"):
        with pytest.raises(ConfigurationError, match="JOBS_TIMEZONE"):
            Settings.from_env({**env, "JOBS_TIMEZONE": wrong})


# A "today" read without the program's zone: the machine's date or the UTC date.
BARE_TODAY = re.compile(
    r"\bdate\.today\(|\bdatetime\.today\(|\bdatetime\.now\(\s*\)|\butcnow\(\)\.date\(\)"
    r"|\bdatetime\.utcnow\("
)


def test_no_bare_today_in_the_source():
    found = [
        f"{path.relative_to(SOURCE)}:{number}: {line.strip()}"
        for path in sorted(SOURCE.rglob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if BARE_TODAY.search(line)
    ]
    assert found == [], "use jobs.clock.program_today(settings.clock.zone):\n" + "\n".join(found)
