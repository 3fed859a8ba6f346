"""``jobs serve``: the web portal and JSON API.

``--workers N`` serves from N processes (uvicorn's workers, each building the app from the
environment: ``app_from_environment``); they share nothing but the database, where sessions and
rate counts live. The scheduled sync then runs once, in the supervising process.

SIGTERM (or Ctrl-C) shuts down gracefully: the server stops accepting connections, lets the
requests in flight finish (up to ``--shutdown-grace`` seconds), runs the app's lifespan shutdown
(the shared HTTP client closed, the engine disposed), stops the scheduled sync, closes the
schedule's own client and engine, and exits 0.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import os
import signal
import socket
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING

import click
import uvicorn
from uvicorn.config import LOGGING_CONFIG

from jobs.cli.runtime import database, http_client, load_runtime, run_async, sessions
from jobs.metrics import MULTIPROCESS_DIR, keep_in_files
from jobs.runtime import Runtime
from jobs.services import task_queue
from jobs.services.tasks import TaskContext, run_in_process

if TYPE_CHECKING:
    from litestar import Litestar

log = logging.getLogger(__name__)
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


class GracefulServer(uvicorn.Server):
    """uvicorn's server, except that a stop signal is not raised again once serving ends
    (uvicorn does that by default, which would kill the process before our own clean-up)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        originals = {sig: signal.signal(sig, self.handle_exit) for sig in STOP_SIGNALS}
        try:
            yield
        finally:
            for sig, handler in originals.items():
                signal.signal(sig, handler)


def port_problem(host: str, port: int) -> str | None:
    """Why we cannot listen on host:port, or None when we can."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return f"port {port} on {host} is already in use (is `jobs serve` running?)"
            return f"cannot listen on {host}:{port}: {exc.strerror}"
    return None


@run_async
async def _check_database(runtime: Runtime) -> None:
    async with database(runtime):
        pass


@click.command("serve")
@click.option("--host", default=None, help="Address to listen on [default: 127.0.0.1].")
@click.option("--port", default=None, type=click.IntRange(1, 65535), help="[default: 8000]")
@click.option(
    "--shutdown-grace",
    default=30,
    show_default=True,
    type=click.IntRange(0, 3600),
    help="Seconds that requests in flight (and a running sync) get to finish on SIGTERM.",
)
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Web processes; sessions and rate limits are shared through the database.",
)
def serve(host: str | None, port: int | None, shutdown_grace: int, workers: int) -> None:
    """Serve the portal and API."""
    from jobs.app import create_app

    runtime = load_runtime()
    settings = runtime.settings
    host = host or settings.server.host
    port = port or settings.server.port
    problem = port_problem(host, port)
    if problem:
        raise click.ClickException(problem)
    _check_database(runtime)
    click.echo(f"serving on http://{host}:{port}  (Ctrl-C stops)", err=True)
    config = uvicorn.Config(
        create_app(settings, runtime) if workers == 1 else "jobs.cli.serve:app_from_environment",
        factory=workers > 1,
        workers=workers,
        host=host,
        port=port,
        log_level="info",
        # JSON logs: uvicorn's lines go through the app's (JSON) root handler, not its own.
        log_config=None if settings.server.log_format == "json" else LOGGING_CONFIG,
        # uvicorn's access line carries the query string; the app logs method, path and status.
        access_log=False,
        # Forwarded headers count only when they come from a proxy named in JOBS_TRUSTED_PROXIES.
        proxy_headers=bool(settings.server.trusted_proxies),
        forwarded_allow_ips=list(settings.server.trusted_proxies) or None,
        timeout_graceful_shutdown=shutdown_grace,
    )
    if workers == 1:
        # The event loop uvicorn gives its worker processes (``--workers N``): uvloop where it
        # is installed, else asyncio's; one process and N processes then run alike.
        with asyncio.Runner(loop_factory=config.get_loop_factory()) as runner:
            runner.run(_serve_with_schedule(GracefulServer(config), runtime, grace=shutdown_grace))
    else:
        _serve_processes(config, runtime, grace=shutdown_grace)
    click.echo("stopped", err=True)


def app_from_environment() -> Litestar:
    """The app of one web process of ``jobs serve --workers N`` (uvicorn calls this in each)."""
    from jobs.app import create_app

    return create_app(load_runtime().settings)


def _serve_processes(config: uvicorn.Config, runtime: Runtime, *, grace: float) -> None:
    """uvicorn's supervisor and its worker processes; the schedule runs beside the supervisor,
    in a thread with its own event loop, until the supervisor returns."""
    from uvicorn.supervisors import Multiprocess

    # Each worker keeps its metrics in files here; /metrics in any of them adds them all up.
    if not os.environ.get(MULTIPROCESS_DIR):
        folder = runtime.settings.data_dir / "metrics"
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.db"):  # values of an earlier run
            old.unlink()
        os.environ[MULTIPROCESS_DIR] = str(folder)
    # The in-process runner (SQLite) runs in this supervisor: its task figures go to the files
    # too, so the web processes' /metrics shows them.
    keep_in_files(os.environ[MULTIPROCESS_DIR])
    served = threading.Event()
    schedule = threading.Thread(
        target=lambda: asyncio.run(_schedule_until(served, runtime, grace=grace)),
        name="jobs-schedule",
        daemon=True,
    )
    schedule.start()
    try:
        socket_ = tcp_socket(config.bind_socket())
        Multiprocess(config, sockets=[socket_]).run()
    finally:
        served.set()
        schedule.join(timeout=grace + 5)


def tcp_socket(bound: socket.socket) -> socket.socket:
    """The same listening socket, with its protocol read from the system (TCP) instead of the 0
    uvicorn made it with. asyncio turns Nagle's algorithm off (TCP_NODELAY) only on connections
    whose socket says TCP; left on, a response written in two pieces (head, then body) waited
    for the client's delayed ACK: about 40 ms a request under ``--workers N`` without uvloop
    (uvloop sets TCP_NODELAY on every TCP connection)."""
    return socket.socket(fileno=bound.detach())


async def _schedule_until(served: threading.Event, runtime: Runtime, *, grace: float) -> None:
    class Waiting:
        async def serve(self) -> None:
            await asyncio.to_thread(served.wait)

    await _serve_with_schedule(Waiting(), runtime, grace=grace)  # type: ignore[arg-type]  # only .serve() is used


async def _serve_with_schedule(
    server: uvicorn.Server, runtime: Runtime, *, grace: float = 30
) -> None:
    """The web server, and beside it the background tasks: in this process without a task
    queue (SQLite: scheduled syncs, due messages, the nightly retention purge), else they are
    the workers' (`jobs worker`); this process only asks for a re-match after a feed change."""
    if runtime.settings.queue.backend == "procrastinate":
        await _ask_workers_for_feed_check(runtime)
        await server.serve()
        return
    stop = asyncio.Event()
    async with sessions(runtime) as factory, http_client(runtime) as client:
        context = TaskContext(runtime, factory, client, dict(os.environ))
        background = asyncio.create_task(run_in_process(context, stop))
        try:
            await server.serve()
        finally:
            stop.set()
            # A sync under way may finish within the grace period; past it, it is cancelled
            # (its transaction rolls back and its claims are given back).
            try:
                await asyncio.wait_for(background, timeout=grace)
            except TimeoutError:
                log.warning("the background tasks did not finish within %ss: cancelled", grace)


async def _ask_workers_for_feed_check(runtime: Runtime) -> None:
    """Queue the re-match after a transit feed change (the workers run it); the portal serves
    even when the queue cannot be reached."""
    try:
        async with task_queue.opened(runtime.settings, max_size=1) as app:
            await task_queue.defer(app, "jobs.rematch_after_feed_change")
    except Exception:  # the next start (web or worker) asks again
        log.exception("could not queue the re-match after a transit feed change")
