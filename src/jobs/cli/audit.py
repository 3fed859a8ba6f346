"""``jobs audit verify`` walks the audit log's signed chain and reports the first broken row;
``jobs audit checkpoint`` records the chain's head, signed, outside the database."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import msgspec

from jobs.cli.runtime import load_runtime, print_json, run_async, transaction
from jobs.services.audit import make_checkpoint, parse_checkpoints, verify_chain

CHECKPOINTS_FILE_NAME = "audit-checkpoints.jsonl"


@click.group("audit")
def audit() -> None:
    """The append-only audit log."""


def _checkpoints_path(given: Path | None, data_dir: Path) -> Path:
    return given or data_dir / CHECKPOINTS_FILE_NAME


@audit.command("checkpoint")
@click.option(
    "--to",
    "target",
    type=click.Path(path_type=Path, dir_okay=False),
    help="File to append the checkpoint to (default: audit-checkpoints.jsonl in the data dir).",
)
@run_async
async def checkpoint_command(target: Path | None) -> None:
    """Append a signed checkpoint (newest row id and hash) to a file, and print it. Copy the
    file somewhere the database's owner cannot write: it is what catches a cut tail."""
    runtime = load_runtime()
    async with transaction(runtime) as session:
        point = await make_checkpoint(session)
    path = _checkpoints_path(target, runtime.settings.data_dir)
    line = msgspec.json.encode(point).decode()
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line + "\n")
    click.echo(line)


@audit.command("verify")
@click.option("--json", "as_json", is_flag=True)
@click.option(
    "--checkpoints",
    "source",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Checkpoints to compare against (default: audit-checkpoints.jsonl in the data dir).",
)
@run_async
async def verify_command(as_json: bool, source: Path | None) -> None:
    """Check every row's id, link and signature, the append-only triggers and the signed
    checkpoints; exit 1 at the first thing that does not hold."""
    runtime = load_runtime()
    path = _checkpoints_path(source, runtime.settings.data_dir)
    if source is not None and not path.exists():
        raise click.ClickException(f"no checkpoints file {path}")
    try:
        lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
        checkpoints = parse_checkpoints(lines)
    except (OSError, msgspec.DecodeError, msgspec.ValidationError) as exc:
        raise click.ClickException(f"{path} is not a checkpoints file: {exc}") from None
    async with transaction(runtime) as session:
        report = await verify_chain(session, checkpoints)
    if as_json:
        print_json(
            {
                "rows": report.rows,
                "intact": report.intact,
                "broken_id": report.broken_id,
                "problem": report.problem,
                "checkpoints": report.checkpoints,
            }
        )
    elif report.intact:
        click.echo(f"{report.rows} rows, chain intact, {report.checkpoints} checkpoints match")
    elif report.broken_id is not None:
        click.echo(f"audit row {report.broken_id} {report.problem}: the chain is broken", err=True)
    else:
        click.echo(f"the audit log {report.problem}: the chain is broken", err=True)
    if not report.intact:
        sys.exit(1)
