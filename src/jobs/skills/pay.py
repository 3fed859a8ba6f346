"""Pay: ranges and single figures per hour/day/week/month/year, and "DOE" (depends on "
"experience)."""

from __future__ import annotations

import re

from jobs.skills.requirements import Evidence, Pay
from jobs.skills.scan import ScanText, scan_of

_AMOUNT = r"\$\s?(?P<{n}>\d{{1,3}}(?:,\d{{3}})+|\d+)(?P<{n}c>\.\d{{1,2}})?\s*(?P<{n}k>[kK]\b)?"
_PAY = re.compile(
    _AMOUNT.format(n="lo") + r"(?:\s*(?:-|–|—|to|and)\s*(?:\$\s?)?(?P<hi>\d{1,3}(?:,\d{3})+"
    r"|\d+)(?P<hic>\.\d{1,2})?\s*(?P<hik>[kK]\b)?)?" + r"(?P<tail>[^\n$]{0,30})",
)
_UNITS = [
    (
        "hour",
        re.compile(
            r"^\s*(?:/\s*(?:hr|hour|h)\b|(?:per|an|a|/)\s*h(?:ou)?r\b|hourly|ph\b|p/h)", re.I
        ),
    ),
    ("day", re.compile(r"^\s*(?:/\s*day|per\s+day|a\s+day|daily)\b", re.I)),
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
    r"(hourly|per hour|annual|yearly|salary|weekly|monthly)[^\n$]{0,25}$", re.I
)  # "Hourly rate: $18", "ANNUAL SALARY\n$45,309"
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


def _value(whole: str, cents: str | None, k: str | None) -> float:
    value = float(whole.replace(",", "") + (cents or ""))
    return value * 1000 if k else value


def find_pay(text: str | ScanText) -> Pay | None:
    """The first stated pay figure or range, with its unit; None when no pay is stated."""
    scan = scan_of(text)
    text = scan.text
    doe = scan.search(_DOE, _DOE_WORDS, 40)
    for match in scan.finditer(_PAY, ("$",), 80):
        tail = match["tail"]
        if _NOT_PAY.search(tail):
            continue
        low = _value(match["lo"], match["loc"], match["lok"])
        high = _value(match["hi"], match["hic"], match["hik"]) if match["hi"] else None
        if high is not None and high < low:
            high = None  # "$15 to 2 years" is not a range
        unit = next((name for name, pattern in _UNITS if pattern.search(tail)), None)
        if unit is None:
            lead = _LEAD_UNIT.search(text[max(0, match.start() - 40) : match.start()])
            if lead:
                word = lead.group(1).lower()
                unit = {
                    "hourly": "hour",
                    "per hour": "hour",
                    "weekly": "week",
                    "monthly": "month",
                }.get(word, "year")
        if unit is None:
            unit = "hour" if low < 200 else "year" if low >= 10_000 else None
        if unit is None:
            continue
        end = match.end("hik") if match["hik"] else match.end("hic") if match["hic"] else None
        if end is None:
            end = match.end("hi") if match["hi"] else match.end("lok") if match["lok"] else None
        if end is None:
            end = match.end("loc") if match["loc"] else match.end("lo")
        unit_match = next(
            (p.search(tail) for name, p in _UNITS if name == unit and p.search(tail)), None
        )
        if unit_match:
            end = match.start("tail") + unit_match.end()
        return Pay(
            min=low,
            max=high if high is not None else low,
            unit=unit,
            depends_on_experience=bool(doe),
            evidence=Evidence(text[match.start() : end], match.start(), end),
        )
    if doe:
        return Pay(
            depends_on_experience=True,
            evidence=Evidence(text[doe.start() : doe.end()], doe.start(), doe.end()),
        )
    return None
