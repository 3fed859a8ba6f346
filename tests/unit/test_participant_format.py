import json
from pathlib import Path

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobs.errors import ImportRejected
from jobs.participant_format import parse_participant, parse_participants

EXAMPLE = Path(__file__).resolve().parents[1] / "fixtures/participants/design_example.json"


def example() -> dict:
    return json.loads(EXAMPLE.read_text())[0]


def test_design_example_parses_with_every_field():
    (person,) = parse_participants(EXAMPLE.read_bytes())
    assert person.external_ref == "KC-0042"
    assert person.supervision.curfew.start == "22:00"
    assert person.supervision.obligations[0].days == ["thu"]
    assert person.record.felony is True
    assert str(person.record.release_date) == "2026-10-01"


@pytest.mark.parametrize(
    ("change", "field", "why"),
    [
        (lambda p: p.update(max_commute_minutes="sixty"), "max_commute_minutes", "Expected `int`"),
        (
            lambda p: p["supervision"].update(conditions=["no_dogs"]),
            "supervision.conditions[0]",
            "Invalid enum value 'no_dogs'",
        ),
        (
            lambda p: p["availability"][0].update(start="25:00"),
            "availability[0].start",
            "HH:MM",
        ),
        (lambda p: p["home"].update(lat=200), "home.lat", "<= 90"),
        (lambda p: p.update(favourite_colour="blue"), "", "unknown field `favourite_colour`"),
    ],
)
def test_a_bad_record_names_record_and_field_and_rejects_the_file(change, field, why):
    good, bad = example(), example()
    good["external_ref"] = "KC-0001"
    change(bad)
    with pytest.raises(ImportRejected) as caught:
        parse_participants(json.dumps([good, bad]), source="people.json")
    assert "nothing was imported" in caught.value.message
    (problem,) = caught.value.problems
    assert problem.startswith("record 2 (KC-0042): ")
    assert field in problem
    assert why in problem


def test_repeated_external_ref_is_refused():
    with pytest.raises(ImportRejected) as caught:
        parse_participants(json.dumps([example(), example()]))
    assert "repeats record 1" in caught.value.problems[0]


def test_not_json_and_not_an_array_are_clear():
    with pytest.raises(ImportRejected, match="not valid JSON"):
        parse_participants(b"{oops")
    with pytest.raises(ImportRejected, match="expected a JSON array"):
        parse_participants(b'{"external_ref": "x"}')


def test_occupational_restriction_needs_the_occupations():
    person = example()
    person["supervision"]["conditions"] = ["occupational_restriction"]
    with pytest.raises(ValueError, match="restricted_occupations"):
        parse_participant(person)


@given(st.integers(0, 99), st.integers(0, 99))
def test_clock_times_accept_exactly_the_hours_and_minutes_of_a_day(hour, minute):
    person = example()
    person["availability"][0]["start"] = f"{hour:02d}:{minute:02d}"
    valid = hour < 24 and minute < 60
    try:
        parse_participant(person)
    except msgspec.ValidationError:
        assert not valid
    else:
        assert valid
