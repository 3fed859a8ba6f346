"""The audit chain's PostgreSQL lock is asked for once in a transaction (it is held until the
transaction ends), again after a savepoint that took it is rolled back (which lets it go)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from jobs.store.audit import CHAIN_LOCK_KEY, lock_chain
from tests.support.db import statements_sent

pytestmark = [pytest.mark.anyio, pytest.mark.postgres]


async def _held(connection) -> bool:
    """Whether this connection's backend holds the chain's advisory lock."""
    found = await connection.scalar(
        text(
            "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted"
            " AND pid = pg_backend_pid() AND ((classid::bigint << 32) | objid::bigint) = :key"
        ),
        {"key": CHAIN_LOCK_KEY},
    )
    return bool(found)


async def test_the_chain_lock_is_asked_once_a_transaction_and_again_after_a_rolled_back_savepoint(
    engine,
):
    assert engine.dialect.name == "postgresql"  # the SQLite pass deselects this file
    with statements_sent(engine) as said:
        async with engine.connect() as connection:
            await connection.begin()
            savepoint = await connection.begin_nested()
            await lock_chain(connection)
            assert await _held(connection)
            await savepoint.rollback()
            assert not await _held(connection)  # the savepoint took it with it
            await lock_chain(connection)
            await lock_chain(connection)
            assert await _held(connection)
            await connection.commit()
            await connection.begin()  # a new transaction holds nothing: it asks again
            await lock_chain(connection)
            assert await _held(connection)
            await connection.rollback()
    asked = [s for s in said if "pg_advisory_xact_lock" in s]
    assert len(asked) == 3
