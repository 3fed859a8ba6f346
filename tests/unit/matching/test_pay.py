"""Posted pay as an hourly figure: the one conversion (jobs.matching.pay) and its convention."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from jobs.matching.pay import HOURS_PER, HourlyPay, hourly_of, hourly_pay, hourly_text, pay_text
from jobs.matching.rank import rank
from tests.unit.matching.builders import TODAY, person, posting

UNITS = st.sampled_from(sorted(HOURS_PER))
AMOUNTS = st.floats(min_value=0.01, max_value=1e7, allow_nan=False, allow_infinity=False)
OPTIONAL = st.one_of(st.none(), AMOUNTS)


@pytest.mark.parametrize(
    ("low", "high", "unit", "hourly"),
    [
        (19, 22, "hour", (19, 22)),
        (40_000, None, "year", (40_000 / 2080, 40_000 / 2080)),
        (3_000, None, "month", (3_000 * 12 / 2080, 3_000 * 12 / 2080)),
        (None, 800, "week", (20, 20)),
        (160, 200, "day", (20, 25)),
        (22, 19, "hour", (19, 22)),  # upside down: read the right way
    ],
)
def test_the_convention(low, high, unit, hourly):
    assert hourly_pay(low, high, unit) == HourlyPay(*map(pytest.approx, hourly))


@pytest.mark.parametrize(
    ("low", "high", "unit"),
    [(18, None, None), (18, 20, ""), (18, None, "fortnight"), (None, None, "hour"), (0, 0, "hour")],
)
def test_an_unknown_unit_or_amount_is_unknown_not_guessed(low, high, unit):
    assert hourly_pay(low, high, unit) is None


def test_a_month_is_a_twelfth_of_a_2080_hour_year():
    assert HOURS_PER["month"] * 12 == HOURS_PER["year"] == 52 * HOURS_PER["week"]


@given(OPTIONAL, OPTIONAL, UNITS)
def test_low_is_never_above_high(low, high, unit):
    found = hourly_pay(low, high, unit)
    assert (found is None) == (low is None and high is None)
    if found is not None:
        assert 0 < found.low <= found.high


@given(st.floats(min_value=0.01, max_value=1e4), UNITS, UNITS)
def test_units_round_trip(rate, unit, other):
    """An hourly rate stated per any unit comes back as the same rate, whatever the unit."""
    here = hourly_pay(rate * HOURS_PER[unit], None, unit)
    there = hourly_pay(rate * HOURS_PER[other], None, other)
    assert here is not None and there is not None
    assert here.low == pytest.approx(rate) == pytest.approx(there.low)


@given(AMOUNTS, AMOUNTS, AMOUNTS, UNITS)
def test_more_pay_is_never_less_an_hour(low, high, raise_by, unit):
    before = hourly_pay(low, high, unit)
    after = hourly_pay(low + raise_by, high + raise_by, unit)
    assert before is not None and after is not None
    assert after.low >= before.low and after.high >= before.high


def test_hourly_of_reads_a_postings_pay():
    assert hourly_of(posting(pay={"min": 19.0, "max": 22.0, "unit": "hour"}).pay) == HourlyPay(
        19.0, 22.0
    )
    assert hourly_of(None) is None


def test_texts_show_the_range():
    assert hourly_text(HourlyPay(19, 22)) == "$19.00–$22.00 an hour"
    assert hourly_text(HourlyPay(19, 19.001)) == "$19.00 an hour"
    assert pay_text(19, 22, "hour") == "$19.00–$22.00 an hour"
    assert pay_text(40_000, None, "year") == "$40,000.00 a year ($19.23 an hour)"
    assert pay_text(18, None, None) == "$18.00 (unit not stated)"
    assert pay_text(None, None, "hour") == "Pay not stated"


@pytest.mark.parametrize(
    ("pay", "minimum", "points", "words"),
    [
        # The bottom of the range is what is compared: $19-22 does not meet a $20 minimum.
        ({"min": 19.0, "max": 22.0}, 20.0, 70 - 280 * (1 - 19 / 20), "starting below the $20.00"),
        ({"min": 19.0, "max": 22.0}, 19.0, 70, "at or above the $19.00"),
        ({"min": 19.0, "max": 22.0}, 23.0, 70 - 280 * (1 - 19 / 23), "below the $23.00"),
    ],
)
def test_ranking_compares_the_bottom_of_the_range(pay, minimum, points, words):
    job = posting(pay={**pay, "unit": "hour"})
    (result,) = rank(person(min_hourly_wage=minimum), [job], {}, TODAY)
    assert result.components.pay == pytest.approx(points, abs=0.05)
    (reason,) = [r for r in result.reasons if r.code == "pay"]
    assert reason.text.startswith("Pays $19.00–$22.00/hr, " + words)


def test_ranking_does_not_guess_a_missing_unit():
    job = posting(pay={"min": 18.0, "unit": None})
    (result,) = rank(person(), [job], {}, TODAY)
    assert "pay_unknown" in {r.code for r in result.reasons}
