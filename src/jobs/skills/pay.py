"""Pay: ranges and single figures per hour/day/week/month/year, and "DOE" (depends on experience).

The program's one reader of pay text. ``find_pay`` finds the first pay a posting's text states;
``read_pay_field`` reads a source's pay field ("$16.50 - $18.00 per hour", "£91K – £115K",
"15.50"). One convention, pinned in tests/unit/skills/test_pay.py:

- an amount may have thousands commas and cents; "k" right after it means thousands ($40k is
  40,000);
- a currency sign ($ £ € ¥ ₹) or code (USD, CAD, GBP...) next to an amount names the currency;
  a code beats a sign ("$130,000 CAD"); none means USD;
- a range is two amounts joined by -, –, —, "to" or "and"; a second amount below the first is
  no range ("$15 to 2 years");
- the unit comes from the words right after the amounts (/hr, per hour, an hour, hourly, ph;
  /day, daily; /wk, weekly; /mo, monthly; /yr, per year, per annum, a year, annual(ly), yearly,
  salary), else from a word shortly before them ("Hourly rate: $18", "ANNUAL SALARY $45,309");
  biweekly amounts are halved and read per week;
- an amount followed by sign-on, bonus, referral, tuition, deposit, fee, fine, million, billion or
  "in sales" is not pay;
- in a posting's text an amount counts only after a currency sign or code; with no unit word, one
  under 200 is per hour, 10,000 or more per year, and one in between is passed over (it may be a
  bonus or a fee);
- in a pay field bare numbers count too (a marked amount is preferred), and the unit stays
  unknown when no word names it: the source's own unit column, or its caller, decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import NamedTuple

import msgspec

from jobs.skills.requirements import Evidence, Pay
from jobs.skills.scan import ScanText, scan_of

_CODES = "USD|CAD|GBP|EUR|AUD|NZD|INR|JPY|CHF|SEK|MXN"
_SIGNS = {"$": "USD", "£": "GBP", "€": "EUR", "¥": "JPY", "₹": "INR"}
_SIGN = "[$£€¥₹]"
_AMOUNT = (
    r"(?P<{n}>\d{{1,3}}(?:,\d{{3}})+|\d+)(?P<{n}c>\.\d{{1,2}})?\s*(?P<{n}k>[kK]\b)?"
    r"(?:\s*(?P<{n}code>" + _CODES + r")\b)?"
)
# A currency before the first amount: required in running text, optional in a pay field (where a
# bare number must not start inside a word or another number).
_MARK = rf"(?:(?P<sign>{_SIGN})\s?|\b(?P<code>{_CODES})\s?)"
_RANGE_END = (
    rf"(?:\s*(?:-|–|—|to|and)\s*(?:{_SIGN}\s?|(?:{_CODES})\s?)?" + _AMOUNT.format(n="hi") + ")?"
)
_TAIL = r"(?P<tail>[^\n$£€¥₹]{0,30})"
_PAY = re.compile(_MARK + _AMOUNT.format(n="lo") + _RANGE_END + _TAIL)
_PAY_IN_FIELD = re.compile(
    rf"(?:{_MARK}|(?<![\w.,$£€¥₹]))" + _AMOUNT.format(n="lo") + _RANGE_END + _TAIL
)
# Every match of _PAY holds one of these (lower case), so ScanText may look only near them.
_PAY_WORDS = (*_SIGNS, *_CODES.lower().split("|"))

_UNITS = [
    (
        "hour",
        re.compile(
            r"^\s*(?:/\s*(?:hr|hour|h)\b|(?:per|an|a|/)\s*h(?:ou)?r\b|hourly|hr\b|ph\b|p/h)", re.I
        ),
    ),
    ("day", re.compile(r"^\s*(?:/\s*day|per\s+day|a\s+day|daily)\b", re.I)),
    ("biweekly", re.compile(r"^\s*(?:bi-?weekly|every\s+(?:two|2)\s+weeks)\b", re.I)),
    ("week", re.compile(r"^\s*(?:/\s*(?:wk|week)|per\s+week|a\s+week|weekly)\b", re.I)),
    ("month", re.compile(r"^\s*(?:/\s*(?:mo|month)|per\s+month|a\s+month|monthly)\b", re.I)),
    (
        "year",
        re.compile(
            r"^\s*(?:/\s*(?:yr|year)|per\s+(?:year|annum)|a\s+year|annual\w*|yearly|salary)", re.I
        ),
    ),
]
_LEAD_UNIT = re.compile(
    r"(hourly|per hour|annual|yearly|salary|weekly|monthly)[^\n$£€¥₹]{0,25}$", re.I
)  # "Hourly rate: $18", "ANNUAL SALARY\n$45,309"
_LEAD_UNITS = {"hourly": "hour", "per hour": "hour", "weekly": "week", "monthly": "month"}
_DOE = re.compile(
    r"\b(DOE|D\.O\.E\.|depend(?:ing|s)\s+on\s+(?:experience|qualifications)|dependent\s+on\s+experience"
    r"|commensurate\s+with\s+(?:experience|qualifications)|based\s+on\s+experience|negotiable)\b",
    re.I,
)
_DOE_WORDS = ("doe", "d.o.e", "depend", "commensurate", "based", "negotiable")
_NOT_PAY = re.compile(
    r"^\s*(?:sign[- ]on|bonus|referral|tuition|deposit|fee|fine|million|billion"
    r"|in\s+(?:sales|revenue))",
    re.I,
)


class StatedPay(msgspec.Struct, frozen=True):
    """Pay as a pay field states it: ``high`` is None for one figure, ``unit`` None when no word
    names it."""

    low: float
    high: float | None
    unit: str | None
    currency: str


class _Statement(NamedTuple):
    low: float
    high: float | None
    unit: str | None
    currency: str
    start: int
    end: int
    marked: bool


def _value(whole: str, cents: str | None, k: str | None) -> float:
    value = float(whole.replace(",", "") + (cents or ""))
    return value * 1000 if k else value


def _statements(text: str, matches: Iterable[re.Match[str]]) -> Iterator[_Statement]:
    """What each match states, skipping amounts that are not pay (bonuses, fees)."""
    for match in matches:
        tail = match["tail"]
        if _NOT_PAY.search(tail):
            continue
        low = _value(match["lo"], match["loc"], match["lok"])
        high = _value(match["hi"], match["hic"], match["hik"]) if match["hi"] else None
        if high is not None and high < low:
            high = None  # "$15 to 2 years" is not a range
        end = max(
            match.end(group)
            for group in ("lo", "loc", "lok", "locode", "hi", "hic", "hik", "hicode")
            if match[group]
        )
        unit = None
        for name, pattern in _UNITS:
            said = pattern.search(tail)
            if said:
                unit = name
                end = match.start("tail") + said.end()
                break
        if unit is None:
            lead = _LEAD_UNIT.search(text[max(0, match.start() - 40) : match.start()])
            if lead:
                unit = _LEAD_UNITS.get(lead.group(1).lower(), "year")
        if unit == "biweekly":
            unit, low, high = "week", low / 2, high / 2 if high is not None else None
        code = match["locode"] or match["hicode"] or match["code"]
        currency = code or _SIGNS.get(match["sign"] or "$", "USD")
        marked = bool(match["sign"] or code)
        yield _Statement(low, high, unit, currency, match.start(), end, marked)


def find_pay(text: str | ScanText) -> Pay | None:
    """The first stated pay figure or range, with its unit; None when no pay is stated.

    One figure gives ``min == max``.
    """
    scan = scan_of(text)
    text = scan.text
    doe = scan.search(_DOE, _DOE_WORDS, 40)
    for stated in _statements(text, scan.finditer(_PAY, _PAY_WORDS, 80)):
        unit = stated.unit
        if unit is None:
            unit = "hour" if stated.low < 200 else "year" if stated.low >= 10_000 else None
        if unit is None:
            continue
        return Pay(
            min=stated.low,
            max=stated.high if stated.high is not None else stated.low,
            currency=stated.currency,
            unit=unit,
            depends_on_experience=bool(doe),
            evidence=Evidence(text[stated.start : stated.end], stated.start, stated.end),
        )
    if doe:
        return Pay(
            depends_on_experience=True,
            evidence=Evidence(text[doe.start() : doe.end()], doe.start(), doe.end()),
        )
    return None


def read_pay_field(text: str) -> StatedPay | None:
    """The pay a source's pay field states ("$15 - $18 per hour", "£91K – £115K", "15.50");
    None when it states no amount ("Competitive", "DOE")."""
    statements = list(_statements(text, _PAY_IN_FIELD.finditer(text)))
    if not statements:
        return None
    stated = next((s for s in statements if s.marked), statements[0])
    return StatedPay(low=stated.low, high=stated.high, unit=stated.unit, currency=stated.currency)
