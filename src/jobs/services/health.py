"""Is the service healthy? Today: does the database answer."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine

from jobs.store.engine import reader


async def database_answers(engine: AsyncEngine) -> bool:
    """True when a trivial query succeeds within the pool's own timeouts (on SQLite without
    the write lock: a health check must not queue behind writers)."""
    try:
        async with reader(engine).connect() as conn:
            await conn.execute(text("SELECT 1"))
    except (SQLAlchemyError, OSError):
        return False
    return True
