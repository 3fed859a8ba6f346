"""Reporting duties: "report equipment problems" is a skill a specialist lists ("reporting
equipment problems"), though a phrase ending in "problems" names only a topic elsewhere."""

from __future__ import annotations

# What a worker reports, named by a general noun that the words before it make specific.
_REPORTED = frozenset({"problems", "issues", "concerns", "results", "changes"})


def is_reporting_duty(label: str) -> bool:
    """Whether a duty phrase reports something named in two or three words: "reporting
    maintenance issues", "reporting abnormal results"; not "reporting problems" alone."""
    words = label.lower().split()
    return 3 <= len(words) <= 4 and words[0] == "reporting" and words[-1] in _REPORTED
