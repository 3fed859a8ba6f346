"""The one reader of pay text: the convention both a posting's text and a pay field follow."""

from __future__ import annotations

import pytest

from jobs.skills.pay import StatedPay, find_pay, read_pay_field


@pytest.mark.parametrize(
    ("text", "low", "high", "unit", "currency"),
    [
        # unit words after the amounts
        ("$18-$22 an hour", 18, 22, "hour", "USD"),
        ("$18 - 22 per hour", 18, 22, "hour", "USD"),
        ("$16.50-$18.00/hr", 16.5, 18, "hour", "USD"),
        ("$19 p/h", 19, None, "hour", "USD"),
        ("$20-$25 Hourly", 20, 25, "hour", "USD"),
        ("$150/day", 150, None, "day", "USD"),
        ("$1,250 - $1,500 a week", 1250, 1500, "week", "USD"),
        ("$4,200 monthly", 4200, None, "month", "USD"),
        ("$52,000 a year", 52000, None, "year", "USD"),
        ("From $45,000 to $55,000 per annum", 45000, 55000, "year", "USD"),
        ("$85K annually", 85000, None, "year", "USD"),
        # biweekly amounts are halved and read per week
        ("$1,800 biweekly", 900, None, "week", "USD"),
        # a word shortly before the amounts
        ("Hourly rate: $18", 18, None, "hour", "USD"),
        ("ANNUAL SALARY\n$45,309 to $66,231", 45309, 66231, "year", "USD"),
        # "k" is thousands; codes beat signs; other currencies
        ("$130,000 USD - $200,000 USD", 130000, 200000, None, "USD"),
        ("$130,000 CAD", 130000, None, None, "CAD"),
        ("£91K – £115K", 91000, 115000, None, "GBP"),
        ("USD 18 - 22 hourly", 18, 22, "hour", "USD"),
        # a second amount below the first is no range; bonuses are not pay
        ("$15 to 2 years", 15, None, None, "USD"),
        ("$500 sign-on bonus, $19 an hour", 19, None, "hour", "USD"),
    ],
)
def test_pay_field_convention(text, low, high, unit, currency):
    assert read_pay_field(text) == StatedPay(low=low, high=high, unit=unit, currency=currency)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15.50", StatedPay(low=15.5, high=None, unit=None, currency="USD")),
        ("16.50 - 18.00", StatedPay(low=16.5, high=18, unit=None, currency="USD")),
        ("20.00 - 25.00 USD per hour", StatedPay(low=20, high=25, unit="hour", currency="USD")),
        # a marked amount is preferred to a bare number
        ("2nd shift $18/hr", StatedPay(low=18, high=None, unit="hour", currency="USD")),
        ("Competitive", None),
        ("DOE", None),
    ],
)
def test_pay_field_reads_bare_numbers(text, expected):
    assert read_pay_field(text) == expected


@pytest.mark.parametrize(
    ("text", "low", "high", "unit"),
    [
        ("Pay is $18-$22 an hour.", 18, 22, "hour"),
        ("We pay $17 to start.", 17, 17, "hour"),  # under 200 with no unit word: per hour
        ("Salary: $40k-$45k", 40000, 45000, "year"),  # 10,000 or more: per year
        ("Earn $130,000 USD - $200,000 USD.", 130000, 200000, "year"),
        ("$1,800 biweekly", 900, 900, "week"),
    ],
)
def test_pay_in_posting_text(text, low, high, unit):
    pay = find_pay(text)
    assert (pay.min, pay.max, pay.unit) == (low, high, unit)
    assert text[pay.evidence.start : pay.evidence.end] == pay.evidence.text


def test_running_text_needs_a_currency_and_passes_over_unclear_amounts():
    assert find_pay("Lift 50 lbs for 8 hours a day, 5 days a week.") is None
    assert find_pay("A $2,500 deposit is required; pay is $18/hr") is not None
    assert find_pay("Bring $2,500 of tools.") is None  # between 200 and 10,000, no unit: not pay
    assert find_pay("$500 sign-on bonus! $19 an hour").min == 19
