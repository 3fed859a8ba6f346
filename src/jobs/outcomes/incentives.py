"""Employer incentives for a hire: the Work Opportunity Tax Credit and the Federal Bonding Program.

WOTC, ex-felon target group: a felony conviction and a hiring date (the first day of work) not
more than one year after the conviction or the release from prison for it. The employer and the
applicant sign IRS Form 8850 on or before the day of the job offer, and the employer sends it to
the state workforce agency no later than the 28th day after the start. The credit is up to 40% of
the first $6,000 of first-year wages ($2,400). Congress lets it lapse and renews it: whether it
is available for a hire is a policy setting (``WotcPolicy``), in hiatus for hires after
2025-12-31 unless renewed.

Federal Bonding: a free $5,000 fidelity bond covering the first six months of the job, for
people whose record makes employers hesitate. It can be issued once there is a job offer and a
start date and takes effect on the start date; many states bond only jobs of at least 30 hours
a week unless the coordinator makes an exception.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Literal

import msgspec

WOTC_MAX_CREDIT = 2400
WOTC_SEND_DAYS = 28
BOND_AMOUNT = 5000
BOND_MONTHS = 6
BOND_USUAL_MIN_HOURS = 30.0
LAST_AUTHORISED_HIRE = date(2025, 12, 31)

DeadlineState = Literal["done", "late", "due", "missed", "unknown"]


class WotcPolicy(msgspec.Struct, frozen=True, kw_only=True):
    """Whether the credit is available: for hires up to ``authorized_through`` (None: no end)."""

    authorized_through: date | None = LAST_AUTHORISED_HIRE

    def available_for(self, hired_on: date) -> bool:
        return self.authorized_through is None or hired_on <= self.authorized_through


class Deadline(msgspec.Struct, frozen=True, kw_only=True):
    """One dated step: what, by when, when it was done, and where it stands on ``today``."""

    label: str
    due_on: date | None
    done_on: date | None
    state: DeadlineState
    days_left: int | None = None


class WotcCheck(msgspec.Struct, frozen=True, kw_only=True):
    """The WOTC answer for one hire."""

    eligible: bool
    status: Literal["available", "in_hiatus", "not_eligible"]
    reason: str
    window_ends: date | None
    max_credit: int
    deadlines: tuple[Deadline, ...]


class BondingCheck(msgspec.Struct, frozen=True, kw_only=True):
    """The Federal Bonding answer for one hire."""

    eligible: bool
    amount: int
    coverage_starts: date
    coverage_ends: date
    reason: str
    note: str
    deadlines: tuple[Deadline, ...]


def one_year_after(day: date) -> date:
    """The same date a year later (29 February becomes 28 February)."""
    if day.month == 2 and day.day == 29:
        return date(day.year + 1, 2, 28)
    return day.replace(year=day.year + 1)


def months_after(day: date, months: int) -> date:
    """The same day ``months`` later, or that month's last day when it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def deadline(label: str, due_on: date | None, done_on: date | None, today: date) -> Deadline:
    """Where a dated step stands on ``today``."""
    if done_on is not None:
        late = due_on is not None and done_on > due_on
        return Deadline(
            label=label, due_on=due_on, done_on=done_on, state="late" if late else "done"
        )
    if due_on is None:
        return Deadline(label=label, due_on=None, done_on=None, state="unknown")
    left = (due_on - today).days
    state: DeadlineState = "missed" if left < 0 else "due"
    return Deadline(label=label, due_on=due_on, done_on=None, state=state, days_left=left)


def wotc_window_end(
    hired_on: date, conviction_date: date | None, release_date: date | None
) -> date | None:
    """The last hiring date that still qualifies, from the anchor that makes ``hired_on`` fit.

    None when neither the conviction nor the release is within a year before ``hired_on``.
    """
    ends = [
        one_year_after(anchor)
        for anchor in (conviction_date, release_date)
        if anchor is not None and anchor <= hired_on <= one_year_after(anchor)
    ]
    return max(ends) if ends else None


def check_wotc(
    *,
    felony: bool,
    conviction_date: date | None,
    release_date: date | None,
    hired_on: date,
    offered_on: date | None,
    form_8850_signed_on: date | None,
    form_8850_sent_on: date | None,
    policy: WotcPolicy,
    today: date,
) -> WotcCheck:
    """Is this hire in the WOTC ex-felon group, is the credit available, and what is due when."""
    window_end = wotc_window_end(hired_on, conviction_date, release_date) if felony else None
    if not felony:
        return WotcCheck(
            eligible=False,
            status="not_eligible",
            reason="No felony conviction on record: not in the ex-felon target group.",
            window_ends=None,
            max_credit=0,
            deadlines=(),
        )
    if window_end is None:
        known = [d for d in (conviction_date, release_date) if d is not None]
        reason = (
            "Hired more than a year after the conviction and the release."
            if known
            else "Conviction and release dates are not recorded: add them to check the window."
        )
        return WotcCheck(
            eligible=False,
            status="not_eligible",
            reason=reason,
            window_ends=None,
            max_credit=0,
            deadlines=(),
        )
    steps = (
        deadline(
            "Form 8850 signed (on or before the job offer)", offered_on, form_8850_signed_on, today
        ),
        deadline(
            "Form 8850 sent to the state workforce agency (28 days after the start)",
            hired_on + timedelta(days=WOTC_SEND_DAYS),
            form_8850_sent_on,
            today,
        ),
    )
    if policy.available_for(hired_on):
        return WotcCheck(
            eligible=True,
            status="available",
            reason=(
                "Felony, hired within a year of the conviction or the release "
                f"(the window ends {window_end})."
            ),
            window_ends=window_end,
            max_credit=WOTC_MAX_CREDIT,
            deadlines=steps,
        )
    through = policy.authorized_through
    return WotcCheck(
        eligible=True,
        status="in_hiatus",
        reason=(
            f"Eligible, but the credit is in hiatus for hires after {through}: file Form 8850 on "
            "time anyway in case Congress renews it back to this date."
        ),
        window_ends=window_end,
        max_credit=0,
        deadlines=steps,
    )


def check_bonding(
    *,
    has_record: bool,
    hired_on: date,
    hours_per_week: float,
    bond_requested_on: date | None,
    today: date,
) -> BondingCheck:
    """Federal Bonding for this hire: eligibility, the six-month coverage and the request date."""
    ends = months_after(hired_on, BOND_MONTHS) - timedelta(days=1)
    note = ""
    if hours_per_week < BOND_USUAL_MIN_HOURS:
        note = (
            f"{hours_per_week:g} hours a week: many states bond only jobs of 30 hours or more; "
            "ask the state bonding coordinator for an exception."
        )
    steps = (
        deadline(
            "Bond requested from the state coordinator (by the first day)",
            hired_on,
            bond_requested_on,
            today,
        ),
    )
    if not has_record:
        return BondingCheck(
            eligible=False,
            amount=0,
            coverage_starts=hired_on,
            coverage_ends=ends,
            reason=(
                "No justice involvement on record: bonding is for applicants employers see as "
                "a risk."
            ),
            note=note,
            deadlines=(),
        )
    return BondingCheck(
        eligible=True,
        amount=BOND_AMOUNT,
        coverage_starts=hired_on,
        coverage_ends=ends,
        reason=f"A free ${BOND_AMOUNT:,} bond for the first {BOND_MONTHS} months, no deductible.",
        note=note,
        deadlines=steps,
    )
