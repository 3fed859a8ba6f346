"""The thing a worker repairs or handles is not the skill its words name (issue #15): each
shape is refused in one sentence and left alone in another that looks like it."""

from __future__ import annotations

import pytest

from jobs.skills.extract import shipped_extractor


@pytest.fixture(scope="module")
def shipped():
    """The extractor over the shipped taxonomy."""
    return shipped_extractor()


def _ids(extractor, title: str, duty: str) -> set[str | None]:
    text = f"{title}\nDuties\n- {duty}"
    return {skill.id for skill in extractor.extract(text).skills}


def test_equipment_a_mechanic_repairs_is_not_its_trade(shipped):
    ids = _ids(
        shipped,
        "Fleet Mechanic",
        "Repairs road maintenance and firefighting equipment at the garage.",
    )
    assert "road_maintenance" not in ids


def test_a_line_loaded_is_not_the_line_s_process(shipped):
    ids = _ids(shipped, "Production Hanger", "Hang and load parts on the powder coat line.")
    assert "powder_coating" not in ids


def test_a_line_run_is_its_process(shipped):
    ids = _ids(shipped, "Coating Technician", "Run the powder coat line and adjust the spray guns.")
    assert "powder_coating" in ids


def test_tools_a_mechanic_repairs_are_not_tools_operated(shipped):
    ids = _ids(shipped, "Shop Mechanic", "Repairs and rebuilds conveyors and scissor lifts.")
    assert "conveyor" not in ids
    ids = _ids(shipped, "Shop Mechanic", "Maintains and repairs the dump trucks of the city yard.")
    assert "dump_truck_driving" not in ids


def test_tools_operated_stay(shipped):
    ids = _ids(shipped, "Yard Worker", "Operate cranes and conveyors to move steel bundles.")
    assert {"conveyor", "mobile_crane"} <= ids


def test_a_repair_skill_after_a_repair_verb_stays(shipped):
    ids = _ids(shipped, "Refrigeration Mechanic", "Repair refrigeration equipment in the kitchens.")
    assert "refrigeration_repair" in ids
