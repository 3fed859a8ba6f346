"""Cheap keyword checks before regular expressions: run a pattern only near the words it needs.

Python's ``re`` has no fast path for case-insensitive patterns that open with ``\\b`` and a big
alternation: it tries the whole pattern at every character. Most of a posting holds none of the
words such a pattern needs, and ``str.find`` on a lower-cased copy finds those words far faster.
``ScanText.finditer(pattern, keywords, reach)`` runs the pattern only in windows of ``reach``
characters around each keyword, which gives the same matches as a scan of the whole text as long
as every match of the pattern contains one of the keywords (lower case) and lies within ``reach``
characters of it. Each extractor lists its keywords beside its pattern; the unit tests check
both ways of scanning agree on real postings.

A case-insensitive pattern also runs case-sensitively, in lower case, on the lower-case copy:
``re`` folds the case of every character for every alternative it tries, which made it the
largest cost of all. Its matches then index the text as usual, but their groups are lower case:
read what to show from ``ScanText.text`` by offsets.
"""

from __future__ import annotations

import bisect
import re
import threading
from collections.abc import Iterator
from typing import Any


class ScanText:
    """A posting's text with a lower-case copy of the same length and cached keyword windows."""

    __slots__ = (
        "_digit_runs", "_folds_apart", "_index", "_merged", "_positions", "_windows", "lower",
        "text",
    )  # fmt: skip

    def __init__(self, text: str) -> None:
        self.text = text
        lower = text.lower()
        if len(lower) != len(text):
            # A few characters lower-case to two ("İ" to "i" and a dot): keep the first, which is
            # what ``re`` compares when it ignores case, so offsets and matches agree.
            lower = "".join(c.lower()[:1] or c for c in text)
        self.lower = lower
        self._windows: dict[tuple[tuple[str, ...], int], list[tuple[int, int]]] = {}
        self._digit_runs: list[tuple[int, int]] | None = None
        self._positions: dict[str, list[int]] = {}
        self._index: _KeywordIndex | None = None
        self._folds_apart: bool | None = None
        self._merged: dict[tuple[str, ...], list[int]] = {}

    def has_any(self, keywords: tuple[str, ...]) -> bool:
        """Whether any keyword (lower case) occurs anywhere in the text."""
        lower = self.lower
        return any(keyword in lower for keyword in keywords)

    def positions(self, keyword: str) -> list[int]:
        """Where ``keyword`` (lower case) starts in the text, in order, each occurrence after the
        end of the one before (as repeated ``str.find`` gives them); found once per text."""
        positions = self._positions.get(keyword)
        if positions is None:
            if self._index is None:
                self._index = _KeywordIndex.current()
                self._positions.update(self._index.find_all(self.lower))
                positions = self._positions.get(keyword)
            if positions is None:
                positions = self._positions[keyword] = self._index.find_one(self.lower, keyword)
        return positions

    def any_between(self, keywords: tuple[str, ...], start: int, end: int) -> bool:
        """Whether any keyword starts in ``[start, end)``: one binary search over the merged
        positions of all of them (cached), where a ``find`` per keyword per call added up."""
        merged = self._merged.get(keywords)
        if merged is None:
            merged = self._merged[keywords] = sorted(
                position for keyword in keywords for position in self.positions(keyword)
            )
        index = bisect.bisect_left(merged, start)
        return index < len(merged) and merged[index] < end

    def windows(self, keywords: tuple[str, ...], reach: int) -> list[tuple[int, int]]:
        """Merged character ranges around every keyword occurrence, widened by ``reach`` on each
        side and out to white space, so no window cuts a word in two."""
        key = (keywords, reach)
        cached = self._windows.get(key)
        if cached is not None:
            return cached
        spans: list[tuple[int, int]] = []
        for keyword in keywords:
            positions = self.positions(keyword)
            if positions:
                after = len(keyword) + reach
                spans += [(position - reach, position + after) for position in positions]
        result = self._windows[key] = self._merge(spans) if spans else []
        return result

    def _merge(self, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        text, size = self.text, len(self.text)
        merged: list[tuple[int, int]] = []
        for start, end in sorted(spans):
            if merged and start <= merged[-1][1]:
                if end > merged[-1][1]:
                    merged[-1] = (merged[-1][0], end)
            else:
                merged.append((start, end))
        result: list[tuple[int, int]] = []
        for start, end in merged:
            start = max(0, start)
            while start > 0 and not text[start - 1].isspace():
                start -= 1
            end = min(size, end)
            while end < size and not text[end].isspace():
                end += 1
            if result and start <= result[-1][1]:
                result[-1] = (result[-1][0], end)
            else:
                result.append((start, end))
        return result

    def finditer(
        self, pattern: re.Pattern[str], keywords: tuple[str, ...], reach: int
    ) -> Iterator[re.Match[str]]:
        """``pattern.finditer`` over the windows around ``keywords``, in text order (on the
        lower-case copy when the pattern ignores case)."""
        text, pattern = self._for(pattern)
        for start, end in self.windows(keywords, reach):
            yield from pattern.finditer(text, start, end)

    def search(
        self, pattern: re.Pattern[str], keywords: tuple[str, ...], reach: int
    ) -> re.Match[str] | None:
        """The first match of ``pattern`` near ``keywords``, or None."""
        text, pattern = self._for(pattern)
        for start, end in self.windows(keywords, reach):
            match = pattern.search(text, start, end)
            if match:
                return match
        return None

    def search_between(
        self, pattern: re.Pattern[str], start: int, end: int
    ) -> re.Match[str] | None:
        """``pattern.search(text, start, end)``, on the lower-case copy when the pattern ignores
        case and the text holds no letter that ``re`` folds apart from ``str.lower`` ("ı", "ſ")."""
        if self._folds_apart is None:
            self._folds_apart = _FOLDS_APART.search(self.lower) is not None
        if self._folds_apart:
            return pattern.search(self.text, start, end)
        text, pattern = self._for(pattern)
        return pattern.search(text, start, end)

    def _for(self, pattern: re.Pattern[str]) -> tuple[str, re.Pattern[str]]:
        lowered = _LOWERED.get(pattern)
        if lowered is None:
            lowered = lower_case_pattern(pattern)
        return (self.lower, lowered) if lowered is not pattern else (self.text, pattern)

    def match_at_digits(
        self, pattern: re.Pattern[str], digits: tuple[int, int] = (1, 99)
    ) -> Iterator[re.Match[str]]:
        """Non-overlapping matches of ``pattern`` starting where a run of ``digits[0]`` to
        ``digits[1]`` digits starts.

        The same as ``pattern.finditer`` for a pattern that can only match from the first digit of
        such a number (clock times, years), without trying it at every other character.
        """
        if self._digit_runs is None:
            self._digit_runs = [m.span() for m in _DIGITS.finditer(self.text)]
        text, pattern = self._for(pattern)
        shortest, longest = digits
        after = 0
        for start, end in self._digit_runs:
            if start < after or not shortest <= end - start <= longest:
                continue
            match = pattern.match(text, start)
            if match:
                after = match.end()
                yield match


_DIGITS = re.compile(r"\d+")
# Letters that ``re`` matches to "i" and "s" when it ignores case, though they lower-case to
# themselves: the only ones where a lower-case scan and a case-insensitive scan differ.
_FOLDS_APART = re.compile("[\u0131\u017f]")
_NOWHERE: list[int] = []


class _KeywordIndex:
    """Every keyword asked for so far, found in one pass of one regular expression.

    A ``str.find`` per keyword reads the whole text once per keyword (some 250 of them, most found
    nowhere). One lookahead over a trie of all the keywords reads it once: at each position it
    takes the longest keyword starting there, and the shorter keywords starting there are exactly
    its prefixes among the keywords. A keyword first asked for is found with ``str.find`` and joins
    the index built for the next text.
    """

    _asked: set[str] = set()
    _latest: _KeywordIndex | None = None
    _lock = threading.Lock()
    _MAX_KEYWORDS = 1_000  # callers asking for ever new keywords get str.find, not a huge regex

    def __init__(self, keywords: frozenset[str]) -> None:
        self.keywords = keywords
        self.pattern = re.compile("(?=(" + _trie_pattern(keywords) + "))") if keywords else None
        self.prefixes = {
            word: [word[:n] for n in range(1, len(word) + 1) if word[:n] in keywords]
            for word in keywords
        }
        self.overlapping = [k for k in keywords if _overlaps_itself(k)]

    @classmethod
    def current(cls) -> _KeywordIndex:
        """The index over every keyword asked for so far (rebuilt when new ones were asked)."""
        latest = cls._latest
        if latest is None or len(latest.keywords) != len(cls._asked):
            with cls._lock:
                latest = cls._latest = cls(frozenset(cls._asked))
        return latest

    def find_all(self, lower: str) -> dict[str, list[int]]:
        """Positions of every indexed keyword in ``lower`` (``_NOWHERE`` for those absent)."""
        found = dict.fromkeys(self.keywords, _NOWHERE)
        if self.pattern is None:
            return found
        prefixes = self.prefixes
        for match in self.pattern.finditer(lower):
            start = match.start()
            for keyword in prefixes[match.group(1)]:
                positions = found[keyword]
                if positions is _NOWHERE:
                    found[keyword] = [start]
                else:
                    positions.append(start)
        for keyword in self.overlapping:
            found[keyword] = _one_after_another(found[keyword], len(keyword))
        return found

    def find_one(self, lower: str, keyword: str) -> list[int]:
        """Positions of a keyword not in the index, by ``str.find``; the next index holds it."""
        if keyword and len(self._asked) < self._MAX_KEYWORDS:
            with self._lock:
                self._asked.add(keyword)
        position = lower.find(keyword)
        if position < 0:
            return _NOWHERE
        positions = []
        while position >= 0:
            positions.append(position)
            position = lower.find(keyword, position + max(1, len(keyword)))
        return positions


def _trie_pattern(keywords: frozenset[str]) -> str:
    """A regular expression matching the longest of ``keywords`` at a position, as a trie, so the
    engine follows one branch per character instead of trying every keyword."""
    trie: dict[str, dict[str, Any]] = {}
    for keyword in keywords:
        node = trie
        for char in keyword:
            node = node.setdefault(char, {})
        node[""] = {}

    def branch(node: dict[str, dict[str, Any]]) -> str:
        alternatives = [re.escape(char) + branch(node[char]) for char in sorted(node) if char]
        if not alternatives:
            return ""
        body = alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"
        return f"(?:{body})?" if "" in node else body

    return branch(trie)


def _overlaps_itself(keyword: str) -> bool:
    # "..." or "abab": two occurrences can overlap, and str.find only reports the first of them.
    return any(keyword[i:] == keyword[: len(keyword) - i] for i in range(1, len(keyword)))


def _one_after_another(positions: list[int], length: int) -> list[int]:
    kept: list[int] = []
    for position in positions:
        if not kept or position >= kept[-1] + length:
            kept.append(position)
    return kept or _NOWHERE


# Escapes keep their case (\S is not \s), and so do group names.
_KEEP_CASE = re.compile(
    r"\\(?:N\{[^}]*\}|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)|\(\?P<\w+>|\(\?P=\w+\)",
    re.S,
)
_LOWERED: dict[re.Pattern[str], re.Pattern[str]] = {}


def lower_case_pattern(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """The case-sensitive, lower-case twin of a case-insensitive pattern, for lower-case text
    (the pattern itself when it is case-sensitive)."""
    lowered = _LOWERED.get(pattern)
    if lowered is None and not pattern.flags & re.IGNORECASE:
        lowered = _LOWERED[pattern] = pattern
    if lowered is None:
        source, parts, position = pattern.pattern, [], 0
        for keep in _KEEP_CASE.finditer(source):
            parts += [source[position : keep.start()].lower(), keep.group(0)]
            position = keep.end()
        parts.append(source[position:].lower())
        lowered = re.compile("".join(parts), pattern.flags & ~re.IGNORECASE)
        _LOWERED[pattern] = lowered
    return lowered


def scan_of(text: str | ScanText) -> ScanText:
    """``text`` as a ScanText (extractors take either, so they stay easy to call on a string)."""
    return text if isinstance(text, ScanText) else ScanText(text)
