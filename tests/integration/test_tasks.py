"""The background tasks as `jobs serve` runs them without a queue (SQLite, the default): the same
functions the PostgreSQL workers run, called in-process; and `jobs worker` saying plainly that
it needs PostgreSQL."""

import asyncio
import datetime as dt
import json
from pathlib import Path
from zoneinfo import ZoneInfo

import httpx
import pytest
from click.testing import CliRunner
from procrastinate.jobs import Job
from sqlalchemy import delete, func, select, update

from jobs.cli import main
from jobs.errors import DatabaseUnavailable, NotFound
from jobs.services import task_queue
from jobs.services.demo import load_demo
from jobs.services.tasks import (
    TaskContext,
    next_retention_run,
    rematch_all,
    rematch_participant,
    rematch_participants,
    run_in_process,
    sync_source,
)
from jobs.store import Match, Participant, Posting, Source
from jobs.store.engine import session_factory
from tests.integration.web.world import build_world
from tests.support.loopback import Reply, serve

pytestmark = pytest.mark.anyio
BOARD = Path(__file__).resolve().parents[1] / "fixtures/connectors/greenhouse/board.json"
CHICAGO = ZoneInfo("America/Chicago")


async def test_the_nightly_purge_falls_at_the_hour_in_program_time():
    before = dt.datetime(2026, 12, 6, 8, 0, tzinfo=dt.UTC)  # 02:00 in Chicago
    assert next_retention_run(before, 3, CHICAGO) == dt.datetime(2026, 12, 6, 9, 0, tzinfo=dt.UTC)
    after = dt.datetime(2026, 12, 6, 10, 0, tzinfo=dt.UTC)  # 04:00 in Chicago: tomorrow
    assert next_retention_run(after, 3, CHICAGO) == dt.datetime(2026, 12, 7, 9, 0, tzinfo=dt.UTC)


async def test_rematch_participant_ranks_every_open_posting_once(runtime, engine, session):
    world = await build_world(session)
    ana = world.participants["ana"]
    async with httpx.AsyncClient() as client:
        context = TaskContext(runtime, session_factory(engine), client)
        stored = await rematch_participant(context, ana)
        assert await rematch_participant(context, 10_000_000) == 0  # gone: nothing to do
    async with session_factory(engine)() as fresh:
        open_postings = await fresh.scalar(
            select(func.count()).select_from(Posting).where(Posting.status == "open")
        )
        per_posting = (
            await fresh.execute(
                select(Match.posting_id, func.count())
                .where(Match.participant_id == ana)
                .group_by(Match.posting_id)
            )
        ).all()
    assert stored == open_postings == len(per_posting)
    assert all(count == 1 for _, count in per_posting)


async def _matches(engine) -> dict[tuple[int, int], tuple]:
    async with session_factory(engine)() as fresh:
        rows = await fresh.scalars(select(Match))
        return {
            (m.participant_id, m.posting_id): (m.tier, m.score, m.components, m.reasons, m.transit)
            for m in rows
        }


async def test_a_full_rematch_in_batches_gives_what_one_by_one_rematches_give(
    runtime, engine, session
):
    await load_demo(session, runtime)  # the Kansas City demo: people with rules, homes, jobs
    everyone = sorted(await session.scalars(select(Participant.id)))
    await session.commit()
    assert len(everyone) >= 3
    async with httpx.AsyncClient() as client:
        context = TaskContext(runtime, session_factory(engine), client)
        for participant_id in everyone:
            await rematch_participant(context, participant_id)
        one_by_one = await _matches(engine)
        async with session_factory(engine)() as fresh, fresh.begin():
            await fresh.execute(delete(Match))
        # As the queue runs it: each batch handed over (deferred), then run by "a worker".
        handed: list[list[int]] = []

        async def hand_over(batch: list[int]) -> None:
            handed.append(batch)

        assert await rematch_all(context, batch_size=2, run_batch=hand_over) == len(handed)
        assert sorted(n for batch in handed for n in batch) == everyone  # each once
        assert all(1 <= len(batch) <= 2 for batch in handed)
        for batch in reversed(handed):  # workers take them in any order
            await rematch_participants(context, batch)
        assert await _matches(engine) == one_by_one
        # In process (SQLite's way): the same function runs the batches itself.
        async with session_factory(engine)() as fresh, fresh.begin():
            await fresh.execute(delete(Match))
        assert await rematch_all(context, batch_size=3) == -(-len(everyone) // 3)
        assert await _matches(engine) == one_by_one
        assert await rematch_participants(context, [10_000_000]) == 0  # gone: nothing to do
        with pytest.raises(ValueError, match="batch_size"):
            await rematch_all(context, batch_size=0)
    assert one_by_one and {p for p, _ in one_by_one} == set(everyone)


def test_jobs_match_all_rematches_everyone_in_process_on_sqlite(cli_env):
    runner = CliRunner()
    assert runner.invoke(main, ["db", "upgrade"], env=cli_env).exit_code == 0
    done = runner.invoke(main, ["match", "--all", "--batch", "5", "--json"], env=cli_env)
    assert done.exit_code == 0, done.output
    assert json.loads(done.stdout)["batches"] == 0  # an empty database: nobody to rematch
    both = runner.invoke(main, ["match", "T-1", "--all"], env=cli_env)
    assert both.exit_code == 1 and "either PARTICIPANT or --all" in both.output
    neither = runner.invoke(main, ["match"], env=cli_env)
    assert neither.exit_code == 1 and "or --all" in neither.output


async def test_a_due_sync_runs_once_and_a_sync_not_due_is_skipped(runtime, engine, session):
    with serve() as upstream:
        upstream.routes["/v1/boards/heartland/jobs"] = Reply(BOARD.read_bytes())
        session.add(
            Source(
                name="gh",
                kind="greenhouse",
                config={"board": "heartland"},
                base_url=upstream.base_url,
                sync_interval_minutes=60,
            )
        )
        await session.commit()
        async with httpx.AsyncClient() as client:
            context = TaskContext(runtime, session_factory(engine), client)
            first = await sync_source(context, "gh", only_if_due=True)
            assert first is not None
            assert (first["source"], first["created"], first["status"]) == ("gh", 2, "ok")
            assert await sync_source(context, "gh", only_if_due=True) is None  # not due yet
            asked = await sync_source(context, "gh")  # asked for by name: runs regardless
            assert asked is not None and asked["unchanged"] == 2
    assert len(upstream.requests) == 2


async def test_serve_without_a_queue_syncs_due_sources_in_process_until_stopped(
    runtime, engine, session
):
    with serve() as upstream:
        upstream.routes["/v1/boards/heartland/jobs"] = Reply(BOARD.read_bytes())
        session.add(
            Source(
                name="gh",
                kind="greenhouse",
                config={"board": "heartland"},
                base_url=upstream.base_url,
                sync_interval_minutes=5,
            )
        )
        await session.commit()
        stop = asyncio.Event()
        async with httpx.AsyncClient() as client:
            context = TaskContext(runtime, session_factory(engine), client)
            running = asyncio.create_task(run_in_process(context, stop))
            for _ in range(600):
                await asyncio.sleep(0.05)
                async with session_factory(engine)() as fresh:
                    synced = await fresh.scalar(
                        select(Source.last_synced_at).where(Source.name == "gh")
                    )
                if synced:
                    break
            stop.set()
            await asyncio.wait_for(running, timeout=30)
    assert synced is not None
    assert len(upstream.requests) == 1


async def test_a_source_without_an_interval_is_never_due(runtime, engine, session):
    session.add(Source(name="gh", kind="greenhouse", config={"board": "x"}))
    await session.commit()
    await session.execute(update(Source).values(sync_interval_minutes=None))
    await session.commit()
    async with httpx.AsyncClient() as client:
        context = TaskContext(runtime, session_factory(engine), client)
        assert await sync_source(context, "gh", only_if_due=True) is None


def test_jobs_worker_needs_postgresql_and_status_says_so(cli_env):
    runner = CliRunner()
    assert runner.invoke(main, ["db", "upgrade"], env=cli_env).exit_code == 0
    worker = runner.invoke(main, ["worker"], env=cli_env)
    assert worker.exit_code == 1
    assert "the task queue needs PostgreSQL" in worker.output
    assert "`jobs serve` runs the background tasks itself" in worker.output
    status = runner.invoke(main, ["worker", "status", "--json"], env=cli_env)
    assert status.exit_code == 0, status.output
    assert json.loads(status.stdout)["backend"] == "in_process"


def test_the_queue_reaches_postgresql_by_the_same_url():
    url = "postgresql+asyncpg://jobs:s%40cret@db.example.org:5433/jobs?ssl=require"
    assert (
        task_queue.conninfo(url)
        == "postgresql://jobs:s%40cret@db.example.org:5433/jobs?sslmode=require"
    )
    with pytest.raises(ValueError, match="needs PostgreSQL"):
        task_queue.conninfo("sqlite+aiosqlite:///x.sqlite3")


def test_queued_tasks_retry_what_may_pass_and_fail_at_once_what_will_not():
    job = Job(id=1, queue="sync", lock=None, queueing_lock=None, task_name="jobs.sync_source")
    retry = task_queue.RETRY
    assert retry.get_retry_decision(exception=ConnectionResetError(), job=job) is not None
    outage = DatabaseUnavailable("the database is restarting")
    assert retry.get_retry_decision(exception=outage, job=job) is not None
    assert retry.get_retry_decision(exception=NotFound("no source named x"), job=job) is None
    tried = Job(
        id=1, queue="sync", lock=None, queueing_lock=None, task_name="jobs.sync_source", attempts=5
    )
    assert retry.get_retry_decision(exception=ConnectionResetError(), job=tried) is None
