"""Pay from source fields: a pay text, or two amounts and a unit word."""

from __future__ import annotations

import pytest

from jobs.connectors.pay import parse_pay_text, pay_range


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("$15 - $18 per hour", (15, 18, "USD", "hour")),
        ("$16.50-$18.00/hr", (16.5, 18, "USD", "hour")),
        ("$52,000 a year", (52000, None, "USD", "year")),
        ("$130,000 USD - $200,000 USD", (130000, 200000, "USD", "year")),
        ("£91K – £115K", (91000, 115000, "GBP", "year")),
        ("$20 hourly", (20, None, "USD", "hour")),
        ("Competitive", None),
    ],
)
def test_pay_from_text(text, expected):
    pay = parse_pay_text(text, notes=[])
    assert (pay.min, pay.max, pay.currency, pay.unit) == expected if expected else pay is None


def test_pay_ranges_order_amounts_and_report_bad_ones():
    notes: list[str] = []
    pay = pay_range("20", "15", unit="per-hour-wage", notes=notes)
    assert (pay.min, pay.max, pay.unit) == (15, 20, "hour")
    assert pay_range("lots", "", notes=notes) is None and "unreadable amount 'lots'" in notes[0]
    assert pay_range(1800, 2100, unit="BW").unit == "week"


def test_pay_text_is_read_by_the_one_pay_reader_and_the_unit_column_fills_in():
    notes: list[str] = []
    # A bonus is not the top of a pay range, and "2nd" is no amount (the old reader took both).
    assert parse_pay_text("$500 sign-on bonus, $19 an hour", notes=notes).max is None
    assert parse_pay_text("2nd shift $18/hr", notes=notes).min == 18
    assert parse_pay_text("$85K annually", notes=notes).unit == "year" and notes == []
    column = parse_pay_text("16.50 - 18.00", unit="Hourly", notes=notes)
    assert (column.min, column.max, column.unit) == (16.5, 18, "hour") and notes == []
    guessed = parse_pay_text("$3,500", notes=notes)
    assert guessed.unit == "month"
    assert notes == ["pay: no pay unit given; month assumed from the amount"]
