"""WOTC and Federal Bonding: eligibility windows and deadlines, at their boundaries."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobs.outcomes import WotcPolicy, check_bonding, check_wotc
from jobs.outcomes.incentives import deadline, months_after, one_year_after, wotc_window_end
from tests.unit.outcomes.builders import day

POLICY = WotcPolicy()  # authorised for hires up to 2025-12-31


def wotc(hired, *, conviction=None, release=None, offered=None, signed=None, sent=None, **kw):
    return check_wotc(
        felony=kw.get("felony", True),
        conviction_date=day(conviction) if conviction else None,
        release_date=day(release) if release else None,
        hired_on=day(hired),
        offered_on=day(offered) if offered else None,
        form_8850_signed_on=day(signed) if signed else None,
        form_8850_sent_on=day(sent) if sent else None,
        policy=kw.get("policy", POLICY),
        today=day(kw.get("today", "2025-06-01")),
    )


@pytest.mark.parametrize(
    ("hired", "eligible"),
    [("2025-03-09", True), ("2025-03-10", True), ("2025-03-11", False), ("2024-03-09", False)],
)
def test_wotc_window_is_one_year_after_release_inclusive(hired, eligible):
    result = wotc(hired, conviction="2019-01-01", release="2024-03-10")
    assert result.eligible is eligible
    assert result.window_ends == (day("2025-03-10") if eligible else None)


def test_wotc_window_counts_from_conviction_when_that_is_the_date_that_fits():
    result = wotc("2025-05-01", conviction="2024-06-01", release=None)
    assert result.eligible and result.window_ends == day("2025-06-01")


def test_wotc_window_from_29_february_ends_on_28_february():
    assert one_year_after(day("2024-02-29")) == day("2025-02-28")
    assert wotc("2025-02-28", release="2024-02-29").eligible
    assert not wotc("2025-03-01", release="2024-02-29").eligible


def test_wotc_needs_a_felony_and_known_dates():
    assert wotc("2025-05-01", release="2025-01-01", felony=False).status == "not_eligible"
    unknown = wotc("2025-05-01")
    assert unknown.status == "not_eligible" and "not recorded" in unknown.reason


@pytest.mark.parametrize(
    ("hired", "policy", "status"),
    [
        ("2025-12-31", WotcPolicy(), "available"),
        ("2026-01-01", WotcPolicy(), "in_hiatus"),
        ("2026-01-01", WotcPolicy(authorized_through=None), "available"),
        ("2026-06-30", WotcPolicy(authorized_through=date(2030, 12, 31)), "available"),
    ],
)
def test_wotc_hiatus_is_a_setting(hired, policy, status):
    result = wotc(hired, release="2025-09-01", policy=policy)
    assert result.eligible and result.status == status
    assert result.max_credit == (2400 if status == "available" else 0)


@pytest.mark.parametrize(
    ("today", "sent", "state", "days_left"),
    [
        ("2026-11-30", None, "due", 0),
        ("2026-12-01", None, "missed", -1),
        ("2026-11-02", None, "due", 28),
        ("2026-12-05", "2026-11-30", "done", None),
        ("2026-12-05", "2026-12-01", "late", None),
    ],
)
def test_form_8850_goes_to_the_state_by_the_28th_day_after_the_start(today, sent, state, days_left):
    result = wotc("2026-11-02", release="2026-05-01", sent=sent, today=today)
    send = result.deadlines[1]
    assert send.due_on == day("2026-11-30")
    assert (send.state, send.days_left) == (state, days_left)


@pytest.mark.parametrize(
    ("offered", "signed", "state"),
    [
        ("2026-10-20", "2026-10-20", "done"),
        ("2026-10-20", "2026-10-19", "done"),
        ("2026-10-20", "2026-10-21", "late"),
        (None, None, "unknown"),
    ],
)
def test_form_8850_is_signed_on_or_before_the_offer(offered, signed, state):
    result = wotc("2026-11-02", release="2026-05-01", offered=offered, signed=signed)
    assert result.deadlines[0].state == state
    assert result.deadlines[0].due_on == (day(offered) if offered else None)


def test_bond_covers_six_months_from_the_start():
    bond = check_bonding(
        has_record=True,
        hired_on=day("2026-01-15"),
        hours_per_week=40,
        bond_requested_on=None,
        today=day("2026-01-10"),
    )
    assert bond.eligible and bond.amount == 5000
    assert (bond.coverage_starts, bond.coverage_ends) == (day("2026-01-15"), day("2026-07-14"))
    assert bond.deadlines[0].due_on == day("2026-01-15")
    assert bond.deadlines[0].days_left == 5
    assert bond.note == ""


def test_bond_for_a_short_week_says_to_ask_the_coordinator():
    bond = check_bonding(
        has_record=True,
        hired_on=day("2026-08-31"),
        hours_per_week=24,
        bond_requested_on=day("2026-08-28"),
        today=day("2026-09-01"),
    )
    assert "30 hours" in bond.note
    assert bond.coverage_ends == day("2027-02-27")
    assert bond.deadlines[0].state == "done"
    assert not check_bonding(
        has_record=False,
        hired_on=day("2026-08-31"),
        hours_per_week=40,
        bond_requested_on=None,
        today=day("2026-09-01"),
    ).eligible


@given(st.dates(date(2000, 1, 1), date(2090, 12, 31)), st.integers(0, 48))
def test_months_after_stays_in_the_target_month(start, months):
    later = months_after(start, months)
    assert (later.year * 12 + later.month) - (start.year * 12 + start.month) == months
    assert later.day <= start.day


@given(
    st.dates(date(2000, 1, 1), date(2040, 12, 31)),
    st.dates(date(2000, 1, 1), date(2040, 12, 31)),
)
def test_wotc_window_holds_exactly_when_hired_within_a_year(anchor, hired):
    end = wotc_window_end(hired, None, anchor)
    inside = anchor <= hired <= one_year_after(anchor)
    assert (end is not None) is inside
    gap = hired - anchor
    if timedelta(0) <= gap <= timedelta(days=364):
        assert end is not None  # always within a year
    if gap < timedelta(0) or gap > timedelta(days=366):
        assert end is None  # before the anchor, or more than any year


@given(st.dates(date(2020, 1, 1), date(2030, 1, 1)), st.dates(date(2020, 1, 1), date(2030, 1, 1)))
def test_a_deadline_is_missed_only_after_its_day(due, today):
    state = deadline("x", due, None, today).state
    assert state == ("missed" if today > due else "due")
