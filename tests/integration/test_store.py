"""The store: SQLite pragmas on pooled connections, foreign keys enforced, BEGIN IMMEDIATE."""

import sqlite3

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from jobs.store import CaseloadAssignment, Participant, Supervision
from jobs.store.engine import create_engine, session_factory
from jobs.store.migrate import upgrade
from tests.conftest import sqlite_settings

pytestmark = pytest.mark.anyio


async def test_sqlite_pragmas_hold_on_every_pooled_connection(tmp_path):
    engine = create_engine(sqlite_settings(tmp_path / "p.sqlite3"))
    try:
        for _ in range(3):  # the same pooled connection is handed out again
            async with engine.connect() as conn:
                values = {
                    name: (await conn.exec_driver_sql(f"PRAGMA {name}")).scalar()
                    for name in ("journal_mode", "foreign_keys", "busy_timeout", "synchronous")
                }
                assert values == {
                    "journal_mode": "wal",
                    "foreign_keys": 1,
                    "busy_timeout": 30000,
                    "synchronous": 2,  # FULL
                }
    finally:
        await engine.dispose()


async def test_sqlite_transactions_take_the_write_lock_up_front(tmp_path):
    path = tmp_path / "lock.sqlite3"
    engine = create_engine(sqlite_settings(path))
    try:
        await upgrade(engine)
        async with session_factory(engine)() as session, session.begin():
            await session.execute(text("SELECT 1"))  # a read is enough to start the transaction
            other = sqlite3.connect(path, timeout=0, isolation_level=None)
            try:
                with pytest.raises(sqlite3.OperationalError, match="locked"):
                    other.execute("BEGIN IMMEDIATE")
            finally:
                other.close()
    finally:
        await engine.dispose()


async def test_an_orphan_foreign_key_raises(session):
    session.add(CaseloadAssignment(specialist_id=4242, participant_id=4242))
    with pytest.raises(IntegrityError):
        await session.commit()


async def test_deleting_a_participant_takes_its_protected_parts_along(session):
    person = Participant(external_ref="T-1", name="Test Person")
    person.supervision = Supervision(agency="federal")
    session.add(person)
    await session.commit()
    await session.delete(person)
    await session.commit()
    count = await session.scalar(text("SELECT count(*) FROM participant_supervision"))
    assert count == 0


async def test_credentials_in_training_survive_the_store(session):
    import datetime as dt

    from jobs.participant_format import parse_participant
    from jobs.services.participants import (
        get_participant,
        import_participants,
        to_participant_format,
    )

    item = parse_participant({
        "external_ref": "TR-1", "name": "Train Ee",
        "training": [{"credential": "CDL class A", "expected": "2027-03-15"},
                     {"credential": "welding certificate"}],
    })  # fmt: skip
    await import_participants(session, [item])
    await session.commit()
    session.expunge_all()
    back = to_participant_format(await get_participant(session, "TR-1"))
    assert [(t.credential, t.expected) for t in back.training] == [
        ("CDL class A", dt.date(2027, 3, 15)),
        ("welding certificate", None),
    ]
