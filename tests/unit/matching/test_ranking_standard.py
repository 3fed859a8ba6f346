"""The ranking standard (RANKING.md): fit first, logistics gated by fit, a monotone score, and a
fit band on every result whose reason comes first."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from jobs.matching import ScoreWeights, rank
from jobs.matching.score import combine, fit_points, logistics_points
from tests.unit.matching.builders import TODAY, person, posting, reach

points = st.floats(0, 100)
share = st.floats(0, 1)
six = st.lists(points, min_size=6, max_size=6)


def _weights(data: st.DataObject) -> ScoreWeights:
    return ScoreWeights(
        skills=data.draw(share), title=data.draw(share), transit=data.draw(share),
        pay=data.draw(share), schedule=data.draw(share), fair_chance=data.draw(share),
        fit_share=data.draw(share), fit_floor=data.draw(share),
        entry_level_fit=data.draw(points), fit_cap=data.draw(points),
    )  # fmt: skip


def _score(parts: list[float], entry: bool, w: ScoreWeights) -> float:
    skills, title, transit, pay, schedule, fair = (np.asarray([p]) for p in parts)
    fit, _ = fit_points(skills, title, np.asarray([entry]), w)
    return float(combine(fit, logistics_points(transit, pay, schedule, fair, w), w)[0])


@given(st.data(), six, st.integers(0, 5), points, st.booleans())
def test_more_of_any_component_never_lowers_the_score(data, parts, which, more, entry):
    w = _weights(data)
    raised = list(parts)
    raised[which] = max(parts[which], more)
    assert _score(raised, entry, w) >= _score(parts, entry, w) - 1e-9


@given(st.data(), six)
def test_an_entry_level_job_fits_at_least_as_well(data, parts):
    w = _weights(data)
    assert _score(parts, True, w) >= _score(parts, False, w) - 1e-9


WAREHOUSE_MAN = {
    "skills": ["pallet jack", "loading trucks", "inventory scanning"],
    "credentials": [],
    "work_history": [{"title": "warehouse associate", "years": 3.0}],
    "desired_titles": ["warehouse associate"],
}
CARPENTRY = ["framing", "blueprint reading", "finish carpentry", "power saws", "drywall"]


def _skills(labels: list[str], required: bool = True) -> list[dict[str, object]]:
    return [{"label": label, "required": required} for label in labels]


def test_a_job_fitting_experience_beats_a_stretch_with_a_shorter_ride_and_more_pay():
    helper = posting(
        id="carpenter", title="Carpenter Helper", pay={"min": 24.0, "unit": "hour"},
        requirements={"skills": _skills(CARPENTRY), "experience_years": 2.0},
    )  # fmt: skip
    warehouse = posting(
        id="warehouse", title="Warehouse Associate", pay={"min": 17.0, "unit": "hour"},
        requirements={"skills": _skills(["pallet jack", "loading trucks"])},
    )  # fmt: skip
    results = rank(
        person(**WAREHOUSE_MAN),
        [helper, warehouse],
        {"carpenter": reach(minutes=12), "warehouse": reach(minutes=48)},
        TODAY,
    )
    assert [r.posting_id for r in results] == ["warehouse", "carpenter"]
    assert [r.fit_band for r in results] == ["fits_experience", "stretch"]
    assert results[1].reasons[0].code == "stretch"


NEWCOMER = {
    "skills": [],
    "credentials": [],
    "work_history": [],
    "desired_titles": [],
}


def test_an_entry_level_job_beats_a_stretch_for_someone_with_no_history():
    dishwasher = posting(
        id="dish", title="Dishwasher", pay={"min": 15.0, "unit": "hour"},
        requirements={"skills": _skills(["dishwashing", "sanitation", "trash removal"]),
                      "entry_level": True},
    )  # fmt: skip
    cook = posting(
        id="cook", title="Line Cook", pay={"min": 19.0, "unit": "hour"},
        requirements={"skills": _skills(["grill", "knife skills", "food preparation"]),
                      "experience_years": 2.0},
    )  # fmt: skip
    results = rank(
        person(**NEWCOMER), [cook, dishwasher], {"dish": reach(45), "cook": reach(15)}, TODAY
    )
    assert [r.posting_id for r in results] == ["dish", "cook"]
    dish = results[0]
    assert dish.fit_band == "entry_level"
    assert dish.reasons[0].text == "Entry-level: no experience needed; the job trains"
    taught = next(r for r in dish.reasons if r.code == "skills")
    assert taught.text.startswith("The job teaches: dishwashing")
    assert "missing" not in taught.text


def test_a_job_asking_no_skills_beats_a_stretch():
    open_job = posting(id="open", title="General Helper", requirements={"skills": []})
    stretch = posting(id="stretch", title="Machinist", requirements={"skills": _skills(
        ["cnc programming", "blueprint reading", "micrometers"])})  # fmt: skip
    results = rank(person(**NEWCOMER), [stretch, open_job], {}, TODAY)
    assert [(r.posting_id, r.fit_band) for r in results] == [
        ("open", "open"),
        ("stretch", "stretch"),
    ]


def test_the_band_reason_comes_after_the_reason_that_set_a_lower_tier():
    bar = posting(
        id="bar", title="Barback",
        policy={"industry": "bars", "naics": "722410"},
        requirements={"setting": [{"flag": "alcohol_primary"}], "entry_level": True},
    )  # fmt: skip
    who = person(**NEWCOMER, supervision={"conditions": ["no_alcohol_venues"]})
    (result,) = rank(who, [bar], {}, TODAY, all_tiers=True)
    assert result.tier != "eligible"
    assert result.reasons[0].tier == result.tier
    assert result.fit_band == "entry_level"
