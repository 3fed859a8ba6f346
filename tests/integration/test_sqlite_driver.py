"""SQLite statements in one trip to aiosqlite's thread: the same answers as SQLAlchemy's own
adapter (rows, row counts, last row ids, errors, streaming), in a quarter of the trips."""

from __future__ import annotations

import sqlite3

import aiosqlite
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import create_async_engine

from jobs.store.engine import create_engine
from tests.conftest import sqlite_settings

pytestmark = [pytest.mark.anyio, pytest.mark.sqlite]


async def _answers(engine) -> list:
    seen: list = []
    async with engine.begin() as conn:
        await conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT UNIQUE)"))
        made = await conn.execute(text("INSERT INTO t (v) VALUES ('a')"))
        seen.append(("insert", made.lastrowid, made.rowcount))
        many = await conn.execute(text("INSERT INTO t (v) VALUES (:v)"), [{"v": "b"}, {"v": "c"}])
        seen.append(("many", many.rowcount))
        rows = await conn.execute(text("SELECT id, v FROM t ORDER BY id"))
        seen.append(("select", list(rows.keys()), rows.all()))
        changed = await conn.execute(text("UPDATE t SET v = v || '!' WHERE id > 1"))
        seen.append(("update", changed.rowcount))
        none = await conn.execute(text("SELECT v FROM t WHERE id < 0"))
        seen.append(("empty", none.all()))
        streamed = await conn.stream(text("SELECT v FROM t ORDER BY id"))
        seen.append(("stream", [row async for row in streamed]))
    for bad, error in (
        ("SELECT nope FROM t", OperationalError),
        ("INSERT INTO t (v) VALUES ('a')", IntegrityError),
    ):
        with pytest.raises(error) as caught:
            async with engine.begin() as conn:
                await conn.execute(text(bad))
        seen.append(("error", type(caught.value.orig).__name__, str(caught.value.orig)))
    return seen


async def test_one_trip_answers_as_the_adapter_does(tmp_path):
    ours = create_engine(sqlite_settings(tmp_path / "ours.sqlite3"))
    theirs = create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'theirs.sqlite3'}")
    try:
        assert await _answers(ours) == await _answers(theirs)
    finally:
        await ours.dispose()
        await theirs.dispose()


async def test_a_statement_is_one_trip_to_the_thread(tmp_path, monkeypatch):
    trips = []
    real = aiosqlite.Connection._execute

    async def counted(self, fn, *args, **kwargs):
        trips.append(fn)
        return await real(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
    engine = create_engine(sqlite_settings(tmp_path / "trips.sqlite3"))
    try:
        async with engine.connect() as conn:
            await conn.exec_driver_sql("SELECT 1")  # connected, pragmas set
            trips.clear()
            assert (await conn.exec_driver_sql("SELECT 1, 2")).all() == [(1, 2)]
        assert len(trips) <= 2  # the statement, and the pool's rollback on return
    finally:
        await engine.dispose()


async def test_a_transactions_begin_goes_with_its_first_statement(tmp_path, monkeypatch):
    trips = []
    real = aiosqlite.Connection._execute

    async def counted(self, fn, *args, **kwargs):
        trips.append(fn)
        return await real(self, fn, *args, **kwargs)

    engine = create_engine(sqlite_settings(tmp_path / "begin.sqlite3"))
    try:
        async with engine.connect() as conn:
            await conn.exec_driver_sql("SELECT 1")  # connected, pragmas set
        monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
        async with engine.begin() as conn:
            assert (await conn.exec_driver_sql("SELECT 1, 2")).all() == [(1, 2)]
        # BEGIN IMMEDIATE with the SELECT, then the COMMIT; the pool's rollback as the
        # connection goes back has nothing to end: no trip.
        assert len(trips) == 2
        trips.clear()
        async with engine.begin():
            pass  # no statement: SQLite never began, nothing to commit
        assert trips == []
        async with engine.connect() as conn:
            await conn.exec_driver_sql("SELECT 1")
        assert len(trips) == 2  # not committed: the pool's rollback ends it
    finally:
        await engine.dispose()


async def test_a_begin_that_cannot_have_the_write_lock_fails_its_first_statement(tmp_path):
    path = tmp_path / "locked.sqlite3"
    engine = create_engine(sqlite_settings(path))
    try:
        async with engine.connect() as conn:
            await conn.exec_driver_sql("PRAGMA busy_timeout=0")  # this pooled connection only
            await conn.commit()
            holder = sqlite3.connect(path, isolation_level=None)
            holder.execute("BEGIN IMMEDIATE")
            try:
                with pytest.raises(OperationalError, match="locked"):
                    await conn.exec_driver_sql("SELECT 1")  # BEGIN IMMEDIATE goes with it
                await conn.rollback()
            finally:
                holder.execute("ROLLBACK")
                holder.close()
            assert (await conn.exec_driver_sql("SELECT 3")).scalar() == 3  # usable again
            await conn.commit()
    finally:
        await engine.dispose()


async def test_a_stream_as_a_transactions_first_statement_reads_as_the_adapter_does(tmp_path):
    async def streamed(engine) -> list:
        async with engine.begin() as conn:
            await conn.execute(text("CREATE TABLE s (v TEXT)"))
            await conn.execute(text("INSERT INTO s VALUES ('x'), ('y')"))
        async with engine.begin() as conn:
            rows = await conn.stream(text("SELECT v FROM s ORDER BY v"))
            return [row async for row in rows]

    ours = create_engine(sqlite_settings(tmp_path / "ours.sqlite3"))
    theirs = create_async_engine(f"sqlite+aiosqlite:///{tmp_path / 'theirs.sqlite3'}")
    try:
        assert await streamed(ours) == await streamed(theirs) == [("x",), ("y",)]
    finally:
        await ours.dispose()
        await theirs.dispose()
