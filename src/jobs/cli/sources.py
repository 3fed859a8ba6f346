"""``jobs sources``: where postings come from."""

from __future__ import annotations

import click

from jobs.cli.runtime import load_runtime, print_json, run_async, transaction
from jobs.connectors import KINDS
from jobs.services.sources import add_source, list_sources, parse_settings


@click.group("sources")
def sources() -> None:
    """Job boards, employer systems, feeds and files to sync."""


@sources.command("add")
@click.argument("kind", type=click.Choice(sorted(KINDS)))
@click.argument("name")
@click.option("--base-url", help="Replace the API's scheme, host and path prefix (mirrors, tests).")
@click.option("--set", "pairs", multiple=True, metavar="KEY=VALUE", help="Source setting.")
@click.option("--every", "interval", type=click.IntRange(5, None), help="Sync every N minutes.")
@click.option(
    "--employer", "employer_key", help="Key of the employer whose own system this source is."
)
@click.option("--json", "as_json", is_flag=True)
@run_async
async def add_command(
    kind: str,
    name: str,
    base_url: str | None,
    pairs: tuple[str, ...],
    interval: int | None,
    employer_key: str | None,
    as_json: bool,
) -> None:
    """Add a source of KIND called NAME."""
    runtime = load_runtime()
    config = parse_settings(pairs)
    async with transaction(runtime) as session:
        source = await add_source(
            session,
            kind=kind,
            name=name,
            config=config,
            base_url=base_url,
            interval_minutes=interval,
            employer_key=employer_key,
        )
        result = {"id": source.id, "name": source.name, "kind": source.kind, "config": config}
    if as_json:
        print_json(result)
    else:
        click.echo(f"added {kind} source {name!r}", err=True)


@sources.command("list")
@click.option("--json", "as_json", is_flag=True)
@run_async
async def list_command(as_json: bool) -> None:
    """List sources with their open postings and last sync."""
    runtime = load_runtime()
    async with transaction(runtime) as session:
        rows = await list_sources(session)
    if as_json:
        print_json(rows)
        return
    for row in rows:
        last = row["last_sync"]
        state = f"last sync {last['status']} {last['finished_at']}" if last else "never synced"
        click.echo(f"{row['name']:<24} {row['kind']:<16} {row['open_postings']:>5} open  {state}")
