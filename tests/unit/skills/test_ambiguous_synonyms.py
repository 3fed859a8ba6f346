"""Ambiguous synonyms: a word that names a skill in one trade and another thing elsewhere links to
the skill only when its sentence or the posting's title supports it (skills.jsonl ``ambiguous``
and ``context``); otherwise its own words stand as free text, or nothing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobs.skills.extract import extract
from jobs.skills.linking import (
    content_stems,
    fits_context,
    is_ambiguous,
    names_its_object,
    settle_unsupported,
)
from jobs.skills.requirements import SkillMention
from jobs.skills.taxonomy import Skill, load_taxonomy, normalise_term


@pytest.fixture(scope="module")
def taxonomy():
    return load_taxonomy()


def _ids(text: str, title: str | None = None) -> set[str | None]:
    return {skill.id for skill in extract(text, title=title).skills}


def _labels(text: str, title: str | None = None) -> set[str]:
    return {skill.label for skill in extract(text, title=title).skills}


def test_every_ambiguous_term_is_a_term_of_its_entry_with_context_words(taxonomy):
    marked = [skill for skill in taxonomy.skills.values() if skill.ambiguous or skill.context]
    assert len(marked) >= 40
    for skill in marked:
        terms = {normalise_term(term) for term in taxonomy.terms(skill)}
        assert skill.ambiguous and skill.context, skill.id
        assert {normalise_term(term) for term in skill.ambiguous} <= terms, skill.id
        for word in skill.context:
            assert content_stems(word), (skill.id, word)
            # A context word that is one of the skill's own ambiguous names would support itself.
            assert normalise_term(word) not in skill.ambiguous, (skill.id, word)


def test_a_bare_field_name_is_not_another_trades_skill():
    inspector = "Knowledge of building, plumbing, heating and refrigeration codes and inspections."
    assert "refrigeration_repair" not in _ids(inspector, title="Housing Inspector")
    assert "refrigeration" in _labels(inspector, title="Housing Inspector")
    mechanic = "Diagnose and repair commercial refrigeration and ice machines."
    assert "refrigeration_repair" in _ids(mechanic, title="Maintenance Technician")


def test_the_title_can_say_the_trade():
    text = "Two years of experience with commercial refrigeration is required."
    assert "refrigeration_repair" in _ids(text, title="Refrigeration Mechanic")
    assert "refrigeration_repair" not in _ids(text, title="Building Inspector")


def test_words_that_mean_another_thing_are_dropped():
    cook = "Line cooks keep the line clean and stocked during service. Line cleaning at close."
    assert "keg_changing" not in _ids(cook, title="Line Cook")
    bar = "Bartenders handle beer line cleaning and keep the draft system flowing."
    assert "keg_changing" in _ids(bar, title="Bartender")


def test_machines_worked_on_are_not_the_operators_skill():
    repair = "Supervises mechanics who repair trucks, heavy equipment and generators."
    assert "heavy_equipment_operation" not in _ids(repair, title="Mechanical Repair Supervisor")
    operate = "Operate heavy equipment such as loaders and backhoes on job sites."
    assert "heavy_equipment_operation" in _ids(operate, title="Laborer")


def test_a_supported_mention_elsewhere_takes_back_the_bare_words():
    text = (
        "Repair commercial refrigeration units and walk-in coolers.\n"
        "Knowledge of building codes covering refrigeration."
    )
    skills = extract(text, title="Maintenance Technician").skills
    repair = [s for s in skills if s.id == "refrigeration_repair"]
    assert repair and "refrigeration" not in {s.label for s in skills}
    assert len(repair[0].evidence) >= 2


def test_is_ambiguous_compares_stems(taxonomy):
    skill = taxonomy.skills["keg_changing"]
    assert is_ambiguous(skill, "line clean") and is_ambiguous(skill, "Line Cleaning")
    assert not is_ambiguous(skill, "changing kegs")
    assert not is_ambiguous(taxonomy.skills["forklift_operation"], "forklift")


def test_names_its_object(taxonomy):
    assert names_its_object(taxonomy.skills["refrigeration_repair"], "Refrigeration")
    assert names_its_object(taxonomy.skills["security_patrol"], "patrolling")
    assert names_its_object(taxonomy.skills["cctv_monitoring"], "surveillance systems")
    assert not names_its_object(taxonomy.skills["keg_changing"], "line clean")
    assert not names_its_object(taxonomy.skills["cash_handling"], "makes changes")


def test_settle_unsupported_moves_the_words_back_only_when_the_skill_is_listed():
    linked = SkillMention("refrigeration_repair", "refrigeration repair", "refrigeration", 50, 63,
                          True)  # fmt: skip
    words = SkillMention(None, "refrigeration", "refrigeration", 50, 63, True)
    supported = SkillMention("refrigeration_repair", "refrigeration repair", "x", 0, 10, True)
    skills = {"refrigeration": [words], "refrigeration_repair": [supported]}
    settle_unsupported(skills, [(words, linked)])
    assert skills == {"refrigeration_repair": [supported, linked]}
    alone = {"refrigeration": [words]}
    settle_unsupported(alone, [(words, linked)])
    assert alone == {"refrigeration": [words]}


_SKILL = Skill(
    id="pump_repair", label="pump repair", kind="hard_skill", synonyms=["pumps"],
    ambiguous=["pumps"], context=["repair", "rebuild"],
)  # fmt: skip
_FILLER = st.lists(
    st.sampled_from(["the", "crew", "works", "near", "big", "loud", "old", "new"]), max_size=8
)


@settings(max_examples=60, deadline=None)
@given(before=_FILLER, after=_FILLER)
def test_support_is_the_context_words_and_nothing_else(before, after):
    text = " ".join([*before, "pumps", *after]) + "."
    start = text.index("pumps")
    assert not fits_context(_SKILL, "pumps", text, start, start + 5)
    assert fits_context(_SKILL, "centrifugal pump rebuild", text, start, start + 5)
    supported = " ".join([*before, "rebuilds", "pumps", *after]) + "."
    start = supported.index("pumps")
    assert fits_context(_SKILL, "pumps", supported, start, start + 5)
    assert fits_context(_SKILL, "pumps", text, 0, 0, title="Pump Repair Technician")


def test_a_noun_made_from_a_context_word_counts_but_not_another_word():
    around = "traffic direction, parking control, impoundment of vehicles."
    start = around.index("parking control")
    skill = Skill(
        id="parking_enforcement", label="parking enforcement", kind="hard_skill",
        ambiguous=["parking control"], context=["impound"],
    )  # fmt: skip
    assert fits_context(skill, "parking control", around, start, start + 15)
    pressed = Skill(id="x", label="x", kind="tool", ambiguous=["bearings"], context=["press"])
    text = "bearings, pressure vessels and valves."
    assert not fits_context(pressed, "bearings", text, 0, 8)


@pytest.mark.parametrize(
    ("text", "title", "wrong"),
    [
        (
            "Teamwork and communication on a noisy production floor (radios and hand signals).",
            "Production Associate",
            "crane_signaling",
        ),
        (
            "We keep box trucks, vans and tractor-trailers running for local delivery companies.",
            "Tire and Fleet Maintenance Technician",
            "box_truck_driving",
        ),
        (
            "Presentations prepared on a computer then shown on a screen or video monitor.",
            "Audio Visual Technician",
            "cctv_monitoring",
        ),
        (
            "Knowledge of maintenance procedures for generating, transmission, distribution and"
            " control equipment in electric substations.",
            "Electrical Mechanic Supervisor",
            "transmission_repair",
        ),
        (
            "Supervises the servicing and repair of street maintenance, construction and fire"
            " fighting equipment.",
            "Equipment Repair Supervisor",
            "road_maintenance",
        ),
        (
            "Knowledge of basic plumbing materials used to install hydrographic devices.",
            "Hydrographer",
            "plumbing_repair",
        ),
    ],
)
def test_another_trades_words_do_not_link_to_the_skill(text, title, wrong):
    assert wrong not in _ids(f"Duties\n{text}\n", title=title)


@pytest.mark.parametrize(
    ("text", "title", "right"),
    [
        (
            "Knowledge of rigging hand signals needed to communicate with crane operators.",
            "Reinforcing Steel Worker",
            "crane_signaling",
        ),
        ("Drive a 26-foot box truck on a planned route.", "Delivery Driver", "box_truck_driving"),
        (
            "Repair clutch assemblies, drive shaft and rear axle assemblies, and transmissions.",
            "Equipment Mechanic",
            "transmission_repair",
        ),
        (
            "Experience supervising or managing street maintenance; street sweeping; resurfacing.",
            "Street Services Superintendent",
            "road_maintenance",
        ),
        (
            "Make basic plumbing repairs and fix leaks in the units.",
            "Maintenance Technician",
            "plumbing_repair",
        ),
    ],
)
def test_the_trades_own_sentence_still_links(text, title, right):
    assert right in _ids(f"Duties\n{text}\n", title=title)
