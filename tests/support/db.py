"""Reading the database behind a CLI test."""

from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy import text

from jobs.settings import DatabaseSettings
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
