"""At 23:30 in Kansas City on 31 December it is already 1 January in UTC: the pages' "today" and
the report's default period (the calendar year to date) follow the program's time zone."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner

from jobs import clock
from jobs.cli import main
from tests.integration.web.world import sign_in

pytestmark = pytest.mark.anyio

# 23:30 on 31 December 2025 in America/Chicago (the default JOBS_TIMEZONE).
NEW_YEARS_EVE_LATE = datetime(2026, 1, 1, 5, 30, tzinfo=UTC)


@pytest.fixture
def late_on_new_years_eve(monkeypatch):
    """Stop the program's clock (only the one ``program_today`` reads) at that moment."""
    monkeypatch.setattr(clock, "utc_now", lambda: NEW_YEARS_EVE_LATE)


async def test_the_report_page_covers_the_year_that_is_ending_in_kansas_city(
    client, late_on_new_years_eve
):
    await sign_in(client, "spec1")
    report = (await client.get("/reports/outcomes.json")).json()
    assert (report["period_from"], report["period_to"]) == ("2025-01-01", "2025-12-31")
    assert report["as_of"] == "2025-12-31"
    checkins = await client.get("/reports/checkins")
    assert "today is 2025-12-31" in checkins.text


def test_the_report_command_counts_the_chicago_date_as_today(cli_env, late_on_new_years_eve):
    assert CliRunner().invoke(main, ["db", "upgrade"], env=cli_env).exit_code == 0
    result = CliRunner().invoke(main, ["report", "outcomes", "--json"], env=cli_env)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert (report["period_from"], report["period_to"]) == ("2025-01-01", "2025-12-31")
    assert report["as_of"] == "2025-12-31"
