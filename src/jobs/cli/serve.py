"""``jobs serve``: the web portal and JSON API."""

from __future__ import annotations

import asyncio
import errno
import functools
import os
import socket

import click

from jobs.cli.runtime import database, http_client, load_settings, run_async, sessions
from jobs.services.refresh import postings_changed
from jobs.services.schedule import run_schedule
from jobs.services.sync import sync


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
async def _check_database() -> None:
    async with database(load_settings()):
        pass


@click.command("serve")
@click.option("--host", default=None, help="Address to listen on [default: 127.0.0.1].")
@click.option("--port", default=None, type=click.IntRange(1, 65535), help="[default: 8000]")
def serve(host: str | None, port: int | None) -> None:
    """Serve the portal and API."""
    import uvicorn

    from jobs.app import create_app

    settings = load_settings()
    host = host or settings.server.host
    port = port or settings.server.port
    problem = port_problem(host, port)
    if problem:
        raise click.ClickException(problem)
    _check_database()
    click.echo(f"serving on http://{host}:{port}  (Ctrl-C stops)", err=True)
    config = uvicorn.Config(
        create_app(settings), host=host, port=port, log_level="info", proxy_headers=False
    )
    asyncio.run(_serve_with_schedule(uvicorn.Server(config), settings))


async def _serve_with_schedule(server, settings) -> None:
    """The web server, and beside it the scheduled sync of sources that have an interval."""
    stop = asyncio.Event()
    async with sessions(settings) as factory, http_client(settings) as client:

        async def sync_due(names: list[str]) -> None:
            await sync(
                factory,
                client,
                names,
                environment=dict(os.environ),
                after_store=functools.partial(postings_changed, settings=settings),
            )

        schedule = asyncio.create_task(run_schedule(factory, sync_due, stop))
        try:
            await server.serve()
        finally:
            stop.set()
            await schedule
