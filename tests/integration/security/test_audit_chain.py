"""The audit log is a hash chain the database refuses to change, and `jobs audit verify` checks."""

import asyncio
import json

import anyio
import pytest
from click.testing import CliRunner
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from jobs.cli import main
from jobs.services.audit import Actor, append, append_apart, verify_chain
from jobs.store import AuditEvent
from jobs.store.engine import session_factory

pytestmark = pytest.mark.anyio


async def _three_rows(engine):
    async with session_factory(engine)() as session, session.begin():
        await append(
            session, Actor(1, "admin"), "read_participant", "participant", 7, ip="10.0.0.1"
        )
        await append(session, Actor(), "sign_in_failed", "user", outcome="refused")
        await append(session, Actor(2, "specialist"), "referral_created", "referral", 3)


async def _verify(cli_env, *flags):
    def run():
        return CliRunner().invoke(main, ["audit", "verify", *flags], env=cli_env)

    return await anyio.to_thread.run_sync(run)


async def test_rows_link_up_and_verify_says_intact(engine, cli_env):
    await _three_rows(engine)
    async with session_factory(engine)() as session:
        rows = (await session.scalars(select(AuditEvent).order_by(AuditEvent.id))).all()
        report = await verify_chain(session)
    assert [row.id for row in rows] == [1, 2, 3]
    assert rows[0].prev_hash == "" and rows[1].prev_hash == rows[0].hash
    assert rows[2].prev_hash == rows[1].hash and len(rows[2].hash) == 64
    assert (rows[0].actor_role, rows[0].client_ip, rows[0].outcome) == ("admin", "10.0.0.1", "ok")
    assert report.intact and report.rows == 3
    result = await _verify(cli_env)
    assert result.exit_code == 0, result.output
    assert "3 rows, chain intact" in result.output
    as_json = json.loads((await _verify(cli_env, "--json")).stdout)
    assert as_json == {
        "rows": 3,
        "intact": True,
        "broken_id": None,
        "problem": "",
        "checkpoints": 0,
    }


async def test_the_database_refuses_update_and_delete(engine):
    await _three_rows(engine)
    for statement in (
        "UPDATE audit_events SET action = 'nothing' WHERE id = 2",
        "DELETE FROM audit_events WHERE id = 3",
        "DELETE FROM audit_events",
    ):
        async with engine.connect() as conn:
            with pytest.raises(DBAPIError, match="append-only"):
                await conn.execute(text(statement))
            await conn.rollback()
    async with session_factory(engine)() as session:
        assert await session.scalar(select(func.count()).select_from(AuditEvent)) == 3
        assert await session.scalar(select(AuditEvent.action).where(AuditEvent.id == 2)) == (
            "sign_in_failed"
        )


async def _drop_triggers(conn):
    # What an attacker with database access would do first.
    if conn.dialect.name == "postgresql":
        await conn.execute(text("DROP TRIGGER audit_events_no_update ON audit_events"))
    else:
        await conn.execute(text("DROP TRIGGER audit_events_no_update"))
        await conn.execute(text("DROP TRIGGER audit_events_no_delete"))


async def test_verify_finds_a_row_edited_in_the_raw_database(engine, cli_env):
    await _three_rows(engine)
    async with engine.begin() as conn:
        await _drop_triggers(conn)
        await conn.execute(text("UPDATE audit_events SET subject_id = '8' WHERE id = 1"))
    async with session_factory(engine)() as session:
        report = await verify_chain(session)
    assert not report.intact and report.broken_id == 1
    result = await _verify(cli_env)
    assert result.exit_code == 1
    assert "audit row 1" in result.output
    as_json = json.loads((await _verify(cli_env, "--json")).stdout)
    assert as_json["intact"] is False and as_json["broken_id"] == 1


async def test_verify_finds_a_deleted_row_even_when_hashes_are_recomputed_after_it(engine):
    await _three_rows(engine)
    async with engine.begin() as conn:
        await _drop_triggers(conn)
        await conn.execute(text("DELETE FROM audit_events WHERE id = 2"))
    async with session_factory(engine)() as session:
        report = await verify_chain(session)
    assert not report.intact and report.broken_id == 3


async def test_concurrent_appends_never_fork_the_chain(engine):
    sessions = session_factory(engine)
    await asyncio.gather(
        *(
            append_apart(sessions, Actor(n, "specialist"), "read_caseload", "caseload", n)
            for n in range(1, 21)
        )
    )
    async with sessions() as session:
        hashes = (await session.scalars(select(AuditEvent.prev_hash))).all()
        report = await verify_chain(session)
    assert report.intact and report.rows == 20
    assert len(set(hashes)) == 20  # no two rows claim the same predecessor


async def test_deleting_people_leaves_their_audit_rows_alone(engine, session):
    from tests.integration.web.world import build_world

    world = await build_world(session)
    await session.commit()
    del world
    async with session_factory(engine)() as other, other.begin():
        await append(
            other, Actor(1, "admin"), "read_participant", "participant", 1, participant_id=1
        )
    async with session_factory(engine)() as other, other.begin():
        await other.execute(text("DELETE FROM participants"))
    async with session_factory(engine)() as other:
        assert (await verify_chain(other)).intact
