"""Scheduled sync inside `jobs serve`: sources with an interval are synced when they fall due.

Off by default: only sources added with ``--every N`` (minutes) have an interval. Several
`jobs serve` processes may run against one database: each due source is leased first
(``services.work_leases``), so exactly one of them syncs it. Match recompute after a sync runs
inside that source's sync transaction, so the lease covers it too.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Awaitable, Callable

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from jobs.metrics import timed
from jobs.services.work_leases import DEFAULT_LEASE, SYNC, lock_free, release, take, worker_name
from jobs.settings import Settings
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


async def claim_due_sources(
    sessions: async_sessionmaker[AsyncSession],
    now: dt.datetime,
    *,
    worker: str,
    lease: dt.timedelta = DEFAULT_LEASE,
) -> list[str]:
    """Claim the due sources no other worker holds; returns the names now ours to sync."""
    async with sessions() as session, session.begin():
        free = await lock_free(session, SYNC, await due_sources(session, now), now)
        if not free:
            return []
        # Read again under the lock: another worker may have synced some since we first looked.
        still_due = set(await due_sources(session, now))
        return take([claim for claim in free if claim.key in still_due], worker, now, lease)


async def release_sources(
    sessions: async_sessionmaker[AsyncSession], names: list[str], worker: str
) -> None:
    """Give back this worker's claims on these sources."""
    async with sessions() as session, session.begin():
        await release(session, SYNC, names, worker)


async def run_schedule(
    sessions: async_sessionmaker[AsyncSession],
    sync_due: Callable[[list[str]], Awaitable[object]],
    stop: asyncio.Event,
    *,
    every_seconds: float = 60.0,
    clock: Callable[[], dt.datetime] = lambda: dt.datetime.now(dt.UTC),
    worker: str | None = None,
    lease: dt.timedelta = DEFAULT_LEASE,
) -> None:
    """Claim and sync due sources every ``every_seconds`` until ``stop`` is set; a failed sync
    is logged and the schedule goes on. Claims are given back when a sync ends, even by an
    error or cancellation."""
    worker = worker or worker_name()
    while not stop.is_set():
        try:
            names = await claim_due_sources(sessions, clock(), worker=worker, lease=lease)
        except Exception:  # a database hiccup must not end the schedule either
            log.exception("could not claim due sources")
            names = []
        if names:
            try:
                await sync_due(names)
            except Exception:  # one bad run must not end the schedule
                log.exception("scheduled sync of %s failed", ", ".join(names))
            finally:
                await asyncio.shield(release_sources(sessions, names, worker))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=every_seconds)


async def run_outbox(
    sessions: async_sessionmaker[AsyncSession],
    settings: Settings,
    client: httpx.AsyncClient | None,
    stop: asyncio.Event,
    *,
    every_seconds: float = 60.0,
) -> None:
    """Send due messages (and queue the calendar's check-ins) every ``every_seconds`` until
    ``stop`` is set; a failed run is logged and the next one tries again. Several processes may
    run this at once: each message is claimed before it is sent."""
    from jobs.services.outbox import send_due

    while not stop.is_set():
        try:
            # Timed as the queue's send_due_messages task, which does the same.
            await timed("send_due_messages", "messages", send_due(sessions, settings, client))
        except Exception:  # one bad run must not end the schedule
            log.exception("sending due messages failed")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), timeout=every_seconds)
