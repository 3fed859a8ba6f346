"""What every subcommand shares: the runtime (settings and all built from them), an event loop,
a session, errors as one clear line."""

from __future__ import annotations

import asyncio
import functools
import json
import sys
from collections.abc import AsyncIterator, Callable, Coroutine
from contextlib import asynccontextmanager
from typing import Any, ParamSpec, TypeVar

import click
import httpx
import msgspec
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from jobs.errors import DatabaseUnavailable, ImportRejected, JobsError
from jobs.runtime import Runtime
from jobs.settings import Settings
from jobs.store.engine import connected, session_factory
from jobs.store.migrate import current_revision, head_revision

P = ParamSpec("P")
T = TypeVar("T")


def load_settings() -> Settings:
    """Settings from the environment, or a one-line error."""
    try:
        return Settings.from_env()
    except JobsError as exc:
        raise click.ClickException(exc.message) from None


def load_runtime() -> Runtime:
    """The command's one runtime, built from the environment's settings, or a one-line error."""
    try:
        return Runtime.build(load_settings())
    except JobsError as exc:
        raise click.ClickException(exc.message) from None


def run_async(fn: Callable[P, Coroutine[Any, Any, T]]) -> Callable[P, T]:
    """Run an async command body; project errors become one clear line, never a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return asyncio.run(fn(*args, **kwargs))
        except ImportRejected as exc:
            for problem in exc.problems:
                click.echo(f"  {problem}", err=True)
            raise click.ClickException(exc.message) from None
        except JobsError as exc:
            raise click.ClickException(exc.message) from None

    return wrapper


@asynccontextmanager
async def database(runtime: Runtime, *, need_schema: bool = True) -> AsyncIterator[AsyncEngine]:
    """An engine that answers, sealing with the runtime's key ring; with ``need_schema``, one
    whose schema is at the newest revision."""
    async with connected(runtime.settings.database, runtime.key_ring, runtime.audit_key) as engine:
        if need_schema:
            current = await current_revision(engine)
            if current != head_revision():
                state = "has no schema" if current is None else f"is at revision {current}"
                raise DatabaseUnavailable(f"the database {state}; run `jobs db upgrade` first")
        yield engine


@asynccontextmanager
async def transaction(runtime: Runtime) -> AsyncIterator[AsyncSession]:
    """A session in one transaction: committed when the block ends, rolled back on error."""
    async with (
        database(runtime) as engine,
        session_factory(engine)() as session,
        session.begin(),
    ):
        yield session


@asynccontextmanager
async def sessions(runtime: Runtime) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """A session factory on a migrated database, for commands that run several transactions."""
    async with database(runtime) as engine:
        yield session_factory(engine)


@asynccontextmanager
async def http_client(runtime: Runtime) -> AsyncIterator[httpx.AsyncClient]:
    """The one outbound HTTP client of a command, with explicit timeouts (the runtime's while
    the block runs)."""
    settings = runtime.settings
    timeout = httpx.Timeout(settings.http.timeout_seconds, connect=10.0)
    headers = {"User-Agent": settings.http.user_agent}
    async with httpx.AsyncClient(timeout=timeout, headers=headers) as client:
        runtime.http = client
        try:
            yield client
        finally:
            runtime.http = None


def print_json(value: Any) -> None:
    """Machine-readable output: JSON on stdout and nothing else."""
    sys.stdout.write(json.dumps(msgspec.to_builtins(value), ensure_ascii=False, indent=2) + "\n")
