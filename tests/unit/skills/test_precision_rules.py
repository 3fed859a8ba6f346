"""Precision rules of the skill list (issue 15): what a specialist would not write down as a skill
of its own, read from our own sentences."""

from __future__ import annotations

import pytest

from jobs.skills.extract import shipped_extractor
from jobs.skills.open_skills import is_listed_example


@pytest.fixture(scope="module")
def shipped():
    """The extractor over the shipped taxonomy."""
    return shipped_extractor()


def _labels(extractor, text: str) -> set[str]:
    return {s.label for s in extractor.extract(text).skills}


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


def test_examples_after_a_general_noun_are_not_skills_of_their_own(shipped):
    listed = (
        "Knowledge of: water treatment equipment, including chlorine analyzers, turbidity meters "
        "and dosing pumps; pump maintenance."
    )
    labels = _labels(shipped, listed)
    assert not labels & {"chlorine analyzers", "turbidity meters", "dosing pumps"}
    assert "water treatment operation" in labels
    # The same items asked for on their own are skills.
    alone = _labels(shipped, "Knowledge of: chlorine analyzers; turbidity meters; dosing pumps.")
    assert {"chlorine analyzers", "turbidity meters", "dosing pumps"} <= alone
