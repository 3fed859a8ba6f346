"""Dates on the command line: the YYYY-MM-DD parameter type and the report day."""

from __future__ import annotations

from datetime import date
from typing import Any

import click

from jobs.cli.runtime import load_settings
from jobs.clock import program_today


class DateType(click.ParamType):
    """A calendar date written YYYY-MM-DD."""

    name = "DATE"

    def convert(self, value: Any, param: Any, ctx: Any) -> date:
        if isinstance(value, date):
            return value
        try:
            return date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"{value!r} is not a date (YYYY-MM-DD)", param, ctx)


DATE = DateType()
TODAY_HELP = "The report day (default: the clock's date)."


def report_day(value: date | None) -> date:
    """The day given with ``--today``, else the clock's date."""
    return value or program_today(load_settings().clock.zone)
