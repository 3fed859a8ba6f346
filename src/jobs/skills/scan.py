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
from collections.abc import Iterator


class ScanText:
    """A posting's text with a lower-case copy of the same length and cached keyword windows."""

    __slots__ = ("_digit_runs", "_merged", "_positions", "_windows", "lower", "text")

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
        self._merged: dict[tuple[str, ...], list[int]] = {}

    def has_any(self, keywords: tuple[str, ...]) -> bool:
        """Whether any keyword (lower case) occurs anywhere in the text."""
        lower = self.lower
        return any(keyword in lower for keyword in keywords)

    def positions(self, keyword: str) -> list[int]:
        """Where ``keyword`` (lower case) starts in the text, in order; found once per text."""
        positions = self._positions.get(keyword)
        if positions is None:
            lower = self.lower
            position = lower.find(keyword)
            if position < 0:
                positions = self._positions[keyword] = _NOWHERE
            else:
                positions = self._positions[keyword] = []
                while position >= 0:
                    positions.append(position)
                    position = lower.find(keyword, position + len(keyword))
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
        lower, known = self.lower, self._positions
        spans: list[tuple[int, int]] = []
        for keyword in keywords:
            positions = known.get(keyword)
            if positions is None:
                position = lower.find(keyword)
                if position < 0:
                    known[keyword] = _NOWHERE
                    continue
                positions = known[keyword] = []
                while position >= 0:
                    positions.append(position)
                    position = lower.find(keyword, position + len(keyword))
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
_NOWHERE: list[int] = []
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
