"""How a credential is had: before applying, or after hire as the posting says near it.

"You must get a food handler card within 30 days of hire; we pay for the class" and
"Forklift certification required — we certify you in your first week" ask for credentials the
participant can get once hired. The words are read in the credential's own sentence (a clause
ends at ; . ! ?), so a later sentence about another credential does not move this one; who pays
is also read in the next clause ("...; we pay for the class").
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

import msgspec

from jobs.skills.context import sentence_around
from jobs.skills.requirements import Credential

# When, in the posting's words: kept for the to-do ("within 30 days of hire").
_NUMBER = r"(?:\d+|one|two|three|four|five|six|nine|twelve|eighteen|thirty|sixty|ninety)"
# The probation or training period a new hire serves: "by the end of the probationary period",
# "prior to completion of probation", "by the completion of the fourth month of probation".
PROBATION_END = (
    r"\b(?:by|before|prior\s+to)\s+(?:the\s+)?(?:end|completion|close)\s+of\s+"
    r"(?:the\s+|your\s+|their\s+|his\s+or\s+her\s+)?(?:\w+\s+(?:months?|weeks?)\s+of\s+)?"
    r"(?:(?:the|your|their)\s+)?(?P<period>probation(?:ary)?|trial|training|introductory)"
    r"(?:\s+(?:period|appointment))?"
)
_BY = re.compile(
    r"\b(?:within|in|by\s+the\s+end\s+of)\s+(?:the\s+|your\s+)?(?:first\s+)?"
    rf"{_NUMBER}?\s*(?:\(\d+\)\s*)?"
    r"(?:days?|weeks?|months?|years?)(?:\s+(?:of|after|from)\s+(?:your\s+|their\s+|the\s+)?"
    r"(?:date\s+of\s+(?:your\s+|their\s+)?)?"
    r"(?:hire|hiring|start(?:\s+date)?|employment|being\s+hired|appointment))?"
    r"|\b(?:during|through)\s+(?:the\s+|your\s+)?(?:paid\s+|temporary\s+)?"
    r"(?:training|orientation|onboarding|probation(?:ary)?)(?:\s+period)?"
    r"|\b(?:upon|after)\s+(?:hire|hiring|employment)|\bonce\s+hired\b|\bafter\s+being\s+hired\b"
    rf"|{PROBATION_END}"
    # "(shall have) 6 months from the date of their appointment (to acquire it)"
    rf"|\b{_NUMBER}\s*(?:\(\d+\)\s*)?(?:days?|weeks?|months?|years?)\s+(?:after|from)\s+"
    r"(?:your\s+|their\s+|the\s+)?(?:date\s+of\s+(?:your\s+|their\s+)?)?"
    r"(?:hire|hiring|start(?:\s+date)?|employment|being\s+hired|appointment)\b",
    re.I,
)
# A time limit counts only when it runs from hire or sits in the first days of the job; "within
# 30 days" alone is read as after hire when the sentence also says get/obtain/complete.
_OBTAIN_VERB = re.compile(r"\b(?:obtain|get|earn|complete|acquire|receive)\w*\b", re.I)
_FROM_HIRE = re.compile(
    r"\b(?:of|after|from)\s+(?:your\s+|their\s+|the\s+)?(?:date\s+of\s+(?:your\s+|their\s+)?)?"
    r"(?:hire|hiring|start|employment|being\s+hired|appointment)\b"
    r"|\bfirst\s+(?:\d+\s+)?(?:days?|weeks?|months?)\b|\b(?:during|through)\s+(?:the\s+|your\s+)?"
    r"(?:paid\s+|temporary\s+)?(?:training|orientation|onboarding|probation)"
    r"|\b(?:upon|after)\s+(?:hire|hiring|employment)|\bonce\s+hired\b"
    rf"|{PROBATION_END}",
    re.I,
)
# The employer gives the training or the card.
_TRAINS = re.compile(
    r"\bwe(?:'ll|\s+will)?\s+(?:certify|train)\b"
    r"|\bwe(?:'ll|\s+will)?\s+(?:provide|offer)\s+(?:the\s+|all\s+|free\s+|paid\s+)?"
    r"(?:training|certification|class|course)"
    r"|\b(?:company|employer)(?:\s+will)?\s+(?:certif|train)\w*"
    r"|\b(?:training|certification|class|course|card)\s+(?:is\s+|are\s+|will\s+be\s+)?provided\b"
    r"|\b(?:on[- ]the[- ]job|in[- ]house)\s+(?:training|certification)"
    # "Willingness to complete our paid 2-week training, including Level I Medication Aide"
    r"|\b(?:complete|attend)\s+(?:our|the\s+company'?s)\s+(?:paid\s+|free\s+)?"
    r"(?:[\w-]+\s+){0,2}(?:training|orientation|course|class)\b",
    re.I,
)
# "Must have a CDL upon hire" asks the participant to hold it already.
_HOLD = re.compile(r"\b(?:have|hold|possess|present|show|proof)\b", re.I)
_WINDOW = re.compile(
    r"\b(?:days?|weeks?|months?|years?|training|orientation|onboarding|probation(?:ary)?)\b", re.I
)
# The employer pays for it.
_PAYS = re.compile(
    r"\bwe(?:'ll|\s+will)?\s+(?:pay|cover|reimburse)\b"
    r"|\b(?:company|employer)(?:\s+will)?\s+(?:pays?|covers?|reimburses?)\b"
    r"|\b(?:company|employer)[- ]paid\b|\bpaid\s+for\s+by\s+(?:the\s+)?(?:company|employer|us)\b"
    r"|\bat\s+no\s+cost\s+to\s+you\b|\bfree\s+of\s+charge\b",
    re.I,
)
# Words that make it obtainable later without naming when.
_LATER = re.compile(
    r"\b(?:able|willing|willingness|ability)\s+to\s+(?:obtain|get|earn|acquire)\b"
    r"|\bmust\s+obtain\s+within\b|\bobtain(?:able|ed)?\s+after\s+hire\b",
    re.I,
)


class Obtain(msgspec.Struct, frozen=True):
    """How a credential is had: ``when`` is before_applying or after_hire; ``by`` is the posting's
    words for when ("within 30 days of hire"); whether the employer pays or trains for it."""

    when: str = "before_applying"
    by: str = ""
    employer_pays: bool = False
    employer_trains: bool = False


def _next_clause(text: str, right: int) -> tuple[int, int]:
    """Bounds of the sentence after the one ending at ``right`` (empty at the end of the text)."""
    start = right
    while start < len(text) and text[start] in " \t;":
        start += 1
    if start >= len(text) or text[start] == "\n":
        return right, right
    return sentence_around(text, start, start + 1)


def how_obtained(text: str, start: int, end: int, also: Sequence[tuple[int, int]] = ()) -> Obtain:
    """How the credential at ``text[start:end]`` is had, from the words of its own sentence, or
    of a later sentence that refers back to it (``also``: its bounds, from
    ``refers_back.sentences_referring_back``): "Candidates shall have 6 months from appointment
    to acquire this certification"."""
    left, right = sentence_around(text, start, end)
    found = _read(text, left, right, end)
    for later_left, later_right in also:
        if found.when == "after_hire":
            break
        # The deadline may come before the words that refer back ("6 months ... to acquire
        # this certification"): the whole sentence is read.
        found = _read(text, later_left, later_right, later_left, referring=True)
    return found


def _read(text: str, left: int, right: int, after: int, referring: bool = False) -> Obtain:
    """How a credential is had, from the sentence ``text[left:right]``; a deadline counts only
    after ``after`` (where the credential is named). A sentence ``referring`` back to it says
    after hire only with a deadline, training or "able to obtain", not a bare "of employment"."""
    sentence = text[left:right]
    after_start = text[after:right]
    trains = _TRAINS.search(sentence)
    by = next((m for m in _BY.finditer(after_start) if _FROM_HIRE.search(m.group(0))), None)
    if by is None:
        by = next(
            (m for m in _BY.finditer(after_start) if _OBTAIN_VERB.search(sentence)),
            None,
        )
    later = bool(
        by or _LATER.search(sentence) or (not referring and _FROM_HIRE.search(after_start))
    )
    # "Must have X within 30 days of hire" gives time; "must have X upon hire" does not.
    windowed = by is not None and _WINDOW.search(by.group(0)) is not None
    if (
        later
        and not trains
        and not windowed
        and _HOLD.search(sentence)
        and not _OBTAIN_VERB.search(sentence)
    ):
        later = False
    after_hire = bool(trains) or later
    if not after_hire:
        return Obtain()
    next_left, next_right = _next_clause(text, right)
    nearby = sentence + " " + text[next_left:next_right]
    return Obtain(
        when="after_hire",
        by=by.group(0).strip() if by else "",
        employer_pays=bool(_PAYS.search(nearby)),
        employer_trains=bool(trains or _TRAINS.search(text, next_left, next_right)),
    )


# Only "or" (or a slash) and a few small words between two credentials make them alternatives.
_EITHER = re.compile(r"\s*,?\s*(?:or|/)\s+(?:an?\s+|the\s+|equivalent\s+)?", re.I)


def mark_alternatives(text: str, credentials: list[Credential]) -> None:
    """Number the credentials the posting names as alternatives ("a food handler card or
    ServSafe on day one"), in place: holding, or getting, one of them is enough."""
    spans = sorted((c for c in credentials if c.end > c.start), key=lambda c: c.start)
    group = 0
    for first, second in itertools.pairwise(spans):
        if _EITHER.fullmatch(text, first.end, second.start):
            if not first.any_of:
                group += 1
                first.any_of = group
            second.any_of = first.any_of
