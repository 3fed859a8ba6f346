"""Scheduled sync inside `jobs serve`: sources with an interval are synced when they fall due.

Off by default: only sources added with ``--every N`` (minutes) have an interval.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Awaitable, Callable

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from jobs.store import Source

log = logging.getLogger(__name__)


async def due_sources(session: AsyncSession, now: dt.datetime) -> list[str]:
    """Names of enabled sources whose interval has passed since their last sync."""
    rows = await session.execute(
        select(Source.name, Source.sync_interval_minutes, Source.last_synced_at).where(
            Source.enabled.is_(True), Source.sync_interval_minutes.is_not(None)
        )
    )
    return sorted(
        name
        for name, minutes, last in rows
        if last is None or now - last >= dt.timedelta(minutes=minutes)
    )


async def run_schedule(
    sessions: async_sessionmaker[AsyncSession],
    sync_due: Callable[[list[str]], Awaitable[object]],
    stop: asyncio.Event,
    *,
    every_seconds: float = 60.0,
    clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
) -> None:
    """Check for due sources every ``every_seconds`` until ``stop`` is set; a failed sync is
    logged and the schedule goes on."""
    while not stop.is_set():
        async with sessions() as session:
            names = await due_sources(session, clock())
        if names:
            try:
                await sync_due(names)
            except Exception:  # one bad run must not end the schedule
                log.exception("scheduled sync of %s failed", ", ".join(names))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=every_seconds)
