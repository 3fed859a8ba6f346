"""Match recompute is claimed: two processes re-matching the same participant at once do the
work once; a participant another worker holds is skipped; a later change is re-matched again."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest
from sqlalchemy import select

from jobs.services.refresh import REMATCH, participants_changed, postings_changed
from jobs.services.work_leases import lock_free, take
from jobs.store import WorkLease
from jobs.store.engine import session_factory
from tests.integration.web.world import build_world

pytestmark = pytest.mark.anyio


@pytest.fixture
async def world(session):
    return await build_world(session)


async def _rematch_participant(engine, runtime, participant_id: int):
    """One process's background recompute: a transaction of its own."""
    async with session_factory(engine)() as session, session.begin():
        return await participants_changed(session, runtime, [participant_id])


async def test_two_concurrent_recomputes_of_one_participant_do_the_work_once(
    engine, runtime, world
):
    participant = min(world.participants.values())
    runs = await asyncio.gather(
        _rematch_participant(engine, runtime, participant),
        _rematch_participant(engine, runtime, participant),
    )
    assert sorted(run.participants for run in runs) == [0, 1], runs
    async with session_factory(engine)() as session:
        claim = await session.scalar(
            select(WorkLease).where(
                WorkLease.kind == REMATCH, WorkLease.key == f"participant:{participant}"
            )
        )
    assert claim is not None and claim.worker is None, "the claim is given back"
    # A change asked for after that recompute started is re-matched again.
    again = await _rematch_participant(engine, runtime, participant)
    assert again.participants == 1


async def test_a_participant_another_worker_is_rematching_is_skipped(engine, runtime, world):
    first, second = sorted(world.participants.values())[:2]
    sessions = session_factory(engine)
    now = dt.datetime.now(dt.UTC)
    async with sessions() as session, session.begin():  # a worker elsewhere, mid-recompute
        take(
            await lock_free(session, REMATCH, [f"participant:{first}"], now),
            "elsewhere",
            now,
            dt.timedelta(minutes=5),
        )
    async with sessions() as session, session.begin():
        run = await participants_changed(session, runtime, [first, second])
    assert run.participants == 1, "only the participant nobody else holds"


async def test_posting_recomputes_are_claimed_too(engine, runtime, world):
    posting = next(iter(world.postings.values()))
    sessions = session_factory(engine)
    async with sessions() as session, session.begin():
        await postings_changed(session, runtime, [posting])
    async with sessions() as session:
        claim = await session.scalar(
            select(WorkLease).where(
                WorkLease.kind == REMATCH, WorkLease.key == f"posting:{posting}"
            )
        )
    assert claim is not None and claim.claimed_at is not None and claim.worker is None
