"""Reading rules of the seventh precision pass (issue #15): each acts on one sentence and leaves
alone another that looks like it."""

from __future__ import annotations

import pytest

from jobs.skills.extract import shipped_extractor
from jobs.skills.lone_examples import general_words
from jobs.skills.reading_what import object_read


@pytest.fixture(scope="module")
def shipped():
    """The extractor over the shipped taxonomy."""
    return shipped_extractor()


def _skills(extractor, text: str) -> list[tuple[str, str | None]]:
    return [(s.label, s.id) for s in extractor.extract(text).skills]


@pytest.mark.parametrize(
    ("text", "document"),
    [
        ("read and understand delivery notes found in each trailer", "delivery notes"),
        ("read and understand wiring charts provided by the maker", "wiring charts"),
        ("read and understand recipe cards posted at each station", "recipe cards"),
        ("read and understand pick tickets describing each order", "pick tickets"),
        ("read and understand pallet labels at the dock", "pallet labels"),
    ],
)
def test_the_object_read_ends_at_its_noun_phrase(text, document):
    assert object_read(text, len("read and understand")) == document
    # A participle before the noun is the object's own: "posted notices" is read whole.
    assert object_read("read and understand posted notices", 19) == "posted notices"


def test_writing_in_general_found_somewhere_is_reading_comprehension(shipped):
    text = "Requirements\n- Able to read and understand written information found in manuals"
    labels = [label for label, _ in _skills(shipped, text) if "read" in label]
    assert labels == ["reading comprehension"]


def test_reading_a_document_the_posting_lists_is_that_document_once(shipped):
    text = (
        "Requirements\n- Able to read and understand safety data sheets for the cleaners we use"
        "\n- Knowledge of safety data sheets and chemical labels"
    )
    skills = shipped.extract(text).skills
    assert [s.label for s in skills if "safety data" in s.label] == ["safety data sheets"]
    assert not [s for s in skills if s.label.startswith("reading ")]
    listed = next(s for s in skills if s.label == "safety data sheets")
    assert "read and understand" in [e.text for e in listed.evidence]  # the reading's span kept
    # A document the posting does not list is still named by the reading.
    text = "Requirements\n- Able to read and understand delivery notes and route sheets"
    assert ("reading delivery notes", None) in _skills(shipped, text)


def test_the_general_words_drop_the_end_of_a_cut_modifier():
    # "web based" is cut after "web" at four words: "based" alone is no part of a name.
    text = "the use of web based payroll reporting tools such as spreadsheets"
    assert general_words(text, len(text) - 1) == "payroll reporting tools"
    # Not cut, a participle the words begin with is their own.
    text = "the upkeep of landscaped areas such as lawns"
    assert general_words(text, len(text) - 1) == "landscaped areas"


@pytest.mark.parametrize(
    ("text", "skill"),
    [
        (
            "Crews keep planted and landscaped areas such as medians with fertilizing and mowing.",
            "fertilizer application",
        ),
        (
            "Knows warehouse sites such as cold storage docks and their forklift operation.",
            "forklift operation",
        ),
    ],
)
def test_examples_of_a_place_stay_skills(shipped, text, skill):
    listed = _skills(shipped, text)
    free = [label for label, id_ in listed if id_ is None]
    assert not [label for label in free if label.endswith(("areas", "sites"))]
    assert skill in [label for label, id_ in listed if id_ is not None]


@pytest.mark.parametrize(
    "text",
    [
        "Knowledge of: the standards of patient hygiene",
        "Knowledge of: sources of grant funding",
        "Knowledge of: the impact of late deliveries",
        "Knowledge of: the levels of service contracts",
    ],
)
def test_a_part_or_measure_of_a_thing_is_no_skill(shipped, text):
    # The words before "of" name a kind, source, level or effect of the thing, not something a
    # person can do.
    assert not [label for label, id_ in _skills(shipped, text) if id_ is None and " of " in label]
    # A doing of a thing still is.
    text = "Knowledge of: the installation of walk-in coolers and freezers"
    assert "installation of walk-in coolers" in [label for label, _ in _skills(shipped, text)]


@pytest.mark.parametrize(
    "text",
    [
        "Knowledge of: rules for storing paint thinner as established by the EPA and Cal/OSHA",
        "Knowledge of: handling paint solvents as prescribed by Cal-OSHA and the fire marshal",
        "Knowledge of: keeping the shop in compliance with the EPA and Cal/OSHA",
    ],
)
def test_the_body_that_set_the_rules_is_no_skill_of_its_own(shipped, text):
    labels = [label for label, _ in _skills(shipped, text)]
    assert "cal/osha regulations" not in labels
    assert "epa" not in labels
    # The rules themselves, named as the skill, stay.
    text = "Knowledge of: keeping the shop in compliance with Cal/OSHA regulations"
    assert "cal/osha regulations" in [label for label, _ in _skills(shipped, text)]


def test_hazards_named_are_not_the_skill_of_recognising_them(shipped):
    # "safety hazards" names the things; reporting or listing them is not hazard recognition.
    text = "Duties\n- Report safety hazards and spills to the shift lead"
    assert "hazard recognition" not in [label for label, _ in _skills(shipped, text)]
    text = "Duties\n- Recognize unsafe conditions on the dock and stop the work"
    assert "hazard recognition" in [label for label, _ in _skills(shipped, text)]


def test_a_persuasive_manner_of_speaking_is_not_persuasion(shipped):
    # How the communicating is done; the skill is the communicating.
    text = "Requirements\n- Explain repair options to customers in a clear and persuasive manner"
    assert "persuasion" not in [label for label, _ in _skills(shipped, text)]
    text = "Requirements\n- Able to influence others and negotiate with vendors"
    assert "persuasion" in [label for label, _ in _skills(shipped, text)]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        (
            "Knowledge of: basic electrical and electronic theory used in reading meters",
            "basic electrical",
        ),
        (
            "Knowledge of: ways of finding mechanical, electrical, hydraulic, and other faults",
            "hydraulic",
        ),
    ],
)
def test_an_unsupported_synonym_ending_in_an_adjective_is_half_a_list(shipped, text, words):
    # The adjective's noun went with the next item of the list: the words alone name nothing.
    assert words not in [label for label, _ in _skills(shipped, text)]
    # Said where its trade's words support it, the synonym still links.
    text = "Duties: does basic electrical repairs in the building"
    assert ("minor electrical repair", "minor_electrical_repair") in _skills(shipped, text)
