"""Coordinated words: "building, plumbing and electrical codes" names three kinds of codes, and
"plumbing installation, repair and maintenance" three kinds of plumbing work.

The phrase matcher sees only "electrical codes" or "plumbing installation"; the words listed
before or after it share the rest of the term.
"""

from __future__ import annotations

import re
from collections.abc import Callable

# What ends a list right before a term: "building, plumbing, and ", "hand and ", "CPR/".
_LIST_END = re.compile(r"(?:,?\s+(?:and|or)|\s*&)\s+$|\s*/\s*$")
_WORD_BEFORE = re.compile(r"([A-Za-z][\w-]*)\s*$")
_COMMA_BEFORE = re.compile(r",\s*$")
_NOT_MODIFIERS = {
    "a", "an", "the", "of", "in", "on", "to", "for", "with", "and", "or", "by", "at", "as", "is",
    "are", "be", "use", "using", "including", "such", "other", "all", "any", "various", "their",
    "its", "his", "her", "your", "our", "this", "that", "these", "those", "both", "either",
}  # fmt: skip


# A list of single words that starts right after a term: ", repair, and maintenance".
_HEADS = re.compile(
    r"\s*,\s*((?:[A-Za-z][\w-]*\s*,\s*){0,6})(?:and|or|&)\s+([A-Za-z][\w-]*)\b(?!\s+[a-z])"
    r"|\s+(?:and|or|&)\s+([A-Za-z][\w-]*)\b(?![ \t]+[a-z])"
)
_WORD = re.compile(r"[A-Za-z][\w-]*")


def coordinated_terms(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    """Terms made by giving each word listed before ``text[start:end]`` the term's last words, and
    each word listed after it the term's first words: (term, start, end of the listed word).
    Only terms of two or more words can share their words."""
    words = text[start:end].split()
    if len(words) < 2:
        return []
    found: list[tuple[str, int, int]] = []
    head = " ".join(words[1:])
    for word, word_start, word_end in _words_listed_before(text, start):
        if word.lower() in _NOT_MODIFIERS:
            break  # a clause, not a list of single words
        found.append((f"{word} {head}", word_start, word_end))
    after = _HEADS.match(text, end)
    if after is not None:
        modifier = " ".join(words[:-1])
        for group in (1, 2, 3):
            if after.group(group):
                found += _listed(
                    after.group(group), after.start(group), lambda w: f"{modifier} {w}"
                )
    return found


def _words_listed_before(text: str, start: int) -> list[tuple[str, int, int]]:
    # Walk left from the term: "building, plumbing, and [electrical codes]" gives "plumbing",
    # then "building". Checked on short slices: this runs for every term found.
    end = _LIST_END.search(text, max(0, start - 12), start)
    if end is None:
        return []
    position = end.start()
    listed: list[tuple[str, int, int]] = []
    while len(listed) < 7:
        word = _WORD_BEFORE.search(text, max(0, position - 40), position)
        if word is None:
            break
        listed.append((word.group(1), word.start(1), word.end(1)))
        comma = _COMMA_BEFORE.search(text, max(0, word.start() - 8), word.start())
        if comma is None:
            break
        position = comma.start()
    return listed


def _listed(listed: str, offset: int, make: Callable[[str], str]) -> list[tuple[str, int, int]]:
    found = []
    for word in _WORD.finditer(listed):
        if word.group(0).lower() in _NOT_MODIFIERS:
            return []  # a clause, not a list of single words
        found.append((make(word.group(0)), offset + word.start(), offset + word.end()))
    return found
