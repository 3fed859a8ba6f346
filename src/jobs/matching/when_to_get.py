"""When a credential to get is had, as facts a page can say in any language.

The posting's words for when ("within 30 days of hire", "6 months from appointment", "in your
first week", "during paid training", "by the end of the probationary period", "upon hire";
``skills.obtain`` keeps them) are read into: before applying; within some days, weeks, months or
years of hire; during training, orientation, onboarding or the new job's trial period (an
employer's "probation", which is not the participant's supervision, so pages never call it that);
or after hire. Words this does not read stay as the posting said them ("as_posted"), never a guess.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from jobs.skills.obtain import PROBATION_END

_NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10,
    "nine": 9, "twelve": 12, "fourteen": 14, "eighteen": 18, "thirty": 30, "sixty": 60,
    "ninety": 90,
}  # fmt: skip
_WITHIN = re.compile(
    r"(?:within|in|by\s+the\s+end\s+of)\s+(?:the\s+|your\s+)?(?:first\s+)?"
    r"(?:(?P<n>\d+|" + "|".join(_NUMBER_WORDS) + r")\s*)?(?:\((?P<digits>\d+)\)\s*)?"
    r"(?P<unit>day|week|month|year)(?P<s>s?)"
    r"(?:\s+(?:of|after|from)\s+(?:your\s+|their\s+|the\s+)?"
    r"(?:date\s+of\s+(?:your\s+|their\s+)?)?"
    r"(?:hire|hiring|start(?:\s+date)?|employment|being\s+hired|appointment))?",
    re.I,
)
_DURING = re.compile(
    r"(?:during|through)\s+(?:the\s+|your\s+)?(?:paid\s+|temporary\s+)?"
    r"(?P<what>training|orientation|onboarding|probation(?:ary)?)(?:\s+period)?",
    re.I,
)
# "6 months from the date of their appointment", "30 days after hire": counted from hire.
_COUNTED_FROM_HIRE = re.compile(
    r"(?:(?P<n>\d+|" + "|".join(_NUMBER_WORDS) + r")\s*)(?:\((?P<digits>\d+)\)\s*)?"
    r"(?P<unit>day|week|month|year)s?\s+(?:after|from)\s+(?:your\s+|their\s+|the\s+)?"
    r"(?:date\s+of\s+(?:your\s+|their\s+)?)?"
    r"(?:hire|hiring|start(?:\s+date)?|employment|being\s+hired|appointment)",
    re.I,
)
# "By the end of the probationary period", "prior to completion of the fourth month of
# probation": the extractor's own words for the end of the new job's trial period.
_PERIOD_END = re.compile(PROBATION_END, re.I)
_AFTER_HIRE = re.compile(
    r"(?:upon|after)\s+(?:hire|hiring|employment|being\s+hired)|once\s+hired", re.I
)


class WhenToGet(NamedTuple):
    """``when``: before_applying | within | during | after_hire | as_posted (reasons.WHEN);
    ``within`` and ``unit`` (day, week, month, year) for "within"; ``during`` (training,
    orientation, onboarding, trial_period) for "during"."""

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
        count = within.group("n") or within.group("digits")
        if count is None and within.group("s"):
            return WhenToGet("after_hire")  # "in the first weeks": after hire, no number said
        number = 1 if count is None else _NUMBER_WORDS.get(count.lower()) or int(count)
        return WhenToGet("within", number, within.group("unit").lower())
    counted = _COUNTED_FROM_HIRE.fullmatch(words)
    if counted:
        count = counted.group("digits") or counted.group("n")
        number = _NUMBER_WORDS.get(count.lower()) or int(count)
        return WhenToGet("within", number, counted.group("unit").lower())
    during = _DURING.fullmatch(words)
    if during:
        return WhenToGet("during", during=_period(during.group("what")))
    period_end = _PERIOD_END.fullmatch(words)
    if period_end:
        return WhenToGet("during", during=_period(period_end.group("period")))
    if _AFTER_HIRE.fullmatch(words):
        return WhenToGet("after_hire")
    return WhenToGet("as_posted")


def _period(word: str) -> str:
    """The period a "during" phrase names: an employer's probation, trial or introductory
    period is the new job's trial period."""
    word = word.lower()
    if word in ("training", "orientation", "onboarding"):
        return word
    return "trial_period"
