"""``jobs db``: create, upgrade or downgrade the schema."""

from __future__ import annotations

import click

from jobs.cli.runtime import database, load_settings, run_async
from jobs.store.migrate import current_revision, downgrade, head_revision, upgrade


@click.group("db")
def db() -> None:
    """Database schema."""


@db.command("upgrade")
@click.option("--revision", default="heads", show_default=True, help="Target revision.")
@run_async
async def upgrade_command(revision: str) -> None:
    """Create or upgrade the schema (JOBS_DATABASE_URL)."""
    settings = load_settings()
    async with database(settings, need_schema=False) as engine:
        before = await current_revision(engine)
        await upgrade(engine, revision)
        after = await current_revision(engine)
    if before == after:
        click.echo(f"database already at revision {after}", err=True)
    else:
        click.echo(f"database upgraded from {before or 'empty'} to {after}", err=True)


@db.command("downgrade")
@click.argument("revision")
@run_async
async def downgrade_command(revision: str) -> None:
    """Take the schema back to REVISION (`base` drops every table)."""
    settings = load_settings()
    async with database(settings, need_schema=False) as engine:
        await downgrade(engine, revision)
        after = await current_revision(engine)
    click.echo(f"database now at revision {after or 'base (empty)'}", err=True)


@db.command("status")
@run_async
async def status_command() -> None:
    """Show the schema revision and whether it is the newest."""
    settings = load_settings()
    async with database(settings, need_schema=False) as engine:
        current = await current_revision(engine)
    head = head_revision()
    state = "up to date" if current == head else f"behind (newest is {head})"
    click.echo(f"revision {current or 'none'}: {state}")
