"""``jobs match``: one participant's ranked postings, with tiers and reasons; ``jobs match
--all``: a full rematch of every participant, in batches (queued for the workers on
PostgreSQL, run here on SQLite)."""

from __future__ import annotations

import os
import time
from typing import Any

import click
import msgspec

from jobs.cli.runtime import (
    http_client,
    load_runtime,
    print_json,
    run_async,
    sessions,
    transaction,
)
from jobs.cli.who import audit_cli
from jobs.matching.rank import MatchResult
from jobs.runtime import Runtime
from jobs.services import task_queue
from jobs.services.matching import match_participant
from jobs.services.tasks import REMATCH_BATCH, TaskContext, rematch_all

TIER_LABEL = {"eligible": "ELIGIBLE", "needs_approval": "NEEDS APPROVAL", "excluded": "EXCLUDED"}


def match_document(result: MatchResult) -> dict[str, Any]:
    """A ranked posting as DESIGN's match JSON. Matching names postings by text ids; what
    leaves the product names them by their database id, an integer, as ``jobs postings list``
    does."""
    document = msgspec.to_builtins(result)
    document["posting_id"] = int(result.posting_id)
    return document


@click.command("match")
@click.argument("participant", required=False)
@click.option("--limit", type=click.IntRange(1, None), help="Show the best N results.")
@click.option("--all-tiers", is_flag=True, help="Include excluded postings, with their reasons.")
@click.option("--json", "as_json", is_flag=True)
@click.option(
    "--all",
    "everyone",
    is_flag=True,
    help="Rematch every participant instead (queued for the workers on PostgreSQL).",
)
@click.option(
    "--batch",
    type=click.IntRange(1, None),
    default=REMATCH_BATCH,
    show_default=True,
    help="Participants per batch with --all.",
)
@run_async
async def match_command(
    participant: str | None,
    limit: int | None,
    all_tiers: bool,
    as_json: bool,
    everyone: bool,
    batch: int,
) -> None:
    """Rank open postings for PARTICIPANT (id or external_ref), best first; or with --all
    rematch every participant."""
    runtime = load_runtime()
    if everyone:
        if participant:
            raise click.ClickException("give either PARTICIPANT or --all, not both")
        await _rematch_everyone(runtime, batch, as_json)
        return
    if not participant:
        raise click.ClickException("give a PARTICIPANT (id or external_ref), or --all")
    async with transaction(runtime) as session:
        person, results = await match_participant(session, runtime, participant)
        ref = person.external_ref
        await audit_cli(session, "cli_match", "participant", person.id, participant_id=person.id)
    if not all_tiers:
        results = [r for r in results if r.tier != "excluded"]
    if limit:
        results = results[:limit]
    if as_json:
        print_json({"participant": ref, "results": [match_document(r) for r in results]})
        return
    tier = None
    for result in results:
        if result.tier != tier:
            tier = result.tier
            click.secho(f"\n{TIER_LABEL[tier]}", bold=True)
        minutes = result.transit.minutes
        commute = f"{minutes:.0f} min by bus" if minutes is not None else "commute unknown"
        click.echo(f"{result.score:5.1f}  {result.title} — {result.employer}  ({commute})")
        for reason in result.reasons:
            click.echo(f"       · {reason.text}")
    click.echo(f"\n{len(results)} postings for {ref}", err=True)


async def _rematch_everyone(runtime: Runtime, batch: int, as_json: bool) -> None:
    """Queue the full rematch for the workers (PostgreSQL) or run its batches here (SQLite)."""
    if runtime.settings.queue.backend == "procrastinate":
        async with task_queue.opened(runtime.settings, max_size=1) as app:
            job = await task_queue.defer(app, "jobs.rematch_all", batch_size=batch)
        if as_json:
            print_json({"task": "jobs.rematch_all", "job": job})
        elif job is None:
            click.echo("a full rematch already waits in the queue")
        else:
            click.echo(f"queued the full rematch as job {job}; `jobs worker` processes run it")
        return
    started = time.perf_counter()
    async with sessions(runtime) as factory, http_client(runtime) as client:
        context = TaskContext(runtime, factory, client, dict(os.environ))
        batches = await rematch_all(context, batch)
    seconds = round(time.perf_counter() - started, 1)
    if as_json:
        print_json({"batches": batches, "seconds": seconds})
    else:
        click.echo(f"rematched everyone in {batches} batches ({seconds} s)")
