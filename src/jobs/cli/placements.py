"""``jobs placements``: record hires, check-ins, separations, intake and exit, returns to custody;
list a participant's jobs, the check-ins due and the employer incentives."""

from __future__ import annotations

from datetime import date
from typing import Any

import click
from sqlalchemy import select

from jobs.cli.dates import DATE, TODAY_HELP, report_day
from jobs.cli.runtime import load_runtime, print_json, run_async, transaction
from jobs.cli.who import audit_cli
from jobs.errors import NotFound
from jobs.outcomes.records import CUSTODY_KINDS, SEPARATION_KINDS
from jobs.services.follow_up import due_checkpoints, incentives, participant_timeline
from jobs.services.participants import get_participant
from jobs.services.placements import (
    PlacementIn,
    enroll,
    record_check,
    record_custody,
    record_exit,
    record_placement,
    record_separation,
)
from jobs.store import Employer, Posting, User


@click.group("placements")
def placements() -> None:
    """Hires and what follows: checks, separations, exits, returns to custody."""


async def _user_id(session: Any, email: str) -> int:
    user_id = await session.scalar(select(User.id).where(User.email == email.strip().lower()))
    if user_id is None:
        raise NotFound(f"no account {email}")
    return user_id


@placements.command("add")
@click.argument("participant")
@click.option("--employer", "employer_key", required=True, help="Employer key.")
@click.option("--start", "start_date", type=DATE, required=True)
@click.option("--wage", type=float, required=True, help="Hourly wage in dollars.")
@click.option("--hours", type=float, required=True, help="Hours a week.")
@click.option("--title", default="", help="Job title (default: the posting's).")
@click.option("--posting", "posting_ref", help="The posting's id or source_job_id.")
@click.option("--shift", default="")
@click.option("--offered", type=DATE, help="The day of the job offer.")
@click.option("--by", "recorded_by", help="Email of the account recording the hire.")
@click.option("--json", "as_json", is_flag=True)
@run_async
async def add_command(
    participant: str,
    employer_key: str,
    start_date: date,
    wage: float,
    hours: float,
    title: str,
    posting_ref: str | None,
    shift: str,
    offered: date | None,
    recorded_by: str | None,
    as_json: bool,
) -> None:
    """Record a hire; creates its 30/90/180-day checks."""
    async with transaction(load_runtime()) as session:
        person = await get_participant(session, participant)
        employer = await session.scalar(select(Employer).where(Employer.key == employer_key))
        if employer is None:
            raise NotFound(f"no employer with key {employer_key!r}")
        posting_id = None
        if posting_ref:
            query = select(Posting.id).where(Posting.source_job_id == posting_ref)
            if posting_ref.isdigit():
                query = select(Posting.id).where(Posting.id == int(posting_ref))
            posting_id = await session.scalar(query)
            if posting_id is None:
                raise NotFound(f"no posting {posting_ref!r}")
        row = await record_placement(
            session,
            PlacementIn(
                participant_id=person.id,
                employer_id=employer.id,
                posting_id=posting_id,
                job_title=title,
                start_date=start_date,
                hourly_wage=wage,
                hours_per_week=hours,
                shift=shift,
                offered_on=offered,
            ),
            recorded_by=await _user_id(session, recorded_by) if recorded_by else None,
        )
        await audit_cli(session, "cli_add_placement", "placement", row.id, participant_id=person.id)
        result = {
            "id": row.id,
            "participant": person.external_ref,
            "employer": employer.key,
            "start_date": row.start_date.isoformat(),
            "checkpoints": [
                {"id": c.id, "kind": c.kind, "due_on": c.due_on.isoformat()}
                for c in row.checkpoints
            ],
        }
    if as_json:
        print_json(result)
    else:
        click.echo(f"placement {result['id']} recorded", err=True)


@placements.command("list")
@click.argument("participant")
@click.option("--today", type=DATE, help=TODAY_HELP)
@click.option("--json", "as_json", is_flag=True)
@run_async
async def list_command(participant: str, today: date | None, as_json: bool) -> None:
    """One participant's jobs with their checks."""
    async with transaction(load_runtime()) as session:
        person = await get_participant(session, participant)
        entries = await participant_timeline(session, person.id, report_day(today))
        await audit_cli(
            session, "cli_list_placements", "participant", person.id, participant_id=person.id
        )
    if as_json:
        print_json({"participant": person.external_ref, "placements": entries})
        return
    for entry in entries:
        end = f" to {entry.separated_on} ({entry.separation_kind})" if entry.separated_on else ""
        again = " [after a separation]" if entry.after_separation else ""
        click.echo(
            f"{entry.placement_id:>5}  {entry.start_date}{end}  {entry.job_title} at "
            f"{entry.employer_name}{again}"
        )
        for check in entry.checkpoints:
            click.echo(f"         {check.kind:>4} {check.due_on}  {check.outcome}")


@placements.command("check")
@click.argument("checkpoint_id", type=int)
@click.argument("status", type=click.Choice(["confirmed", "missed", "unknown"]))
@click.option("--note", default="")
@click.option("--earnings", type=float, help="Quarterly earnings (q2/q4 checks).")
@click.option("--today", type=DATE, help=TODAY_HELP)
@run_async
async def check_command(
    checkpoint_id: int, status: str, note: str, earnings: float | None, today: date | None
) -> None:
    """Record a retention check as confirmed, missed or unknown."""
    async with transaction(load_runtime()) as session:
        await record_check(
            session, checkpoint_id, status, today=report_day(today), note=note, earnings=earnings
        )
        await audit_cli(session, "cli_record_check", "checkpoint", checkpoint_id)
    click.echo(f"checkpoint {checkpoint_id}: {status}", err=True)


@placements.command("separate")
@click.argument("placement_id", type=int)
@click.option("--on", "separated_on", type=DATE, required=True, help="The last day of work.")
@click.option("--kind", type=click.Choice(SEPARATION_KINDS), required=True)
@click.option("--reason", required=True)
@run_async
async def separate_command(placement_id: int, separated_on: date, kind: str, reason: str) -> None:
    """Record that a job ended, and why."""
    async with transaction(load_runtime()) as session:
        await record_separation(session, placement_id, separated_on, kind, reason)
        await audit_cli(session, "cli_record_separation", "placement", placement_id)
    click.echo(f"placement {placement_id} ended {separated_on}", err=True)


@placements.command("intake")
@click.argument("participant")
@click.option("--on", "intake_on", type=DATE, required=True)
@run_async
async def intake_command(participant: str, intake_on: date) -> None:
    """Set a participant's intake date."""
    async with transaction(load_runtime()) as session:
        person = await get_participant(session, participant)
        await enroll(session, person.id, intake_on)
        await audit_cli(
            session, "cli_record_intake", "participant", person.id, participant_id=person.id
        )
    click.echo(f"{participant}: intake {intake_on}", err=True)


@placements.command("exit")
@click.argument("participant")
@click.option("--on", "exited_on", type=DATE, required=True)
@click.option("--reason", default="")
@run_async
async def exit_command(participant: str, exited_on: date, reason: str) -> None:
    """Record a participant's exit (adds the 2nd/4th-quarter checks)."""
    async with transaction(load_runtime()) as session:
        person = await get_participant(session, participant)
        await record_exit(session, person.id, exited_on, reason)
        await audit_cli(
            session, "cli_record_exit", "participant", person.id, participant_id=person.id
        )
    click.echo(f"{participant}: exited {exited_on}", err=True)


@placements.command("custody")
@click.argument("participant")
@click.option("--kind", type=click.Choice(CUSTODY_KINDS), required=True)
@click.option("--on", "occurred_on", type=DATE, required=True)
@click.option("--note", default="")
@run_async
async def custody_command(participant: str, kind: str, occurred_on: date, note: str) -> None:
    """Record a return to custody."""
    async with transaction(load_runtime()) as session:
        person = await get_participant(session, participant)
        await record_custody(session, person.id, kind, occurred_on, note=note)
        await audit_cli(
            session, "cli_record_custody", "participant", person.id, participant_id=person.id
        )
    click.echo(f"{participant}: {kind.replace('_', ' ')} on {occurred_on}", err=True)


@placements.command("due")
@click.argument("specialist_email")
@click.option("--today", type=DATE, help=TODAY_HELP)
@click.option("--within", "within_days", type=click.IntRange(0, 365), default=14)
@click.option("--json", "as_json", is_flag=True)
@run_async
async def due_command(
    specialist_email: str, today: date | None, within_days: int, as_json: bool
) -> None:
    """Check-ins due for a specialist's caseload (overdue first)."""
    async with transaction(load_runtime()) as session:
        specialist = await _user_id(session, specialist_email)
        rows = await due_checkpoints(
            session, specialist, report_day(today), within_days=within_days
        )
        await audit_cli(session, "cli_list_due_checks", "checkpoint", detail={"n": len(rows)})
    if as_json:
        print_json(rows)
        return
    for row in rows:
        late = f"{row.days_overdue} days overdue" if row.days_overdue else "due"
        click.echo(
            f"{row.due_on}  {row.participant_ref:<8} {row.label:<24} {row.job_title} at "
            f"{row.employer_name} ({late})"
        )


@placements.command("incentives")
@click.option("--placement", "placement_id", type=int)
@click.option("--today", type=DATE, help=TODAY_HELP)
@click.option("--json", "as_json", is_flag=True)
@run_async
async def incentives_command(placement_id: int | None, today: date | None, as_json: bool) -> None:
    """WOTC and Federal Bonding for each placement, with deadlines."""
    async with transaction(load_runtime()) as session:
        rows = await incentives(
            session,
            report_day(today),
            placement_ids=[placement_id] if placement_id is not None else None,
        )
        await audit_cli(session, "cli_list_incentives", "placement", detail={"n": len(rows)})
    if as_json:
        print_json(rows)
        return
    for row in rows:
        click.echo(f"{row.placement_id:>5}  {row.participant_name} at {row.employer_name}")
        click.echo(f"       WOTC: {row.wotc.status}: {row.wotc.reason}")
        for step in row.wotc.deadlines + row.bonding.deadlines:
            click.echo(f"         {step.state:<8} {step.due_on or '?'}  {step.label}")
        if row.bonding.eligible:
            click.echo(
                f"       Bond: ${row.bonding.amount:,} {row.bonding.coverage_starts} to "
                f"{row.bonding.coverage_ends}"
            )
