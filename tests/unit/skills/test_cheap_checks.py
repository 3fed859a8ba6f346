"""Work saved is not reading changed: a cheap check before a pattern never hides a match (wherever
the pattern matches, its check, on the lower-case copy or on the text where it says so, matches
too), and a reading cached per line or sentence is the reading made each time."""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from jobs.skills import asked, credentials
from jobs.skills.context import sentence_around
from jobs.skills.requirements import SkillMention

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


def _asked_as_first_written(text: str, mention: SkillMention) -> bool:
    """is_asked as it was written before its labels and sentences were read once per line."""
    if mention.section == "requirements":
        return True
    if mention.section == "duties":
        return False
    line_start = text.rfind("\n", 0, mention.start) + 1
    labels = [
        (m.start(), True) for m in asked._ASK_LABEL.finditer(text, line_start, mention.start)
    ] + [(m.start(), False) for m in asked._DUTY_LABEL.finditer(text, line_start, mention.start)]
    if labels:
        return max(labels)[1]
    left, right = sentence_around(text, mention.start, mention.end)
    return asked._ASKING.search(text, left, right) is not None


label_words = st.sampled_from(
    ["Requirements:", "requirement :", "Qualifications", ":", "What you need:", "you have:",
     "Duties:", "Responsibilities :", "What you'll do:", "the job:", "must", "years", "forklift",
     "welding", "knows how", "operate", "\n", ". ", "; ", "x"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(
    st.lists(label_words, min_size=1, max_size=40),
    st.data(),
    st.sampled_from(["other", "selection", "preferred", "duties", "requirements"]),
)
def test_asked_reads_what_it_read_before(chosen, data, section):
    text = " ".join(chosen)
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    mention = SkillMention(None, "x", text[start:end], start, end, True, section=section)
    assert asked.is_asked(text, mention) == _asked_as_first_written(text, mention)
    # The same text again, read from the caches.
    assert asked.is_asked(text, mention) == _asked_as_first_written(text, mention)
