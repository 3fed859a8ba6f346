"""The profile service's rules that need no database: checking a participant document, what the
database would refuse, and the API's partial update merged into the stored participant."""

from __future__ import annotations

import pytest

from jobs.errors import InvalidInput
from jobs.participant_format import ParticipantIn
from jobs.services.profiles import check_document, merge_changes, storable_problems


def _document(**changes: object) -> dict[str, object]:
    return {"external_ref": "P-1", "name": "Ana Tester", **changes}


def _participant(**changes: object) -> ParticipantIn:
    item, problems = check_document(_document(**changes))
    assert item is not None, problems
    return item


def test_a_valid_document_is_the_participant():
    item, problems = check_document(_document(skills=["forklift"]))
    assert problems == [] and item is not None and item.skills == ["forklift"]


def test_a_bad_field_is_named_by_its_path_in_the_document():
    item, problems = check_document(_document(home={"lat": 100}))
    assert item is None
    assert problems == [("home.lat", "Expected `float` <= 90.0")]


def test_rules_the_types_cannot_say_give_every_problem():
    item, problems = check_document(
        _document(
            home={"lat": 39.1},
            record={"conviction_date": "2020-01-01", "release_date": "2019-01-01"},
        )
    )
    assert item is None
    assert problems == [
        ("home", "give both lat and lon, or neither"),
        ("record.release_date", "before conviction_date"),
    ]


def test_what_the_database_would_refuse_is_named():
    fine = ParticipantIn(external_ref="P-1", name="Ana")
    assert storable_problems(fine) == []
    bad = ParticipantIn(external_ref="P-1", name="A\x00na")
    assert storable_problems(bad) == ["text: NUL characters are not allowed"]
    long = _participant(home={"address": "x" * 400})
    assert storable_problems(long) == ["home.address: at most 300 characters"]


def test_a_partial_update_changes_only_the_fields_named():
    stored = _participant(
        skills=["forklift"],
        max_commute_minutes=45,
        record={"felony": True, "conviction_date": "2019-03-01"},
    )
    merged = merge_changes(stored, {"skills": ["welding"], "name": "Ana T."})
    assert merged.skills == ["welding"] and merged.name == "Ana T."
    assert merged.max_commute_minutes == 45
    assert merged.record.felony is True and str(merged.record.conviction_date) == "2019-03-01"
    assert stored.skills == ["forklift"], "the stored participant is not changed in place"


def test_a_partial_update_that_breaks_the_format_is_refused():
    stored = _participant()
    with pytest.raises(InvalidInput, match="max_commute_minutes"):
        merge_changes(stored, {"max_commute_minutes": 1000})
