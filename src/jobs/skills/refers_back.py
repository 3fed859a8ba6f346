"""Sentences that speak of a credential named before them: "this certification", "such license".

"A valid Grade 2 Water Treatment Operator Certificate is required. Candidates shall have 6 months
from appointment to acquire this certification." The deadline is in the second sentence, which
names its credential only as "this certification". A sentence one or two after the credential's
own (in the same paragraph) that refers back like this is read with the credential it means: the
nearest credential named before it whose kind fits the noun ("this license" a license, "such
certificates" certificates, "this credential" any), or the nearest one when none fits. A plural
("these certifications") means every credential of its sentence. Pure functions over the posting
text: no spaCy, no database.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from jobs.skills.context import sentence_around

_NOUN = (
    r"(?P<noun>certifications?|certificates?|licen[cs]es?|cards?|permits?|credentials?"
    r"|registrations?|endorsements?)"
)
_REFERENCE = re.compile(
    r"\b(?:this|that|these|those|such|said|the\s+(?:above|same|required|aforementioned)"
    rf"|the\s+above[- ](?:named|mentioned|listed))\s+{_NOUN}\b",
    re.I,
)
# Which credentials a noun fits, by the words of the credential's label or text.
_KINDS = {
    "certif": re.compile(r"certif", re.I),
    "licen": re.compile(r"licen[cs]|\bcdl\b", re.I),
    "card": re.compile(r"\bcards?\b", re.I),
    "permit": re.compile(r"permit", re.I),
    "regist": re.compile(r"regist", re.I),
    "endors": re.compile(r"endorse", re.I),
}
# How many sentences back a reference may reach.
_REACH = 2


def _fits(noun: str, words: str) -> bool:
    kind = next((k for stem, k in _KINDS.items() if noun.lower().startswith(stem)), None)
    return kind is None or bool(kind.search(words))


def _window_start(text: str, left: int) -> int:
    """Where the sentence ``_REACH`` sentences before the one starting at ``left`` starts, not
    across a blank line (a new paragraph or section)."""
    start = left
    for _ in range(_REACH):
        previous_end = len(text[:start].rstrip())
        if previous_end <= 0 or text.count("\n", previous_end, start) >= 2:
            break
        start = sentence_around(text, previous_end - 1, previous_end - 1)[0]
    return start


def sentences_referring_back(
    text: str, named: Sequence[tuple[int, int, str]]
) -> dict[int, list[tuple[int, int]]]:
    """For the credentials named at ``named`` (start, end, label or words), the bounds of the
    later sentences that refer back to each, by its index in ``named``."""
    found: dict[int, list[tuple[int, int]]] = {}
    if not named:
        return found
    for reference in _REFERENCE.finditer(text):
        left, right = sentence_around(text, reference.start(), reference.end())
        window = _window_start(text, left)
        before = [
            (index, start, end, words)
            for index, (start, end, words) in enumerate(named)
            if window <= start and end <= reference.start() and end > start
        ]
        if not before:
            continue
        noun = reference.group("noun")
        fitting = [b for b in before if _fits(noun, b[3]) or _fits(noun, text[b[1] : b[2]])]
        nearest = max(fitting or before, key=lambda b: b[2])
        meant = [nearest]
        if noun.lower().endswith("s"):
            # "these certifications": every credential of the nearest one's sentence
            bounds = sentence_around(text, nearest[1], nearest[2])
            meant = [b for b in fitting or before if bounds[0] <= b[1] and b[2] <= bounds[1]]
        for index, start, end, _ in meant:
            if sentence_around(text, start, end) == (left, right):
                continue  # said in its own sentence: read there already
            spans = found.setdefault(index, [])
            if (left, right) not in spans:
                spans.append((left, right))
    return found
