"""A later sentence that refers back to a credential ("this certification", "such license") is
read with it: its deadline, its "some positions", its waiver."""

from __future__ import annotations

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobs.matching import Requirements, assess
from jobs.skills.extract import extract
from jobs.skills.obtain import how_obtained
from jobs.skills.refers_back import sentences_referring_back
from tests.unit.matching.builders import TODAY, person, posting

OPERATOR = (
    "Requirements:\n"
    "1. Two years of experience as a water utility worker; and\n"
    "2. A valid Grade 2 Water Treatment Operator Certificate issued by the State Water Board."
    " Candidates shall have 6 months from appointment to acquire this certification."
)


def _named(text: str, *words: str) -> list[tuple[int, int, str]]:
    return [(text.index(w), text.index(w) + len(w), w) for w in words]


def _later(text: str, *words: str) -> list[list[str]]:
    found = sentences_referring_back(text, _named(text, *words))
    return [[text[a:b] for a, b in found.get(i, [])] for i in range(len(words))]


def test_a_deadline_said_of_this_certification_is_its_deadline():
    words = "Grade 2 Water Treatment Operator Certificate"
    (later,) = _later(OPERATOR, words)
    assert later == [
        "Candidates shall have 6 months from appointment to acquire this certification."
    ]
    start = OPERATOR.index(words)
    bounds = sentences_referring_back(OPERATOR, _named(OPERATOR, words))[0]
    found = how_obtained(OPERATOR, start, start + len(words), bounds)
    assert (found.when, found.by) == ("after_hire", "6 months from appointment")
    # Read without the later sentence, it is needed before applying.
    assert how_obtained(OPERATOR, start, start + len(words)).when == "before_applying"


@pytest.mark.parametrize(
    ("text", "words", "meant"),
    [
        # The nearest credential whose kind fits the noun.
        ("A Class B license and a forklift certification are required. Get this license within"
         " 6 months of hire.", ("Class B license", "forklift certification"), [1, 0]),
        ("A Class B license and a forklift certification are required. Get this certification"
         " within 6 months of hire.", ("Class B license", "forklift certification"), [0, 1]),
        # No fitting kind: the nearest.
        ("A CPR card is required. This certification may be obtained after hire.",
         ("CPR card",), [1]),
        # A plural means every credential of the sentence.
        ("First Aid card and CPR card required. These cards may be obtained within 30 days of"
         " hire.",
         ("First Aid card", "CPR card"), [1, 1]),
        # Two sentences back, yes; three, or across a blank line, no.
        ("A Class B license is required. Apply online. Obtain such license within a year of hire.",
         ("Class B license",), [1]),
        ("A Class B license is required. Apply online. Bring a pen. Obtain this license within a"
         " year of hire.", ("Class B license",), [0]),
        ("A Class B license is required.\n\nThis license is checked by the DMV.",
         ("Class B license",), [0]),
        # Said in its own sentence: read there already.
        ("A valid Backflow Tester certificate, this certificate may be required for some"
         " positions.",
         ("Backflow Tester certificate",), [0]),
        # "The above experience" refers to no credential.
        ("A Class B license is required. The above experience may be substituted.",
         ("Class B license",), [0]),
    ],
)  # fmt: skip
def test_which_credential_a_sentence_refers_back_to(text, words, meant):
    assert [len(later) for later in _later(text, *words)] == meant


@pytest.mark.parametrize(
    ("text", "required", "some", "obtain"),
    [
        (OPERATOR, True, False, "after_hire"),
        ("Must hold a Welding Inspector certificate. This certification may be obtained within 90"
         " days of employment.", True, False, "after_hire"),
        ("A valid Class B license is required. This license is needed for some positions only.",
         False, True, "before_applying"),
        ("A Welding Inspector certificate is required. This certificate may be waived for"
         " applicants with four years of experience.", False, False, "before_applying"),
        ("A Welding Inspector certificate is required. Equivalent experience will be accepted in"
         " place of this certificate.", False, False, "before_applying"),
        # Held at appointment: still needed before applying.
        ("A valid Class B license is required. This license must be held at the time of"
         " appointment.", True, False, "before_applying"),
        # A deadline said of another credential stays with it.
        ("A Class B license is required. A forklift certification is also required; get this"
         " certification within 30 days of hire.", True, False, "before_applying"),
    ],
)  # fmt: skip
def test_extraction_reads_the_later_sentence_with_its_credential(text, required, some, obtain):
    first = extract(text).credentials[0]
    assert (first.required, first.some_positions, first.obtain) == (required, some, obtain)


def test_posting_text_to_tier_a_later_deadline_is_a_to_do_not_a_bar():
    """A license needed "6 months from appointment" does not shut out someone without it."""
    text = (
        "Tree Trimmer\n"
        "Requirements:\n"
        "1. One year of experience trimming trees; and\n"
        "2. A valid Class B driver's license. Candidates shall have 6 months from the date of"
        " their appointment to acquire this license."
    )
    requirements = msgspec.convert(msgspec.to_builtins(extract(text)), Requirements)
    job = posting(title="Tree Trimmer", requirements=msgspec.to_builtins(requirements))
    found = assess(person(credentials=[], drivers_license=True), job, TODAY)
    assert found.tier == "eligible", found.reasons
    (to_do,) = [r for r in found.reasons if r.code == "credential_to_get"]
    assert to_do.kind == "todo" and "6 months from the date of their appointment" in to_do.text


_SENTENCE = st.text(alphabet="abcdefgh ,", min_size=0, max_size=40)


@given(_SENTENCE, _SENTENCE)
def test_a_reference_only_reaches_back(before, after):
    # Whatever the words around it, a reference never points to a credential named after it.
    text = f"{before}. This license is needed. {after} A Class B license is required."
    assert sentences_referring_back(text, _named(text, "Class B license")) == {}
