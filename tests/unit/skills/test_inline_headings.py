"""Headings written into the paragraph they open ("Duties: dusting, ...", "Responsibilities
include ..."), as job-site and staffing postings write them."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from jobs.skills.sections import find_sections

_POSTING = (
    "Cabinet Assembler | Oak Row Millwork\n\nWe build kitchens for local builders. Responsibilities"
    " include assembling cabinets with pneumatic nailers, sanding and installing hinges."
    " Qualifications: able to read a tape measure.\n\nWe offer paid holidays and PTO.\n"
)


def _kind_at(text: str, words: str) -> str:
    at = text.index(words)
    return next(s.kind for s in find_sections(text) if s.start <= at < s.end)


def test_a_heading_inside_a_paragraph_opens_its_section():
    assert _kind_at(_POSTING, "assembling cabinets") == "duties"
    assert _kind_at(_POSTING, "read a tape measure") == "requirements"
    assert _kind_at(_POSTING, "We build kitchens") == "other"


def test_the_section_ends_with_its_paragraph():
    assert _kind_at(_POSTING, "paid holidays") == "other"


def test_a_lower_case_word_in_a_sentence_is_no_heading():
    text = "Our drivers have many duties: loading, unloading and paperwork.\n"
    assert {s.kind for s in find_sections(text)} == {"other"}


def test_headings_on_lines_of_their_own_win():
    text = "Duties\n\nCut and weld steel. Requirements: a welding test.\n\nRequirements\n\n- MIG\n"
    headings = [s.heading for s in find_sections(text)]
    assert headings == ["Duties", "Requirements"]


@given(st.text(alphabet=st.characters(codec="ascii"), max_size=300))
def test_sections_tile_the_text_in_order(text):
    sections = find_sections(text)
    first = sections[0]
    # Before the first section: nothing, or the heading line that opens it ('PAY', 'DUTIES').
    before = text[: first.start]
    assert not before.strip() or (first.heading and first.heading in before)
    for before, after in itertools.pairwise(sections):
        assert before.end <= after.start
        assert before.start <= before.end
    assert sections[-1].end == len(text)
