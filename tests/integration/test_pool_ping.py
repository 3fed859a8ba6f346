"""A pooled PostgreSQL connection is pinged before it is lent only when it rested a while: one
the server dropped while it rested is replaced unseen, and one given back a moment ago goes out
without the ping's three round trips (its request would fail as a running one does)."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from jobs.settings import DatabaseSettings
from jobs.store.engine import REST_BEFORE_PING, create_engine, ping_rested_connections

pytestmark = [pytest.mark.anyio, pytest.mark.postgres]


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def _pid(engine: AsyncEngine) -> int:
    async with engine.connect() as connection:
        return int(await connection.scalar(text("SELECT pg_backend_pid()")))


async def _drop(url: str, pid: int) -> None:
    """End the server side of one connection, as a restart or an idle timeout would."""
    other = create_async_engine(url)
    try:
        async with other.connect() as connection:
            assert await connection.scalar(text(f"SELECT pg_terminate_backend({pid})"))
    finally:
        await other.dispose()


async def _pinged_engine(url: str, clock: Clock) -> AsyncEngine:
    engine = create_async_engine(url, pool_size=1, max_overflow=0)
    ping_rested_connections(engine, rest=5.0, clock=clock)
    return engine


async def test_a_connection_dropped_while_it_rested_is_replaced_unseen(database_url):
    assert database_url.startswith("postgresql")  # the SQLite pass deselects this file
    clock = Clock()
    engine = await _pinged_engine(database_url, clock)
    try:
        first = await _pid(engine)
        await _drop(database_url, first)
        clock.now += 5.0
        assert await _pid(engine) != first  # pinged, found gone, replaced: no error
    finally:
        await engine.dispose()


async def test_a_connection_given_back_a_moment_ago_is_not_pinged(database_url):
    assert database_url.startswith("postgresql")
    clock = Clock()
    engine = await _pinged_engine(database_url, clock)
    try:
        first = await _pid(engine)
        await _drop(database_url, first)
        clock.now += 4.9
        # Lent without a ping: its first statement finds it gone, as a running request would.
        with pytest.raises(DBAPIError) as failed:
            await _pid(engine)
        assert failed.value.connection_invalidated
        assert await _pid(engine) != first  # the pool started afresh
    finally:
        await engine.dispose()


async def test_the_app_engine_pings_a_connection_that_rested(database_url):
    assert database_url.startswith("postgresql")
    engine = create_engine(DatabaseSettings(url=database_url))
    try:
        assert not engine.pool._pre_ping  # not on every checkout
        first = await _pid(engine)
        await _drop(database_url, first)
        await asyncio.sleep(REST_BEFORE_PING + 0.1)
        assert await _pid(engine) != first
    finally:
        await engine.dispose()
