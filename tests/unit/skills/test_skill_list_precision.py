"""What the skill list leaves out and how it names what it keeps (issue 15, LABELLING.md): job
titles, workplaces, working conditions and general conduct are not skills; cut clauses are not
free-text skills; lead work, oral and written communication and tact get the specialist's words."""

from __future__ import annotations

import pytest

from jobs.skills.extract import shipped_extractor
from jobs.skills.linking import concept_key, is_specific
from tests.unit.skills.readings import labels_of


@pytest.fixture(scope="module")
def shipped():
    """The extractor over the shipped taxonomy (the rules below depend on its terms)."""
    return shipped_extractor()


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("We are hiring caregivers and cashiers for our team.", {"caregiving"}),
        ("Experience in a convenience store is a plus.", {"fuel station attendance"}),
        ("Duties: clean offices. You will work 3rd shift and every other weekend.", set()),
        ("Requirements: work in confined spaces and at heights; work outdoors.", set()),
        ("Requirements: wear PPE, a hard hat and safety glasses at all times.", set()),
    ],
)
def test_people_places_and_conditions_are_not_skills(text, absent):
    labels = labels_of(text)
    assert not labels & absent
    assert not labels & {
        "personal protective equipment", "confined space work", "working at heights",
        "working outdoors", "fast-paced work",
    }  # fmt: skip
    assert not any("shift" in label or "weekend" in label for label in labels)


def test_specialist_words_for_lead_work_communication_and_tact():
    text = (
        "Acts as a lead over a small crew. The examination may test the ability to communicate "
        "orally and in writing and to deal tactfully with the public."
    )
    assert labels_of(text) >= {
        "lead worker", "oral communication", "written communication", "dealing tactfully",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("phrase", "kept"),
    [
        ("associated equipment", False),
        ("complex data", False),
        ("prepare detailed", False),
        ("interpret good", False),
        ("turf grass diseases", True),
        ("reference books", True),
    ],
)
def test_vague_or_cut_phrases_are_not_specific(phrase, kept):
    assert is_specific(phrase) is kept


def test_read_and_interpret_name_one_concept():
    assert concept_key("interpret landscape plans") == concept_key("read landscape plans")


def test_capitalised_skill_words_inside_a_title_or_a_firm_name_are_not_skills(shipped):
    text = (
        "Food Production Worker\nCrossroads Event Staffing needs help.\n\n"
        "Duties: food production on the packaging line; work special events."
    )
    skills = shipped.extract(text).skills
    assert all(s.start > text.index("needs") for s in skills), [s.text for s in skills]


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("Spanish speakers welcome. Duties: mop floors.", False),
        ("Our supervisors speak English and Spanish. Duties: mop floors.", False),
        ("Write reports using proper English usage and grammar.", False),
        ("Requirements: speak English and Spanish with customers.", True),
    ],
)
def test_a_language_is_a_skill_only_when_asked_for(shipped, text, asked):
    languages = {s.id for s in shipped.extract(text).skills if s.id and "language" in s.id}
    assert bool(languages) is asked, languages
