"""Score weights are settings: JOBS_SCORE_* reach the ranking, and bad ones are named."""

import datetime as dt
import re

import pytest

from jobs.errors import ConfigurationError
from jobs.matching import InvalidWeight, ScoreWeights, rank, score_weights
from jobs.runtime import weights_for
from jobs.settings import Settings
from tests.unit.matching.builders import TODAY, person, posting

FELON = {"felony": True, "offense_categories": ["drug_possession"], "release_date": "2026-10-01"}


def settings_with(**variables: str) -> Settings:
    env = {"JOBS_SECRET_KEY": "x" * 40, **{f"JOBS_SCORE_{k}": v for k, v in variables.items()}}
    return Settings.from_env(env)


def score(weights: ScoreWeights | None, **who) -> float:
    job = posting(pay={"min": 30.0, "unit": "hour"})
    (result,) = rank(person(**who), [job], {}, TODAY, weights=weights)
    return result.score


def test_the_environment_reaches_the_weights():
    weights = weights_for(settings_with(SKILLS="0.6", WOTC_HIRES_THROUGH="none", PAY="0"))
    assert (weights.skills, weights.pay, weights.wotc_hires_through) == (0.6, 0.0, None)
    assert weights_for(settings_with()) == ScoreWeights()


def test_a_changed_weight_changes_the_score():
    base = score(None)
    assert score(score_weights({"pay": "3.0"})) > base  # the job pays double the minimum
    assert score(score_weights({"pay": "0"})) < base


def test_the_wotc_date_is_a_setting():
    lapsed = rank(person(record=FELON), [posting()], {}, TODAY)[0]
    assert "wotc_lapsed" in {r.code for r in lapsed.reasons}
    renewed = score_weights({"wotc_hires_through": "2027-12-31"})
    found = rank(person(record=FELON), [posting()], {}, TODAY, weights=renewed)[0]
    assert "wotc" in {r.code for r in found.reasons}
    assert found.score > lapsed.score
    assert renewed.wotc_hires_through == dt.date(2027, 12, 31)


@pytest.mark.parametrize(("name", "value", "words"), [
    ("skills", "lots", "must be a number, not 'lots'"),
    ("transit", "-1", "must be a number of 0 or more"),
    ("pay", "nan", "must be a number of 0 or more"),
    ("no_ride_home_factor", "1.5", "is a factor between 0 and 1"),
    ("skill_match_at", "120", "is on the 0-100 scale"),
    ("reference_wage", "0", "must be more than 0"),
    ("wotc_hires_through", "soon", "must be a date YYYY-MM-DD or 'none'"),
    ("skils", "0.3", "is not a score weight (known: skills, title,"),
])  # fmt: skip
def test_invalid_weights_are_named(name, value, words):
    with pytest.raises(InvalidWeight, match=re.escape(words)):
        score_weights({name: value})
    with pytest.raises(ConfigurationError) as caught:
        weights_for(settings_with(**{name.upper(): value}))
    assert caught.value.message.startswith(f"JOBS_SCORE_{name.upper()} {words}")


def test_all_component_weights_zero_is_refused():
    zero = {name: "0" for name in ("skills", "title", "transit", "pay", "schedule", "fair_chance")}
    with pytest.raises(InvalidWeight, match="are all zero"):
        score_weights(zero)


def test_a_driver_with_no_bus_is_told_so():
    from tests.unit.matching.builders import reach

    no_bus = reach()
    no_bus = no_bus.__class__(
        to_work=no_bus.to_work.__class__(reachable=False),
        home=no_bus.home,
        home_after_shift=False,
    )
    driver = person(drivers_license=True, has_vehicle=True)
    (result,) = rank(driver, [posting()], {"P-1": no_bus}, TODAY)
    texts = {r.code: r.text for r in result.reasons}
    assert texts["drives"] == "No bus gets there in time for the shift; participant drives"
    assert result.components.transit == 80.0
