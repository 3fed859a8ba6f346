"""The task queue on PostgreSQL: the tasks of ``services.tasks`` as procrastinate tasks.

One procrastinate ``App`` per process (built by ``queue_app``), on its own psycopg pool to the
same database. Tasks, their locks and schedules:

================================  ======================  =====================================
task                              lock (one at a time)    when
================================  ======================  =====================================
jobs.sync_source                  ``source:<name>``       queued by jobs.sync_due_sources
jobs.sync_due_sources             (queueing lock)         every minute
jobs.process_postings             ``posting:<ids>``       queued by a caller
jobs.rematch_posting              ``posting:<id>``        queued by a caller
jobs.rematch_participant          ``participant:<id>``    queued when a participant is saved
jobs.rematch_all                  (queueing lock)         queued by hand (`jobs match --all`):
                                                          queues one jobs.rematch_participants
                                                          per batch of participant ids
jobs.rematch_participants         ``participants:<ids>``  queued by jobs.rematch_all
jobs.rematch_after_feed_change    (queueing lock)         queued when a worker or web starts
jobs.send_due_messages            (queueing lock)         every minute
jobs.nightly_retention            (queueing lock)         daily at JOBS_RETENTION_HOUR (UTC
                                                          cron: the hour is turned from program
                                                          time when the worker starts)
jobs.retry_stalled_jobs           (advisory lock)         every JOBS_QUEUE_RECOVER_SECONDS
jobs.remove_old_jobs              (queueing lock)         hourly: succeeded jobs older than 3 days
================================  ======================  =====================================

A ``lock`` means two workers never run jobs with the same lock at once (procrastinate fetches
a job only when no job with its lock is running); a queueing lock means at most one such job
waits in the queue (asking again while one waits does nothing: the waiting one will read the
newest data when it runs).

A worker killed in the middle of a task (SIGKILL, power loss) stops sending its heartbeat; after
JOBS_QUEUE_STALLED_SECONDS ``jobs.retry_stalled_jobs`` (run by any live worker) puts its running
jobs back in the queue, and another worker runs them. Each task is one transaction (see
``services.tasks``), so the dead worker's half-done work was rolled back and is done once.
Failed tasks are retried with backoff (``RETRY``) before they are marked failed.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import os
import socket
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from typing import Any

import msgspec
from procrastinate import App, PsycopgConnector, RetryStrategy
from procrastinate.app import WorkerOptions
from procrastinate.exceptions import AlreadyEnqueued
from procrastinate.job_context import JobContext
from procrastinate.jobs import Job
from procrastinate.retry import RetryDecision
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from jobs import metrics
from jobs.errors import DatabaseUnavailable, JobsError
from jobs.services import tasks
from jobs.services.tasks import TaskContext
from jobs.settings import Settings

log = logging.getLogger(__name__)

CONTEXT_KEY = "jobs"


class TransientRetry(RetryStrategy):
    """Retry what may pass (a dropped connection, the database restarting, an upstream down):
    five tries, waiting 4, 16, 64 and 256 seconds between them. A project error that says the
    request itself is wrong (no such source, bad input) fails at once: trying again would fail
    the same way."""

    def get_retry_decision(self, *, exception: BaseException, job: Job) -> RetryDecision | None:
        if isinstance(exception, JobsError) and not isinstance(exception, DatabaseUnavailable):
            return None
        return super().get_retry_decision(exception=exception, job=job)


RETRY = TransientRetry(max_attempts=5, exponential_wait=4)
KEEP_FINISHED_HOURS = 72
QUEUES = ("sync", "matching", "messages", "maintenance")


def conninfo(url: str) -> str:
    """The libpq URL psycopg needs for the SQLAlchemy URL of our database."""
    parsed = make_url(url)
    if not parsed.drivername.startswith("postgresql"):
        raise ValueError("the task queue needs PostgreSQL")
    query = dict(parsed.query)
    ssl = query.pop("ssl", None)  # asyncpg's spelling; libpq says sslmode
    if isinstance(ssl, str) and "sslmode" not in query:
        query["sslmode"] = ssl
    return parsed.set(drivername="postgresql", query=query).render_as_string(hide_password=False)


def _context(job: JobContext) -> TaskContext:
    ctx: TaskContext = job.additional_context[CONTEXT_KEY]
    return ctx


def _utc_hour(settings: Settings) -> int:
    """The UTC hour of the nightly retention purge (program time today, so a daylight-saving
    change moves it by an hour until the next worker start)."""
    zone = settings.clock.zone
    local = dt.datetime.now(zone).replace(hour=settings.queue.retention_hour, minute=0)
    return local.astimezone(dt.UTC).hour


def _every(seconds: int) -> str:
    """A cron for "every ``seconds`` seconds" (procrastinate's optional 6th column)."""
    if seconds % 60 == 0 and seconds <= 3600:
        minutes = seconds // 60
        return "* * * * *" if minutes == 1 else f"*/{minutes} * * * *"
    return f"* * * * * */{min(seconds, 59)}"


def queue_app(settings: Settings, **pool: Any) -> App:
    """A procrastinate app for this settings' database with every task registered (not open:
    use ``opened``)."""
    connector = PsycopgConnector(
        conninfo=conninfo(settings.database.url),
        min_size=pool.pop("min_size", 1),
        max_size=pool.pop("max_size", 4),
        kwargs={"application_name": "jobs-queue"},
        **pool,
    )
    app = App(connector=connector, periodic_defaults={"max_delay": 600})
    _register(app, settings)
    _measure(app)
    return app


def _measure(app: App) -> None:
    """Time every task of ours and count its failures (``jobs_task_duration_seconds``,
    ``jobs_task_failures_total``, labelled with the name after ``jobs.``), in the process that
    runs it: a worker shows them on ``--metrics-port``."""
    for name, task in app.tasks.items():
        if not name.startswith("jobs.") or getattr(task.func, "measured", False):
            continue
        task.func = _measured(name.removeprefix("jobs."), task.func)


def _measured(label: str, func: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
    @functools.wraps(func)
    async def run(*args: Any, **kwargs: Any) -> Any:
        with metrics.task_run(label):
            return await func(*args, **kwargs)

    run.measured = True  # type: ignore[attr-defined]  # a marker: wrapped once
    return run


def _register(app: App, settings: Settings) -> None:
    @app.task(name="jobs.sync_source", queue="sync", pass_context=True, retry=RETRY)
    async def sync_source(
        context: JobContext, source: str, only_if_due: bool = False
    ) -> dict[str, Any] | None:
        return await tasks.sync_source(_context(context), source, only_if_due)

    @app.periodic(cron="* * * * *", periodic_id="due")
    @app.task(
        name="jobs.sync_due_sources",
        queue="sync",
        pass_context=True,
        queueing_lock="sync_due_sources",
    )
    async def sync_due_sources(context: JobContext, timestamp: int) -> list[str]:
        names = await tasks.sources_due(_context(context))
        for name in names:
            await defer(context.app, "jobs.sync_source", source=name, only_if_due=True)
        return names

    @app.task(name="jobs.process_postings", queue="matching", pass_context=True, retry=RETRY)
    async def process_postings(context: JobContext, posting_ids: list[int]) -> int:
        return await tasks.process_postings(_context(context), posting_ids)

    @app.task(name="jobs.rematch_posting", queue="matching", pass_context=True, retry=RETRY)
    async def rematch_posting(context: JobContext, posting_id: int) -> int:
        return await tasks.rematch_posting(_context(context), posting_id)

    @app.task(name="jobs.rematch_participant", queue="matching", pass_context=True, retry=RETRY)
    async def rematch_participant(context: JobContext, participant_id: int) -> int:
        return await tasks.rematch_participant(_context(context), participant_id)

    @app.task(
        name="jobs.rematch_all",
        queue="matching",
        pass_context=True,
        retry=RETRY,
        queueing_lock="rematch_all",
        lock="rematch_all",
    )
    async def rematch_all(context: JobContext, batch_size: int = tasks.REMATCH_BATCH) -> int:
        async def queue(batch: list[int]) -> None:
            await defer(context.app, "jobs.rematch_participants", participant_ids=batch)

        return await tasks.rematch_all(_context(context), batch_size, queue)

    @app.task(name="jobs.rematch_participants", queue="matching", pass_context=True, retry=RETRY)
    async def rematch_participants(context: JobContext, participant_ids: list[int]) -> int:
        return await tasks.rematch_participants(_context(context), participant_ids)

    @app.task(
        name="jobs.rematch_after_feed_change",
        queue="matching",
        pass_context=True,
        retry=RETRY,
        queueing_lock="rematch_after_feed_change",
        lock="rematch_after_feed_change",
    )
    async def rematch_after_feed_change(context: JobContext) -> int:
        return await tasks.rematch_after_feed_change(_context(context))

    @app.periodic(cron="* * * * *", periodic_id="due")
    @app.task(
        name="jobs.send_due_messages",
        queue="messages",
        pass_context=True,
        queueing_lock="send_due_messages",
        lock="send_due_messages",
    )
    async def send_due_messages(context: JobContext, timestamp: int) -> int:
        return await tasks.send_due_messages(_context(context))

    if settings.queue.retention_hour >= 0:

        @app.periodic(cron=f"0 {_utc_hour(settings)} * * *", periodic_id="nightly")
        @app.task(
            name="jobs.nightly_retention",
            queue="maintenance",
            pass_context=True,
            retry=RETRY,
            queueing_lock="nightly_retention",
            lock="nightly_retention",
        )
        async def nightly_retention(context: JobContext, timestamp: int) -> dict[str, Any]:
            return await tasks.nightly_retention(_context(context))

    @app.periodic(cron="17 * * * *", periodic_id="hourly")
    @app.task(
        name="jobs.remove_old_jobs",
        queue="maintenance",
        pass_context=True,
        queueing_lock="remove_old_jobs",
    )
    async def remove_old_jobs(context: JobContext, timestamp: int) -> None:
        """Forget succeeded jobs after three days (failed ones stay until looked at)."""
        await context.app.job_manager.delete_old_jobs(nb_hours=KEEP_FINISHED_HOURS)

    stalled_after = settings.queue.stalled_after_seconds

    @app.periodic(cron=_every(settings.queue.recover_every_seconds), periodic_id="stalled")
    @app.task(
        name="jobs.retry_stalled_jobs",
        queue="maintenance",
        pass_context=True,
        queueing_lock="retry_stalled_jobs",
    )
    async def retry_stalled_jobs(context: JobContext, timestamp: int) -> list[int]:
        """Put the running jobs of workers that stopped sending heartbeats back in the queue.
        A transaction-scoped advisory lock keeps two of these from retrying one job twice (not
        a procrastinate lock: a dead worker's own run of this task would hold that forever)."""
        ctx = _context(context)
        manager = context.app.job_manager
        retried: list[int] = []
        async with ctx.sessions() as session, session.begin():
            if not await session.scalar(
                text("SELECT pg_try_advisory_xact_lock(hashtext('jobs.retry_stalled_jobs'))")
            ):
                return retried
            stalled = await manager.get_stalled_jobs(seconds_since_heartbeat=stalled_after)
            for job in stalled:
                if job.id is None or job.id == context.job.id:
                    continue
                await manager.retry_job(job)
                retried.append(job.id)
                log.warning("task %s (job %s) of a dead worker queued again", job.task_name, job.id)
        return retried


async def defer(app: App, task: str, **kwargs: Any) -> int | None:
    """Queue ``task`` with these arguments under its lock; None when an identical job already
    waits (its queueing lock), since that one will read the newest data when it runs."""
    lock, queueing_lock = _locks(task, kwargs)
    try:
        return await app.configure_task(
            name=task, lock=lock, queueing_lock=queueing_lock
        ).defer_async(**kwargs)
    except AlreadyEnqueued:
        return None


def _locks(task: str, kwargs: dict[str, Any]) -> tuple[str | None, str | None]:
    """The (lock, queueing lock) of a job: per participant, posting or source."""
    if task == "jobs.rematch_participant":
        key = f"participant:{kwargs['participant_id']}"
    elif task == "jobs.rematch_posting":
        key = f"posting:{kwargs['posting_id']}"
    elif task == "jobs.sync_source":
        key = f"source:{kwargs['source']}"
    elif task == "jobs.process_postings":
        key = "posting:" + ",".join(str(n) for n in sorted(kwargs["posting_ids"]))
    elif task == "jobs.rematch_participants":
        key = "participants:" + ",".join(str(n) for n in sorted(kwargs["participant_ids"]))
    else:
        name = task.removeprefix("jobs.")
        return name, name
    return key, f"{task}:{key}"


@asynccontextmanager
async def opened(settings: Settings, **pool: Any) -> AsyncIterator[App]:
    """The queue app with its pool open for the block."""
    app = queue_app(settings, **pool)
    async with app.open_async():
        yield app


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


async def run_worker(
    settings: Settings,
    context: TaskContext,
    *,
    concurrency: int = 1,
    queues: Iterable[str] | None = None,
    on_start: Callable[[App], Awaitable[None]] | None = None,
) -> None:
    """Run a worker until SIGINT/SIGTERM: runs queued tasks, defers the periodic ones."""
    async with opened(settings, max_size=concurrency + 3) as app:
        if on_start:
            await on_start(app)
        options: WorkerOptions = {
            "concurrency": concurrency,
            "name": worker_name(),
            "additional_context": {CONTEXT_KEY: context},
            "update_heartbeat_interval": settings.queue.heartbeat_seconds,
            "stalled_worker_timeout": settings.queue.stalled_after_seconds,
            # New jobs are announced (LISTEN/NOTIFY); polling catches the ones put back after
            # a dead worker, at most this late.
            "fetch_job_polling_interval": float(min(5, settings.queue.heartbeat_seconds)),
            # Finished jobs stay a while for `jobs worker status`; jobs.remove_old_jobs prunes.
            "delete_jobs": "never",
            "install_signal_handlers": True,
        }
        if queues:
            options["queues"] = list(queues)
        await app.run_worker_async(**options)


# Queue status: what `jobs worker status --json` and the admin page show.


class QueueCount(msgspec.Struct, kw_only=True):
    """Jobs of one task in one state."""

    queue: str
    task: str
    status: str
    jobs: int


class FailedJob(msgspec.Struct, kw_only=True):
    """A job that failed for good (after its retries)."""

    id: int
    task: str
    queue: str
    attempts: int
    failed_at: dt.datetime | None
    args: dict[str, Any]


class QueueStatus(msgspec.Struct, kw_only=True):
    """How the background work stands."""

    backend: str  # in_process | procrastinate
    ready: bool  # the queue's tables exist (always true in-process)
    waiting: int = 0  # todo
    running: int = 0  # doing
    failed: int = 0
    workers: int = 0  # live workers (heartbeat within JOBS_QUEUE_STALLED_SECONDS)
    counts: list[QueueCount] = msgspec.field(default_factory=list)
    recent_failures: list[FailedJob] = msgspec.field(default_factory=list)


async def schema_present(session: AsyncSession | AsyncEngine) -> bool:
    """True when procrastinate's tables exist in this database."""
    if isinstance(session, AsyncEngine):
        async with session.connect() as conn:
            found = await conn.scalar(text("SELECT to_regclass('procrastinate_jobs')"))
    else:
        found = await session.scalar(text("SELECT to_regclass('procrastinate_jobs')"))
    return found is not None


async def queue_status(session: AsyncSession, settings: Settings) -> QueueStatus:
    """Queue depth by task and state, failures and live workers, read from the database."""
    if settings.queue.backend != "procrastinate":
        return QueueStatus(backend="in_process", ready=True)
    if not await schema_present(session):
        return QueueStatus(backend="procrastinate", ready=False)
    rows = await session.execute(
        text(
            "SELECT queue_name, task_name, status::text, count(*) FROM procrastinate_jobs "
            "GROUP BY queue_name, task_name, status ORDER BY queue_name, task_name, status"
        )
    )
    counts = [QueueCount(queue=q, task=t, status=s, jobs=n) for q, t, s, n in rows]
    total: dict[str, int] = {}
    for count in counts:
        total[count.status] = total.get(count.status, 0) + count.jobs
    failures = await session.execute(
        text(
            "SELECT j.id, j.task_name, j.queue_name, j.attempts, j.args, "
            "(SELECT max(e.at) FROM procrastinate_events e WHERE e.job_id = j.id) AS at "
            "FROM procrastinate_jobs j WHERE j.status = 'failed' ORDER BY j.id DESC LIMIT 20"
        )
    )
    recent = [
        FailedJob(id=i, task=t, queue=q, attempts=a, args=dict(args or {}), failed_at=at)
        for i, t, q, a, args, at in failures
    ]
    workers = await session.scalar(
        text(
            "SELECT count(*) FROM procrastinate_workers "
            "WHERE last_heartbeat > now() - make_interval(secs => :seconds)"
        ),
        {"seconds": settings.queue.stalled_after_seconds},
    )
    return QueueStatus(
        backend="procrastinate",
        ready=True,
        waiting=total.get("todo", 0),
        running=total.get("doing", 0),
        failed=total.get("failed", 0),
        workers=int(workers or 0),
        counts=counts,
        recent_failures=recent,
    )


async def apply_schema(settings: Settings, engine: AsyncEngine) -> bool:
    """Create procrastinate's tables unless they exist (idempotent; `jobs db upgrade` calls it
    on PostgreSQL). Returns True when it created them. An advisory lock keeps two upgrades
    from racing."""
    async with engine.connect() as conn:
        await conn.execute(text("SELECT pg_advisory_lock(hashtext('jobs.task_queue.schema'))"))
        try:
            if await schema_present(engine):
                return False
            async with opened(settings, max_size=1) as app:
                await app.schema_manager.apply_schema_async()
            return True
        finally:
            await conn.execute(
                text("SELECT pg_advisory_unlock(hashtext('jobs.task_queue.schema'))")
            )
