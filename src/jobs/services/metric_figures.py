"""Figures ``/metrics`` reads from the database at scrape time: queue depth (PostgreSQL), the
outbox by channel and status, and each source's last sync.

They describe state the database holds, whoever changed it (any worker, any web process, the
CLI), so reading them here keeps them right with many processes and across restarts; the
events behind them (task durations, failures) are counted in the processes that ran them (see
``jobs.metrics``). Each read is a few grouped counts over indexed columns.
"""

from __future__ import annotations

from collections.abc import Iterable

from prometheus_client.metrics_core import Metric
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from jobs import metrics
from jobs.services import task_queue
from jobs.settings import Settings
from jobs.store import OutboxMessage, Source, SyncRun

# The states that make a queue's depth; succeeded jobs (kept three days) are history, not depth.
DEPTH_STATES = ("todo", "doing", "failed")
OUTBOX_CHANNELS = ("sms", "email")
OUTBOX_STATES = ("queued", "sending", "sent", "delivered", "failed", "cancelled")


async def database_figures(session: AsyncSession, settings: Settings) -> list[Metric]:
    """The families read at scrape time (every known label set present, zeros included, so a
    series does not vanish when its count falls to nothing)."""
    families = [await _outbox(session), *await _syncs(session)]
    if settings.queue.backend == "procrastinate":
        families.append(await _queue_depth(session))
    return families


async def _queue_depth(session: AsyncSession) -> Metric:
    counts = dict.fromkeys(((q, s) for q in task_queue.QUEUES for s in DEPTH_STATES), 0)
    if await task_queue.schema_present(session):
        rows = await session.execute(
            text(
                "SELECT queue_name, status::text, count(*) FROM procrastinate_jobs "
                "WHERE status IN ('todo', 'doing', 'failed') GROUP BY queue_name, status"
            )
        )
        for queue, status, count in rows:
            counts[(queue, status)] = count
    return metrics.QUEUE_DEPTH_READ.family(_samples(counts))


async def _outbox(session: AsyncSession) -> Metric:
    counts = dict.fromkeys(((c, s) for c in OUTBOX_CHANNELS for s in OUTBOX_STATES), 0)
    rows = await session.execute(
        select(OutboxMessage.channel, OutboxMessage.status, func.count()).group_by(
            OutboxMessage.channel, OutboxMessage.status
        )
    )
    for channel, status, count in rows:
        counts[(channel, status)] = count
    return metrics.OUTBOX_MESSAGES.family(_samples(counts))


async def _syncs(session: AsyncSession) -> list[Metric]:
    ok, finished, last = aliased(SyncRun), aliased(SyncRun), aliased(SyncRun)
    last_ok = (
        select(ok.finished_at)
        .where(ok.source_id == Source.id, ok.status == "ok")
        .order_by(ok.id.desc())
        .limit(1)
        .correlate(Source)
        .scalar_subquery()
    )
    last_run = (
        select(finished.id)
        .where(finished.source_id == Source.id, finished.finished_at.is_not(None))
        .order_by(finished.id.desc())
        .limit(1)
        .correlate(Source)
        .scalar_subquery()
    )
    rows = await session.execute(
        select(
            Source.name,
            last_ok,
            last.status,
            last.created,
            last.updated,
            last.closed,
            last.quarantined,
        )
        .outerjoin(last, last.id == last_run)
        .order_by(Source.name)
    )
    success: list[tuple[tuple[str, ...], float]] = []
    postings: list[tuple[tuple[str, ...], float]] = []
    failed: list[tuple[tuple[str, ...], float]] = []
    for name, finished, status, *counts in rows:
        if finished is not None:
            success.append(((name,), finished.timestamp()))
        if status is None:  # never synced
            continue
        failed.append(((name,), 0.0 if status == "ok" else 1.0))
        postings.extend(
            ((name, outcome), float(count or 0))
            for outcome, count in zip(metrics.SYNC_OUTCOMES, counts, strict=True)
        )
    return [
        metrics.SYNC_LAST_SUCCESS.family(success),
        metrics.SYNC_LAST_POSTINGS.family(postings),
        metrics.SYNC_LAST_FAILED.family(failed),
    ]


def _samples(counts: dict[tuple[str, str], int]) -> Iterable[tuple[tuple[str, ...], float]]:
    return ((labels, float(count)) for labels, count in sorted(counts.items()))
