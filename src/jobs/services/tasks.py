"""Background tasks: one definition of each, whoever runs it.

Every background job of the platform is a plain async function here taking a ``TaskContext``
(the runtime, a session factory, the shared HTTP client) and JSON-friendly arguments. Where they
run is a deployment choice (``JOBS_QUEUE``):

- on SQLite (the embedded default) `jobs serve` calls them in-process (``run_in_process``);
- on PostgreSQL they are procrastinate tasks (``services.task_queue``) run by `jobs worker`
  processes, with periodic schedules, retries and per-participant locks.

Each task is safe to run again after a crash: the work of one call is one transaction (a sync
stores a source's postings and re-matches them in one transaction, a rematch replaces a
participant's matches in one), so a worker killed half-way leaves nothing, and the retry does
the whole of it once.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import httpx
import msgspec
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from jobs.metrics import timed
from jobs.services.outbox import send_due
from jobs.services.refresh import after_sync, feed_changed, participants_changed, postings_changed
from jobs.services.retention import purge
from jobs.services.schedule import due_sources, run_outbox, run_schedule
from jobs.services.sync import sync
from jobs.store import Participant, Posting
from jobs.store.base import utcnow

if TYPE_CHECKING:
    from jobs.runtime import Runtime

log = logging.getLogger(__name__)


@dataclass
class TaskContext:
    """What every task needs: the runtime, sessions on its database, the outbound HTTP client
    and the environment connectors read their keys from (JOBS_USAJOBS_KEY...)."""

    runtime: Runtime
    sessions: async_sessionmaker[AsyncSession]
    http: httpx.AsyncClient
    environment: Mapping[str, str] = field(default_factory=dict)


async def sync_source(
    ctx: TaskContext, source: str, only_if_due: bool = False
) -> dict[str, Any] | None:
    """Sync one source: fetch, store, then place, read and re-match what changed, all in one
    transaction. With ``only_if_due``, nothing happens unless its interval has passed (the
    schedule asks this way, so a sync queued twice runs once). Returns the sync's result."""
    if only_if_due:
        async with ctx.sessions() as session:
            if source not in await due_sources(session, utcnow()):
                return None
    (result,) = await sync(
        ctx.sessions,
        ctx.http,
        [source],
        environment=dict(ctx.environment),
        after_store=after_sync(ctx.runtime),
    )
    out: dict[str, Any] = msgspec.to_builtins(result)
    return out


async def sources_due(ctx: TaskContext) -> list[str]:
    """Names of the sources whose sync interval has passed (the schedule queues a sync of each)."""
    async with ctx.sessions() as session:
        return await due_sources(session, utcnow())


async def process_postings(ctx: TaskContext, posting_ids: list[int]) -> int:
    """Place new or changed postings on the map, read their requirements and re-match them;
    returns how many of them still exist."""
    async with ctx.sessions() as session, session.begin():
        present = sorted(
            await session.scalars(select(Posting.id).where(Posting.id.in_(posting_ids)))
        )
        await postings_changed(session, ctx.runtime, present)
    return len(present)


async def rematch_posting(ctx: TaskContext, posting_id: int) -> int:
    """Place, read and re-match one changed posting; returns 1, or 0 when it is gone."""
    return await process_postings(ctx, [posting_id])


async def rematch_participant(ctx: TaskContext, participant_id: int) -> int:
    """Place the participant's home if needed and rank every open posting for them; returns the
    number of matches written (0 when the participant is gone)."""
    async with ctx.sessions() as session, session.begin():
        if await session.get(Participant, participant_id) is None:
            return 0
        run = await participants_changed(session, ctx.runtime, [participant_id])
    return run.stored


# Participants per batch of a full rematch: each batch reads the open postings once, so a batch
# should rank long enough to repay that read (at state scale about a minute of ranking).
REMATCH_BATCH = 200


async def rematch_participants(ctx: TaskContext, participant_ids: list[int]) -> int:
    """Rematch one batch of participants in one transaction: each is claimed as
    ``rematch_participant`` claims one (a participant another process is rematching is
    skipped), all ranked against one read of the open postings. Returns the matches written."""
    async with ctx.sessions() as session, session.begin():
        present = sorted(
            await session.scalars(select(Participant.id).where(Participant.id.in_(participant_ids)))
        )
        if not present:
            return 0
        run = await participants_changed(session, ctx.runtime, present)
    return run.stored


async def rematch_all(
    ctx: TaskContext,
    batch_size: int = REMATCH_BATCH,
    run_batch: Callable[[list[int]], Awaitable[object]] | None = None,
) -> int:
    """A full rematch of every participant against every open posting, split into batches
    of ``batch_size`` participant ids. ``run_batch`` takes each batch (the task queue defers
    each as its own ``rematch_participants`` job, so all workers share them); without it the
    batches run here, one after another (SQLite, in-process). Returns the number of batches."""
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, not {batch_size}")
    async with ctx.sessions() as session:
        everyone = list(await session.scalars(select(Participant.id).order_by(Participant.id)))
    batches = [everyone[i : i + batch_size] for i in range(0, len(everyone), batch_size)]
    for batch in batches:
        if run_batch is None:
            await rematch_participants(ctx, batch)
        else:
            await run_batch(batch)
    return len(batches)


async def rematch_after_feed_change(ctx: TaskContext) -> int:
    """Re-match whoever's commute figures came from another transit feed; returns how many."""
    async with ctx.sessions() as session, session.begin():
        run = await feed_changed(session, ctx.runtime)
    if run.participants:
        log.info("transit feed changed: re-matched %s participants", run.participants)
    return run.participants


async def nightly_retention(ctx: TaskContext) -> dict[str, Any]:
    """Delete (or anonymise) participants nobody has touched for the retention period."""
    async with ctx.sessions() as session, session.begin():
        report = await purge(session, ctx.runtime.settings.retention)
    if report.deleted or report.anonymised:
        log.info(
            "retention: deleted %s, anonymised %s participants",
            len(report.deleted),
            len(report.anonymised),
        )
    out: dict[str, Any] = msgspec.to_builtins(report)
    return out


async def send_due_messages(ctx: TaskContext) -> int:
    """Queue what the calendar makes due (check-ins, reminders) and send every due message
    (`jobs messages send-due`); the number sent. Each message is claimed before it is sent, so
    several runners at once never send one twice."""
    report = await send_due(ctx.sessions, ctx.runtime.settings, ctx.http)
    return len(report.sent)


def next_retention_run(now: dt.datetime, hour: int, zone: dt.tzinfo) -> dt.datetime:
    """The next time (UTC) the nightly retention purge is due: ``hour``:00 program time."""
    local = now.astimezone(zone)
    run = local.replace(hour=hour, minute=0, second=0, microsecond=0)
    if run <= local:
        run = (run + dt.timedelta(days=1)).replace(hour=hour)
    return run.astimezone(dt.UTC)


async def run_in_process(ctx: TaskContext, stop: asyncio.Event) -> None:
    """What `jobs serve` runs beside the web server when there is no task queue (SQLite): the
    scheduled syncs (leased, so several processes never sync one source twice), a re-match
    after a transit feed change at start, due messages every minute and the nightly retention
    purge; until ``stop`` is set. A failure is logged and the loop goes on."""

    async def sync_due(names: list[str]) -> None:
        for name in names:
            await timed("sync_source", "sync", sync_source(ctx, name))

    async def guarded(what: str, call: Any) -> None:
        try:
            await call
        except Exception:  # one bad run must not end the schedule
            log.exception("%s failed", what)

    async def every_minute() -> None:
        await run_outbox(ctx.sessions, ctx.runtime.settings, ctx.http, stop)

    async def nightly() -> None:
        settings = ctx.runtime.settings
        if settings.queue.retention_hour < 0:
            return
        while not stop.is_set():
            due = next_retention_run(utcnow(), settings.queue.retention_hour, settings.clock.zone)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=(due - utcnow()).total_seconds())
                return
            await guarded(
                "the nightly retention purge",
                timed("nightly_retention", "maintenance", nightly_retention(ctx)),
            )

    schedule = asyncio.create_task(run_schedule(ctx.sessions, sync_due, stop))
    others = [
        asyncio.create_task(
            guarded(
                "re-matching after a feed change",
                timed("rematch_after_feed_change", "matching", rematch_after_feed_change(ctx)),
            )
        ),
        asyncio.create_task(every_minute()),
        asyncio.create_task(nightly()),
    ]
    try:
        await schedule
    finally:
        for task in others:
            task.cancel()
        await asyncio.gather(*others, return_exceptions=True)
