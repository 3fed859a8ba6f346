"""GroupCommit: many requests' small writes in one transaction, and works of one kind done
together (every audit row of a batch in one INSERT, every rate count in one upsert)."""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import func, select

from jobs.services.audit import (
    Actor,
    append,
    keep_rows_for_later,
    verify_chain,
    write_later_rows,
)
from jobs.services.group_commit import GroupCommit
from jobs.store import AuditEvent
from jobs.store.engine import session_factory
from tests.support.db import statements_sent

pytestmark = pytest.mark.anyio


async def test_a_kind_done_together_gets_every_item_of_the_batch_in_one_call(engine):
    writes = GroupCommit(engine)
    calls: list[list[int]] = []

    async def doubled(connection, items: list[int]) -> list[int]:
        calls.append(items)
        return [2 * n for n in items]

    async def alone(connection) -> str:
        return "alone"

    results = await asyncio.gather(
        writes.run_together(doubled, 1),
        writes.run(alone),
        writes.run_together(doubled, 2),
        writes.run_together(doubled, 3),
    )
    # All four came before the writer's turn: one batch, with one call for the three items.
    assert results == [2, "alone", 4, 6]
    assert calls == [[1, 2, 3]]
    assert writes.batches == 1


async def test_when_a_batch_fails_each_item_is_tried_in_a_transaction_of_its_own(engine):
    writes = GroupCommit(engine)
    calls: list[list[int]] = []

    async def refuses_three(connection, items: list[int]) -> list[int]:
        calls.append(items)
        if 3 in items:
            raise ValueError("three")
        return items

    done = await asyncio.gather(
        *(writes.run_together(refuses_three, n) for n in (1, 2, 3, 4)), return_exceptions=True
    )
    assert done[0] == 1 and done[1] == 2 and done[3] == 4
    assert isinstance(done[2], ValueError)  # only the bad item's request fails
    assert calls == [[1, 2, 3, 4], [1], [2], [3], [4]]


async def test_the_audit_rows_of_a_batch_go_in_one_insert_and_keep_one_chain(engine):
    writes = GroupCommit(engine)
    readers = session_factory(engine)

    async def request(n: int) -> int:
        async with readers() as session:  # a page that only reads: its rows wait for the batch
            keep_rows_for_later(session)
            for _ in range(2):
                await append(session, Actor(label=f"reader {n}"), "test_read", "user", n)
            return await write_later_rows(session, writes)

    with statements_sent(engine) as said:
        written = await asyncio.gather(*(request(n) for n in range(6)))
    inserts = [s for s in said if s.lstrip().upper().startswith("INSERT INTO AUDIT_EVENTS")]
    assert written == [2] * 6
    assert len(inserts) == writes.batches < 6
    async with readers() as session:
        assert await session.scalar(select(func.count()).select_from(AuditEvent)) == 12
        ids = (await session.scalars(select(AuditEvent.id).order_by(AuditEvent.id))).all()
        assert ids == list(range(ids[0], ids[0] + 12))
        assert (await verify_chain(session)).intact
