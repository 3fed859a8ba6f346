"""``jobs retention``: remove personal data nobody has touched for the retention period."""

from __future__ import annotations

import click

from jobs.cli.runtime import load_runtime, print_json, run_async, transaction
from jobs.cli.who import cli_actor
from jobs.services.retention import purge


@click.group("retention")
def retention() -> None:
    """Retention of participants' personal data (JOBS_RETENTION_YEARS, default 7)."""


@retention.command("purge")
@click.option("--dry-run", is_flag=True, help="Only say who would be deleted or anonymised.")
@click.option("--json", "as_json", is_flag=True, help="Print the outcome as JSON.")
@run_async
async def purge_command(dry_run: bool, as_json: bool) -> None:
    """Delete (or anonymise, when placements must stay counted) stale participants."""
    runtime = load_runtime()
    settings = runtime.settings
    async with transaction(runtime) as session:
        report = await purge(session, settings.retention, dry_run=dry_run, actor=cli_actor())
    if as_json:
        print_json(report)
        return
    verb = "would" if dry_run else "did"
    click.echo(
        f"untouched since {report.cutoff:%Y-%m-%d}: {verb} delete {len(report.deleted)} and "
        f"anonymise {len(report.anonymised)} of {report.participants_checked} participants"
    )
