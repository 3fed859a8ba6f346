"""Issue 20, item 5: participants' names and home addresses, custody-event notes, separation
reasons and match reasons are encrypted at rest; the database and its backups are 0600."""

from __future__ import annotations

import asyncio
import json
import os
import stat
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select, text

from jobs.cli import main
from jobs.crypto import token_key_id
from jobs.store import CustodyEvent, Employer, Match, Participant, Placement, Posting, Source
from jobs.store.engine import create_engine, session_factory
from jobs.store.migrate import downgrade, upgrade
from tests.conftest import sqlite_settings

pytestmark = pytest.mark.anyio

NAME = "CANARY-NAME Zelda Quist"
ADDRESS = "CANARY-ADDR 1234 Hidden Lane"
NOTE = "CANARY-CUSTODY-NOTE arrested at the bus depot"
SEPARATION = "CANARY-SEPARATION fired after a curfew breach"
REASON = "CANARY-REASON registered sex offender"
CANARIES = (NAME, ADDRESS, NOTE, SEPARATION, REASON)


async def _fill(session) -> int:
    """One participant with a custody event, a placement that ended and a match."""
    person = Participant(external_ref="plain-ref-1", name=NAME, home_address=ADDRESS)
    employer = Employer(key="acme", name="Acme Plain Co", name_key="acme plain co")
    source = Source(name="board", kind="portal")
    session.add_all([person, employer, source])
    await session.flush()
    posting = Posting(source_id=source.id, source_job_id="1", title="Cook", content_hash="h")
    session.add(posting)
    await session.flush()
    session.add_all(
        [
            CustodyEvent(
                participant_id=person.id,
                kind="technical_violation",
                occurred_on=date(2025, 1, 2),
                note=NOTE,
            ),
            Placement(
                participant_id=person.id,
                employer_id=employer.id,
                posting_id=posting.id,
                job_title="Cook",
                start_date=date(2024, 6, 1),
                hourly_wage=15.0,
                hours_per_week=40,
                separated_on=date(2024, 12, 1),
                separation_reason=SEPARATION,
            ),
            Match(
                participant_id=person.id,
                posting_id=posting.id,
                tier="excluded",
                score=0,
                reasons=[{"code": "registrant", "tier": "excluded", "text": REASON}],
            ),
        ]
    )
    await session.commit()
    return person.id


def _files(db_file: Path) -> dict[str, bytes]:
    return {
        p.name: p.read_bytes()
        for p in (db_file.with_name(db_file.name + s) for s in ("", "-wal", "-journal"))
        if p.exists()
    }


async def test_names_addresses_notes_and_reasons_never_reach_the_database_file(
    tmp_path: Path, runtime
):
    db_file = tmp_path / "people.sqlite3"
    engine = create_engine(sqlite_settings(db_file), runtime.key_ring)
    try:
        await upgrade(engine)
        async with session_factory(engine)() as session:
            pid = await _fill(session)
        on_disk = b"".join(_files(db_file).values())
        assert b"plain-ref-1" in on_disk  # the check can see plaintext
        for canary in CANARIES:
            assert canary.encode() not in on_disk, canary
        async with session_factory(engine)() as session:
            person = await session.get(Participant, pid)
            assert (person.name, person.home_address) == (NAME, ADDRESS)
            event = await session.scalar(select(CustodyEvent))
            assert event.note == NOTE
            job = await session.scalar(select(Placement))
            assert job.separation_reason == SEPARATION
            match = await session.scalar(select(Match))
            assert match.reasons[0]["text"] == REASON
            raw = (
                await session.execute(
                    text(
                        "SELECT p.name, p.home_address, c.note, j.separation_reason, m.reasons"
                        " FROM participants p JOIN custody_events c ON c.participant_id = p.id"
                        " JOIN placements j ON j.participant_id = p.id"
                        " JOIN matches m ON m.participant_id = p.id"
                    )
                )
            ).one()
            assert all(token_key_id(value) for value in raw)
    finally:
        await engine.dispose()
    on_disk = b"".join(_files(db_file).values())
    for canary in CANARIES:
        assert canary.encode() not in on_disk, canary


async def test_the_caseload_still_sorts_by_name(session, runtime):
    """Names are sorted after opening them, since SQL sees only ciphertext."""
    from jobs.services.caseload import dashboard
    from jobs.services.web_sessions import Viewer

    for ref, name in (("r1", "zoe Adams"), ("r2", "Adam Young"), ("r3", "maria Lopez")):
        session.add(Participant(external_ref=ref, name=name))
    await session.commit()
    admin = Viewer(user_id=1, role="admin", email="a@example.org", display_name="Admin")
    rows = await dashboard(session, admin, date(2025, 1, 1))
    assert [r.name for r in rows] == ["Adam Young", "maria Lopez", "zoe Adams"]


RAW = (
    "SELECT p.name, p.home_address, c.note, j.separation_reason, m.reasons"
    " FROM participants p JOIN custody_events c ON c.participant_id = p.id"
    " JOIN placements j ON j.participant_id = p.id JOIN matches m ON m.participant_id = p.id"
)


async def test_migrations_seal_existing_rows_and_downgrade_opens_them(settings, runtime):
    engine = create_engine(settings.database, runtime.key_ring)
    try:
        await upgrade(engine)
        async with session_factory(engine)() as session:
            pid = await _fill(session)
            session.add(Participant(external_ref="plain-ref-2", name="Eight"))
            await session.commit()
        await downgrade(engine, "0003_outcomes")
        async with engine.connect() as conn:
            row = (await conn.execute(text(RAW))).one()
            reasons = row[4] if isinstance(row[4], list) else json.loads(row[4])
            assert tuple(row[:4]) == (NAME, ADDRESS, NOTE, SEPARATION)
            assert reasons == [{"code": "registrant", "tier": "excluded", "text": REASON}]
        await upgrade(engine)
        async with engine.connect() as conn:
            raw = (await conn.execute(text(RAW))).one()
            assert all(token_key_id(value) for value in raw)
            assert not any("CANARY" in value for value in raw)
            # Child rows survived the column changes (no table copy cascaded them away).
            counts = (
                await conn.execute(
                    text(
                        "SELECT (SELECT count(*) FROM participants), (SELECT count(*) FROM"
                        " placements), (SELECT count(*) FROM matches),"
                        " (SELECT count(*) FROM custody_events)"
                    )
                )
            ).one()
            assert tuple(counts) == (2, 1, 1, 1)
        async with session_factory(engine)() as session:
            person = await session.get(Participant, pid)
            assert (person.name, person.home_address) == (NAME, ADDRESS)
            other = await session.scalar(
                select(Participant).where(Participant.external_ref == "plain-ref-2")
            )
            assert (other.name, other.home_address) == ("Eight", "")
            assert (await session.scalar(select(CustodyEvent))).note == NOTE
            assert (await session.scalar(select(Placement))).separation_reason == SEPARATION
            assert (await session.scalar(select(Match))).reasons[0]["text"] == REASON
    finally:
        await engine.dispose()


async def _modes_while_open(db_file: Path) -> None:
    engine = create_engine(sqlite_settings(db_file))
    try:
        async with engine.connect() as conn:
            await conn.execute(text("SELECT 1 FROM participants"))
            for suffix in ("", "-wal", "-shm"):
                path = db_file.with_name(db_file.name + suffix)
                assert path.exists() and _mode(path) == "0o600", (path.name, _mode(path))
    finally:
        await engine.dispose()


def _mode(path: Path) -> str:
    return oct(stat.S_IMODE(os.stat(path).st_mode))


def test_database_wal_and_backup_files_are_private(tmp_path: Path, cli_env):
    # File modes are a SQLite matter: this test uses its own SQLite file whatever the suite's
    # database is (a skip on PostgreSQL would fail CI's run).
    db_file = tmp_path / "private.sqlite3"
    env = {**cli_env, "JOBS_DATABASE_URL": f"sqlite+aiosqlite:///{db_file}"}
    old = os.umask(0o022)  # a usual umask: files would be 0644 unless the app narrows them
    try:
        runner = CliRunner()
        assert runner.invoke(main, ["db", "upgrade"], env=env).exit_code == 0
        asyncio.run(_modes_while_open(db_file))
        backup = tmp_path / "backup.sqlite3"
        done = runner.invoke(main, ["db", "backup", str(backup)], env=env)
        assert done.exit_code == 0, done.output
        assert _mode(backup) == "0o600"
    finally:
        os.umask(old)
