"""``jobs worker``: run background tasks from the PostgreSQL task queue; ``jobs worker status``
shows the queue's depth and failures; ``jobs worker defer`` queues one task by hand."""

from __future__ import annotations

import json
import logging
import os

import click
from procrastinate import App
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from jobs.cli.runtime import (
    http_client,
    load_runtime,
    load_settings,
    print_json,
    run_async,
    sessions,
    transaction,
)
from jobs.log_lines import log_to_stderr
from jobs.services import task_queue
from jobs.services.tasks import TaskContext
from jobs.settings import Settings
from jobs.web.worker_metrics import serve_metrics

log = logging.getLogger("jobs.worker")


def _need_queue(settings: Settings) -> None:
    if settings.queue.backend != "procrastinate":
        raise click.ClickException(
            "the task queue needs PostgreSQL (JOBS_DATABASE_URL=postgresql+asyncpg://...); "
            "with SQLite, `jobs serve` runs the background tasks itself"
        )


@click.group("worker", invoke_without_command=True)
@click.option(
    "--concurrency",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Tasks this worker runs at once.",
)
@click.option(
    "--queues",
    default="",
    help="Comma-separated queues to take tasks from (default: all of "
    f"{', '.join(task_queue.QUEUES)}).",
)
@click.option(
    "--metrics-port",
    default=0,
    envvar="JOBS_WORKER_METRICS_PORT",
    type=click.IntRange(0, 65535),
    help="Serve this worker's task metrics (durations, failures, syncs) for Prometheus on "
    "this port, at /metrics (0: off). Open to loopback, or anyone with JOBS_METRICS_TOKEN.",
)
@click.option(
    "--metrics-host",
    default="127.0.0.1",
    envvar="JOBS_WORKER_METRICS_HOST",
    show_default=True,
    help="Address the metrics port listens on (0.0.0.0 in a container, with a token).",
)
@click.pass_context
def worker(
    ctx: click.Context, concurrency: int, queues: str, metrics_port: int, metrics_host: str
) -> None:
    """Run background tasks from the queue (PostgreSQL) until SIGTERM or Ctrl-C."""
    if ctx.invoked_subcommand is not None:
        return
    runtime = load_runtime()
    settings = runtime.settings
    _need_queue(settings)
    log_to_stderr(settings.server.log_format)
    chosen = [q.strip() for q in queues.split(",") if q.strip()]
    unknown = sorted(set(chosen) - set(task_queue.QUEUES))
    if unknown:
        raise click.ClickException(
            f"no queue named {', '.join(unknown)} (queues: {', '.join(task_queue.QUEUES)})"
        )

    if metrics_port:
        try:
            serve_metrics(metrics_host, metrics_port, settings.server.metrics_token)
        except OSError as exc:
            raise click.ClickException(
                f"cannot serve metrics on {metrics_host}:{metrics_port}: {exc.strerror or exc}"
            ) from exc
        log.info("metrics on http://%s:%s/metrics", metrics_host, metrics_port)

    @run_async
    async def run() -> None:
        async with sessions(runtime) as factory, http_client(runtime) as client:
            await _check_schema(factory)
            context = TaskContext(runtime, factory, client, dict(os.environ))

            async def on_start(app: App) -> None:
                # A new feed shows up when a worker (re)starts with it.
                await task_queue.defer(app, "jobs.rematch_after_feed_change")

            log.info(
                "worker %s taking tasks from %s (concurrency %d)",
                task_queue.worker_name(),
                ", ".join(chosen or task_queue.QUEUES),
                concurrency,
            )
            await task_queue.run_worker(
                settings, context, concurrency=concurrency, queues=chosen, on_start=on_start
            )

    run()
    log.info("worker stopped")


async def _check_schema(factory: async_sessionmaker[AsyncSession]) -> None:
    async with factory() as session:
        if not await task_queue.schema_present(session):
            raise click.ClickException(
                "the task queue's tables are missing; run `jobs db upgrade` first"
            )


@worker.command("status")
@click.option("--json", "as_json", is_flag=True, help="Print the status as JSON.")
@run_async
async def status_command(as_json: bool) -> None:
    """Queue depth, failures and live workers."""
    runtime = load_runtime()
    async with transaction(runtime) as session:
        status = await task_queue.queue_status(session, runtime.settings)
    if as_json:
        print_json(status)
        return
    if status.backend == "in_process":
        click.echo("no task queue: `jobs serve` runs background tasks in-process (SQLite)")
        return
    if not status.ready:
        click.echo("the task queue's tables are missing; run `jobs db upgrade`")
        return
    click.echo(
        f"waiting {status.waiting}, running {status.running}, failed {status.failed}, "
        f"live workers {status.workers}"
    )
    for count in status.counts:
        click.echo(f"  {count.queue:<12} {count.task:<32} {count.status:<10} {count.jobs}")
    for failure in status.recent_failures:
        when = f"{failure.failed_at:%Y-%m-%d %H:%M}" if failure.failed_at else "?"
        click.echo(
            f"  failed #{failure.id} {failure.task} {json.dumps(failure.args)} "
            f"after {failure.attempts} tries ({when} UTC)"
        )


TASK_NAMES = (
    "sync_source",
    "sync_due_sources",
    "process_postings",
    "rematch_posting",
    "rematch_participant",
    "rematch_participants",
    "rematch_all",
    "rematch_after_feed_change",
    "send_due_messages",
    "nightly_retention",
)


@worker.command("defer")
@click.argument("task", type=click.Choice(TASK_NAMES))
@click.argument("arguments", default="{}")
@click.option("--json", "as_json", is_flag=True, help="Print the job id as JSON.")
@run_async
async def defer_command(task: str, arguments: str, as_json: bool) -> None:
    """Queue TASK with ARGUMENTS (a JSON object, e.g. '{"participant_id": 3}')."""
    settings = load_settings()
    _need_queue(settings)
    try:
        kwargs = json.loads(arguments)
    except json.JSONDecodeError as exc:
        raise click.ClickException(f"ARGUMENTS must be a JSON object: {exc}") from None
    if not isinstance(kwargs, dict):
        raise click.ClickException("ARGUMENTS must be a JSON object")
    if task in ("sync_due_sources", "send_due_messages", "nightly_retention"):
        kwargs.setdefault("timestamp", 0)
    async with task_queue.opened(settings, max_size=1) as app:
        try:
            job = await task_queue.defer(app, f"jobs.{task}", **kwargs)
        except KeyError as exc:
            raise click.ClickException(f"{task} needs the argument {exc}") from None
    if as_json:
        print_json({"task": f"jobs.{task}", "job": job})
    elif job is None:
        click.echo(f"jobs.{task} already waits in the queue with these arguments")
    else:
        click.echo(f"queued jobs.{task} as job {job}")
