"""``jobs participants``: import and list participants (DESIGN's participant format)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from jobs.cli.runtime import http_client, load_runtime, print_json, run_async, transaction
from jobs.cli.who import audit_cli
from jobs.participant_format import parse_participants
from jobs.services.participants import ids_for_refs, import_participants, list_participants
from jobs.services.refresh import participants_changed


@click.group("participants")
def participants() -> None:
    """Participants on the program's caseloads."""


@participants.command("import")
@click.argument(
    "path", type=click.Path(exists=True, dir_okay=False, path_type=Path, allow_dash=True)
)
@click.option("--json", "as_json", is_flag=True)
@run_async
async def import_command(path: Path, as_json: bool) -> None:
    """Import a JSON array of participants; one bad record imports nothing."""
    # sys.stdin.buffer: click 8.5 deprecates get_binary_stream (removed in click 9).
    raw = sys.stdin.buffer.read() if str(path) == "-" else _read(path)
    items = parse_participants(raw, source=str(path))
    runtime = load_runtime()
    async with transaction(runtime) as session, http_client(runtime):
        created, updated = await import_participants(session, items)
        ids = await ids_for_refs(session, [item.external_ref for item in items])
        await participants_changed(session, runtime, ids)
        for pid in ids:
            await audit_cli(
                session, "cli_import_participant", "participant", pid, participant_id=pid
            )
    result = {"file": str(path), "records": len(items), "created": created, "updated": updated}
    if as_json:
        print_json(result)
    else:
        click.echo(
            f"{path}: {len(items)} participants ({created} new, {updated} updated)", err=True
        )


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise click.ClickException(f"cannot read {path}: {exc.strerror}") from None


@participants.command("list")
@click.option("--json", "as_json", is_flag=True)
@run_async
async def list_command(as_json: bool) -> None:
    """List participants (external_ref, name, supervising agency)."""
    runtime = load_runtime()
    async with transaction(runtime) as session:
        rows = [
            {
                "id": p.id,
                "external_ref": p.external_ref,
                "name": p.name,
                "postal_code": p.home_postal_code,
            }
            for p in await list_participants(session)
        ]
        await audit_cli(session, "cli_list_participants", "participant", detail={"n": len(rows)})
    if as_json:
        print_json(rows)
        return
    for row in rows:
        click.echo(f"{row['id']:>5}  {row['external_ref']:<12} {row['name']}")
    click.echo(f"{len(rows)} participants", err=True)
