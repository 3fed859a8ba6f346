"""Words that only say what kind of thing the next noun is (issue #15): "outbound LTL shipments"
are freight a loader builds pallets for, not the skill of arranging LTL shipping; "the sortation
conveyor" is a machine, not sorting packages by hand. Where the posting does not support the skill,
such words are neither linked nor kept as words of their own."""

from __future__ import annotations

from jobs.skills.extract import shipped_extractor
from jobs.skills.linking import names_its_object
from tests.unit.skills.readings import span_of


def test_an_unsupported_name_before_a_thing_is_not_kept_as_words():
    # "refrigeration" is refrigeration repair only beside repair words; before "trucks" it only
    # says which trucks a driver drives, so its words are not kept as a skill either.
    skill = shipped_extractor().taxonomy.skills["refrigeration_repair"]
    text = "Drive refrigeration trucks to grocery stores on a set route."
    start, end = span_of(text, "refrigeration")
    assert not names_its_object(skill, "refrigeration", text, start, end)
    alone = "Knowledge of refrigeration and heating is a plus."
    start, end = span_of(alone, "refrigeration")
    assert names_its_object(skill, "refrigeration", alone, start, end)
