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
