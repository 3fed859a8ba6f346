"""Scheduled sync: which sources fall due, and the loop syncs them until told to stop."""

import asyncio
import datetime as dt

import pytest

from jobs.services.schedule import due_sources, run_schedule
from jobs.store import Source
from jobs.store.engine import session_factory

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
