"""Reading rules of the sixth recall pass (issue #15): a science named in a knowledge list is a
knowledge area, though it is one lower-case word; other one-word items stay out."""

from __future__ import annotations

from jobs.skills.extract import _names_a_science, shipped_extractor

_KNOWLEDGE = (
    "SELECTION PROCESS\nCandidates may be examined for knowledge of: pumping station layouts; "
)


def _labels(text: str) -> list[str]:
    return [s.label for s in shipped_extractor().extract(text).skills]


def test_a_science_in_a_knowledge_list_is_a_skill():
    text = _KNOWLEDGE + "limnology; soil hydrology; and hydrography sufficient to chart lakes."
    assert "hydrography" in _labels(text)
    assert "limnology" in _labels(text)


def test_words_ending_like_a_science_that_name_no_field_stay_out():
    assert not _names_a_science("terminology")
    assert not _names_a_science("technology")
    assert not _names_a_science("methodology")
    assert _names_a_science("Microbiology")
    assert not _names_a_science("soil hydrology")  # two words: the free-text tests decide


def test_another_lower_case_word_in_the_same_list_stays_out():
    text = _KNOWLEDGE + "valves; hydrology; and the basics of meters."
    labels = _labels(text)
    assert "hydrology" in labels
    assert "valves" not in labels


# A list of kinds before one examining noun: each kind is its own skill (LABELLING.md splits
# lists: "brazing, soldering, and cutting").
_DUTIES = "Field Soils Technician\n\nDuties\n"


def test_each_kind_of_testing_listed_before_the_noun_is_read():
    text = _DUTIES + "- Performs abrasion, density and hardness testing of roadbed samples.\n"
    labels = _labels(text)
    for kind in ("abrasion testing", "density testing", "hardness testing"):
        assert kind in labels


def test_kinds_of_audits_in_the_requirements_are_read():
    text = (
        "Internal Auditor\n\nRequirements\n"
        "- Two years of experience leading fiscal, contract and payroll audits for a utility.\n"
    )
    labels = _labels(text)
    assert "fiscal audits" in labels
    assert "contract audits" in labels


def test_drug_and_alcohol_testing_stays_screening():
    text = (
        _DUTIES
        + "- Performs abrasion and hardness testing of roadbed samples.\n"
        + "- Takes part in random drug and alcohol testing as a condition of work.\n"
    )
    labels = _labels(text)
    assert "hardness testing" in labels
    assert "drug testing" not in labels
    assert "alcohol testing" not in labels


def test_a_list_of_doings_before_the_noun_is_not_a_list_of_kinds():
    text = _DUTIES + "- Sorts, labels and testing samples; also tensile and shear tests of rebar.\n"
    labels = _labels(text)
    assert "shear tests" in labels
    assert not any(label.startswith("labels ") for label in labels)


def test_kinds_of_skills_listed_before_the_word_skills_are_read():
    text = "Front Desk Clerk\n\nRequirements\n- Strong math and organization skills for audits\n"
    labels = _labels(text)
    assert "basic math" in labels
    assert "organizational skills" in labels


def test_the_terminology_of_a_named_trade_is_a_knowledge_area():
    text = _KNOWLEDGE + "sailing terminology; technical terminology; and descriptive terminology."
    labels = _labels(text)
    assert "sailing terminology" in labels
    assert "technical terminology" not in labels
    assert "descriptive terminology" not in labels
