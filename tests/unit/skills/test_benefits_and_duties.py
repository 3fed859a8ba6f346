"""Reading rules added with the rebuilt gold set: what the employer offers is not asked for, drug
and alcohol testing in any word order, a driving record is about driving, and duties name skills."""

from __future__ import annotations

import pytest

from jobs.skills.context import is_benefit, is_preferred
from jobs.skills.duties import find_duty_phrases, ing_form
from jobs.skills.extract import shipped_extractor
from jobs.skills.licenses import find_drivers_license
from jobs.skills.screening import find_screening
from jobs.skills.sections import find_sections


@pytest.fixture(scope="module")
def shipped():
    """The extractor over the shipped taxonomy."""
    return shipped_extractor()


@pytest.mark.parametrize(
    "text",
    [
        "You will be subject to drug and alcohol mandatory testing.",
        "Employees are subject to random drug testing.",
        "Candidates are tested for illegal drugs before hire.",
        "you may be required to undergo mandatory drug and alcohol testing prior to employment",
    ],
)
def test_drug_and_alcohol_testing_in_any_word_order_is_required(text):
    assert find_screening(text).drug_test == "required"


def test_urinalysis_as_a_nursing_task_is_not_a_drug_test():
    text = "Knowledge of simple laboratory procedures such as drawing blood and urinalysis testing."
    assert find_screening(text).drug_test == "not_mentioned"


def test_tuition_help_for_cdl_training_is_a_benefit_not_a_requirement(shipped):
    for text in (
        "We offer tuition help for forklift and CDL training.",
        "Benefits: We offer tuition help for forklift and CDL training, and paid time off.",
    ):
        extraction = shipped.extract(text)
        assert extraction.drivers_license == "not_mentioned"
        assert extraction.commercial_license is False
        assert [c.label for c in extraction.credentials if c.required] == []
        assert "commercial_driving" not in [flag.flag for flag in extraction.setting]


def test_a_benefit_sentence_that_still_asks_is_a_requirement(shipped):
    extraction = shipped.extract("We offer great pay. A CDL is required.")
    assert extraction.drivers_license == "required"
    assert not is_benefit("We pay well, and a CDL is required.")
    assert is_benefit("We pay for your CDL training.")


def test_clean_driving_record_is_a_driving_requirement_not_a_credential(shipped):
    extraction = shipped.extract("Requirements: Must have a clean driving record.")
    assert extraction.drivers_license == "required"
    assert extraction.credentials == []
    both = shipped.extract("Must have a valid driver's license and a clean driving record.")
    assert (both.drivers_license, both.credentials) == ("required", [])


def test_a_hedged_driving_record_is_preferred():
    assert find_drivers_license("A good driving record is preferred.").status == "preferred"


def test_for_positions_requiring_a_license_is_a_hedge():
    sentence = (
        "For positions requiring a valid Class B driver's license, candidates must submit a "
        "commercial driving history."
    )
    assert is_preferred(sentence)
    assert find_drivers_license(sentence).status == "preferred"


@pytest.mark.parametrize(
    ("verb", "ing"),
    [
        ("prunes", "pruning"), ("trims", "trimming"), ("applies", "applying"),
        ("fixes", "fixing"), ("operates", "operating"), ("installs", "installing"),
        ("issues", "issuing"), ("fertilizes", "fertilizing"), ("plans", "planning"),
        ("process", None), ("bus", None),
    ],
)  # fmt: skip
def test_ing_form(verb, ing):
    assert ing_form(verb) == ing


def test_duties_name_the_skills_of_a_verb_list():
    text = (
        "DUTIES\n\nA Tree Surgeon climbs, prunes, trims and removes trees along City streets; "
        "keeps routine records.\n\nA Storekeeper supervises employees engaged in ordering, "
        "receiving and storing materials, supplies and tools.\n\nA Plumber does skilled work "
        "in the layout, installation, and repair of sanitary and industrial plumbing systems.\n"
    )
    labels = [phrase.label for phrase in find_duty_phrases(text, find_sections(text))]
    assert labels[:4] == ["climbing trees", "pruning trees", "trimming trees", "removing trees"]
    # Materials name nothing in particular: each store activity is the skill (issue #15).
    assert {"ordering", "receiving", "storing"} <= set(labels)
    assert {"layout of plumbing systems", "repair of plumbing systems"} <= set(labels)
    for phrase in find_duty_phrases(text, find_sections(text)):
        assert text[phrase.start : phrase.end].strip()


def test_duty_phrases_skip_supervision_boilerplate():
    text = (
        "DUTIES\nA Senior Clerk assigns, reviews and evaluates the work of clerks; applies sound "
        "supervisory principles and techniques in building and maintaining an effective work "
        "force.\n"
    )
    assert find_duty_phrases(text, find_sections(text)) == []


def test_duty_phrases_reach_the_extraction(shipped):
    extraction = shipped.extract(
        "DUTIES\nA Tree Surgeon climbs, prunes, trims and removes trees along City streets.\n"
    )
    labels = {skill.label for skill in extraction.skills}
    assert labels & {"pruning", "pruning trees"}
    assert all(skill.end > skill.start for skill in extraction.skills)


def test_screening_words_are_not_skills(shipped):
    extraction = shipped.extract(
        "Prior to appointment, a Background Investigation will be conducted."
    )
    assert extraction.background_check == "required"
    assert "background investigation" not in {skill.label for skill in extraction.skills}
