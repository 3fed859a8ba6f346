"""Taxonomy terms in the words entry-level postings use (issue #15, recall): a laundry's flatwork
ironer is laundry equipment, not concrete flatwork; "pass meds" is medication administration;
running errands is a home-care task of its own beside light housekeeping."""

from __future__ import annotations

import pytest

from jobs.skills.extract import shipped_extractor


@pytest.fixture(scope="module")
def shipped():
    """The extractor over the shipped taxonomy."""
    return shipped_extractor()


def _labels(shipped, text: str) -> set[str]:
    return {s.label for s in shipped.extract(text).skills}


def test_a_laundrys_ironer_is_laundry_equipment_not_concrete_work(shipped):
    labels = _labels(shipped, "Duties:\n- Feed sheets and tablecloths into flatwork ironers\n")
    assert "flatwork ironer" in labels
    assert "concrete finishing" not in labels


def test_concrete_flatwork_is_still_concrete_finishing(shipped):
    labels = _labels(shipped, "Duties:\n- Place and finish concrete flatwork for driveways\n")
    assert "concrete finishing" in labels
    assert "flatwork ironer" not in labels


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("Duties include vitals, feeding, and passing meds for CMTs.", "medication administration"),
        ("Duties:\n- Log temperatures of coolers and freezers\n", "temperature logging"),
        ("Duties:\n- Perform point-of-care blood glucose testing\n", "blood glucose monitoring"),
        ("Duties:\n- Hand unload with a 2-wheeler at each stop\n", "hand truck"),
        ("Duties:\n- Complete work orders for clogged drains and leaks\n", "drain cleaning"),
        ("Duties:\n- Record daily progress notes for each person\n", "progress notes"),
    ],
)
def test_a_posting_phrasing_names_its_skill(shipped, text, label):
    assert label in _labels(shipped, text)


def test_running_errands_is_its_own_task_beside_light_housekeeping(shipped):
    text = "Caregivers cook simple meals, do light housekeeping and run errands for clients."
    labels = _labels(shipped, text)
    assert "running errands" in labels
    assert "light housekeeping for clients" in labels


def test_a_word_alone_is_not_the_phrasing(shipped):
    # "drains" and "notes" alone name no task: the taxonomy terms need their whole phrase.
    labels = _labels(shipped, "Duties:\n- Keep notes on drains and floors in the garage\n")
    assert "drain cleaning" not in labels
    assert "progress notes" not in labels
