"""Shifts and hours: named shifts, clock-time ranges and days of the week, one Shift per "
"sentence."""

from __future__ import annotations

import re

from jobs.days import DAYS, WEEKEND, WORKWEEK
from jobs.skills.context import sentence_around
from jobs.skills.requirements import Evidence, Shift
from jobs.skills.scan import ScanText, scan_of

_DAY_WORDS = {
    "m": "mon", "mon": "mon", "monday": "mon", "mondays": "mon",
    "t": "tue", "tu": "tue", "tue": "tue", "tues": "tue", "tuesday": "tue", "tuesdays": "tue",
    "w": "wed", "wed": "wed", "weds": "wed", "wednesday": "wed", "wednesdays": "wed",
    "th": "thu", "r": "thu", "thu": "thu", "thur": "thu", "thurs": "thu", "thursday": "thu",
    "thursdays": "thu",
    "f": "fri", "fri": "fri", "friday": "fri", "fridays": "fri",
    "sa": "sat", "sat": "sat", "saturday": "sat", "saturdays": "sat",
    "su": "sun", "sun": "sun", "sunday": "sun", "sundays": "sun",
}  # fmt: skip
_DAY = (
    r"(?:mondays?|tuesdays?|wednesdays?|thursdays?|fridays?|saturdays?|sundays?"
    r"|mon|tues?|weds?|thurs?|thu|fri|sat|sun)"
)
_DAY_RANGE = re.compile(
    rf"\b(?P<a>{_DAY})\s*(?:-|–|—|to|through|thru)\s*(?P<b>{_DAY})(?![a-z])|\b(?P<mf>M-F|M–F)\b",
    re.I,
)
_DAY_SINGLE = re.compile(rf"\b(?P<d>{_DAY})(?![a-z])", re.I)
_WEEKEND = re.compile(r"\bweekends?\b", re.I)
_WEEKDAYS = re.compile(r"\bweekdays\b", re.I)
# Every match of a pattern holds one of its words (lower case; see scan.py).
_DAY_WORDS_IN_TEXT = (*DAYS, "m-f", "m–f")
_PATTERN_WORDS: dict[re.Pattern[str], tuple[str, ...]] = {
    _DAY_RANGE: _DAY_WORDS_IN_TEXT,
    _DAY_SINGLE: _DAY_WORDS_IN_TEXT,
    _WEEKEND: ("weekend",),
    _WEEKDAYS: ("weekday",),
}

_NAMED = re.compile(
    r"\b(?P<name>(?:1st|first|2nd|second|3rd|third|day|swing|night|graveyard|overnight|evening|morning"
    r"|afternoon|mid|split|rotating|weekend)\s*[- ]?shifts?|overnights?|graveyard|swing\s+shift"
    r"|(?:8|10|12)[- ]hour\s+shifts?|4\s?x\s?10s?|(?:early\s+mornings?|late\s+evenings?|nights)"
    r"(?=[\s,]+(?:and\s+)?(?:weekends|holidays|saturdays|sundays|shifts|required|and)))",
    re.I,
)
_NAMED_WORDS = ("shift", "overnight", "graveyard", "x10", "x 10", "morning", "evening", "nights")
_CANONICAL = {
    "1st": "1st shift", "first": "1st shift", "day": "day shift", "2nd": "2nd shift",
    "second": "2nd shift", "swing": "2nd shift", "3rd": "3rd shift", "third": "3rd shift",
    "night": "night shift", "graveyard": "overnight", "overnight": "overnight",
    "overnights": "overnight", "evening": "evening shift", "morning": "morning shift",
}  # fmt: skip

_CLOCK = (
    r"(?P<{n}h>[01]?\d|2[0-3])(?::(?P<{n}m>[0-5]\d))?\s*(?P<{n}p>[ap](?:\.?\s?m\b\.?)?(?![a-z]))?"
)
_TIME_RANGE = re.compile(
    r"(?<![\d$.,:/-])"
    + _CLOCK.format(n="s")
    + r"\s*(?:-|–|—|to|until|till)\s*"
    + _CLOCK.format(n="e")
    + r"(?![\d%/])",
    re.I,
)
_MILITARY = re.compile(
    r"(?<![\d$.,:/-])([01]\d|2[0-3])([0-5]\d)\s*(?:-|–|to)\s*([01]\d|2[0-3])([0-5]\d)(?!\d)"
)


def _to_24h(hour: int, meridiem: str | None) -> int:
    if meridiem is None:
        return hour
    if meridiem == "a":
        return 0 if hour == 12 else hour
    return hour if hour == 12 else hour + 12


def _duration(start: int, end: int) -> int:
    return (end - start) % (24 * 60)


def parse_time_range(match: re.Match[str]) -> tuple[str, str] | None:
    """Clock times of a matched range as ("HH:MM", "HH:MM"), or None when it is not a time range.

    A side without am/pm takes the meridiem that gives the shorter shift ("3-11:30pm" is
    15:00-23:30, "7-3:30pm" is 07:00-15:30). Bare numbers with neither am/pm nor minutes ("2-3")
    are not times.
    """
    sh, eh = int(match["sh"]), int(match["eh"])
    sm, em = int(match["sm"] or 0), int(match["em"] or 0)
    sp = (match["sp"] or "")[:1].lower() or None
    ep = (match["ep"] or "")[:1].lower() or None
    if sp is None and ep is None:
        if not (match["sm"] and match["em"]):
            return None
        start, end = sh * 60 + sm, eh * 60 + em  # "15:00-23:30"
        if sh <= 12 and eh <= 12 and _duration(start, end) > 12 * 60:
            end += 12 * 60  # "7:00-3:30" means 07:00-15:30
    else:
        if (sp and sh > 12) or (ep and eh > 12) or sh == 0 or eh == 0:
            return None
        if sp is None or ep is None:
            known_hour, known_p = (eh, ep) if sp is None else (sh, sp)
            other = sh if sp is None else eh
            options = []
            for meridiem in ("a", "p"):
                s = _to_24h(
                    other if sp is None else known_hour, meridiem if sp is None else known_p
                )
                e = _to_24h(
                    known_hour if sp is None else other, known_p if sp is None else meridiem
                )
                options.append((_duration(s * 60 + sm, e * 60 + em), s, e))
            _, s_hour, e_hour = min(options)
        else:
            s_hour, e_hour = _to_24h(sh, sp), _to_24h(eh, ep)
        start, end = s_hour * 60 + sm, e_hour * 60 + em
    if start == end:
        return None
    end %= 24 * 60
    return f"{start // 60:02d}:{start % 60:02d}", f"{end // 60:02d}:{end % 60:02d}"


def find_days(sentence: str) -> list[str]:
    """Days of the week named in a sentence, in week order ("Mon-Fri", "weekends", "Sat/Sun")."""
    days: set[str] = set()
    covered: list[tuple[int, int]] = []
    for match in _DAY_RANGE.finditer(sentence):
        covered.append(match.span())
        if match["mf"]:
            days.update(WORKWEEK)
            continue
        a = _DAY_WORDS[match["a"].lower().rstrip(".")]
        b = _DAY_WORDS[match["b"].lower().rstrip(".")]
        i, j = DAYS.index(a), DAYS.index(b)
        span = range(i, j + 1) if i <= j else [*range(i, 7), *range(0, j + 1)]
        days.update(DAYS[k] for k in span)
    for match in _DAY_SINGLE.finditer(sentence):
        if any(s <= match.start() < e for s, e in covered):
            continue
        word = match["d"].lower().rstrip(".")
        if word in ("sun", "sat", "wed") and not sentence[match.start()].isupper():
            continue  # "the sun", "sat down", "wed" are words, not days, in lower case
        days.add(_DAY_WORDS[word])
    if _WEEKEND.search(sentence):
        days.update(WEEKEND)
    if _WEEKDAYS.search(sentence):
        days.update(WORKWEEK)
    return [day for day in DAYS if day in days]


def _named_label(name: str) -> str:
    key = name.lower().split()[0].split("-")[0]
    if key in _CANONICAL and (
        "shift" in name.lower() or key.startswith(("overnight", "graveyard"))
    ):
        return _CANONICAL[key]
    return re.sub(r"\s+", " ", name.lower())


_SCHEDULE_WORDS = re.compile(
    r"\b(shifts?|schedule|hours|work(?:ing)?|available|availability|required|must|nights|days|am|pm"
    r"|a\.m\.|p\.m\.)\b",
    re.I,
)


def find_shifts(text: str | ScanText) -> list[Shift]:
    """Shifts in the posting text, one per sentence that names a shift, a time range or "
    "work days."""
    scan = scan_of(text)
    text = scan.text
    by_sentence: dict[tuple[int, int], Shift] = {}

    def shift_for(start: int, end: int) -> tuple[Shift, tuple[int, int]]:
        bounds = sentence_around(text, start, start)  # the match may swallow a final "."
        if bounds not in by_sentence:
            by_sentence[bounds] = Shift(label="")
        return by_sentence[bounds], bounds

    def widen(shift: Shift, start: int, end: int) -> None:
        if shift.evidence is None:
            shift.evidence = Evidence(text[start:end], start, end)
        else:
            s, e = min(shift.evidence.start, start), max(shift.evidence.end, end)
            shift.evidence = Evidence(text[s:e], s, e)

    for match in scan.finditer(_NAMED, _NAMED_WORDS, 60):
        shift, _ = shift_for(match.start(), match.end())
        label = _named_label(match.group("name"))
        shift.label = (
            f"{shift.label}, {label}" if shift.label and label not in shift.label else label
        )
        widen(shift, match.start(), match.end())
    for match in scan.match_at_digits(_TIME_RANGE, (1, 2)):
        times = parse_time_range(match)
        if times is None:
            continue
        shift, bounds = shift_for(match.start(), match.end())
        if shift.start is None:
            shift.start, shift.end = times
        widen(shift, match.start(), match.end())
    for match in scan.match_at_digits(_MILITARY, (4, 4)):
        sentence_bounds = sentence_around(text, match.start(), match.end())
        if not _SCHEDULE_WORDS.search(text[slice(*sentence_bounds)]):
            continue
        shift, _ = shift_for(match.start(), match.end())
        if shift.start is None:
            shift.start = f"{match.group(1)}:{match.group(2)}"
            shift.end = f"{match.group(3)}:{match.group(4)}"
        widen(shift, match.start(), match.end())
    # Days join a shift already found in their sentence, or make one when the sentence is about work
    # times ("weekends required", "Monday through Friday").
    for pattern in (_DAY_RANGE, _WEEKEND, _WEEKDAYS, _DAY_SINGLE):
        for match in scan.finditer(pattern, _PATTERN_WORDS[pattern], 40):
            bounds = sentence_around(text, match.start(), match.start())
            sentence = text[bounds[0] : bounds[1]]
            if bounds not in by_sentence and not _SCHEDULE_WORDS.search(sentence):
                continue
            if pattern is _DAY_SINGLE and bounds not in by_sentence:
                continue  # a lone day name ("applications close Monday") is not a schedule
            shift, _ = shift_for(match.start(), match.end())
            shift.days = find_days(sentence)
            widen(shift, match.start(), match.end())
    shifts = []
    for bounds in sorted(by_sentence):
        shift = by_sentence[bounds]
        if not shift.label:
            if shift.start:
                shift.label = f"{shift.start}-{shift.end}"
            elif tuple(shift.days) == WEEKEND:
                shift.label = "weekends"
            elif shift.days:
                shift.label = "days: " + ", ".join(shift.days)
            else:
                continue
        shifts.append(shift)
    timed = {shift.label for shift in shifts if shift.start}
    return [shift for shift in shifts if shift.start or shift.days or shift.label not in timed]
