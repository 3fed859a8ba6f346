"""Leases on background work, so several app processes (or workers) never do it twice.

Each piece of work (a ``kind`` and a ``key``, e.g. ``sync`` + a source's name) has one row in
``work_claims``. A worker locks the free rows it wants in one transaction and writes its name
and a lease expiry into them; when done it clears them. On PostgreSQL the lock is
``SELECT ... FOR UPDATE SKIP LOCKED``, so a second worker passes over rows the first is claiming
instead of waiting; on SQLite every transaction starts with ``BEGIN IMMEDIATE``, which already
lets one claimer in at a time. A worker that dies keeps its claim only until the lease runs out.
"""

from __future__ import annotations

import datetime as dt
import os
import secrets
import socket
from collections.abc import Sequence

from sqlalchemy import or_, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.store import WorkLease

SYNC = "sync"
DEFAULT_LEASE = dt.timedelta(minutes=30)


def worker_name() -> str:
    """A name for this worker that no other process shares: host, process id, random tag."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


async def lock_free(
    session: AsyncSession, kind: str, keys: Sequence[str], now: dt.datetime
) -> list[WorkLease]:
    """Lock the claim rows of ``keys`` that nobody holds (or whose lease ran out), making rows
    that do not exist yet. Rows another worker has locked are skipped. Call inside a
    transaction, then ``take`` what is still wanted before it commits."""
    if not keys:
        return []
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    await session.execute(
        insert(WorkLease)
        .values([{"kind": kind, "key": key} for key in sorted(set(keys))])
        .on_conflict_do_nothing(index_elements=["kind", "key"])
    )
    rows = await session.scalars(
        select(WorkLease)
        .where(
            WorkLease.kind == kind,
            WorkLease.key.in_(keys),
            or_(WorkLease.lease_expires_at.is_(None), WorkLease.lease_expires_at <= now),
        )
        .order_by(WorkLease.key)
        .with_for_update(skip_locked=True)
    )
    return list(rows)


def take(
    claims: Sequence[WorkLease], worker: str, now: dt.datetime, lease: dt.timedelta
) -> list[str]:
    """Mark locked claims as this worker's until ``now + lease``; returns their keys."""
    for claim in claims:
        claim.worker = worker
        claim.claimed_at = now
        claim.lease_expires_at = now + lease
    return [claim.key for claim in claims]


async def release(session: AsyncSession, kind: str, keys: Sequence[str], worker: str) -> None:
    """Give back this worker's claims on ``keys`` (claims taken over by others are left)."""
    if not keys:
        return
    await session.execute(
        update(WorkLease)
        .where(WorkLease.kind == kind, WorkLease.key.in_(keys), WorkLease.worker == worker)
        .values(worker=None, lease_expires_at=None)
    )
