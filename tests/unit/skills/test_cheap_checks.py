"""A cheap check before a pattern never hides a match: wherever the pattern matches, its check
(on the lower-case copy, or on the text where it says so) matches too."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from jobs.skills import credentials

# (check, pattern, whether the check reads the lower-case copy)
CHECKS = [
    (credentials._CURRENT_CARD_GATE, credentials._CURRENT_CARD, True),
    (credentials._FOR_GATE, credentials._CREDENTIAL_FOR, True),
    (credentials._FROM_GATE, credentials._CREDENTIAL_FROM, True),
    (credentials._FROM_GATE, credentials._CREDENTIAL_FROM_FOR, True),
    (credentials._CERTIFIED_ONLY_GATE, credentials._CERTIFIED_OPERATORS_ONLY, True),
    (credentials._INITIALS_GATE, credentials._DESIGNATION, False),
]

# Every pattern above matches somewhere here.
OUR_TEXT = """Must hold a CURRENT CPR card and Valid First  Aid.
A valid Certificate for Backflow Prevention Device Tester is required.
A current LICENSE FOR Chief's Regulation #4 Certified Tester.
A valid certification from the International Code Council (ICC).
A certificate issued by the State of California for intravenous therapy.
Move material with a telehandler (Certified Operators Only).
Designation as an Associate in Risk Management (ARM) or Certified Public Accountant (C.P.A.).
"""


def _assert_checked(texts: list[str]) -> None:
    for text in texts:
        lower = text.lower()
        for check, pattern, on_lower in CHECKS:
            if pattern.search(text):
                assert check.search(lower if on_lower else text), (pattern.pattern[:60], text)


def test_every_pattern_matches_our_text_and_its_check_too():
    for _check, pattern, _ in CHECKS:
        assert pattern.search(OUR_TEXT), pattern.pattern[:60]
    _assert_checked([OUR_TEXT, OUR_TEXT.upper(), OUR_TEXT.replace("\n", " ")])


def test_checks_pass_wherever_the_patterns_match_in_real_postings(shared_data):
    path = shared_data / "postings" / "lacity_dev_255.jsonl"
    lines = path.read_text("utf-8").splitlines() if path.is_file() else []
    _assert_checked([json.loads(line)["text"] for line in lines])


words = st.sampled_from(
    ["a", "an", "the", "valid", "current", "active", "CPR", "BLS", "first", "aid", "certificate",
     "certification", "license", "licence", "permit", "for", "from", "by", "issued", "State",
     "Of", "California", "(ICC)", "(C.P.A.)", "Certified", "operators", "only", "forklift", "(",
     ")", "Risk", "Management", "\n", "  ", "İ"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(words, max_size=30))
def test_checks_pass_wherever_the_patterns_match_in_any_words(chosen):
    _assert_checked([" ".join(chosen)])
