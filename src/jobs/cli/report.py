"""``jobs report``: program outcomes for a period, the projection promised to the funder, and the
WOTC setting."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import click

from jobs.cli.dates import DATE, TODAY_HELP, report_day
from jobs.cli.runtime import load_runtime, print_json, run_async, transaction
from jobs.errors import InvalidInput
from jobs.services.outcomes_report import default_period, outcomes_report, report_csv
from jobs.services.placements import set_projection, set_wotc_authorized_through, wotc_policy


@click.group("report")
def report() -> None:
    """Program reports for funders."""


@report.command("outcomes")
@click.option("--from", "start", type=DATE, help="First day (default: 1 January of --to's year).")
@click.option("--to", "end", type=DATE, help="Last day (default: today).")
@click.option("--today", type=DATE, help=TODAY_HELP)
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option(
    "--csv",
    "csv_path",
    type=click.Path(dir_okay=False, writable=True, path_type=Path, allow_dash=True),
    help="Also write the report as CSV to PATH ('-' for stdout).",
)
@run_async
async def outcomes_command(
    start: date | None, end: date | None, today: date | None, as_json: bool, csv_path: Path | None
) -> None:
    """Participants served, placements, wages, retention, returns to custody: for a period."""
    day = report_day(today)
    period = default_period(day, start, end)
    runtime = load_runtime()
    async with transaction(runtime) as session:
        result = await outcomes_report(session, period, day, runtime.settings.clock.zone)
    if csv_path is not None:
        text = report_csv(result)
        if str(csv_path) == "-":
            if as_json:
                raise click.UsageError("--csv - and --json both want stdout: choose one")
            click.echo(text, nl=False)
            return
        _write(csv_path, text)
    if as_json:
        print_json(result)
        return
    _print_summary(result)


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise click.ClickException(f"cannot write {path}: {exc.strerror}") from None
    click.echo(f"wrote {path}", err=True)


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value * 100:.1f}%"


def _print_summary(r: Any) -> None:
    click.echo(f"Program outcomes {r.period_from} to {r.period_to} (as of {r.as_of})")
    projected = (
        f" of {r.participants_projected} projected ({_pct(r.served_of_projection)})"
        if r.participants_projected is not None
        else ""
    )
    click.echo(f"  participants served     {r.participants_served}{projected}")
    click.echo(
        f"  placements              {r.placements} ({r.participants_placed} people placed, "
        f"rate {_pct(r.placement_rate)})"
    )
    wage = "n/a" if r.median_hourly_wage is None else f"${r.median_hourly_wage:.2f}"
    click.echo(f"  median hourly wage      {wage}")
    for kind, count in r.retention.items():
        click.echo(
            f"  retained at {kind:>3} days     {count.retained} of {count.eligible} "
            f"({_pct(count.rate)})"
        )
    q2, q4 = r.employed_q2_after_exit, r.employed_q4_after_exit
    click.echo(f"  employed Q2 after exit  {q2.employed} of {q2.exiters} ({_pct(q2.rate)})")
    click.echo(f"  employed Q4 after exit  {q4.employed} of {q4.exiters} ({_pct(q4.rate)})")
    kinds = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in r.returns_by_type.items())
    click.echo(
        f"  returns to custody      {r.returns_to_custody} ({kinds}); "
        f"recidivism {_pct(r.recidivism_rate)}"
    )
    days = r.median_days_to_first_placement
    click.echo(f"  intake to first job     {'n/a' if days is None else f'{days:g} days'} (median)")
    for heading, rows in (("By specialist", r.by_specialist), ("By employer", r.by_employer)):
        click.echo(f"{heading}:")
        for row in rows:
            wage = "n/a" if row.median_hourly_wage is None else f"${row.median_hourly_wage:.2f}"
            served = (
                "" if row.participants_served is None else f"served {row.participants_served:>3}  "
            )
            click.echo(
                f"  {row.name[:34]:<34} {served}placements {row.placements:>3} "
                f"({_pct(row.placement_rate) if served else f'{row.participants_placed} placed'})  "
                f"median wage {wage}"
            )


@report.command("projection")
@click.option("--from", "start", type=DATE, required=True)
@click.option("--to", "end", type=DATE, required=True)
@click.option("--participants", type=click.IntRange(min=0), required=True)
@click.option("--placements", type=click.IntRange(min=0))
@run_async
async def projection_command(
    start: date, end: date, participants: int, placements: int | None
) -> None:
    """Set what the program promised its funder for a period."""
    async with transaction(load_runtime()) as session:
        await set_projection(session, start, end, participants, placements)
    click.echo(f"projection {start}..{end}: {participants} participants", err=True)


@report.command("wotc")
@click.option(
    "--authorized-through",
    help="Last hiring date the credit covers (YYYY-MM-DD), or 'none' for no end date.",
)
@run_async
async def wotc_command(authorized_through: str | None) -> None:
    """Show (or set, after Congress acts) whether the WOTC is available for new hires."""
    async with transaction(load_runtime()) as session:
        if authorized_through is not None:
            value = authorized_through.strip().lower()
            try:
                through = None if value == "none" else date.fromisoformat(value)
            except ValueError:
                raise InvalidInput(
                    f"--authorized-through: give a date (YYYY-MM-DD) or none, not {value!r}"
                ) from None
            policy = await set_wotc_authorized_through(session, through)
        else:
            policy = await wotc_policy(session)
    if policy.authorized_through is None:
        click.echo("WOTC: authorised with no end date")
    else:
        click.echo(f"WOTC: available for hires up to {policy.authorized_through}; in hiatus after")
