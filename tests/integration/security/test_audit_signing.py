"""Issue 20, item 6: the audit chain is signed with a key kept outside the database, ids must be
contiguous, signed checkpoints catch a cut tail, and verify notices dropped triggers."""

import asyncio
import json

import anyio
import pytest
from click.testing import CliRunner
from sqlalchemy import event, select, text

from jobs.cli import main
from jobs.services.audit import Actor, append, append_kept_rows, kept_row, verify_chain
from jobs.services.group_commit import GroupCommit
from jobs.store import AuditEvent
from jobs.store.audit import CHAINED_FIELDS, KEYED_MARKER, chain_hash
from jobs.store.engine import create_engine, session_factory
from tests.support.db import statements_sent

pytestmark = pytest.mark.anyio


async def _rows(engine, count=4):
    async with session_factory(engine)() as session, session.begin():
        for n in range(1, count + 1):
            await append(session, Actor(n, "specialist"), "read_participant", "participant", n)


async def _cli(cli_env, *args):
    def run():
        return CliRunner().invoke(main, ["audit", *args], env=cli_env)

    return await anyio.to_thread.run_sync(run)


async def _drop_triggers(conn):
    if conn.dialect.name == "postgresql":
        await conn.execute(text("DROP TRIGGER audit_events_no_update ON audit_events"))
        await conn.execute(text("DROP TRIGGER audit_events_no_truncate ON audit_events"))
    else:
        await conn.execute(text("DROP TRIGGER audit_events_no_update"))
        await conn.execute(text("DROP TRIGGER audit_events_no_delete"))


async def _rechain(conn, key=None, start=1, stop=None):
    """What someone with the database but not the audit key does after an edit: recompute every
    link from ``start`` on (plain SHA-256, or an HMAC under a key of their own)."""
    rows = (
        (await conn.execute(select(AuditEvent.__table__).order_by(AuditEvent.id))).mappings().all()
    )
    prev = ""
    for row in rows:
        if row["id"] >= start and (stop is None or row["id"] <= stop):
            fields = {name: row[name] for name in CHAINED_FIELDS}
            own = chain_hash(fields, prev, key)
            await conn.execute(
                text("UPDATE audit_events SET prev_hash = :p, hash = :h WHERE id = :i"),
                {"p": prev, "h": own, "i": row["id"]},
            )
            prev = own
        else:
            prev = row["hash"]


async def _report(engine, checkpoints=()):
    async with session_factory(engine)() as session:
        return await verify_chain(session, checkpoints)


async def test_rows_are_signed_with_the_key_outside_the_database(engine, runtime, settings):
    await _rows(engine, 2)
    key_file = settings.data_dir / "audit.key"
    assert key_file.exists() and key_file.stat().st_mode & 0o077 == 0
    assert bytes.fromhex(key_file.read_text().strip()) == runtime.audit_key
    async with session_factory(engine)() as session:
        rows = (await session.scalars(select(AuditEvent).order_by(AuditEvent.id))).all()
    first = {name: getattr(rows[0], name) for name in CHAINED_FIELDS}
    assert rows[0].hash == chain_hash(first, "", runtime.audit_key)
    assert rows[0].hash != chain_hash(first, "")  # not the unkeyed hash anyone can compute
    assert (await _report(engine)).intact


@pytest.mark.parametrize("their_key", [None, b"k" * 32], ids=["sha256", "another-key"])
async def test_a_recomputed_chain_is_caught(engine, their_key):
    await _rows(engine)
    async with engine.begin() as conn:
        await _drop_triggers(conn)
        await conn.execute(text("UPDATE audit_events SET subject_id = '99' WHERE id = 2"))
        await _rechain(conn, their_key, start=2)
        # Put the triggers back so only the signature can tell.
        for statement in _triggers(conn):
            await conn.execute(text(statement))
    report = await _report(engine)
    assert not report.intact and report.broken_id == 2
    assert "changed" in report.problem


def _triggers(conn):
    from importlib import import_module

    migration = import_module("jobs.store.migrations.versions.0007_audit_chain")
    return (
        migration.POSTGRES_TRIGGERS[1:]
        if conn.dialect.name == "postgresql"
        else migration.SQLITE_TRIGGERS
    )


async def test_a_deleted_middle_row_is_caught_even_when_the_links_are_redone(engine, cli_env):
    await _rows(engine)
    async with engine.begin() as conn:
        await _drop_triggers(conn)
        await conn.execute(text("DELETE FROM audit_events WHERE id = 2"))
        await _rechain(conn, None, start=3)  # the old, keyless check passed this
        for statement in _triggers(conn):
            await conn.execute(text(statement))
    report = await _report(engine)
    assert not report.intact and report.broken_id == 3 and "gap" in report.problem
    result = await _cli(cli_env, "verify")
    assert result.exit_code == 1 and "audit row 3 follows a gap" in result.output


async def test_a_cut_tail_after_a_checkpoint_is_caught(engine, cli_env, settings):
    await _rows(engine, 3)
    made = await _cli(cli_env, "checkpoint")
    assert made.exit_code == 0, made.output
    point = json.loads(made.stdout)
    assert point["max_id"] == 3 and len(point["signature"]) == 64
    kept = (settings.data_dir / "audit-checkpoints.jsonl").read_text()
    assert kept.strip() == made.stdout.strip()
    ok = await _cli(cli_env, "verify")
    assert ok.exit_code == 0 and "3 rows, chain intact, 1 checkpoints match" in ok.output
    async with engine.begin() as conn:
        await _drop_triggers(conn)
        await conn.execute(text("DELETE FROM audit_events WHERE id = 3"))
        for statement in _triggers(conn):
            await conn.execute(text(statement))
    result = await _cli(cli_env, "verify", "--json")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["problem"] == "ends at row 2, before the checkpoint at row 3"
    # Appending new rows over the cut does not hide it: row 3 is not the one signed.
    await _rows(engine, 1)
    again = await _cli(cli_env, "verify")
    assert again.exit_code == 1 and "audit row 3 differs from the signed checkpoint" in again.output


async def test_a_forged_checkpoint_is_refused(engine, cli_env, tmp_path):
    await _rows(engine, 2)
    forged = tmp_path / "forged.jsonl"
    forged.write_text(
        json.dumps({"max_id": 1, "head": "0" * 64, "made_at": "x", "signature": "0" * 64}) + "\n"
    )
    result = await _cli(cli_env, "verify", "--checkpoints", str(forged))
    assert result.exit_code == 1 and "checkpoint at row 1 is not signed" in result.output
    missing = await _cli(cli_env, "verify", "--checkpoints", str(tmp_path / "none.jsonl"))
    assert missing.exit_code == 1 and "no checkpoints file" in missing.output


async def test_dropped_triggers_are_reported(engine, cli_env):
    await _rows(engine, 2)
    async with engine.begin() as conn:
        await _drop_triggers(conn)
    report = await _report(engine)
    assert not report.intact and "append-only triggers" in report.problem
    result = await _cli(cli_env, "verify")
    assert result.exit_code == 1 and "lost its append-only triggers" in result.output


async def test_a_chain_from_before_the_key_continues_after_a_marker(engine, runtime):
    """Rows written before the audit key keep their plain hashes; the first signed row is a
    marker whose signature covers the last unsigned hash, so the old rows stay anchored."""
    async with engine.begin() as conn:
        await _drop_triggers(conn)
    async with session_factory(engine)() as session, session.begin():
        await append(session, Actor(1, "admin"), "read_caseload", "caseload", 1)
        await append(session, Actor(1, "admin"), "read_caseload", "caseload", 2)
    async with engine.begin() as conn:
        await _rechain(conn, None)  # as the keyless code wrote them
        for statement in _triggers(conn):
            await conn.execute(text(statement))
    async with session_factory(engine)() as session, session.begin():
        await append(session, Actor(2, "specialist"), "read_participant", "participant", 5)
    async with session_factory(engine)() as session:
        rows = (await session.scalars(select(AuditEvent).order_by(AuditEvent.id))).all()
    assert [row.action for row in rows] == [
        "read_caseload",
        "read_caseload",
        KEYED_MARKER,
        "read_participant",
    ]
    assert rows[2].detail == {"unkeyed_rows": 2}
    assert (await _report(engine)).intact
    # Rewriting an old, unsigned row (and its plain hashes) breaks the marker's signed link.
    async with engine.begin() as conn:
        await _drop_triggers(conn)
        await conn.execute(text("UPDATE audit_events SET subject_id = '9' WHERE id = 1"))
        await _rechain(conn, None, start=1, stop=2)
        new_last = (await conn.execute(text("SELECT hash FROM audit_events WHERE id = 2"))).scalar()
        await conn.execute(
            text("UPDATE audit_events SET prev_hash = :h WHERE id = 3"), {"h": new_last}
        )
        for statement in _triggers(conn):
            await conn.execute(text(statement))
    report = await _report(engine)
    assert not report.intact and report.broken_id == 3


async def test_two_processes_appending_in_turn_keep_one_signed_chain(engine, settings, runtime):
    """Each process remembers the head it wrote; a head another process wrote since is read
    whole and checked, and the chain stays one unbroken signed line with no stray marker."""
    other = create_engine(settings.database, runtime.key_ring, runtime.audit_key)
    try:
        for turn in range(3):
            await _rows(engine, count=2)
            await _rows(other, count=1 + turn)
        async with session_factory(engine)() as session:
            actions = set((await session.scalars(select(AuditEvent.action))).all())
    finally:
        await other.dispose()
    assert KEYED_MARKER not in actions
    report = await _report(engine)
    assert report.intact and report.rows == 3 * 2 + 1 + 2 + 3


def _kept(actor_id: int, subject: int) -> dict:
    return kept_row(Actor(actor_id, "specialist"), "read_participant", "participant", subject)


async def test_a_batch_of_kept_rows_continues_a_chain_from_before_the_key_after_a_marker(
    engine, runtime
):
    """The batch writer (``append_kept_rows``, a reader's rows in a ``GroupCommit``) checks the
    head it did not write as ``append`` does: an unsigned head gets the marker first."""
    async with engine.begin() as conn:
        await _drop_triggers(conn)
    await _rows(engine, count=2)
    async with engine.begin() as conn:
        await _rechain(conn, None)  # as the keyless code wrote them
        for statement in _triggers(conn):
            await conn.execute(text(statement))
    other = create_engine(runtime.settings.database, runtime.key_ring, runtime.audit_key)
    try:  # a process that never wrote this chain's head
        await GroupCommit(other).run(lambda conn: append_kept_rows(conn, [_kept(2, 5)]))
    finally:
        await other.dispose()
    async with session_factory(engine)() as session:
        rows = (await session.scalars(select(AuditEvent).order_by(AuditEvent.id))).all()
    assert [row.action for row in rows] == [
        "read_participant",
        "read_participant",
        KEYED_MARKER,
        "read_participant",
    ]
    assert rows[2].detail == {"unkeyed_rows": 2}
    assert (await _report(engine)).intact


async def test_batched_and_single_appends_in_turn_keep_one_signed_chain(engine, settings, runtime):
    """Rows of several requests in one batch, then ``append`` from another process, then a batch
    again: one unbroken signed chain, contiguous ids, no marker, one head read per batch."""
    other = create_engine(settings.database, runtime.key_ring, runtime.audit_key)
    writes = GroupCommit(engine)
    heads = []

    def count_heads(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("SELECT") and "audit_events" in statement:
            heads.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", count_heads)
    try:
        for turn in range(3):
            await asyncio.gather(
                *(
                    writes.run(lambda conn, n=n: append_kept_rows(conn, [_kept(1, n), _kept(1, n)]))
                    for n in range(3)
                )
            )
            await _rows(other, count=1 + turn)
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", count_heads)
        await other.dispose()
    async with session_factory(engine)() as session:
        actions = set((await session.scalars(select(AuditEvent.action))).all())
    assert KEYED_MARKER not in actions
    report = await _report(engine)
    assert report.intact and report.rows == 3 * 6 + 1 + 2 + 3
    # Each batch reads the head once (and the whole head row when another process wrote it).
    assert len(heads) <= 2 * writes.batches


async def test_a_batch_asks_for_the_chain_lock_once_and_its_rows_keep_the_chain(engine):
    """On PostgreSQL a batch takes the chain's lock before its writes and its audit rows find it
    held (one ask a batch, not two); SQLite's BEGIN IMMEDIATE is its lock. Rows of several
    requests, batch after batch, make one unbroken chain."""
    writes = GroupCommit(engine)
    with statements_sent(engine) as said:
        for turn in range(3):
            await asyncio.gather(
                *(
                    writes.run(lambda conn, n=n: append_kept_rows(conn, [_kept(1, n)]))
                    for n in range(3 * turn, 3 * turn + 3)
                )
            )
    locks = [s for s in said if "pg_advisory_xact_lock" in s]
    assert len(locks) == (writes.batches if engine.dialect.name == "postgresql" else 0)
    report = await _report(engine)
    assert report.intact and report.rows == 9
