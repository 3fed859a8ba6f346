"""Abilities the examination paragraph lists as verbs ("the ability to: interpret parts
catalogues; ...") are skills there, and stay cut clauses everywhere else."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobs.skills.examined import examined_doing
from jobs.skills.extract import shipped_extractor
from jobs.skills.sections import SECTION_KINDS

_EXAM = (
    "DUTIES\n\nA Stock Lead keeps the stockroom in order.\n\nSELECTION PROCESS\n\n"
    "In the written test, candidates may be examined for knowledge of: warehouse safety; and the "
    "ability to: interpret parts catalogues; evaluate bids; determine procedures; check the "
    "accuracy of orders; and other necessary skills, knowledge and abilities.\n"
)


@pytest.fixture(scope="module")
def shipped():
    return shipped_extractor()


@pytest.mark.parametrize(
    ("label", "doing"),
    [
        ("interpret parts catalogues", "interpreting parts catalogues"),
        ("evaluate bids", "evaluating bids"),
        ("Prepare cost estimates", "preparing cost estimates"),
        ("use maps", "using maps"),
    ],
)
def test_an_examined_ability_is_read_as_the_doing(label, doing):
    assert examined_doing(label, "selection") == doing


@pytest.mark.parametrize(
    "label",
    [
        "determine procedures",  # what is done is not named
        "check the accuracy",
        "ensure compliance",
        "communicate with the public",  # a partner: a cut clause
        "prepare reports to inform management",
        "maintain",
    ],
)
def test_doing_in_general_is_no_skill(label):
    assert examined_doing(label, "selection") is None


@given(
    st.sampled_from([k for k in SECTION_KINDS if k != "selection"]),
    st.sampled_from(["interpret parts catalogues", "evaluate bids", "use maps"]),
)
def test_outside_the_examination_a_verb_first_phrase_stays_a_clause(kind, label):
    assert examined_doing(label, kind) is None


def test_the_examination_list_gives_its_abilities(shipped):
    texts = {s.text.lower() for s in shipped.extract(_EXAM, "Stock Lead").skills}
    labels = {s.label for s in shipped.extract(_EXAM, "Stock Lead").skills}
    assert "interpreting parts catalogues" in labels
    assert "evaluate bids" in texts
    assert not any("procedures" in t or "accuracy" in t for t in texts)


@pytest.mark.parametrize(
    ("ability", "doing"),
    [
        ("plan work schedules", "planning work schedules"),
        ("analyze traffic counts", "analyzing traffic counts"),
        ("control inventory levels", "controlling inventory levels"),
        ("interpret parts catalogues", "interpreting parts catalogues"),
    ],
)
def test_an_examined_ability_is_spelt_as_the_duty_readers_spell_it(ability, doing):
    assert examined_doing(ability, "selection") == doing
