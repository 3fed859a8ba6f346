"""When a credential to get is had, read from the posting's words into facts a page can say in
any language: every phrase the extractor keeps for when is read, never left as words."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobs.matching.when_to_get import WhenToGet, when_to_get
from jobs.skills.obtain import _BY


@pytest.mark.parametrize(
    ("obtain", "words", "wanted"),
    [
        ("before_applying", "", WhenToGet("before_applying")),
        ("after_hire", "", WhenToGet("after_hire")),
        ("after_hire", "within 30 days of hire", WhenToGet("within", 30, "day")),
        ("after_hire", "Within thirty days of employment", WhenToGet("within", 30, "day")),
        ("after_hire", "in your first week", WhenToGet("within", 1, "week")),
        ("after_hire", "within the first 90 days", WhenToGet("within", 90, "day")),
        ("after_hire", "by the end of the first month", WhenToGet("within", 1, "month")),
        ("after_hire", "within six months  of your\nstart date", WhenToGet("within", 6, "month")),
        ("after_hire", "in the first weeks", WhenToGet("after_hire")),
        ("after_hire", "during paid training", WhenToGet("during", during="training")),
        ("after_hire", "through orientation", WhenToGet("during", during="orientation")),
        ("after_hire", "during onboarding", WhenToGet("during", during="onboarding")),
        ("after_hire", "within two (2) years of appointment", WhenToGet("within", 2, "year")),
        ("after_hire", "within 6 months of the date of hire", WhenToGet("within", 6, "month")),
        (
            "after_hire",
            "6 months from the date of their appointment",
            WhenToGet("within", 6, "month"),
        ),
        ("after_hire", "thirty days after hire", WhenToGet("within", 30, "day")),
        (
            "after_hire",
            "during the probationary period",
            WhenToGet("during", during="trial_period"),
        ),
        (
            "after_hire",
            "prior to completion of the fourth month of probation",
            WhenToGet("during", during="trial_period"),
        ),
        ("after_hire", "by the end of training", WhenToGet("during", during="training")),
        ("after_hire", "upon hire", WhenToGet("after_hire")),
        ("after_hire", "once hired", WhenToGet("after_hire")),
        ("after_hire", "after being hired", WhenToGet("after_hire")),
        ("after_hire", "before your second paycheck", WhenToGet("as_posted")),
        ("before_applying", "by Friday", WhenToGet("as_posted")),
    ],
)
def test_the_postings_words_for_when_are_read(obtain, words, wanted):
    assert when_to_get(obtain, words) == wanted


@given(st.from_regex(_BY, fullmatch=True))
def test_every_phrase_the_extractor_keeps_for_when_is_read(words):
    found = when_to_get("after_hire", words.strip())
    assert found.when in ("within", "during", "after_hire"), words
    if found.when == "within":
        assert found.unit in ("day", "week", "month", "year")
        assert found.within >= 0
