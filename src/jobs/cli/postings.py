"""``jobs postings``: what is stored."""

from __future__ import annotations

import click

from jobs.cli.runtime import load_runtime, print_json, run_async, transaction
from jobs.services.postings import StatusFilter, list_postings


@click.group("postings")
def postings() -> None:
    """Job postings."""


@postings.command("list")
@click.option(
    "--status", type=click.Choice(["open", "closed", "all"]), default="open", show_default=True
)
@click.option("--json", "as_json", is_flag=True)
@run_async
async def list_command(status: StatusFilter, as_json: bool) -> None:
    """List postings."""
    runtime = load_runtime()
    async with transaction(runtime) as session:
        rows = await list_postings(session, status)
    if as_json:
        print_json(rows)
        return
    for row in rows:
        place = (row["locations"][0].get("city") or "") if row["locations"] else ""
        dup = f" (duplicate of {row['duplicate_of']})" if row["duplicate_of"] else ""
        click.echo(
            f"{row['id']:>6} {row['status']:<6} {row['title'][:48]:<48} "
            f"{row['employer'][:28]:<28} {place}{dup}"
        )
    click.echo(f"{len(rows)} postings", err=True)
