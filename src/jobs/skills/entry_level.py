"""Entry-level: the posting says anyone can start ("no experience needed", "we train", "entry
level", "paid training"), so its duties are what the job teaches, not skills a person must bring.

Plain words ("no experience necessary", "experience not required") always count. Softer ones
("entry level", "will train", "paid training") count unless the posting also asks for a year or
more of experience ("entry-level role; 2 years of warehouse experience required" is not).
"""

from __future__ import annotations

import re

from jobs.skills.requirements import Evidence
from jobs.skills.scan import ScanText, scan_of

_PLAIN = re.compile(
    r"\bno\s+(?:prior\s+|previous\s+|past\s+|work\s+|job\s+)?experience"
    r"(?:\s+(?:is|was))?\s*(?:required|necessary|needed|\?\s*no\s+problem)"
    r"|\bexperience\s+(?:is\s+)?not\s+(?:required|necessary|needed)"
    r"|\bno\s+experience\s*[—–:-]\s*(?:we|we'll|we\s+will)\s+(?:train|teach)"
    r"|\bnever\s+(?:worked|done\s+this)\s+before\?",
    re.I,
)
_SOFT = re.compile(
    r"(?<!not\s)(?<!not\san\s)\bentry[- ]level\b"
    r"|\b(?:we|we'll|we\s+will|will)\s+(?:train|teach)\b(?!\s+(?:the\s+right|qualified|experienced))"
    r"|\b(?:paid|on[- ]the[- ]job)\s+training\b(?:\s+(?:is\s+)?provided)?"
    r"|\btraining\s+(?:is\s+)?provided\b"
    r"|\bno\s+experience\b",
    re.I,
)
_WORDS = ("experience", "entry", "train", "teach", "never")


def find_entry_level(text: str | ScanText, experience_years: float | None) -> list[Evidence]:
    """The words that make the posting entry-level (empty when it is not)."""
    scan = scan_of(text)
    plain = _evidence(scan, _PLAIN)
    if plain or (experience_years is not None and experience_years >= 1):
        return plain
    return _evidence(scan, _SOFT)


def _evidence(scan: ScanText, pattern: re.Pattern[str]) -> list[Evidence]:
    found: dict[int, Evidence] = {}
    for match in scan.finditer(pattern, _WORDS, 80):
        start, end = match.span()
        found.setdefault(start, Evidence(scan.text[start:end], start, end))
    return list(found.values())[:3]
