"""Scheduled sync: which sources fall due, the loop syncs them until told to stop, and several
workers claim due sources so each is synced exactly once."""

import asyncio
import datetime as dt
from collections import Counter

import pytest
from sqlalchemy import select, update

from jobs.services.schedule import claim_due_sources, due_sources, release_sources, run_schedule
from jobs.services.work_leases import DEFAULT_LEASE, SYNC, lock_free, take
from jobs.store import Source, WorkLease
from jobs.store.base import utcnow
from jobs.store.engine import create_engine, session_factory

pytestmark = pytest.mark.anyio
NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=dt.UTC)


async def test_only_sources_with_an_interval_that_has_passed_are_due(session):
    session.add_all(
        [
            Source(name="never-scheduled", kind="lever", config={"site": "a"}),
            Source(
                name="never-synced", kind="lever", config={"site": "b"}, sync_interval_minutes=60
            ),
            Source(
                name="synced-recently",
                kind="lever",
                config={"site": "c"},
                sync_interval_minutes=60,
                last_synced_at=NOW - dt.timedelta(minutes=59),
            ),
            Source(
                name="due-again",
                kind="lever",
                config={"site": "d"},
                sync_interval_minutes=60,
                last_synced_at=NOW - dt.timedelta(minutes=60),
            ),
            Source(
                name="disabled",
                kind="lever",
                config={"site": "e"},
                sync_interval_minutes=5,
                enabled=False,
            ),
        ]
    )
    await session.commit()
    assert await due_sources(session, NOW) == ["due-again", "never-synced"]


async def test_the_loop_syncs_due_sources_survives_a_failure_and_stops(engine, session):
    session.add(Source(name="hourly", kind="lever", config={"site": "a"}, sync_interval_minutes=60))
    await session.commit()
    calls = []
    stop = asyncio.Event()

    async def sync_due(names):
        calls.append(names)
        if len(calls) == 1:
            raise RuntimeError("upstream exploded")
        stop.set()

    await asyncio.wait_for(
        run_schedule(
            session_factory(engine), sync_due, stop, every_seconds=0.01, clock=lambda: NOW
        ),
        timeout=10,
    )
    assert calls == [["hourly"], ["hourly"]]


async def _hourly_sources(session, count):
    session.add_all(
        Source(
            name=f"board-{i:02d}", kind="lever", config={"site": f"s{i}"}, sync_interval_minutes=60
        )
        for i in range(count)
    )
    await session.commit()
    return [f"board-{i:02d}" for i in range(count)]


async def test_two_workers_on_the_same_due_sources_sync_each_exactly_once(
    settings, engine, session
):
    names = await _hourly_sources(session, 12)
    synced = Counter()
    stop = asyncio.Event()
    engines = [create_engine(settings.database) for _ in range(2)]
    try:
        factories = [session_factory(e) for e in engines]

        def sync_for(factory):
            async def sync_due(due):
                # What sync() does when it ends: the source's last_synced_at moves on.
                await asyncio.sleep(0.02)
                async with factory() as work, work.begin():
                    await work.execute(
                        update(Source).where(Source.name.in_(due)).values(last_synced_at=utcnow())
                    )
                synced.update(due)
                if set(synced) == set(names):
                    stop.set()

            return sync_due

        workers = [
            run_schedule(f, sync_for(f), stop, every_seconds=0.01, worker=f"worker-{i}")
            for i, f in enumerate(factories)
        ]
        await asyncio.wait_for(asyncio.gather(*workers), timeout=30)
        for i, factory in enumerate(factories):
            assert await claim_due_sources(factory, utcnow(), worker=f"late-{i}") == []
    finally:
        for e in engines:
            await e.dispose()
    assert synced == Counter(names)


async def test_a_source_another_worker_is_claiming_is_skipped_not_waited_for(
    settings, engine, session
):
    names = await _hourly_sources(session, 6)
    now = utcnow()
    ours, theirs = names[:3], names[3:]
    first, second = (create_engine(settings.database) for _ in range(2))
    try:
        sessions_a, sessions_b = session_factory(first), session_factory(second)
        # Make the claim rows once, so the claimers below only lock existing rows.
        made = await claim_due_sources(sessions_a, now, worker="a")
        await release_sources(sessions_a, made, "a")
        async with sessions_a() as held, held.begin():
            locked = await lock_free(held, SYNC, ours, now)
            other = asyncio.create_task(claim_due_sources(sessions_b, now, worker="b"))
            if first.dialect.name == "postgresql":
                # SKIP LOCKED: the second worker answers while the first still holds its rows.
                assert sorted(await asyncio.wait_for(other, timeout=20)) == theirs
            taken = take(locked, "a", now, DEFAULT_LEASE)
        # On SQLite the second worker waited for BEGIN IMMEDIATE, then saw the rows leased.
        assert sorted(await asyncio.wait_for(other, timeout=20)) == theirs
        assert sorted(taken) == ours
        async with sessions_b() as check:
            holders = dict((await check.execute(select(WorkLease.key, WorkLease.worker))).all())
        assert holders == {**dict.fromkeys(ours, "a"), **dict.fromkeys(theirs, "b")}
    finally:
        await first.dispose()
        await second.dispose()


async def test_a_lease_that_ran_out_can_be_taken_over(engine, session):
    names = await _hourly_sources(session, 1)
    sessions = session_factory(engine)
    assert await claim_due_sources(sessions, NOW, worker="dead") == names
    assert await claim_due_sources(sessions, NOW, worker="alive") == []
    later = NOW + DEFAULT_LEASE + dt.timedelta(seconds=1)
    assert await claim_due_sources(sessions, later, worker="alive") == names
