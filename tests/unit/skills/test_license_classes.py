"""Commercial license classes named as alternatives (issue #15): "a valid Class B (or A) license",
"Class 1/A or 2/B", "Class A and/or Class B" ask for one of them, so a participant holding the
easier class is not shut out for lacking the other."""

from __future__ import annotations

import datetime as dt

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobs.matching import PostingFacts, Requirements, assess
from jobs.participant_format import parse_participant
from jobs.skills.extract import shipped_extractor
from jobs.skills.licenses import find_drivers_license

SITE = {"text": "Kansas City, MO", "city": "Kansas City", "region": "MO", "postal_code": "64108"}


@pytest.fixture(scope="module")
def shipped():
    """The extractor over the shipped taxonomy."""
    return shipped_extractor()


def _bulletin(requirement: str) -> str:
    return f"DUTIES\nDrives a refuse truck on a city route.\n\nREQUIREMENTS\n{requirement}\n"


@pytest.mark.parametrize(
    ("sentence", "classes", "license_class"),
    [
        ("A valid Class B (or A) driver's license is required.", ["A", "B"], "B"),
        ("A valid Class 1/A or 2/B California driver's license is required.", ["A", "B"], "B"),
        ("A valid Class A and/or Class B driver's license is required.", ["A", "B"], "B"),
        ("A valid Class A or Class B driver's license is required.", ["A", "B"], "B"),
        ("A valid Class C or Class B driver's license is required.", ["B", "C"], "C"),
        # Named alone, the strictest class is still the one to meet.
        ("A valid Class B license and a Class A CDL are required.", ["A", "B"], "A"),
        ("A valid Class A driver's license is required.", ["A"], "A"),
    ],
)
def test_the_class_to_meet_is_the_easiest_of_alternatives(sentence, classes, license_class):
    license = find_drivers_license(sentence)
    assert (license.classes, license.license_class) == (classes, license_class)


def test_old_california_numbers_name_the_classes():
    mentions = find_drivers_license("A valid Class 1/A or 2/B license is required.").class_mentions
    assert [(m.letter, m.either) for m in mentions] == [("A", ("A", "B")), ("B", ("A", "B"))]


def _classes(extraction) -> dict[str, tuple[bool, int]]:
    return {
        c.label: (c.required, c.any_of)
        for c in extraction.credentials
        if c.label.lower().startswith(("cdl class", "class"))
    }


def test_alternative_classes_are_one_choice(shipped):
    found = shipped.extract(_bulletin("A valid Class B (or A) driver's license is required."))
    read = _classes(found)
    assert set(read) == {"cdl class a", "cdl class b"}
    (group,) = {any_of for _, any_of in read.values()}
    assert group > 0 and all(required for required, _ in read.values())
    # A match names the first of a choice still to make: the easier class.
    assert next(c.label for c in found.credentials if c.any_of == group) == "cdl class b"


def test_a_class_required_alone_is_not_a_choice(shipped):
    found = shipped.extract(_bulletin("A valid Class A driver's license is required."))
    assert _classes(found) == {"cdl class a": (True, 0)}


def test_an_alternative_to_a_class_required_anyway_is_not_required(shipped):
    found = shipped.extract(
        _bulletin(
            "1. A valid Class A and/or Class B driver's license is required.\n"
            "2. A valid Class B driver's license is required prior to appointment."
        )
    )
    assert _classes(found) == {"cdl class b": (True, 0), "cdl class a": (False, 0)}


def test_an_ordinary_license_as_the_alternative_asks_for_no_commercial_class(shipped):
    found = shipped.extract(_bulletin("A valid Class C or Class B driver's license is required."))
    assert _classes(found) == {"cdl class b": (False, 0)}


def _tier(extraction, credentials: list[str]) -> str:
    who = parse_participant(
        {"external_ref": "X-1", "name": "Test Person", "credentials": credentials,
         "drivers_license": True, "home": {"postal_code": "64130"}}
    )  # fmt: skip
    requirements = msgspec.convert(msgspec.to_builtins(extraction), Requirements)
    facts = msgspec.convert(
        {"id": "p", "title": "Refuse Truck Driver", "locations": [SITE], "workplace": "on_site",
         "requirements": msgspec.to_builtins(requirements)},
        PostingFacts,
    )  # fmt: skip
    return assess(who, facts, dt.date(2026, 11, 28)).tier


@settings(max_examples=12, deadline=None)
@given(
    first=st.sampled_from(["A", "B"]),
    joiner=st.sampled_from([" or ", " or Class ", " and/or Class ", " (or ", "/"]),
    commercial=st.booleans(),
)
def test_either_class_is_enough(shipped, first, joiner, commercial):
    second = "B" if first == "A" else "A"
    if joiner == "/":
        number = {"A": "1", "B": "2"}
        named = f"Class {number[first]}/{first} or {number[second]}/{second}"
    else:
        named = f"Class {first}{joiner}{second}{')' if joiner == ' (or ' else ''}"
    kind = "commercial driver's license" if commercial else "driver's license"
    found = shipped.extract(_bulletin(f"A valid {named} {kind} is required prior to appointment."))
    assert found.drivers_license_class == "B"
    assert _tier(found, ["CDL Class B"]) == "eligible"
    assert _tier(found, ["CDL Class A"]) == "eligible"
    assert _tier(found, []) == "excluded"
