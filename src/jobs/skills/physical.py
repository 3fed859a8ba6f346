"""Physical demands: lifting (pounds), standing, walking, heights, bending, pushing, weather."""

from __future__ import annotations

import re

from jobs.skills.requirements import PhysicalDemand
from jobs.skills.scan import ScanText, scan_of

_LIFT = re.compile(
    r"\b(?:lift\w*|carry\w*|push\w*|pull\w*|handl\w*|mov(?:e|es|ing))\s+(?:and\s+(?:carry|lift|move)\w*\s+)?"
    r"(?:[a-z]+\s+){0,4}?(?:up\s+to|at\s+least|a\s+minimum\s+of|minimum\s+of|over|more\s+than|of|about"
    r"|approximately|in\s+excess\s+of)?\s*(?:weights?\s+of\s+)?(?:over\s+)?(\d{2,3})\s*\+?\s*(?:lbs?\.?|pounds?|#)",
    re.I,
)
_LIFT_WORDS = ("lb", "pound", "#")
_OTHER = [
    (
        "standing",
        re.compile(
            r"\b(stand(?:ing)?\s+for\s+(?:long|extended|prolonged|\d+)[^.;\n]{0,20}"
            r"|prolonged\s+standing|on\s+(?:your|their|his\s+or\s+her)\s+feet)\b",
            re.I,
        ),
    ),
    (
        "walking",
        re.compile(
            r"\b(walk(?:ing)?\s+(?:for\s+)?(?:long|extended|prolonged)\s+\w+"
            r"|walk(?:ing)?\s+(?:up\s+to\s+)?\d+\s+miles?|walking\s+and\s+standing)\b",
            re.I,
        ),
    ),
    (
        "heights",
        re.compile(
            r"\b(work(?:ing)?\s+(?:at|from)\s+(?:\w+\s+)?heights|heights|climb\w*\s+"
            r"(?:ladders?|poles?|stairs|scaffold\w*|trees?)|ladders?|scaffold\w*|aerial\s+lifts?)\b",
            re.I,
        ),
    ),
    (
        "bending",
        re.compile(r"\b(bend\w*|stoop\w*|kneel\w*|crouch\w*|crawl\w*|squat\w*|twist\w*)\b", re.I),
    ),
    (
        "outdoors",
        re.compile(
            r"\b(outdoors?\s+in\s+(?:all|inclement|various)\s+weather|all\s+weather\s+"
            r"conditions|inclement\s+weather|extreme\s+(?:heat|cold|temperatures)|outdoor"
            r"\s+work)\b",
            re.I,
        ),
    ),
    ("confined_spaces", re.compile(r"\bconfined\s+spaces?\b", re.I)),
    ("repetitive_motion", re.compile(r"\brepetitive\s+(?:motions?|movements?|tasks)\b", re.I)),
]
# Every match of a kind's pattern holds one of its words (lower case; see scan.py).
_OTHER_WORDS = {
    "standing": ("stand", "feet"),
    "walking": ("walk",),
    "heights": ("height", "climb", "ladder", "scaffold", "aerial"),
    "bending": ("bend", "stoop", "kneel", "crouch", "crawl", "squat", "twist"),
    "outdoors": ("weather", "extreme", "outdoor"),
    "confined_spaces": ("confined",),
    "repetitive_motion": ("repetitive",),
}


def find_physical(text: str | ScanText) -> list[PhysicalDemand]:
    """Physical demands, one per kind except lifting (one per weight named)."""
    scan = scan_of(text)
    demands: list[PhysicalDemand] = []
    weights: set[int] = set()
    for match in scan.finditer(_LIFT, _LIFT_WORDS, 200):
        pounds = int(match.group(1))
        if pounds < 5 or pounds in weights:
            continue
        weights.add(pounds)
        words = scan.text[match.start() : match.end()]
        demands.append(PhysicalDemand("lifting", words, match.start(), match.end(), pounds))
    for kind, pattern in _OTHER:
        seen = scan.search(pattern, _OTHER_WORDS[kind], 60)
        if seen:
            words = scan.text[seen.start() : seen.end()]
            demands.append(PhysicalDemand(kind, words, seen.start(), seen.end()))
    return demands
