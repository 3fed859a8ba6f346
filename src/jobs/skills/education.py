"""Education level, years of experience and minimum age."""

from __future__ import annotations

import re

from jobs.skills.context import is_preferred, sentence_around
from jobs.skills.scan import ScanText, scan_of

EDUCATION_LEVELS = (
    "none",
    "high_school",
    "vocational_or_apprenticeship",
    "associate",
    "bachelor",
    "other",
)

_LEVELS: list[tuple[str, re.Pattern[str]]] = [
    (
        "none",
        re.compile(
            r"\b(no\s+(?:high\s+school\s+)?(?:diploma|degree|GED|education)\s+(?:is\s+)?"
            r"(?:required|needed|necessary)|no\s+(?:formal\s+)?education\s+required)\b",
            re.I,
        ),
    ),
    (
        "high_school",
        re.compile(
            r"\b(high\s+school\s+(?:diploma|graduat\w+|education|equivalen\w+)|"
            r"\bGED\b|HSE\b|HiSET|12th\s+grade|secondary\s+school)",
            re.I,
        ),
    ),
    (
        "vocational_or_apprenticeship",
        re.compile(
            r"\b(apprentice(?:ship)?s?\s+(?:program|training|completion|in)|(?:completion\s+of\s+(?:a|an)\s+)?"
            r"(?:recognized\s+)?apprenticeship|vocational\s+(?:school|training|program|certificate)|trade\s+"
            r"school|technical\s+school|journey[- ]level|certificate\s+program)",
            re.I,
        ),
    ),
    (
        "associate",
        re.compile(
            r"\b(associate['’]?s?\s+degree|associate\s+of\s+(?:arts|science)|A\.?A\.?S?\.?\s+"
            r"degree|two[- ]year\s+(?:college\s+)?degree|(?:\d+|sixty|thirty)\s+semester\s+units)",
            re.I,
        ),
    ),
    (
        "bachelor",
        re.compile(
            r"\b(bachelor['’]?s?\s+(?:degree|of)|B\.?S\.?\s+degree|B\.?A\.?\s+degree|four[- ]year"
            r"\s+(?:college\s+)?degree|college\s+degree|university\s+degree|graduation\s+from"
            r"\s+an?\s+(?:accredited\s+)?(?:four-year\s+)?(?:college|university))",
            re.I,
        ),
    ),
    ("other", re.compile(r"\b(master['’]?s\s+degree|doctorate|ph\.?d|juris\s+doctor|MBA)\b", re.I)),
]

# Every match of a level's pattern holds one of its words (lower case; see scan.py).
_LEVEL_WORDS: dict[str, tuple[str, ...]] = {
    "none": ("diploma", "degree", "ged", "education"),
    "high_school": ("school", "ged", "hse", "hiset", "12th"),
    "vocational_or_apprenticeship": (
        "apprentice", "vocational", "school", "journey", "certificate program"
    ),
    "associate": ("associate", "degree", "semester"),
    "bachelor": ("bachelor", "degree", "college", "university"),
    "other": ("master", "doctorate", "phd", "ph.d", "juris", "mba"),
}  # fmt: skip

_NUMBER_WORDS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "twelve": 12,
    "eighteen": 18,
    "twenty-one": 21,
    "twenty one": 21,
}
_NUMBER = r"(\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|twelve)"
_EXPERIENCE = re.compile(
    rf"\b(?:at\s+least\s+|minimum\s+(?:of\s+)?|a\s+minimum\s+of\s+)?{_NUMBER}\s*\+?\s*(?:or\s+more\s+)?"
    r"(years?|yrs?|months?)\s+(?:of\s+)?(?:[\w-]+\s+){0,4}?experience",
    re.I,
)
_EXPERIENCE_WORDS = ("experience",)
_NO_EXPERIENCE = re.compile(
    r"\b(no\s+(?:prior\s+|previous\s+)?experience\s+(?:is\s+)?(?:required|necessary|needed)"
    r"|will\s+train|entry[- ]level)\b",
    re.I,
)
_NO_EXPERIENCE_WORDS = ("experience", "will train", "entry")
_AGE = re.compile(
    r"\b(?:(?:at\s+least|minimum\s+(?:age\s+)?(?:of\s+)?|must\s+be|be)\s+)?(\d{2}|eighteen"
    r"|twenty[- ]one)"
    r"\s*(?:\+\s*)?(?:years?\s+(?:of\s+age|old)|or\s+older|years?\s+or\s+older)"
    r"|\bminimum\s+age\s*(?:of|is|:)?\s*(\d{2})\b|\b(?:age|aged)\s+(\d{2})\s*(?:\+|or\s+older|and\s+(?:over|up))",
    re.I,
)
_AGE_WORDS = ("age", "old")


def find_education(text: str | ScanText) -> str | None:
    """The lowest education level the posting accepts (preferred mentions ignored); None "
    "if unstated."""
    scan = scan_of(text)
    text = scan.text
    found: list[int] = []
    for index, (level, pattern) in enumerate(_LEVELS):
        for match in scan.finditer(pattern, _LEVEL_WORDS[level], 80):
            left, right = sentence_around(text, match.start(), match.end())
            if index != 0 and is_preferred(text[left:right]):
                continue
            found.append(index)
            break
    return EDUCATION_LEVELS[min(found)] if found else None


def _number(word: str) -> float:
    return float(_NUMBER_WORDS.get(word.lower(), word))


def find_experience_years(text: str | ScanText) -> float | None:
    """The fewest years of experience any route to the job asks for; 0 for "no experience "
    "required"."""
    scan = scan_of(text)
    years: list[float] = []
    for match in scan.finditer(_EXPERIENCE, _EXPERIENCE_WORDS, 200):
        value = _number(match.group(1))
        if match.group(2).lower().startswith("month"):
            value = round(value / 12, 2)
        if 0 < value <= 40:
            years.append(value)
    if years:
        return min(years)
    return 0.0 if scan.search(_NO_EXPERIENCE, _NO_EXPERIENCE_WORDS, 60) else None


def find_age_minimum(text: str | ScanText) -> int | None:
    """A stated minimum age such as "must be 18 years of age" or "21 or older"."""
    ages: list[int] = []
    for match in scan_of(text).finditer(_AGE, _AGE_WORDS, 60):
        raw = next(group for group in match.groups() if group)
        value = (
            int(_NUMBER_WORDS.get(raw.lower().replace("-", " "), 0) or raw)
            if not raw.isdigit()
            else int(raw)
        )
        if 14 <= value <= 30:
            ages.append(value)
    return max(ages) if ages else None
