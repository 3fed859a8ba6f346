"""When a credential to get is had, as facts a page can say in any language.

The posting's words for when ("within 30 days of hire", "in your first week", "during paid
training", "upon hire"; ``skills.obtain`` keeps them) are read into: before applying; within some
days, weeks or months of hire; during training, orientation or onboarding; or after hire. Words
this does not read stay as the posting said them ("as_posted"), never a guess.
"""

from __future__ import annotations

import re
from typing import NamedTuple

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10,
    "fourteen": 14, "thirty": 30, "sixty": 60, "ninety": 90,
}  # fmt: skip
_WITHIN = re.compile(
    r"(?:within|in|by\s+the\s+end\s+of)\s+(?:the\s+|your\s+)?(?:first\s+)?"
    r"(?:(?P<n>\d+|" + "|".join(_NUMBER_WORDS) + r")\s*)?(?P<unit>day|week|month)(?P<s>s?)"
    r"(?:\s+(?:of|after|from)\s+(?:your\s+)?"
    r"(?:hire|hiring|start(?:\s+date)?|employment|being\s+hired))?",
    re.I,
)
_DURING = re.compile(
    r"(?:during|through)\s+(?:paid\s+)?(?:the\s+|your\s+)?(?P<what>training|orientation|onboarding)",
    re.I,
)
_AFTER_HIRE = re.compile(
    r"(?:upon|after)\s+(?:hire|hiring|employment|being\s+hired)|once\s+hired", re.I
)


class WhenToGet(NamedTuple):
    """``when``: before_applying | within | during | after_hire | as_posted (reasons.WHEN);
    ``within`` and ``unit`` (day, week, month) for "within"; ``during`` (training, orientation,
    onboarding) for "during"."""

    when: str
    within: int = 0
    unit: str = ""
    during: str = ""


def when_to_get(obtain: str, words: str) -> WhenToGet:
    """When a credential is had, from how it is had (``obtain``: before_applying | after_hire)
    and the posting's words for when (may be empty)."""
    words = " ".join(words.split())
    if not words:
        return WhenToGet("after_hire" if obtain == "after_hire" else "before_applying")
    within = _WITHIN.fullmatch(words)
    if within:
        count = within.group("n")
        if count is None and within.group("s"):
            return WhenToGet("after_hire")  # "in the first weeks": after hire, no number said
        number = 1 if count is None else _NUMBER_WORDS.get(count.lower()) or int(count)
        return WhenToGet("within", number, within.group("unit").lower())
    during = _DURING.fullmatch(words)
    if during:
        return WhenToGet("during", during=during.group("what").lower())
    if _AFTER_HIRE.fullmatch(words):
        return WhenToGet("after_hire")
    return WhenToGet("as_posted")
