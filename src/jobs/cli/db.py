"""``jobs db``: create, upgrade or downgrade the schema; back the database up and restore it."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import click
from sqlalchemy.engine import make_url

from jobs.cli.runtime import database, load_runtime, print_json, run_async
from jobs.errors import JobsError
from jobs.services import backup as backup_service
from jobs.services import task_queue
from jobs.store.migrate import current_revision, downgrade, head_revision, upgrade


@click.group("db")
def db() -> None:
    """Database schema."""


@db.command("upgrade")
@click.option("--revision", default="heads", show_default=True, help="Target revision.")
@run_async
async def upgrade_command(revision: str) -> None:
    """Create or upgrade the schema (JOBS_DATABASE_URL)."""
    runtime = load_runtime()
    async with database(runtime, need_schema=False) as engine:
        before = await current_revision(engine)
        await upgrade(engine, revision)
        after = await current_revision(engine)
        queue = runtime.settings.queue.backend == "procrastinate" and revision == "heads"
        if queue and await task_queue.apply_schema(runtime.settings, engine):
            click.echo("task queue tables created (procrastinate)", err=True)
    if before == after:
        click.echo(f"database already at revision {after}", err=True)
    else:
        click.echo(f"database upgraded from {before or 'empty'} to {after}", err=True)


@db.command("downgrade")
@click.argument("revision")
@run_async
async def downgrade_command(revision: str) -> None:
    """Take the schema back to REVISION (`base` drops every table)."""
    runtime = load_runtime()
    async with database(runtime, need_schema=False) as engine:
        await downgrade(engine, revision)
        after = await current_revision(engine)
    click.echo(f"database now at revision {after or 'base (empty)'}", err=True)


@db.command("status")
@run_async
async def status_command() -> None:
    """Show the schema revision and whether it is the newest."""
    runtime = load_runtime()
    async with database(runtime, need_schema=False) as engine:
        current = await current_revision(engine)
    head = head_revision()
    state = "up to date" if current == head else f"behind (newest is {head})"
    click.echo(f"revision {current or 'none'}: {state}")


def _describe(report: backup_service.BackupReport) -> str:
    parts = [f"{report.bytes:,} bytes", f"{report.tables} tables"]
    if report.rows:
        parts.append(f"{sum(report.rows.values()):,} rows")
    if report.revision:
        parts.append(f"revision {report.revision}")
    return ", ".join(parts)


@db.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print what was written as JSON.")
def backup_command(path: Path, as_json: bool) -> None:
    """Write a consistent, checked backup of the database to PATH (safe while serving)."""
    runtime = load_runtime()
    settings = runtime.settings
    try:
        report = backup_service.backup(settings.database.url, path)
    except JobsError as exc:
        raise click.ClickException(exc.message) from None
    if as_json:
        print_json(asdict(report))
        return
    click.echo(
        f"backed up the {report.database} database to {report.path} "
        f"({_describe(report)}; integrity {report.check}) in {report.seconds:.1f}s",
        err=True,
    )


@db.command("restore")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--yes", is_flag=True, help="Overwrite the database that is there now.")
def restore_command(path: Path, yes: bool) -> None:
    """Replace the database with the backup at PATH (checked first)."""
    runtime = load_runtime()
    settings = runtime.settings
    url = settings.database.url
    safe = make_url(url).render_as_string(hide_password=True)
    try:
        checked = backup_service.check_backup(url, path)
        if backup_service.has_tables(url) and not yes:
            raise click.ClickException(
                f"{safe} already holds data and a restore replaces all of it; "
                "run again with --yes to go ahead (take a backup first)"
            )
        report = backup_service.restore(url, path)
    except JobsError as exc:
        raise click.ClickException(exc.message) from None
    click.echo(
        f"restored {safe} from {path} ({_describe(checked)}) in {report.seconds:.1f}s; "
        "run `jobs db status` to see whether it needs `jobs db upgrade`",
        err=True,
    )
