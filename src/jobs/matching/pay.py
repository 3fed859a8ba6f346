"""Posted pay as an hourly figure: the one conversion that ranking, its reasons, the review
page's pay filter and every page showing pay use.

The convention:

- an hour is an hour, a day 8 hours, a week 40, a year 2080 (52 weeks of 40) and a month a
  twelfth of a year (2080/12 = 173⅓ hours);
- pay with no unit, or a unit not named here, has no hourly figure: it is unknown, never guessed
  ("$18" alone might be an hour or a shift); so is pay with no positive amount;
- a range converts to a range, ``low`` from its bottom and ``high`` from its top; one stated
  figure is both ends;
- the figure a participant can count on is the bottom of the range: ranking's pay component,
  the "Pays …/hr" reason and the review page's lowest-pay filter all compare ``low`` with the
  participant's (or the specialist's) minimum, so a $19–22 job does not meet a $20 minimum.
  The top is shown, as the upper end of the range, and never compared.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from types import MappingProxyType

import msgspec

from jobs.matching.inputs import PostingPay

HOURS_PER: Mapping[str, float] = MappingProxyType(
    {"hour": 1.0, "day": 8.0, "week": 40.0, "month": 2080 / 12, "year": 2080.0}
)
_PER_WORDS = {
    "hour": "an hour",
    "day": "a day",
    "week": "a week",
    "month": "a month",
    "year": "a year",
}


class HourlyPay(msgspec.Struct, frozen=True):
    """Pay per hour: ``low`` is what a participant can count on, ``high`` the top of the range
    (equal when one figure is posted)."""

    low: float
    high: float


def _amount(value: float | None) -> float | None:
    if value is None or not math.isfinite(value) or value <= 0:
        return None
    return float(value)


def hourly_pay(low: float | None, high: float | None, unit: str | None) -> HourlyPay | None:
    """Posted pay (``low``–``high`` per ``unit``) as an hourly range; None when no amount is
    stated or the unit is missing or unknown. A range given upside down is read the right way."""
    per = HOURS_PER.get(unit.strip().lower()) if unit else None
    amounts = [a for a in (_amount(low), _amount(high)) if a is not None]
    if per is None or not amounts:
        return None
    return HourlyPay(low=min(amounts) / per, high=max(amounts) / per)


def hourly_of(pay: PostingPay | None) -> HourlyPay | None:
    """A posting's pay as an hourly range (see ``hourly_pay``)."""
    return None if pay is None else hourly_pay(pay.min, pay.max, pay.unit)


def _range(low: float, high: float, money: str) -> str:
    parts = [money.format(low), money.format(high)]
    return parts[0] if parts[0] == parts[1] else "–".join(parts)


def hourly_figures(pay: HourlyPay) -> str:
    """'$19.00–$22.00' (one figure when the ends round alike to the cent)."""
    return _range(pay.low, pay.high, "${:,.2f}")


def hourly_text(pay: HourlyPay) -> str:
    """'$19.00–$22.00 an hour'."""
    return hourly_figures(pay) + " an hour"


def pay_text(low: float | None, high: float | None, unit: str | None) -> str:
    """Pay as posted, with its hourly range when posted per day, week, month or year:
    '$17.00–$19.50 an hour', '$40,000.00 a year ($19.23 an hour)', or 'Pay not stated'."""
    amounts = [a for a in (_amount(low), _amount(high)) if a is not None]
    if not amounts:
        return "Pay not stated"
    posted = _range(min(amounts), max(amounts), "${:,.2f}")
    words = _PER_WORDS.get((unit or "").strip().lower())
    if words is None:
        return posted + " (unit not stated)"
    text = f"{posted} {words}"
    hourly = hourly_pay(low, high, unit)
    if hourly is not None and words != "an hour":
        text += f" ({hourly_text(hourly)})"
    return text


__all__ = [
    "HOURS_PER",
    "HourlyPay",
    "hourly_figures",
    "hourly_of",
    "hourly_pay",
    "hourly_text",
    "pay_text",
]
