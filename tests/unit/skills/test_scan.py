"""Scanning near keywords finds exactly what scanning the whole text finds."""

from __future__ import annotations

import json
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from jobs.skills import (
    education,
    fair_chance,
    licenses,
    open_skills,
    pay,
    physical,
    screening,
    shifts,
    workplace_setting,
)
from jobs.skills.extract import _BOILERPLATE, _BOILERPLATE_WORDS, _STUDIED_IN, _STUDIED_WORDS
from jobs.skills.scan import ScanText, lower_case_pattern

# (pattern, the words every match holds, reach) exactly as the extractors call ScanText.
SCANS = [
    (screening._BACKGROUND, screening._BACKGROUND_WORDS, 80),
    (screening._DRUG, screening._DRUG_WORDS, 60),
    (screening._EXCLUSIONARY, screening._EXCLUSIONARY_WORDS, 80),
    (fair_chance._CHOSEN, fair_chance._CHOSEN_WORDS, 120),
    (fair_chance._ORDINANCE, fair_chance._ORDINANCE_WORDS, 160),
    (shifts._NAMED, shifts._NAMED_WORDS, 60),
    *[(pattern, words, 40) for pattern, words in shifts._PATTERN_WORDS.items()],
    *[
        (pattern, workplace_setting._TRIGGERS[flag], 60)
        for flag, pattern in workplace_setting._PATTERNS.items()
    ],
    *[(pattern, education._LEVEL_WORDS[level], 80) for level, pattern in education._LEVELS],
    (education._EXPERIENCE, education._EXPERIENCE_WORDS, 200),
    (education._NO_EXPERIENCE, education._NO_EXPERIENCE_WORDS, 60),
    (education._AGE, education._AGE_WORDS, 60),
    (physical._LIFT, physical._LIFT_WORDS, 200),
    *[(pattern, physical._OTHER_WORDS[kind], 60) for kind, pattern in physical._OTHER],
    (pay._DOE, pay._DOE_WORDS, 40),
    (pay._PAY, pay._PAY_WORDS, 80),
    (licenses._LICENSE, licenses._LICENSE_WORDS, 80),
    (licenses._CREDENTIAL, licenses._CREDENTIAL_WORDS, 300),
    (licenses._CREDENTIAL_OF, licenses._CREDENTIAL_OF_WORDS, 300),
    (open_skills._CUE, open_skills._CUE_WORDS, 60),
    (_BOILERPLATE, _BOILERPLATE_WORDS, 60),
    (_STUDIED_IN, _STUDIED_WORDS, 30),
]

OUR_TEXT = """Warehouse Associate - 2nd Shift (3:00 PM to 11:30 PM), Mon-Fri, some Saturdays.
We are a Second Chance employer: we hire people with records. Must pass a background check and a
DOT drug screen after a conditional offer. No felonies in the last 7 years. Pay $18.50/hr DOE.
Requirements: High school diploma or GED; 2+ years of experience operating a forklift; ability to
lift 50 lbs; standing for long periods; work at heights. Forklift Certification preferred. Class A
CDL a plus. Knowledge of: inventory control; RF scanners; shipping and receiving. Serve alcohol at
our tap room; handle cash; K-12 school campus; FDIC-insured bank; hospital patients; airport SIDA.
Applicants must be at least 18 years of age. Shifts: 0600-1430 and overnight 10pm-6:30am weekends.
Equal opportunity employer: we do not discriminate. Entry level; will train. A degree in English
or 12 units in electronics; coursework in drafting.
"""


def _texts(shared_data=None) -> list[str]:
    texts = [OUR_TEXT, OUR_TEXT.upper(), OUR_TEXT.replace("\n", " ")]
    if shared_data is not None:
        path = shared_data / "postings" / "lacity_dev_255.jsonl"
        if path.is_file():
            lines = path.read_text("utf-8").splitlines()
            texts += [json.loads(line)["text"] for line in lines[:120]]
    return texts


def _spans(matches) -> list[tuple[int, int]]:
    return [match.span() for match in matches]


def _assert_same(texts: list[str]) -> None:
    for text in texts:
        scan = ScanText(text)
        for pattern, words, reach in SCANS:
            whole = _spans(pattern.finditer(text))
            near = _spans(scan.finditer(pattern, words, reach))
            assert near == whole, (pattern.pattern[:60], text[:80])


def test_windows_find_what_the_whole_text_holds_on_our_text():
    _assert_same(_texts())


def test_windows_find_what_the_whole_text_holds_on_real_postings(shared_data):
    _assert_same(_texts(shared_data))


def test_clock_times_start_at_numbers():
    for text in _texts():
        scan = ScanText(text)
        for pattern, digits in ((shifts._TIME_RANGE, (1, 2)), (shifts._MILITARY, (4, 4))):
            assert _spans(scan.match_at_digits(pattern, digits)) == _spans(pattern.finditer(text))


def test_lower_case_pattern_keeps_escapes_and_group_names():
    pattern = re.compile(r"(?P<Day>MON)\S+\W(?P=Day)\x41", re.I)
    lowered = lower_case_pattern(pattern)
    assert lowered.pattern == r"(?P<Day>mon)\S+\W(?P=Day)\x41"
    assert not lowered.flags & re.I


words = st.sampled_from(
    ["background check", "drug test", "no felonies", "2nd shift", "Mon-Fri", "weekends",
     "3:00 PM - 11:30 PM", "lift 50 lbs", "GED", "$18/hr", "CDL-A", "driver's license",
     "Forklift Certificate", "ability to", "cash", "school", "bar", "İstanbul", "ẞ", "\n", ".",
     "the", "and", "work", "x"]
)  # fmt: skip


@settings(max_examples=150, deadline=None)
@given(st.lists(words, max_size=60), st.integers(min_value=0, max_value=3))
def test_windows_agree_on_any_mix_of_keywords(parts, glue):
    text = [" ", "", "\n", ", "][glue].join(parts)
    _assert_same([text])
