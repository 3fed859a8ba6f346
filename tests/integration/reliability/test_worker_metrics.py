"""A `jobs worker` on PostgreSQL (a cluster of the test's own, like the queue's fault tests):
the web's /metrics shows the queue's depth read from procrastinate's table, and the worker's
own --metrics-port shows the durations and failures of the tasks it ran."""

from __future__ import annotations

import asyncio

import httpx

from tests.integration.reliability import test_task_queue_faults as faults
from tests.integration.reliability.test_task_queue_faults import (
    defer,
    job_row,
    start_worker,
    stop_worker,
    wait_for,
)
from tests.integration.test_operations_metrics import METRICS_TOKEN, samples, scrape
from tests.support.db import query
from tests.support.served import free_port

# The queue fault tests' fixtures: a private cluster, a database on it with the world.
cluster = faults.cluster
queue_db = faults.queue_db


def test_queue_depth_on_the_web_and_task_figures_on_the_workers_port(queue_db):
    settings, env = queue_db
    url = settings.database.url
    ana = query(url, "SELECT id FROM participants WHERE external_ref = 'T-1'")[0][0]
    todo = 'jobs_queue_depth{queue="matching",status="todo"}'
    assert asyncio.run(scrape(settings))[todo] == 0.0
    job = defer(settings, "rematch_participant", {"participant_id": ana})
    waiting = asyncio.run(scrape(settings))
    assert waiting[todo] == 1.0
    assert waiting['jobs_queue_depth{queue="sync",status="doing"}'] == 0.0

    port = free_port()
    worker = start_worker(
        {**env, "JOBS_METRICS_TOKEN": METRICS_TOKEN},
        "--queues",
        "matching",
        "--metrics-port",
        str(port),
    )
    try:
        wait_for("the rematch", lambda: job_row(url, job)[0] == "succeeded")
        base = f"http://127.0.0.1:{port}/metrics"
        own = samples(httpx.get(base, timeout=10).text)
        assert own['jobs_task_duration_seconds_count{task="rematch_participant"}'] == 1.0
        assert own.get('jobs_task_failures_total{task="rematch_participant"}', 0.0) == 0.0
        # The same rule as the web's: through a proxy only with the token.
        proxied = {"X-Forwarded-For": "203.0.113.9"}
        assert httpx.get(base, headers=proxied, timeout=10).status_code == 404
        bearer = {**proxied, "Authorization": f"Bearer {METRICS_TOKEN}"}
        assert httpx.get(base, headers=bearer, timeout=10).status_code == 200
        assert httpx.get(base.removesuffix("metrics") + "x", timeout=10).status_code == 404
    finally:
        output = stop_worker(worker)
    assert f"metrics on http://127.0.0.1:{port}/metrics" in output, output[-2000:]
    assert asyncio.run(scrape(settings))[todo] == 0.0
