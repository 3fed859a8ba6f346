"""A resync skips normalising records whose raw form is unchanged since the last sync."""

from __future__ import annotations

import pytest

from jobs.connectors import KINDS
from jobs.connectors.reconcile import apply_plan, plan_sync

from .fakes import FIXTURES, fixture_response

BOARD = "/v1/boards/heartlandfreight/jobs"


@pytest.mark.anyio
async def test_unchanged_raw_records_are_carried_and_changed_ones_normalised(
    upstream, make_fetcher
):
    upstream.route(BOARD, fixture_response("greenhouse/board.json"))
    config = {"board": "heartlandfreight"}
    async with upstream.client() as client:
        first = await KINDS["greenhouse"].run(client, config, fetcher=make_fetcher(client))
        known = {p.source_job_id: p.raw_hash for p in first.postings}
        known["4410021002"] = "0" * 64  # as if this one changed upstream since
        second = await KINDS["greenhouse"].run(
            client, config, fetcher=make_fetcher(client), known=known
        )
        other_config = await KINDS["greenhouse"].run(
            client, {**config, "employer": "HFS"}, fetcher=make_fetcher(client), known=known
        )
    assert all(len(p.raw_hash) == 64 for p in first.postings)
    assert second.carried == ["4410021001"]
    assert [p.source_job_id for p in second.postings] == ["4410021002"]
    assert len(second.quarantined) == 1
    # A different config normalises differently, so nothing is carried.
    assert other_config.carried == [] and len(other_config.postings) == 2
    before = {p.source_job_id: (p.content_hash, "open") for p in first.postings}
    plan = plan_sync(before, second)
    assert plan.unchanged == ["4410021002", "4410021001"] or set(plan.unchanged) == set(before)
    assert plan.closes == [] and apply_plan(before, plan) == before


@pytest.mark.anyio
async def test_csv_rows_are_carried_too(upstream, make_fetcher):
    config = {"path": str(FIXTURES / "csv" / "openings.csv")}
    async with upstream.client() as client:
        first = await KINDS["csv"].run(client, config, fetcher=make_fetcher(client))
        known = {p.source_job_id: p.raw_hash for p in first.postings}
        second = await KINDS["csv"].run(client, config, fetcher=make_fetcher(client), known=known)
    assert second.postings == [] and second.carried == ["KC-100", "KC-101", "KC-104"]
