"""Precision rules of the skill list (issue 15): what a specialist would not write down as a skill
of its own, read from our own sentences."""

from __future__ import annotations

import pytest

from jobs.skills.extract import _CIRCUMSTANCE, _is_a_date
from jobs.skills.open_skills import is_free_text_skill, is_listed_example
from tests.unit.skills.readings import labels_of


@pytest.mark.parametrize(
    ("text", "words", "example"),
    [
        ("Knowledge of lab equipment such as burettes, pipettes and flasks.", "pipettes", True),
        ("Uses software, including spreadsheets and e.g. mail merge.", "mail merge", True),
        ("Knowledge of: lab equipment such as burettes; sample logging.", "sample logging", False),
        ("Knowledge of lab equipment such as burettes. Sample logging.", "Sample logging", False),
        ("Knowledge of: burettes, pipettes and flasks.", "pipettes", False),
    ],
)
def test_listed_examples_end_with_their_clause(text, words, example):
    assert is_listed_example(text, text.index(words)) is example


def test_a_listed_conviction_is_not_a_skill():
    assert not is_free_text_skill("offense against a child")
    assert not is_free_text_skill("felony convictions")


def test_examples_after_a_general_noun_are_not_skills_of_their_own():
    listed = (
        "Knowledge of: water treatment equipment, including chlorine analyzers, turbidity meters "
        "and dosing pumps; pump maintenance."
    )
    labels = labels_of(listed)
    assert not labels & {"chlorine analyzers", "turbidity meters", "dosing pumps"}
    assert "water treatment operation" in labels
    # The same items asked for on their own are skills.
    alone = labels_of("Knowledge of: chlorine analyzers; turbidity meters; dosing pumps.")
    assert {"chlorine analyzers", "turbidity meters", "dosing pumps"} <= alone


@pytest.mark.parametrize(
    ("words", "date"),
    [
        ("FRIDAY", True),
        ("Friday, July 27, 2018", True),
        ("Sept. 4", True),
        ("weekend shifts", False),
        ("march band", False),
        ("2018", False),
    ],
)
def test_days_and_months_are_dates(words, date):
    assert _is_a_date(words) is date


def test_a_date_is_never_a_skill():
    text = (
        "Knowledge of: forklift operation; MONDAY; first aid.\n"
        "Apply online between MONDAY, AUGUST 6, 2018 and FRIDAY, AUGUST 10, 2018."
    )
    labels = labels_of(text)
    assert {"forklift operation", "first aid"} <= labels
    assert not any(_is_a_date(label) for label in labels)


def test_a_circumstance_is_not_a_skill():
    labels = labels_of(
        "The ability to use sound judgment and take appropriate action in emergency situations; "
        "operate radio equipment. Work shifts may be extended in emergency situations.",
    )
    assert "emergency response" not in labels
    assert "critical thinking" in labels


def test_responding_to_emergencies_stays_a_skill():
    labels = labels_of("Duties: operate radio equipment and respond to emergency calls.")
    assert "emergency response" in labels


@pytest.mark.parametrize(
    ("words", "circumstance"),
    [
        ("emergency situations", True),
        ("stressful circumstances", True),
        ("emergencies", True),
        ("handle stressful situations", False),
        ("recognize dangerous situations", False),
        ("emergency response", False),
    ],
)
def test_circumstance_words(words, circumstance):
    assert bool(_CIRCUMSTANCE.fullmatch(words)) is circumstance


def test_short_lines_under_the_title_are_read():
    # A short posting may list what it asks for right under its title, before any blank line:
    # reading those lines as a heading block hid skills (the ranking set's postings caught it).
    title = "Warehouse Associate"
    text = f"{title}\nPallet jack and forklift\nDay shift, $17/hr"
    assert "forklift operation" in labels_of(text, title=title)


def test_a_workplace_named_after_the_words_is_not_a_skill():
    text = "We are hiring for our upholstery department. Duties: operate a forklift."
    assert labels_of(text) == {"forklift operation"}
