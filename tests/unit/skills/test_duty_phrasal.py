"""Duties named with a verb and its particle, after a manner, or reporting something (issue #15,
recall on ATS and job-site bullets): "Set up tents" is tent setup, "Safely operate a
tractor-trailer" is operating one, "Report equipment problems" is a skill."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobs.skills.duties import _singular, find_imperative_phrases
from jobs.skills.reporting import is_reporting_duty
from jobs.skills.sections import find_sections


def _imperatives(text: str) -> list[str]:
    return [p.label for p in find_imperative_phrases(text, find_sections(text))]


def test_a_verb_and_its_particle_name_the_activity_by_one_noun():
    text = "Responsibilities:\n- Set up tents and displays on the floor\n"
    assert _imperatives(text) == ["tent setup", "display setup"]


def test_a_phrasal_verb_not_otherwise_a_duty_verb_opens_the_bullet():
    # "break" alone is no duty verb; "break down" is, and the bullet's other duty is read too.
    text = "Responsibilities:\n- Break down cardboard and run the baler\n"
    assert _imperatives(text) == ["cardboard breakdown", "running baler"]


def test_starting_and_shutting_a_machine_down_are_steps_of_running_it():
    text = "Responsibilities:\n- Start up, run and shut down bagging machines\n"
    assert _imperatives(text) == ["running bagging machines"]


def test_a_phrasal_verb_with_nothing_after_it_names_no_activity():
    assert _imperatives("Responsibilities:\n- Set up and take down tables\n") == []


def test_a_manner_before_the_duty_verb_is_not_the_duty():
    text = "Responsibilities:\n- Safely operate a tractor-trailer on regional routes\n"
    assert _imperatives(text) == ["operating tractor-trailer"]


def test_a_verb_that_needs_its_object_is_no_activity_alone():
    # "by year, make, model and VIN": a list of things, not the duty "making".
    text = "Responsibilities:\n- Look up parts by year, make, model and VIN\n"
    assert _imperatives(text) == ["part lookup"]


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("reporting equipment problems", True),
        ("reporting abnormal results", True),
        ("reporting maintenance issues", True),
        ("reporting problems", False),  # which problems is not said
        ("recording equipment problems", False),
        ("reporting issues to the supervisor daily", False),
    ],
)
def test_reporting_something_named_is_a_duty(label, expected):
    assert is_reporting_duty(label) is expected


@given(st.lists(st.from_regex(r"[a-z]{2,8}", fullmatch=True), min_size=1, max_size=3))
def test_the_singular_changes_only_the_end_of_the_last_word(words):
    *first, last = _singular(" ".join(words)).split()
    assert first == words[:-1]
    assert len(last) <= len(words[-1]) and words[-1].startswith(last[:-1])


@pytest.mark.parametrize(
    ("bullet", "expected"),
    [
        ("Zone and face aisles before the store opens", "zoning aisles"),
        ("Dig trenches for new service lines", "digging trenches"),
        ("Spool fishing line for customers", "spooling fishing line"),
        ("Mask floors and fixtures", "masking floors"),
        ("Adjust feed guides and folders", "adjusting feed guides"),
        ("Apply primer and paint by brush", "applying primer"),
    ],
)
def test_duty_verbs_of_trades_stores_and_care_open_a_duty(bullet, expected):
    assert expected in _imperatives(f"Responsibilities:\n- {bullet}\n")


def test_a_surface_list_after_a_colon_gives_each_activity():
    found = _imperatives("Responsibilities:\n- Prepare surfaces: scrape, sand, caulk\n")
    assert {"scraping", "sanding", "caulking"} <= set(found)


def test_a_verb_after_and_shares_the_waiting_verbs_object():
    # "spread" and "band" are no listed duty verbs; joined by "and" to one that waits for its
    # object, they act on the same thing.
    text = "Responsibilities:\n- Pour and spread concrete\n- Build and band pallets\n"
    found = _imperatives(text)
    assert "spreading concrete" in found
    assert "pouring concrete" in found
    assert "banding pallets" in found
    assert "building pallets" in found


@pytest.mark.parametrize(
    "bullet",
    [
        "Keep the area clean and safe at all times",  # describing words, not a second verb
        "Set up and take down tables",  # "take" names no skill of its own
        "Water and snow surveying methods",  # nouns before a gerund
        "Clean and organized work area",
    ],
)
def test_a_describing_word_or_noun_after_and_is_no_second_verb(bullet):
    found = _imperatives(f"Responsibilities:\n- {bullet}\n")
    assert not any(label.split()[0] in {"safing", "taking", "snowing", "organizing"}
                   for label in found)  # fmt: skip


def test_a_duty_on_an_object_that_names_nothing_is_the_activity_alone():
    text = "Duties:\n- Pack finished parts\n- Price items\n- Sew covers and inspect work\n"
    found = _imperatives(text)
    assert "packing" in found
    assert "pricing" in found
    assert "inspecting" in found
    assert not any(label.endswith(("parts", "items", "work")) for label in found)


def test_a_duty_on_a_particular_thing_or_a_verb_that_needs_its_object_keeps_the_object():
    text = "Responsibilities:\n- Pack customer orders\n- Remove parts from the molding machine\n"
    found = _imperatives(text)
    assert "packing customer orders" in found
    assert "removing" not in found  # "remove parts" says nothing without what is removed


def test_the_employer_owning_what_a_duty_acts_on_is_no_part_of_the_skill():
    from jobs.skills.duties import find_duty_phrases

    text = (
        "DUTIES\nA Senior Parking Attendant assigns, reviews and evaluates the work of Parking"
        " Attendants engaged in directing cars, cleaning City vehicles, and refueling City"
        " vehicles.\n"
    )
    labels = [p.label for p in find_duty_phrases(text, find_sections(text))]
    assert "cleaning vehicles" in labels
    assert "refueling vehicles" in labels
    assert _imperatives("Duties:\n- Wash County-owned vehicles\n") == ["washing vehicles"]


def test_a_label_that_opens_with_the_city_keeps_it():
    from jobs.skills.duties import DutyPhrase, _without_owner

    assert _without_owner(DutyPhrase("City planning work", 0, 10)).label == "City planning work"
    assert _without_owner(DutyPhrase("planning City parks", 0, 10)).label == "planning parks"
    assert _without_owner(DutyPhrase("repairing city vehicles", 0, 10)).label == (
        "repairing city vehicles"  # lower case: not the employer's name
    )


def test_store_activities_on_materials_are_each_an_activity_alone():
    from jobs.skills.duties import find_duty_phrases

    text = (
        "DUTIES\nA Storekeeper assigns, reviews and evaluates the work of employees engaged in"
        " ordering, receiving, inspecting, storing and issuing materials.\n"
    )
    phrases = find_duty_phrases(text, find_sections(text))
    alone = {p.label for p in phrases if p.alone}
    assert {"ordering", "receiving", "inspecting", "storing", "issuing"} <= alone
    assert not any(p.label.endswith("materials") for p in phrases)


def test_gerunds_on_a_particular_thing_keep_it():
    from jobs.skills.duties import find_duty_phrases

    text = "DUTIES\nA Gardener is engaged in mowing, edging and trimming lawns.\n"
    labels = {p.label for p in find_duty_phrases(text, find_sections(text))}
    assert {"mowing lawns", "edging lawns", "trimming lawns"} <= labels
