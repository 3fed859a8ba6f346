"""One copy of each rule: day names, tier names and the pay conversion are defined once and
everyone else imports them (issue 14)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import jobs
from jobs import days
from jobs.matching import clock, pay, reasons, time_rules
from jobs.services import commutes, employer_postings, my_matches, review
from jobs.skills import shifts
from jobs.store import Match

SOURCE = Path(jobs.__file__).parent
PYTHON = [
    path for path in SOURCE.rglob("*.py") if "migrations" not in path.relative_to(SOURCE).parts
]


def _spelled_in(pattern: str) -> list[str]:
    found = re.compile(pattern)
    return sorted(
        str(path.relative_to(SOURCE)) for path in PYTHON if found.search(path.read_text("utf-8"))
    )


def test_day_names_are_defined_once():
    assert days.DAYS == ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    monday = dt.date(2026, 11, 30)
    assert [days.day_of(monday + dt.timedelta(n)) for n in range(7)] == list(days.DAYS)
    for module in (clock, shifts, employer_postings, commutes):
        assert module.DAYS is days.DAYS, module.__name__
    assert time_rules.WORKWEEK_DAYS == (0, 1, 2, 3, 4)
    assert list(days.DAY_NAMES) == list(days.DAYS)
    # Nowhere else are the names spelled out as a list (the regexes of skills/shifts.py read
    # day words in text; they are not a list of days).
    assert _spelled_in(r"""["']mon["'],\s*["']tue["']""") == ["days.py"]


def test_tier_names_are_defined_once():
    assert reasons.TIERS == ("eligible", "needs_approval", "excluded")
    assert my_matches.SHOWN_TIERS == ("eligible", "needs_approval")
    assert set(review.TIER_TITLES) == set(reasons.TIERS)
    (check,) = [c for c in Match.__table__.constraints if c.name == "ck_matches_tier"]
    assert str(check.sqltext) == "tier IN ('eligible','needs_approval','excluded')"
    assert _spelled_in(r"""["']eligible["'],\s*["']needs_approval["']""") == ["matching/reasons.py"]


def test_hours_per_unit_are_defined_once():
    assert _spelled_in(r"(?m)^_?HOURS_PER\s*[:=]") == ["matching/pay.py"]
    assert _spelled_in(r"2080|173\.3") == ["matching/pay.py"]
    assert pay.HOURS_PER["month"] == pay.HOURS_PER["year"] / 12
