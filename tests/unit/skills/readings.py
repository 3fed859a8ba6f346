"""What the shipped extractor reads from a text, in the shapes the skills tests compare."""

from __future__ import annotations

from jobs.skills.extract import extract


def ids_of(text: str, title: str | None = None) -> set[str | None]:
    """The taxonomy ids of the skills read (None for a free-text skill)."""
    return {skill.id for skill in extract(text, title=title).skills}


def labels_of(text: str, title: str | None = None) -> set[str]:
    """The labels of the skills read."""
    return {skill.label for skill in extract(text, title=title).skills}


def span_of(text: str, words: str) -> tuple[int, int]:
    """Where the words first stand in the text (start, end)."""
    start = text.index(words)
    return start, start + len(words)
