"""``jobs keys``: the encryption key ring for record, supervision and TOTP fields."""

from __future__ import annotations

import click

from jobs.cli.runtime import database, load_runtime, print_json, run_async
from jobs.services import keys as key_service


@click.group("keys")
def keys() -> None:
    """Encryption keys: list them, rotate to a new one, retire an old one."""


@keys.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print the keys as JSON.")
@run_async
async def list_command(as_json: bool) -> None:
    """Each key's id, whether it is active, and how many stored values it sealed."""
    runtime = load_runtime()
    settings = runtime.settings
    async with database(runtime) as engine:
        uses = await key_service.key_use(engine, settings)
    if as_json:
        print_json(uses)
        return
    for use in uses:
        state = "active" if use.active else "reading only"
        click.echo(f"{use.key_id}  {state:12}  {use.values} values")


@keys.command("rotate")
@click.option("--json", "as_json", is_flag=True, help="Print the outcome as JSON.")
@run_async
async def rotate_command(as_json: bool) -> None:
    """Add a new key and re-seal every encrypted value with it (progress on stderr)."""
    runtime = load_runtime()
    settings = runtime.settings
    async with database(runtime) as engine:
        report = await key_service.rotate(
            engine, settings, progress=lambda line: click.echo(line, err=True)
        )
    if as_json:
        print_json(report)
    else:
        kept = ", ".join(report.reading_keys) or "none"
        click.echo(
            f"active key {report.active_key}; re-sealed {report.values_resealed} values in "
            f"{report.rows} rows; kept for reading: {kept} (retire with `jobs keys retire`)"
        )


@keys.command("retire")
@click.argument("key_id")
@run_async
async def retire_command(key_id: str) -> None:
    """Remove a reading-only key; refused while any stored value still uses it."""
    runtime = load_runtime()
    settings = runtime.settings
    async with database(runtime) as engine:
        left = await key_service.retire(engine, settings, key_id)
    click.echo(f"retired {key_id}; keys left: {', '.join(left)}")
