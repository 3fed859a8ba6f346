"""How a participant's own skill words are read into taxonomy concepts (issue #15).

People write what they did, often with the verb in front ("giving baths") or two things in one
line ("mopping and floor care"). Each must still be read as the concept a posting asks for, or
the match tells them a skill they have is missing.
"""

from __future__ import annotations

import pytest

from jobs.skills.linking import concept_index
from jobs.skills.taxonomy import load_taxonomy
from tests.unit.matching.test_broader_skills import _missing


@pytest.fixture(scope="module")
def index():
    return concept_index(load_taxonomy())


@pytest.mark.parametrize(
    ("words", "has"),
    [
        ("administering vaccines", "vaccinations"),
        ("giving vaccinations", "vaccinations"),
        ("giving baths", "bathing_assistance"),
        ("taking vital signs", "vital_signs"),
        ("providing customer service", "customer_service"),
    ],
)
def test_the_verb_a_person_puts_first_does_not_hide_the_skill(index, words, has):
    assert index.concept_of(has) in index.term_ids(words)


def test_two_skills_on_one_line_are_both_read(index):
    ids = index.term_ids("mopping and floor care")
    assert index.term_id("mopping") in ids
    assert index.term_id("floor care") in ids
    assert set(index.term_ids("pallet jack, forklift")) == {
        index.term_id("pallet jack"),
        index.term_id("forklift"),
    }


def test_a_line_is_not_half_read(index):
    # "food" alone names a concept, "beverage" none: the line is not read as food handling.
    assert index.term_ids("food and beverage") == ()
    assert index.term_ids("research and development") == ()


def test_a_whole_phrase_that_names_a_concept_is_not_split(index):
    assert index.term_ids("shipping and receiving") == (index.term_id("shipping and receiving"),)


def test_a_clinic_aide_who_wrote_administering_vaccines_is_not_told_they_are_missing():
    assert "vaccin" not in _missing(["administering vaccines"], "Give immunizations to patients")


def test_the_last_words_head_belongs_to_each_part(index):
    ids = index.term_ids("CPR/First Aid certification")
    assert index.term_id("CPR certification") in ids
    assert index.term_id("first aid certification") in ids
    assert index.term_id("CPR") not in ids
