"""Pay from source fields: amounts with a unit word (ATS enums, USAJOBS codes) or a pay text
(read by ``skills.pay``, the one reader of pay text)."""

from __future__ import annotations

import re

from jobs.connectors.posting import Pay, PayUnit
from jobs.skills.pay import read_pay_field
from jobs.text_cleaning import clean_text

_UNIT_WORDS: dict[str, PayUnit] = {
    "hour": "hour",
    "hr": "hour",
    "hourly": "hour",
    "h": "hour",
    "ph": "hour",
    "day": "day",
    "daily": "day",
    "pd": "day",
    "diem": "day",
    "week": "week",
    "wk": "week",
    "weekly": "week",
    "pw": "week",
    "month": "month",
    "mo": "month",
    "monthly": "month",
    "pm": "month",
    "year": "year",
    "yr": "year",
    "yearly": "year",
    "annual": "year",
    "annually": "year",
    "annum": "year",
    "pa": "year",
    "salary": "year",
    "salaried": "year",
    "sy": "year",
}


def pay_unit(word: object) -> PayUnit | None:
    """The pay unit for a word such as 'hourly', 'per-year-salary', 'PA' or '1 YEAR'."""
    text = clean_text(word).lower()
    if not text:
        return None
    if text in ("bw", "biweekly", "bi-weekly"):
        return None
    for token in re.findall(r"[a-z]+", text):
        if token in _UNIT_WORDS:
            return _UNIT_WORDS[token]
    return None


def guess_unit(amount: float) -> PayUnit:
    """A unit from the size of an amount, for sources that state none (US wages)."""
    if amount < 200:
        return "hour"
    if amount < 2000:
        return "week"
    if amount < 20000:
        return "month"
    return "year"


def pay_range(
    low: object,
    high: object,
    *,
    currency: object = None,
    unit: object = None,
    label: str = "pay",
    notes: list[str] | None = None,
) -> Pay | None:
    """A Pay from two amounts (numbers or text), a currency and a unit word; None when empty."""
    amounts: list[float | None] = []
    for value in (low, high):
        if value is None or value == "":
            amounts.append(None)
            continue
        try:
            amounts.append(float(str(value).replace(",", "").replace("$", "").strip()))
        except ValueError:
            if notes is not None:
                notes.append(f"{label}: unreadable amount {value!r} dropped")
            amounts.append(None)
    lo, hi = amounts
    if lo is None and hi is None:
        return None
    if lo is not None and hi is not None and lo > hi:
        lo, hi = hi, lo
    unit_text = clean_text(unit).lower()
    resolved = pay_unit(unit_text)
    if unit_text in ("bw", "biweekly", "bi-weekly"):
        lo = lo / 2 if lo is not None else None
        hi = hi / 2 if hi is not None else None
        resolved = "week"
    if resolved is None:
        # Not both None: that returned above.
        resolved = guess_unit(lo if lo is not None else hi)  # type: ignore[arg-type]
        if notes is not None:
            notes.append(f"{label}: no pay unit given; {resolved} assumed from the amount")
    code = clean_text(currency).upper() or "USD"
    return Pay(min=lo, max=hi, currency=code, unit=resolved)


def parse_pay_text(
    text: object, *, unit: object = None, notes: list[str] | None = None
) -> Pay | None:
    """Pay from a source's pay text such as '$15 - $18 per hour' or '$130,000 USD - $200,000 USD'.

    The text is read by ``skills.pay.read_pay_field`` (the one reader of pay text); ``unit`` (a
    word such as 'hourly', from the source's unit column) is used when the text names none.
    """
    stated = read_pay_field(clean_text(text))
    if stated is None:
        return None
    return pay_range(
        stated.low, stated.high, currency=stated.currency, unit=stated.unit or unit, notes=notes
    )
