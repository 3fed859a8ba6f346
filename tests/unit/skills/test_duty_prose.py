"""Duties written as prose or with helpers and lists of activities (issue #15): "You will ...",
"Dock workers load ...", "Help install ...", "the layout, installation and repair of ...", and a
link that would swap the duty's activity for another."""

from __future__ import annotations

import pytest

from jobs.skills.duties import (
    _nominal_phrases,
    find_duty_phrases,
    find_imperative_phrases,
    names_only_duties,
)
from jobs.skills.extract import _keeps_the_activity, shipped_extractor
from jobs.skills.sections import find_sections


def _imperatives(text: str) -> list[str]:
    return [p.label for p in find_imperative_phrases(text, find_sections(text))]


def _duties(text: str) -> list[str]:
    return [p.label for p in find_duty_phrases(text, find_sections(text))]


@pytest.fixture(scope="module")
def shipped():
    """The extractor over the shipped taxonomy."""
    return shipped_extractor()


def test_duties_after_you_will_are_read_from_prose():
    text = (
        "Rug cleaner wanted in Raytown.\n\nYou will drive the company van to each home, move"
        " furniture and explain services to customers.\n\nPay is weekly."
    )
    assert _imperatives(text) == ["driving company van", "moving furniture", "explaining services"]


def test_one_duty_after_you_will_is_not_a_list():
    # Two duties at least: one verb after "will" is too often not a duty ("will train").
    assert _imperatives("Crew member\n\nYou will clean the lobby every night.") == []


def test_duties_after_a_plural_subject_in_a_duties_section():
    text = (
        "Dock Worker\n\nWhat you'll do\nDock workers load and unload trailers, sort parcels by"
        " route and scan every parcel.\n\nRequirements\nAble to lift 50 pounds."
    )
    labels = _imperatives(text)
    assert {"loading trailers", "unloading trailers", "sorting parcels", "scanning parcel"} <= set(
        labels
    )


def test_fewer_than_three_duties_after_a_plural_subject_are_not_read():
    # Two verbs after a noun could be anything ("Our customers load and unload their cars").
    assert _imperatives("Our customers load and unload their cars at the dock.") == []


def test_duties_after_an_inline_heading_and_a_colon_are_read():
    text = "Now hiring!\nWhat you'll do: pick and pack orders, label boxes and build pallets.\n"
    assert {"picking orders", "labeling boxes", "building pallets"} <= set(_imperatives(text))


def test_the_employer_training_you_is_no_duty():
    text = "Responsibilities:\n- Train you on our scanners and greet them at the door\n"
    assert _imperatives(text) == []


def test_helping_with_a_duty_is_the_duty():
    text = "Plumbing Helper\n\nResponsibilities:\n- Help install water heaters and sinks\n"
    assert _imperatives(text) == ["installing water heaters", "installing sinks"]


def test_each_part_of_a_bullet_split_by_a_semicolon_is_read():
    text = "Responsibilities:\n- Keep the van stocked; load and unload the trailer\n"
    assert _imperatives(text) == ["loading trailer", "unloading trailer"]


def test_activities_of_one_thing_give_one_phrase_each():
    text = (
        "DUTIES\nA Grounds Worker does the upkeep, planting, and removal of shrubs along parkways."
    )
    labels = _duties(text)
    assert {"upkeep of shrubs", "planting of shrubs", "removal of shrubs"} <= set(labels)


def test_a_list_of_things_that_are_not_activities_gives_no_phrase():
    clause = "A Clerk sorts the letters, forms and memos of the department"
    assert _nominal_phrases(clause, 0) == []


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        ("load and unload", True),
        ("Clean and disinfect", True),
        ("prepares reports", False),  # "reports" is the thing prepared
        ("Sweep", False),  # one verb alone
        ("load and unload trailers", False),
    ],
)
def test_names_only_duties(words, expected):
    assert names_only_duties(words) is expected


@pytest.mark.parametrize(
    ("duty", "label", "expected"),
    [
        ("installing water meters", "water meter installation", True),
        ("removal of trees", "tree trimming", False),
        ("running grill", "grill cooking", True),  # a general activity: the thing decides
        ("repairing tires", "tire repair", True),
    ],
)
def test_a_link_keeps_the_duty_activity(duty, label, expected):
    assert _keeps_the_activity(duty, label) is expected


def test_coordinated_verbs_name_what_they_are_done_to(shipped):
    # The taxonomy reads "load and unload" as loading and unloading trucks; the washers decide.
    text = (
        "Laundry Helper\n\nResponsibilities:\n- Keep aisles clear; load and unload the washers\n"
        "- Fold towels\n"
    )
    labels = {s.label for s in shipped.extract(text).skills}
    assert {"loading washers", "unloading washers"} <= labels
    assert "loading and unloading trucks" not in labels


def test_a_manner_at_the_end_of_a_duty_is_not_its_object():
    text = "Responsibilities:\n- Answer call lights promptly and inspect welds visually\n"
    assert _imperatives(text) == ["answering call lights", "inspecting welds"]


def test_a_duty_verb_alone_in_a_duties_list_is_a_skill(shipped):
    text = "Yard Crew\n\nResponsibilities:\n- Check the gravel load and haul\n"
    labels = {s.label for s in shipped.extract(text).skills}
    assert "hauling" in labels


def test_activities_of_one_thing_in_the_requirements_are_read_too():
    text = (
        "REQUIREMENTS\nTwo years of experience in the layout, installation and repair of"
        " irrigation systems."
    )
    assert {"installation of irrigation systems", "repair of irrigation systems"} <= set(
        _duties(text)
    )


def test_activities_of_one_thing_in_an_examination_list_are_one_subject():
    text = (
        "SELECTION PROCESS\nCandidates may be examined for knowledge of: the design, installation"
        " and maintenance of pressure vessels."
    )
    assert _duties(text) == []


def test_a_generic_activity_named_with_its_thing_is_a_skill(shipped):
    text = (
        "DUTIES\nA Pump Mechanic does the installation, repair and maintenance of irrigation"
        " pumps and valves."
    )
    labels = {s.label for s in shipped.extract(text).skills}
    assert "maintenance of irrigation pumps" in labels


def test_every_thing_listed_after_a_duty_verb_is_its_object():
    text = "Kitchen Aide\n\nDuties:\n- Wipe tables, work surfaces and sinks after each meal\n"
    assert _imperatives(text) == ["wiping tables", "wiping work surfaces", "wiping sinks"]


def test_things_after_a_cut_are_not_the_verb_objects():
    # "weight" and "size" are what the parcels are sorted by, not things sorted.
    text = "Sorter\n\nResponsibilities:\n- Sort parcels by route, weight and size\n"
    assert _imperatives(text) == ["sorting parcels"]


def test_a_duty_of_its_own_after_a_list_is_not_an_object():
    text = "Cashier\n\nResponsibilities:\n- Ring up groceries, bag orders and take payment\n"
    assert "ringing payment" not in _imperatives(text)
    assert not any("take" in label for label in _imperatives(text))


def test_duties_after_a_general_opening_after_you_will_are_read():
    text = (
        "Assembler\n\nYou will work on a line building cabinets with air tools, drive screws,"
        " install hinges and sand doors.\n"
    )
    assert _imperatives(text) == ["driving screws", "installing hinges", "sanding doors"]


def test_fewer_than_three_duties_after_a_general_opening_are_not_read():
    text = "Assembler\n\nYou will work on a line with air tools and drive screws."
    assert _imperatives(text) == []


def test_the_work_a_supervisor_oversees_is_read_after_engaged_in():
    text = (
        "DUTIES\nA Lead Inspector assigns and reviews the work of employees engaged in testing"
        " water samples at treatment plants and wells.\n"
    )
    assert "testing water samples" in _duties(text)


def test_activities_listed_after_engaged_in_are_read_until_a_cut():
    text = (
        "DUTIES\nA Yard Supervisor evaluates the work of crews engaged in snow removal, street"
        " sweeping, repair of potholes, and other related work.\n"
    )
    found = _duties(text)
    assert "snow removal" in found
    assert "street sweeping" in found
    assert not any("related work" in label for label in found)


def test_a_bare_noun_after_engaged_in_is_no_phrase():
    text = "DUTIES\nA Clerk Supervisor directs employees engaged in training.\n"
    assert _duties(text) == []


def test_a_duty_whose_object_runs_past_a_list_word_is_not_cut_short():
    text = (
        "DUTIES\nA Print Supervisor reviews the work of staff engaged in printing black and white"
        " and color documents.\n"
    )
    assert "printing black" not in _duties(text)


def test_what_the_experience_asked_for_was_doing_is_read_in_the_requirements():
    text = (
        "REQUIREMENTS\nTwo years of full-time paid experience purchasing services, including"
        " preparing bid documents.\n"
    )
    assert _duties(text) == ["purchasing services"]


def test_a_general_thing_before_of_is_not_the_object():
    text = "DUTIES\nA Lead Clerk guides staff engaged in providing a variety of library services.\n"
    assert not any(label.startswith("providing a") for label in _duties(text))


def test_experience_involving_something_is_no_duty():
    text = "REQUIREMENTS\nFour years of experience involving responsibility for claims.\n"
    assert _duties(text) == []


def test_duties_after_a_bullet_heading_and_a_colon_are_read():
    text = "Porter\n\nDuties:\n- Floor care: sweep lobbies, mop halls and wash windows\n"
    assert _imperatives(text) == ["sweeping lobbies", "mopping halls", "washing windows"]


def test_things_after_a_duty_verb_and_a_colon_are_what_it_acts_on():
    text = "Porter\n\nDuties:\n- Operate floor machines: auto scrubbers and burnishers\n"
    found = _imperatives(text)
    assert "operating auto scrubbers" in found
    assert "operating burnishers" in found


def test_a_bullet_heading_without_a_duty_gives_nothing_after_its_colon():
    text = "Porter\n\nDuties:\n- Good attitude: friendly, patient and on time\n"
    assert _imperatives(text) == []


def test_a_verb_alone_before_a_comma_does_not_take_the_next_duty_object():
    text = "Housekeeper\n\nDuties:\n- Make beds, vacuum, restock amenities\n"
    found = _imperatives(text)
    assert "vacuuming" in found
    assert "vacuuming amenities" not in found
    assert "restocking amenities" in found


def test_verbs_joined_by_and_share_their_object():
    text = "Housekeeper\n\nDuties:\n- Sweep, mop, and vacuum floors\n"
    assert _imperatives(text) == ["sweeping floors", "mopping floors", "vacuuming floors"]


def test_a_verb_after_may_opens_a_duty_though_not_a_duty_verb():
    text = "DUTIES\nA Lab Aide weighs samples; and may conduct soil surveys and calibrate meters.\n"
    labels = _duties(text)
    assert "conducting soil surveys" in labels
    assert "calibrating meters" in labels


@pytest.mark.parametrize(
    "clause",
    [
        "may require lifting heavy boxes",
        "may be asked to drive",
        "may personally perform the harder tasks",
        "may include night work",
    ],
)
def test_what_may_says_of_the_job_is_no_duty(clause):
    text = f"DUTIES\nA Porter sweeps floors; and {clause}.\n"
    labels = _duties(text)
    assert not any(
        label.startswith(("requiring", "being", "personally", "including")) for label in labels
    )
