"""Where a phrase sits: its sentence, and whether that sentence makes it optional or negates it."""

from __future__ import annotations

import re
from functools import lru_cache

from jobs.skills.scan import ScanText

# Words that make a requirement optional for the candidate, including civil-service hedges such as
# "some positions may require", which leave the job open to someone without the item.
PREFERRED = re.compile(
    r"\b(preferred|preferable|a plus|plus\b|desired|desirable|nice to have|bonus|ideally|helpful"
    r"|an asset|advantage|advantageous|not required but|some positions|may be required|may require"
    r"|certain positions|if applicable|as needed|where applicable"
    r"|for (?:those |some |the )?positions (?:requiring|that require|which require))",
    re.I,
)
# Every match of PREFERRED holds one of these (lower case): a cheap test before the regex.
_PREFERRED_WORDS = (
    "prefer", "plus", "desir", "nice to have", "bonus", "ideal", "helpful", "asset", "advantage",
    "not required but", "some positions", "may be required", "may require", "certain positions",
    "applicable", "as needed", "positions requiring", "positions that require",
    "positions which require",
)  # fmt: skip
# What the employer gives rather than asks: "tuition help for forklift and CDL training", "we pay
# for your CDL", "paid training". A sentence that also says "must" or "required" still asks.
BENEFIT = re.compile(
    r"\b(we (?:offer|provide|pay|cover|sponsor|reimburse)|we(?:'ll| will) (?:pay|cover|sponsor"
    r"|reimburse|help you|train you)|tuition|reimburse\w*|sponsorship|company[- ]paid"
    r"|paid (?:\w+ )?training|free (?:\w+ )?training"
    r"|(?:financial|training|tuition|education(?:al)?) (?:help|assistance|support)"
    r"|training (?:is )?(?:provided|available|offered)|benefits? (?:include|package)"
    r"|perks?\b|opportunit(?:y|ies) to (?:earn|get|obtain))",
    re.I,
)
_BENEFIT_WORDS = (
    "we ", "we'", "tuition", "reimburs", "sponsorship", "company", "training", "help",
    "assistance", "support", "benefit", "perk", "opportunit",
)  # fmt: skip
_STILL_ASKED = re.compile(
    r"\b(must|required|requires|need to|needs to|you have|you'll need)\b", re.I
)
NEGATED = re.compile(
    r"\b(no|not|without|don'?t|doesn'?t|do not|does not|never|isn'?t|is not|aren'?t|none)\b"
    r"[^.;\n]{0,40}$",
    re.I,
)


_ENDERS = ".!?;"


def _is_boundary_period(text: str, index: int) -> bool:
    # "." ends a sentence unless it closes a single letter or "a.m"/"p.m" ("U.S.", "3 p.m. to").
    if index >= 1 and text[index - 1].isalpha() and (index < 2 or not text[index - 2].isalnum()):
        return False
    return not (index >= 3 and text[index - 3 : index].lower() in ("a.m", "p.m"))


@lru_cache(maxsize=1024)
def sentence_around(text: str, start: int, end: int, reach: int = 400) -> tuple[int, int]:
    """Character bounds of the sentence (or list item, or line) holding ``text[start:end]``.

    Boundaries are line breaks, bullets, and . ! ? ; before white space (not after a single letter
    or in "a.m."/"p.m."). Written with str.rfind/find: this runs for every match in every posting,
    and several readers ask it of the same words (cached: a string keeps its hash, so a key costs
    little).
    """
    left_limit = max(0, start - reach)
    left = max(text.rfind("\n", left_limit, start), text.rfind("•", left_limit, start))
    left = left + 1 if left >= 0 else left_limit
    for char in _ENDERS:
        position = text.rfind(char + " ", left, start)
        while position >= 0 and char == "." and not _is_boundary_period(text, position):
            position = text.rfind(". ", left, position)
        if position >= 0:
            left = max(left, position + 2)
    right_limit = min(len(text), end + reach)
    right = right_limit
    for stop in ("\n", "•"):
        position = text.find(stop, end, right)
        if position >= 0:
            right = position
    for char in _ENDERS:
        position = text.find(char, end, right)
        while position >= 0:
            after = position + 1
            if (after >= len(text) or text[after].isspace()) and (
                char != "." or _is_boundary_period(text, position)
            ):
                right = after
                break
            position = text.find(char, after, right)
    return left, right


def sentence_of(text: str, start: int, end: int) -> str:
    """The sentence holding ``text[start:end]``."""
    left, right = sentence_around(text, start, end)
    return text[left:right]


def is_preferred(sentence: str) -> bool:
    """True when the sentence makes what it names optional ("preferred", "a plus", "some "
    "positions")."""
    lower = sentence.lower()
    if not any(word in lower for word in _PREFERRED_WORDS):
        return False
    return bool(PREFERRED.search(sentence))


def is_preferred_between(scan: ScanText, start: int, end: int) -> bool:
    """``is_preferred(scan.text[start:end])`` without copying the sentence."""
    if not scan.any_between(_PREFERRED_WORDS, start, end):
        return False
    return bool(scan.search_between(PREFERRED, start, end))


def is_benefit_between(scan: ScanText, start: int, end: int) -> bool:
    """``is_benefit(scan.text[start:end])`` without copying the sentence."""
    if not scan.any_between(_BENEFIT_WORDS, start, end):
        return False
    text = scan.text
    return bool(BENEFIT.search(text, start, end)) and not _STILL_ASKED.search(text, start, end)


def is_benefit(sentence: str) -> bool:
    """True when the sentence describes what the employer gives (tuition help, paid training),
    not what it asks for: credentials and licenses named there are not requirements."""
    lower = sentence.lower()
    if not any(word in lower for word in _BENEFIT_WORDS):
        return False
    return bool(BENEFIT.search(sentence)) and not _STILL_ASKED.search(sentence)


def is_negated(text: str, start: int, sentence_start: int) -> bool:
    """True when a negation word shortly before ``start`` (same sentence) negates the phrase."""
    return bool(NEGATED.search(text[max(sentence_start, start - 60) : start]))
