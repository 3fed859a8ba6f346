"""``jobs match``: one participant's ranked postings, with tiers and reasons."""

from __future__ import annotations

from typing import Any

import click
import msgspec

from jobs.cli.runtime import load_runtime, print_json, run_async, transaction
from jobs.cli.who import audit_cli
from jobs.matching.rank import MatchResult
from jobs.services.matching import match_participant

TIER_LABEL = {"eligible": "ELIGIBLE", "needs_approval": "NEEDS APPROVAL", "excluded": "EXCLUDED"}


def match_document(result: MatchResult) -> dict[str, Any]:
    """A ranked posting as DESIGN's match JSON. Matching names postings by text ids; what
    leaves the product names them by their database id, an integer, as ``jobs postings list``
    does."""
    document = msgspec.to_builtins(result)
    document["posting_id"] = int(result.posting_id)
    return document


@click.command("match")
@click.argument("participant")
@click.option("--limit", type=click.IntRange(1, None), help="Show the best N results.")
@click.option("--all-tiers", is_flag=True, help="Include excluded postings, with their reasons.")
@click.option("--json", "as_json", is_flag=True)
@run_async
async def match_command(
    participant: str, limit: int | None, all_tiers: bool, as_json: bool
) -> None:
    """Rank open postings for PARTICIPANT (id or external_ref), best first."""
    runtime = load_runtime()
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
