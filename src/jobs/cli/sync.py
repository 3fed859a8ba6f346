"""``jobs sync``: pull postings from the sources."""

from __future__ import annotations

import os

import click

from jobs.cli.runtime import http_client, load_runtime, print_json, run_async, sessions
from jobs.services.refresh import after_sync
from jobs.services.sync import SyncResult, sync


def _show(stage: str, result: SyncResult) -> None:
    if stage == "fetching":
        click.echo(f"… {result.source}: fetching", err=True)
        return
    colour = {"ok": "green", "partial": "yellow", "failed": "red"}[result.status]
    click.secho(
        f"✓ {result.source}: {result.status} — {result.fetched} fetched, {result.created} new, "
        f"{result.updated} updated, {result.unchanged} unchanged, {result.closed} closed, "
        f"{result.quarantined} quarantined ({result.seconds:.1f}s)",
        fg=colour,
        err=True,
    )
    for error in result.errors:
        click.echo(f"    {error}", err=True)


@click.command("sync")
@click.argument("names", nargs=-1)
@click.option(
    "--allow-mass-close",
    is_flag=True,
    help="Close postings even when most or all of a source's postings vanished.",
)
@click.option("--json", "as_json", is_flag=True)
@run_async
async def sync_command(names: tuple[str, ...], allow_mass_close: bool, as_json: bool) -> None:
    """Sync the named sources (every enabled source when none is named)."""
    runtime = load_runtime()
    async with sessions(runtime) as factory, http_client(runtime) as client:
        results = await sync(
            factory,
            client,
            names,
            allow_mass_close=allow_mass_close,
            environment=dict(os.environ),
            progress=None if as_json else _show,
            after_store=after_sync(runtime),
        )
    if as_json:
        print_json(results)
    failed = [r.source for r in results if r.status == "failed"]
    if failed:
        raise click.ClickException(f"sync failed for {', '.join(failed)}")
