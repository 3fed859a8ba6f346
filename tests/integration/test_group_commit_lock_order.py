"""On PostgreSQL a batch of small writes takes the audit chain's lock before its writes, so it
cannot deadlock with another transaction that holds the lock and then writes the same row (seen
under load with two web processes: one batch touched a row and waited for the lock, the other
held the lock and waited for the row; one request answered 500)."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import select, text, update

from jobs.services.audit import Actor, append_kept_rows, kept_row
from jobs.services.group_commit import GroupCommit
from jobs.store import AuditEvent, User
from jobs.store.audit import CHAIN_LOCK_SQL
from jobs.store.engine import session_factory

pytestmark = [pytest.mark.anyio, pytest.mark.postgres]


async def test_a_batch_waits_for_the_chain_lock_before_writing(engine, session):
    assert engine.dialect.name == "postgresql"  # the SQLite pass deselects this file
    session.add(User(email="row@example.org", role="admin", password_hash="x"))
    await session.commit()
    user_id = await session.scalar(select(User.id).where(User.email == "row@example.org"))
    writes = GroupCommit(engine)

    async def work(db) -> None:
        await db.execute(update(User).where(User.id == user_id).values(display_name="batch"))
        await append_kept_rows(db, [kept_row(Actor(label="test"), "test_batch", "user", user_id)])

    async with engine.connect() as other:
        await other.execute(text("SET deadlock_timeout = '100ms'"))
        await other.execute(text(CHAIN_LOCK_SQL))  # the other transaction holds the lock
        batch = asyncio.create_task(writes.run(work))
        await asyncio.sleep(0.5)  # the batch is under way (waiting for the lock, with the fix)
        await other.execute(update(User).where(User.id == user_id).values(display_name="other"))
        await other.commit()
    await asyncio.wait_for(batch, timeout=30)  # no deadlock: it ran after the other one
    async with session_factory(engine)() as db:
        assert await db.scalar(select(User.display_name).where(User.id == user_id)) == "batch"
        assert (
            await db.scalar(select(AuditEvent.action).order_by(AuditEvent.id.desc()).limit(1))
            == "test_batch"
        )
