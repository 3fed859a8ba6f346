"""/metrics after real work (issue #19, operations): the in-process runner's tasks are timed and
their failures counted, a sync's postings and its last success show, and the figures read at
scrape time follow the database. Metrics are per process, so each test compares a scrape after
the work with one before it."""

from __future__ import annotations

import asyncio
import dataclasses
import re
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import create_async_engine

from jobs import metrics
from jobs.errors import NotFound
from jobs.services.tasks import TaskContext, run_in_process, sync_source
from jobs.settings import Settings
from jobs.store import Source, SyncRun
from jobs.store.engine import session_factory
from jobs.web.observability import read_figures
from tests.support.portal_fixtures import portal_client

pytestmark = pytest.mark.anyio
BOARD = Path(__file__).resolve().parents[1] / "fixtures/connectors/greenhouse/board.json"
METRICS_TOKEN = "operator-metrics-token-0123"
SAMPLE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)$", re.MULTILINE)


def with_token(settings: Settings) -> Settings:
    server = dataclasses.replace(settings.server, metrics_token=METRICS_TOKEN)
    return dataclasses.replace(settings, server=server)


def samples(text: str) -> dict[str, float]:
    """Prometheus' text format as {name{labels}: value}."""
    return {name + (labels or ""): float(value) for name, labels, value in SAMPLE.findall(text)}


async def scrape(settings: Settings) -> dict[str, float]:
    """Every sample of /metrics, read through the app with the operator's token."""
    async with portal_client(with_token(settings)) as client:
        answer = await client.get("/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    assert answer.status_code == 200, answer.text
    return samples(answer.text)


def recorded_board() -> httpx.MockTransport:
    """The recorded Greenhouse board for /v1/boards/heartland/jobs; 404 elsewhere."""

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/boards/heartland/jobs":
            return httpx.Response(200, content=BOARD.read_bytes())
        return httpx.Response(404)

    return httpx.MockTransport(answer)


async def test_a_scheduled_sync_in_process_moves_the_task_and_sync_figures(
    settings, runtime, engine, session
):
    session.add(
        Source(
            name="gh",
            kind="greenhouse",
            config={"board": "heartland"},
            base_url="https://boards.example.org",
            sync_interval_minutes=5,
        )
    )
    await session.commit()
    before = await scrape(settings)
    assert before["jobs_metrics_database_up"] == 1.0
    # Never synced: no last success yet, and the outbox series are there at zero.
    assert 'jobs_sync_last_success_timestamp_seconds{source="gh"}' not in before
    assert before['jobs_outbox_messages{channel="sms",status="queued"}'] == 0.0

    stop = asyncio.Event()
    async with httpx.AsyncClient(transport=recorded_board()) as client:
        context = TaskContext(runtime, session_factory(engine), client)
        running = asyncio.create_task(run_in_process(context, stop))
        for _ in range(600):
            await asyncio.sleep(0.05)
            async with session_factory(engine)() as fresh:
                run = await fresh.scalar(select(SyncRun).where(SyncRun.finished_at.is_not(None)))
            if run:
                break
        stop.set()
        await asyncio.wait_for(running, timeout=30)
    assert run is not None and run.created == 2

    after = await scrape(settings)
    timed = 'jobs_task_duration_seconds_count{task="sync_source"}'
    assert after[timed] == before.get(timed, 0.0) + 1
    runs = 'jobs_sync_runs_total{source="gh",status="ok"}'
    assert after[runs] == before.get(runs, 0.0) + 1
    created = 'jobs_sync_postings_total{outcome="created",source="gh"}'
    assert after[created] == before.get(created, 0.0) + 2
    # Read from the database at scrape time: the last run's figures and its finishing time.
    assert after['jobs_sync_last_run_postings{outcome="created",source="gh"}'] == 2.0
    assert after['jobs_sync_last_run_postings{outcome="closed",source="gh"}'] == 0.0
    assert after['jobs_sync_last_run_failed{source="gh"}'] == 0.0
    assert after['jobs_sync_last_success_timestamp_seconds{source="gh"}'] == pytest.approx(
        run.finished_at.timestamp()
    )
    # Nothing runs in the runner now.
    assert after.get('jobs_queue_depth{queue="sync",status="doing"}', 0.0) == 0.0


async def test_a_failing_task_is_counted_and_a_failed_sync_shows(
    settings, runtime, engine, session
):
    session.add(
        Source(
            name="gone",
            kind="greenhouse",
            config={"board": "nowhere"},
            base_url="https://boards.example.org",
        )
    )
    await session.commit()
    before = await scrape(settings)
    async with httpx.AsyncClient(transport=recorded_board()) as client:
        context = TaskContext(runtime, session_factory(engine), client)
        with pytest.raises(NotFound):
            await metrics.timed("sync_source", "sync", sync_source(context, "no-such-source"))
        # The upstream answers 404: the sync ends "failed" (not an error of the task).
        result = await metrics.timed("sync_source", "sync", sync_source(context, "gone"))
    assert result is not None and result["status"] == "failed"

    after = await scrape(settings)
    failures = 'jobs_task_failures_total{task="sync_source"}'
    assert after[failures] == before.get(failures, 0.0) + 1
    timed = 'jobs_task_duration_seconds_count{task="sync_source"}'
    assert after[timed] == before.get(timed, 0.0) + 2
    runs = 'jobs_sync_runs_total{source="gone",status="failed"}'
    assert after[runs] == before.get(runs, 0.0) + 1
    assert after['jobs_sync_last_run_failed{source="gone"}'] == 1.0
    assert 'jobs_sync_last_success_timestamp_seconds{source="gone"}' not in after


async def test_the_runner_counts_a_task_as_running_while_it_runs(settings, engine):
    started, release = asyncio.Event(), asyncio.Event()

    async def slow() -> None:
        started.set()
        await release.wait()

    running = asyncio.create_task(metrics.timed("nightly_retention", "maintenance", slow()))
    await started.wait()
    during = await scrape(settings)
    release.set()
    await running
    after = await scrape(settings)
    doing = 'jobs_queue_depth{queue="maintenance",status="doing"}'
    assert during[doing] == after[doing] + 1


async def test_the_database_figures_are_left_out_when_it_does_not_answer(settings):
    nowhere = create_async_engine("postgresql+asyncpg://postgres@127.0.0.1:1/nowhere")
    try:
        figures = await read_figures(nowhere, settings)
    finally:
        await nowhere.dispose()
    body, _ = metrics.exposition("", figures)
    assert b"jobs_metrics_database_up 0.0" in body
    assert b"jobs_outbox_messages{" not in body
    assert b"jobs_task_duration_seconds" in body  # the process's own figures still answer


def test_a_scraped_figure_joins_the_live_metric_of_its_name():
    joined, _ = metrics.exposition("", [metrics.QUEUE_DEPTH_READ.family([(("sync", "todo"), 3.0)])])
    assert joined.count(b"# TYPE jobs_queue_depth gauge") == 1
    assert b'jobs_queue_depth{queue="sync",status="todo"} 3.0' in joined
