"""``jobs serve``: the web portal and JSON API."""

from __future__ import annotations

import asyncio
import errno
import socket

import click

from jobs.cli.runtime import database, load_settings, run_async


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
    asyncio.run(uvicorn.Server(config).serve())
