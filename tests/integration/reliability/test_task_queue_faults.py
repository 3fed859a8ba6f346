"""Faults the task queue survives, against real processes on a PostgreSQL cluster of the test's
own (started with initdb + pg_ctl in a temporary directory, so it can be stopped and restarted
without touching anyone's server; this runs the same on the SQLite and the PostgreSQL runs):

- a worker killed with SIGKILL in the middle of a rematch, or of a sync, has its task run
  again by another worker, and nothing is lost or doubled;
- PostgreSQL restarted under load: ``/health`` answers 503 while it is down, the app recovers
  by itself, and no request gets a 500 or a traceback;
- two workers never run the same participant's rematch at once.

Workers here beat every second and count as dead after 3 s of silence, so recovery takes
seconds, not the production half-minute.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from jobs.services import task_queue
from jobs.settings import Settings
from tests.conftest import FIXTURES, ROOT
from tests.integration.web.world import PASSWORD, sign_in
from tests.support.db import query
from tests.support.loopback import Reply, serve
from tests.support.portal_fixtures import portal_client
from tests.support.private_postgres import (
    PrivatePostgres,
    remove_private_postgres,
    server_binaries,
    start_private_postgres,
)
from tests.support.served import free_port, start_server, stop_server, world_database
from tests.support.served import sign_in as sign_in_over_http

QUEUE_ENV = {
    "JOBS_QUEUE": "procrastinate",
    "JOBS_QUEUE_HEARTBEAT_SECONDS": "1",
    "JOBS_QUEUE_STALLED_SECONDS": "3",
    "JOBS_QUEUE_RECOVER_SECONDS": "1",
    "JOBS_RETENTION_HOUR": "-1",
}


@pytest.fixture(scope="module")
def cluster() -> Iterator[PrivatePostgres]:
    if server_binaries() is None:
        pytest.fail("these fault tests need the PostgreSQL server binaries (initdb, pg_ctl)")
    cluster = start_private_postgres()
    try:
        yield cluster
    finally:
        remove_private_postgres(cluster)


@pytest.fixture
def queue_db(cluster: PrivatePostgres, tmp_path: Path, request) -> tuple[Settings, dict]:
    """A fresh database on the private cluster with the portal tests' world and the queue's
    tables; returns its settings and the environment for `jobs` processes on it."""
    name = "q_" + request.node.name.lower().replace("[", "_").replace("]", "")[:50]
    url = cluster.create_database(name)
    env = {
        "JOBS_DATA_DIR": str(tmp_path / "var"),
        "JOBS_DATABASE_URL": url,
        "JOBS_DEMO_PASSWORD": "amber lantern orchard drift",
        **QUEUE_ENV,
    }
    settings = Settings.from_env(env)
    world_database(settings)
    upgraded = jobs_command(env, "db", "upgrade")
    assert "task queue tables created" in upgraded.stderr, upgraded.stderr
    return settings, env


def jobs_command(env: dict, *args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "jobs", *args],
        env={**os.environ, **env, "PYTHONPATH": f"{ROOT / 'src'}:{ROOT}"},
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    assert result.returncode == 0, result.stderr
    return result


def start_worker(env: dict, *extra: str) -> subprocess.Popen:
    output = tempfile.TemporaryFile()  # noqa: SIM115 - closed by stop_worker
    process = subprocess.Popen(
        [sys.executable, "-m", "jobs", "worker", *extra],
        env={**os.environ, **env, "PYTHONPATH": f"{ROOT / 'src'}:{ROOT}"},
        stdout=output,
        stderr=subprocess.STDOUT,
    )
    process.output_file = output  # type: ignore[attr-defined]
    return process


def stop_worker(process: subprocess.Popen) -> str:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=20)
    output = process.output_file  # type: ignore[attr-defined]
    output.seek(0)
    text = output.read().decode(errors="replace")
    output.close()
    return text


# Waiting for a second worker to run a killed task again spans the worker's start (imports, the
# skill model), the stall it must notice and the task itself: tens of seconds on a 2-core machine
# that CI's other pass keeps busy. A generous limit costs nothing when the retry happens.
AGAIN_SECONDS = 150.0


def wait_for(what: str, check: Callable[[], object], timeout: float = 40.0) -> object:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def live_workers(url: str) -> int:
    return query(
        url,
        "SELECT count(*) FROM procrastinate_workers "
        "WHERE last_heartbeat > now() - interval '2 seconds'",
    )[0][0]


def job_row(url: str, job_id: int) -> tuple:
    (row,) = query(
        url,
        "SELECT status::text, attempts, worker_id FROM procrastinate_jobs WHERE id = :i",
        i=job_id,
    )
    return row


def defer(settings: Settings, task: str, arguments: dict) -> int:
    async def queue() -> int | None:
        async with task_queue.opened(settings, max_size=1) as app:
            return await task_queue.defer(app, f"jobs.{task}", **arguments)

    job = asyncio.run(queue())
    assert isinstance(job, int)
    return job


def kill_mid_task(url: str, job_id: int, worker: subprocess.Popen, after: float) -> None:
    """SIGKILL ``worker`` ``after`` seconds into running ``job_id``; check it was still running."""
    wait_for("the job to start", lambda: job_row(url, job_id)[0] == "doing")
    time.sleep(after)
    assert job_row(url, job_id)[0] == "doing", "the task ended before the kill: nothing tested"
    os.kill(worker.pid, signal.SIGKILL)
    worker.wait(timeout=10)


def test_a_rematch_killed_half_way_is_run_again_by_another_worker_once(queue_db):
    settings, env = queue_db
    url = settings.database.url
    ana = query(url, "SELECT id FROM participants WHERE external_ref = 'T-1'")[0][0]
    before = query(url, "SELECT count(*) FROM matches WHERE participant_id = :p", p=ana)[0][0]
    first = start_worker(env, "--queues", "matching")
    second = None
    try:
        wait_for("the first worker", lambda: live_workers(url) == 1)
        job = defer(settings, "rematch_participant", {"participant_id": ana})
        kill_mid_task(url, job, first, after=0.3)
        assert (
            query(url, "SELECT count(*) FROM matches WHERE participant_id = :p", p=ana)[0][0]
            == before
        )  # the killed transaction left nothing half-written

        second = start_worker(env)
        wait_for(
            "the rematch to be done again",
            lambda: job_row(url, job)[0] == "succeeded",
            timeout=AGAIN_SECONDS,
        )
        _status, attempts, _ = job_row(url, job)
        assert attempts == 2  # two runs: the killed one (counted when queued again) and this
        rows = query(
            url,
            "SELECT posting_id, count(*) FROM matches WHERE participant_id = :p "
            "GROUP BY posting_id",
            p=ana,
        )
        open_postings = query(url, "SELECT count(*) FROM postings WHERE status = 'open'")[0][0]
        assert rows and all(count == 1 for _, count in rows)  # nothing doubled
        assert len(rows) == open_postings  # nothing lost: every open posting is ranked once
        events = [
            kind
            for (kind,) in query(
                url,
                "SELECT type::text FROM procrastinate_events WHERE job_id = :j ORDER BY id",
                j=job,
            )
        ]
        assert events.count("started") == 2 and events[-1] == "succeeded", events
    finally:
        stop_worker(first)
        if second is not None:
            stop_worker(second)


def _board(count: int) -> bytes:
    board = json.loads((FIXTURES / "connectors/greenhouse/board.json").read_text())
    template = board["jobs"][0]
    jobs = []
    for n in range(count):
        job = dict(template)
        job["id"] = 5_000_000 + n
        job["internal_job_id"] = 6_000_000 + n
        job["title"] = f"Warehouse Associate {n}"
        jobs.append(job)
    return json.dumps({"jobs": jobs, "meta": {"total": count}}).encode()


def test_a_sync_killed_half_way_is_run_again_and_stores_each_posting_once(queue_db):
    settings, env = queue_db
    url = settings.database.url
    count = 20
    fetched = threading.Event()
    body = _board(count)

    def board(_params: dict) -> Reply:
        fetched.set()
        return Reply(body)

    with serve() as upstream:
        upstream.routes["/v1/boards/queue-board/jobs"] = board
        jobs_command(
            env,
            "sources",
            "add",
            "greenhouse",
            "gh-queue",
            "--base-url",
            upstream.base_url,
            "--set",
            "board=queue-board",
        )
        first = start_worker(env)
        second = None
        try:
            wait_for("the first worker", lambda: live_workers(url) == 1)
            job = defer(settings, "sync_source", {"source": "gh-queue"})
            wait_for("the board to be fetched", fetched.is_set)
            kill_mid_task(url, job, first, after=0.2)
            stored = "SELECT count(*) FROM postings WHERE source_job_id LIKE '50000%'"
            assert query(url, stored)[0][0] == 0  # the killed sync's transaction rolled back

            second = start_worker(env)
            wait_for(
                "the sync to be done again",
                lambda: job_row(url, job)[0] == "succeeded",
                timeout=AGAIN_SECONDS,
            )
            assert job_row(url, job)[1] == 2  # the killed run and the one that finished
            rows = query(
                url,
                "SELECT source_job_id, count(*) FROM postings p JOIN sources s "
                "ON s.id = p.source_id WHERE s.name = 'gh-queue' GROUP BY source_job_id",
            )
            assert len(rows) == count and all(n == 1 for _, n in rows)
            runs = query(
                url,
                "SELECT r.status, r.created FROM sync_runs r JOIN sources s "
                "ON s.id = r.source_id WHERE s.name = 'gh-queue'",
            )
            assert runs == [("ok", count)]  # one finished run: the killed one left no row
            read = query(
                url,
                "SELECT count(DISTINCT e.posting_id) FROM extractions e JOIN postings p "
                "ON p.id = e.posting_id JOIN sources s ON s.id = p.source_id "
                "WHERE s.name = 'gh-queue'",
            )[0][0]
            assert read == count  # every stored posting was read once the retry ran
        finally:
            stop_worker(first)
            if second is not None:
                stop_worker(second)


def test_two_workers_never_run_one_participants_rematch_at_once(queue_db):
    settings, env = queue_db
    url = settings.database.url
    people = [pid for (pid,) in query(url, "SELECT id FROM participants ORDER BY id")]
    ana = people[0]
    workers = [start_worker(env, "--concurrency", "2") for _ in range(2)]
    try:
        wait_for("two workers", lambda: live_workers(url) == 2)
        # Bypass the queueing lock (which would fold these into one waiting job) to put many
        # rematches of one participant in the queue at once, beside others'.
        script = (
            "import asyncio, sys\n"
            "from jobs.settings import Settings\n"
            "from jobs.services import task_queue\n"
            "async def main():\n"
            "    settings = Settings.from_env()\n"
            "    async with task_queue.opened(settings) as app:\n"
            "        for n in range(3):\n"
            "            for pid in map(int, sys.argv[1:]):\n"
            "                await app.configure_task(name='jobs.rematch_participant',\n"
            "                    lock=f'participant:{pid}').defer_async(participant_id=pid)\n"
            "asyncio.run(main())\n"
        )
        # On a busy machine one worker can drain a round before the other wakes; a round is
        # deferred again until both have taken work (else the test proves nothing about two
        # workers), and every round's runs are checked for overlap.
        rounds = 0
        spans: list[tuple] = []
        while rounds < 5 and len({worker for _, worker, _, _ in spans}) < 2:
            rounds += 1
            subprocess.run(
                [sys.executable, "-c", script, *map(str, people)],
                env={**os.environ, **env, "PYTHONPATH": f"{ROOT / 'src'}:{ROOT}"},
                check=True,
                timeout=60,
            )
            total = 3 * len(people) * rounds

            def all_done(total: int = total) -> bool:
                done = query(
                    url,
                    "SELECT count(*) FROM procrastinate_jobs WHERE status = 'succeeded' "
                    "AND task_name = 'jobs.rematch_participant'",
                )[0][0]
                return done >= total

            wait_for("every rematch", all_done, timeout=50)
            spans = query(
                url,
                "SELECT j.args->>'participant_id', j.worker_id, "
                "min(e.at) FILTER (WHERE e.type = 'started'), "
                "max(e.at) FILTER (WHERE e.type = 'succeeded') "
                "FROM procrastinate_jobs j JOIN procrastinate_events e ON e.job_id = j.id "
                "WHERE j.task_name = 'jobs.rematch_participant' GROUP BY j.id",
            )
        by_person: dict[str, list[tuple]] = {}
        for pid, worker, started, ended in spans:
            by_person.setdefault(pid, []).append((started, ended, worker))
        for pid, runs in by_person.items():
            runs.sort()
            for (_, ended, _), (started, _, _) in itertools.pairwise(runs):
                assert ended <= started, f"participant {pid}: two rematches overlapped"
        assert len(by_person[str(ana)]) == 3 * rounds
        assert len({worker for _, worker, _, _ in spans}) == 2, "one worker took every round"
        assert all(started and ended for _, _, started, ended in spans)  # every one succeeded
    finally:
        for worker in workers:
            stop_worker(worker)


def test_postgresql_restarted_under_load_gives_503_then_recovers_without_a_500(queue_db, cluster):
    _settings, env = queue_db
    port = free_port()
    server = start_server(env, port)
    base = f"http://127.0.0.1:{port}"
    answers: list[tuple[str, int, str]] = []
    stop = threading.Event()
    try:
        with httpx.Client(base_url=base, timeout=10) as client:
            sign_in_over_http(client, "part1@example.org", PASSWORD, "/me/profile")
            cookies = dict(client.cookies)

        def load() -> None:
            with httpx.Client(base_url=base, cookies=cookies, timeout=10) as client:
                while not stop.is_set():
                    for path in ("/health", "/me/profile", "/me/jobs", "/login"):
                        with contextlib.suppress(httpx.TransportError):
                            response = client.get(path)
                            answers.append((path, response.status_code, response.text))

        threads = [threading.Thread(target=load) for _ in range(4)]
        for thread in threads:
            thread.start()
        wait_for("load to flow", lambda: len(answers) > 40)
        cluster.stop("fast")
        down_at = len(answers)
        health = wait_for(
            "/health to say the database is down",
            lambda: httpx.get(f"{base}/health", timeout=10).status_code == 503,
            timeout=20,
        )
        assert health
        time.sleep(1.0)  # a second of requests while it is down
        cluster.start()
        wait_for(
            "/health to recover",
            lambda: httpx.get(f"{base}/health", timeout=10).status_code == 200,
            timeout=30,
        )
        recovered_at = len(answers)
        wait_for("pages to answer again", lambda: len(answers) > recovered_at + 40)
        stop.set()
        for thread in threads:
            thread.join(15)
    finally:
        stop.set()
        log = stop_server(server)
    statuses = {status for _, status, _ in answers}
    assert 503 in {status for _, status, _ in answers[down_at:recovered_at]}
    bad = [(path, status) for path, status, _ in answers if status >= 500 and status != 503]
    assert bad == [], f"{bad[:10]}\n{log[-3000:]}"
    assert not [1 for _, _, text in answers if "Traceback" in text]
    tail = answers[-20:]
    assert all(status == 200 for _, status, _ in tail), tail  # recovered by itself
    assert 200 in statuses


def test_worker_status_and_the_admin_page_show_depth_and_failures(queue_db):
    settings, env = queue_db
    url = settings.database.url
    ana = query(url, "SELECT id FROM participants WHERE external_ref = 'T-1'")[0][0]

    queued = json.loads(
        jobs_command(
            env, "worker", "defer", "rematch_participant", f'{{"participant_id": {ana}}}', "--json"
        ).stdout
    )
    assert queued["task"] == "jobs.rematch_participant" and isinstance(queued["job"], int)

    async def fill_the_queue() -> None:
        async with task_queue.opened(settings) as app:
            # Asked again while the first waits: folded into it (the queueing lock).
            again = await task_queue.defer(app, "jobs.rematch_participant", participant_id=ana)
            assert again is None
            await app.configure_task(name="jobs.no_such_task", queue="nowhere").defer_async()
            await app.run_worker_async(
                queues=["nowhere"], wait=False, install_signal_handlers=False
            )

    asyncio.run(fill_the_queue())
    status = json.loads(jobs_command(env, "worker", "status", "--json").stdout)
    assert (status["backend"], status["ready"]) == ("procrastinate", True)
    # Waiting: the rematch, and what the periodic schedule queued when the worker started.
    assert (status["running"], status["failed"]) == (0, 1) and status["waiting"] >= 1
    waiting = {"queue": "matching", "task": "jobs.rematch_participant", "status": "todo"}
    assert {**waiting, "jobs": 1} in status["counts"]
    (failure,) = status["recent_failures"]
    assert failure["task"] == "jobs.no_such_task" and failure["failed_at"]

    async def admin_page() -> str:
        async with portal_client(settings) as client:
            await sign_in(client, "admin")
            page = await client.get("/admin")
        assert page.status_code == 200
        return page.text

    text = asyncio.run(admin_page())
    assert "Background work" in text
    assert f"Waiting: {status['waiting']}. Running: 0. Failed: 1. Workers running: 0" in text
    assert "jobs.no_such_task" in text


def test_saving_a_participant_queues_their_rematch_for_the_workers(queue_db):
    settings, _ = queue_db
    url = settings.database.url

    async def intake() -> None:
        async with portal_client(settings) as client:
            csrf = await sign_in(client, "spec1")
            form = {
                "csrf_token": csrf,
                "external_ref": "T-9",
                "name": "Cara New",
                "max_commute_minutes": "60",
            }
            saved = await client.post("/participants", data=form, follow_redirects=False)
            assert saved.status_code == 303

    asyncio.run(intake())
    person = query(url, "SELECT id FROM participants WHERE external_ref = 'T-9'")[0][0]
    queued = query(
        url,
        "SELECT status::text, lock, (args->>'participant_id')::int FROM procrastinate_jobs "
        "WHERE task_name = 'jobs.rematch_participant'",
    )
    assert queued == [("todo", f"participant:{person}", person)]
    # The web process only queued it: no matches were worked out in the request's process.
    assert query(url, "SELECT count(*) FROM matches WHERE participant_id = :p", p=person) == [(0,)]


def test_an_employer_saving_a_job_queues_its_rematch_for_the_workers(queue_db):
    settings, _ = queue_db
    url = settings.database.url
    job = {
        "title": "Night Stocker",
        "address": "100 Front St",
        "city": "Kansas City",
        "region": "MO",
        "postal_code": "64120",
        "shift_start": "22:00",
        "shift_end": "06:30",
        "days": ["mon", "tue"],
        "pay_min": "17",
        "pay_max": "19",
        "pay_unit": "hour",
        "requirements": "forklift certification",
    }

    async def post_job() -> None:
        async with portal_client(settings) as client:
            csrf = await sign_in(client, "emp1")
            saved = await client.post(
                "/employer/jobs", data={**job, "csrf_token": csrf}, follow_redirects=False
            )
            assert saved.status_code == 303

    asyncio.run(post_job())
    posting = query(url, "SELECT id FROM postings WHERE title = 'Night Stocker'")[0][0]
    queued = query(
        url,
        "SELECT status::text, lock, (args->>'posting_id')::int FROM procrastinate_jobs "
        "WHERE task_name = 'jobs.rematch_posting'",
    )
    assert queued == [("todo", f"posting:{posting}", posting)]
    # The request only queued it: the job was not matched in the web process.
    assert query(url, "SELECT count(*) FROM matches WHERE posting_id = :p", p=posting) == [(0,)]
