"""Reading rules of the eighth recall pass (issue #15): a kind of document listed one word at a
time after a reading verb ("read sewer maps, sketches and gauges") is reading that document; the
documents or concepts of a named field ("land title documents") are free-text skills."""

from __future__ import annotations

from jobs.skills.extract import shipped_extractor
from jobs.skills.open_skills import is_free_text_skill
from jobs.skills.reading_what import document_read

_ABILITY = "SELECTION PROCESS\nCandidates may be examined for the ability to: "


def _labels(text: str) -> list[str]:
    return [s.label for s in shipped_extractor().extract(text).skills]


def test_documents_listed_after_a_reading_verb_are_each_read():
    labels = _labels(_ABILITY + "read and interpret storm drain blueprints, sketches and gauges.")
    assert "reading sketches" in labels
    assert "reading gauges" in labels


def test_a_document_after_another_verb_is_not_read():
    text = "Draws sketches and charts; read the meter first"
    start = text.index("sketches")
    assert document_read(text, start, start + len("sketches")) is None


def test_a_document_after_the_reading_verbs_purpose_is_not_read():
    text = "read work orders to prepare sketches"
    start = text.index("sketches")
    assert document_read(text, start, start + len("sketches")) is None


def test_a_word_that_names_no_document_is_not_read():
    text = "read the dials, valves and sketches"
    start = text.index("valves")
    assert document_read(text, start, start + len("valves")) is None
    start = text.index("sketches")
    assert document_read(text, start, start + len("sketches")) == "reading sketches"


def test_documents_or_concepts_of_a_named_field_are_free_text_skills():
    assert is_free_text_skill("land title documents")
    assert is_free_text_skill("hydraulics concepts")
    # the bare word and other abstract heads stay out
    assert not is_free_text_skill("documents")
    assert not is_free_text_skill("zoning policies")
