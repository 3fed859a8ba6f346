"""``read_columns`` answers what ``session.execute`` answers for a SELECT of columns, in the
session's own transaction, and still sees the session's unflushed changes."""

from __future__ import annotations

import pytest
from sqlalchemy import bindparam, func, select

from jobs.store import User
from jobs.store.column_reads import read_columns
from jobs.store.engine import read_session_factory

pytestmark = pytest.mark.anyio

_ACCOUNTS = select(User.id, User.email, User.role, User.is_active, User.created_at).order_by(
    User.id
)


async def test_the_rows_are_those_of_the_orm_way(session):
    for n, role in enumerate(("admin", "specialist", "employer")):
        session.add(User(email=f"u{n}@example.org", role=role, password_hash="x"))
    await session.commit()
    orm = (await session.execute(_ACCOUNTS)).all()
    core = (await read_columns(session, _ACCOUNTS)).all()
    assert core == orm and len(core) == 3
    assert [row._fields for row in core] == [row._fields for row in orm]
    one = select(User.email).where(User.id == bindparam("id"))
    assert (await read_columns(session, one, {"id": orm[1].id})).scalar_one() == "u1@example.org"
    counted = await read_columns(session, select(func.count()).select_from(User))
    assert counted.scalar() == 3


async def test_unflushed_changes_are_seen(session):
    session.add(User(email="new@example.org", role="admin", password_hash="x"))
    rows = (await read_columns(session, _ACCOUNTS)).all()
    assert [row.email for row in rows] == ["new@example.org"]


async def test_a_reader_reads_in_its_own_transaction(engine, session):
    """The rows come through the session's transaction (a reader's: begun deferred on SQLite),
    which stays open for the session's next reads and ends with it."""
    session.add(User(email="first@example.org", role="admin", password_hash="x"))
    await session.commit()
    async with read_session_factory(engine)() as reader:
        assert len((await read_columns(reader, _ACCOUNTS)).all()) == 1
        transaction = reader.sync_session.get_transaction()
        assert transaction is not None and reader.in_transaction()
        await reader.execute(_ACCOUNTS)
        assert reader.sync_session.get_transaction() is transaction
        await reader.commit()
        assert not reader.in_transaction()
