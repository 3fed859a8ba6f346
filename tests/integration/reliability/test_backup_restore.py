"""Restore drill: build data, back it up, damage it, restore, and find it back exactly."""

import json

import pytest
from click.testing import CliRunner
from sqlalchemy import delete, inspect, select, text, update

from jobs.cli import main
from jobs.store import Match, Posting, User
from tests.integration.web.world import build_world

pytestmark = pytest.mark.anyio


async def _snapshot(engine) -> dict:
    """Row counts of every table, and a few values that must come back exactly."""
    async with engine.connect() as conn:
        tables = await conn.run_sync(lambda sync: inspect(sync).get_table_names())
        counts = {
            name: (await conn.execute(text(f'SELECT count(*) FROM "{name}"'))).scalar_one()
            for name in sorted(tables)
        }
        titles = (await conn.execute(select(Posting.id, Posting.title).order_by(Posting.id))).all()
        emails = (await conn.execute(select(User.id, User.email).order_by(User.id))).all()
        scores = (await conn.execute(select(Match.id, Match.score).order_by(Match.id))).all()
    return {"counts": counts, "titles": titles, "emails": emails, "scores": scores}


def _jobs(cli_env, *args):
    return CliRunner().invoke(main, list(args), env=cli_env)


async def test_restore_drill_brings_back_exactly_what_was_backed_up(
    engine, session, cli_env, tmp_path
):
    world = await build_world(session)
    await session.close()
    before = await _snapshot(engine)
    assert before["counts"]["postings"] == 4 and before["counts"]["matches"] == 5

    backup_file = tmp_path / "backups" / "jobs.backup"
    made = _jobs(cli_env, "db", "backup", str(backup_file), "--json")
    assert made.exit_code == 0, made.output
    report = json.loads(made.stdout)
    assert report["check"] == "ok" and report["bytes"] == backup_file.stat().st_size > 0

    # Things go wrong after the backup: rows deleted, values changed, rows added.
    async with engine.begin() as conn:
        await conn.execute(delete(Match))
        await conn.execute(
            update(Posting).where(Posting.id == world.postings["forklift"]).values(title="Changed")
        )
        await conn.execute(delete(Posting).where(Posting.id == world.postings["cook"]))
    assert (await _snapshot(engine)) != before

    refused = _jobs(cli_env, "db", "restore", str(backup_file))
    assert refused.exit_code != 0 and "--yes" in refused.output
    await engine.dispose()

    restored = _jobs(cli_env, "db", "restore", str(backup_file), "--yes")
    assert restored.exit_code == 0, restored.output
    assert "restored" in restored.output
    await engine.dispose()
    assert await _snapshot(engine) == before


async def test_restore_refuses_a_file_that_is_not_a_sound_backup(engine, cli_env, tmp_path):
    broken = tmp_path / "broken.backup"
    broken.write_bytes(b"this is not a database backup at all" * 100)
    refused = _jobs(cli_env, "db", "restore", str(broken), "--yes")
    assert refused.exit_code != 0
    assert "not a" in refused.output and "backup" in refused.output
    missing = _jobs(cli_env, "db", "restore", str(tmp_path / "nowhere.backup"), "--yes")
    assert missing.exit_code != 0 and "no backup file" in missing.output
