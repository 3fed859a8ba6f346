"""``jobs audit verify``: walk the audit log's hash chain and report the first broken row."""

from __future__ import annotations

import sys

import click

from jobs.cli.runtime import load_runtime, print_json, run_async, transaction
from jobs.services.audit import verify_chain


@click.group("audit")
def audit() -> None:
    """The append-only audit log."""


@audit.command("verify")
@click.option("--json", "as_json", is_flag=True)
@run_async
async def verify_command(as_json: bool) -> None:
    """Check every row's hash and link; exit 1 at the first row that does not hold."""
    async with transaction(load_runtime()) as session:
        report = await verify_chain(session)
    if as_json:
        print_json(
            {
                "rows": report.rows,
                "intact": report.intact,
                "broken_id": report.broken_id,
                "problem": report.problem,
            }
        )
    elif report.intact:
        click.echo(f"{report.rows} rows, chain intact")
    else:
        click.echo(f"audit row {report.broken_id} {report.problem}: the chain is broken", err=True)
    if not report.intact:
        sys.exit(1)
