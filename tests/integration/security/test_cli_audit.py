"""Issue 20, item 7: command-line reads and changes of participant data are audited, with the
actor ``cli:<os user>``."""

from __future__ import annotations

import asyncio
import getpass
import json

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from jobs.cli import main
from jobs.store import AuditEvent, Participant
from jobs.store.engine import create_engine, session_factory
from tests.conftest import FIXTURES

pytestmark = pytest.mark.anyio


def _events(settings) -> list[AuditEvent]:
    async def read() -> list[AuditEvent]:
        engine = create_engine(settings.database)
        try:
            async with session_factory(engine)() as session:
                return list(await session.scalars(select(AuditEvent).order_by(AuditEvent.id)))
        finally:
            await engine.dispose()

    return asyncio.run(read())


def _participant_ids(settings) -> list[int]:
    async def read() -> list[int]:
        engine = create_engine(settings.database)
        try:
            async with engine.connect() as conn:
                return list(await conn.scalars(select(Participant.id).order_by(Participant.id)))
        finally:
            await engine.dispose()

    return asyncio.run(read())


def test_participant_commands_write_audit_events_as_the_os_user(cli_env, settings):
    runner = CliRunner()

    def jobs(*args: str) -> str:
        done = runner.invoke(main, list(args), env=cli_env)
        assert done.exit_code == 0, done.output
        return done.stdout

    jobs("db", "upgrade")
    fixture = FIXTURES / "participants/design_example.json"
    jobs("participants", "import", str(fixture))
    ids = _participant_ids(settings)
    assert ids
    listed = json.loads(jobs("participants", "list", "--json"))
    jobs("match", str(ids[0]))
    jobs("placements", "list", str(ids[0]))
    jobs("placements", "custody", str(ids[0]), "--kind", "new_offense", "--on", "2025-01-02")

    events = [e for e in _events(settings) if e.action.startswith("cli_")]
    actor = f"cli:{getpass.getuser()}"
    assert events and all(e.actor_label == actor for e in events)
    assert all(e.actor_user_id is None and e.actor_role == "" for e in events)
    by_action: dict[str, list[AuditEvent]] = {}
    for event in events:
        by_action.setdefault(event.action, []).append(event)
    imported = by_action["cli_import_participant"]
    assert sorted(e.participant_id for e in imported) == ids
    (listing,) = by_action["cli_list_participants"]
    assert listing.detail == {"n": len(listed)}
    for action in ("cli_match", "cli_list_placements", "cli_record_custody"):
        (event,) = by_action[action]
        assert event.participant_id == ids[0], action
