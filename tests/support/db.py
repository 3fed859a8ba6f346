"""Reading the database behind a CLI test."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine

from jobs.settings import DatabaseSettings, Settings
from jobs.store.audit import load_or_create_audit_key
from jobs.store.encryption import key_ring_source
from jobs.store.engine import create_engine


def query(url: str, sql: str, **params: Any) -> list[tuple]:
    """Run one read-only SQL statement against ``url`` and return its rows."""

    async def run() -> list[tuple]:
        engine = create_engine(DatabaseSettings(url=url))
        try:
            async with engine.connect() as conn:
                return [tuple(row) for row in await conn.execute(text(sql), params)]
        finally:
            await engine.dispose()

    return asyncio.run(run())


def engine_for(settings: Settings) -> AsyncEngine:
    """An engine on the test's database that seals with the key ring its settings name (the
    one the app or CLI under test uses)."""
    return create_engine(
        settings.database, key_ring_source(settings), load_or_create_audit_key(settings.data_dir)
    )


@contextmanager
def statements_sent(engine: AsyncEngine) -> Iterator[list[str]]:
    """Every SQL statement ``engine`` sends while the block runs, in order."""
    said: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        said.append(statement)

    event.listen(engine.sync_engine, "before_cursor_execute", note)
    try:
        yield said
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", note)
