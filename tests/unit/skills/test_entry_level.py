"""Entry-level postings: anyone can start, so the duties are taught, not required."""

from __future__ import annotations

import pytest

from jobs.skills.entry_level import find_entry_level
from jobs.skills.extract import extract


@pytest.mark.parametrize(
    "text",
    [
        "Dishwasher. No experience needed; we train.",
        "No prior experience necessary. Sort recyclables on a conveyor.",
        "Experience is not required. Stock shelves overnight.",
        "Never worked in a kitchen before? No experience? No problem.",
        "Entry level production associate. Day shift.",
        "We will train you on every machine. Paid training provided.",
        "Entry-level role. 1 year of experience preferred but no experience required.",
    ],
)
def test_entry_level_words_are_read(text):
    assert find_entry_level(text, None)
    assert extract(text).entry_level


@pytest.mark.parametrize(
    "text",
    [
        "This is not an entry-level position. Requires 5 years of experience as a welder.",
        "Entry-level role; 2 years of warehouse experience required.",
        "Carpenter Helper. 2 years framing experience; must read blueprints.",
        "Will train the right candidate with 3 years of plumbing experience.",
        "Cook. Must have experience on a busy line.",
    ],
)
def test_jobs_that_ask_for_experience_are_not_entry_level(text):
    assert not extract(text).entry_level


def test_the_evidence_is_the_posting_s_own_words():
    text = "Dishwasher. NO EXPERIENCE NEEDED - we train. Mon-Fri 8am-4pm."
    found = extract(text)
    (evidence,) = found.evidence["entry_level"]
    assert text[evidence.start : evidence.end] == evidence.text == "NO EXPERIENCE NEEDED"
