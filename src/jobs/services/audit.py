"""The audit trail: one function appends to the hash chain, one walks it to prove it intact.

``append`` is the only writer. It serialises appends so the chain never forks: on PostgreSQL it
takes a transaction-level advisory lock (held until the caller's transaction ends); on SQLite every
transaction already begins with ``BEGIN IMMEDIATE``, which holds the single write lock.

Rows say who (user id and role), what (action), when (UTC), from where (client IP), the outcome
(ok, refused, error) and which record (subject type and id, participant id). Never secrets,
passwords, tokens, cookies or field values: ``detail`` carries reasons and counts only.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Any, Literal

import msgspec
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from jobs.store import AuditEvent
from jobs.store.audit import CHAINED_FIELDS, chain_hash
from jobs.store.base import utcnow

Outcome = Literal["ok", "refused", "error"]
OUTCOMES = ("ok", "refused", "error")
# Any 64-bit number unique to this use: the advisory lock guarding the chain head.
CHAIN_LOCK_KEY = 0x6A6F627361756469  # "jobsaudi"
# Words never allowed as keys of ``detail`` (a slip here would store a secret).
SECRET_WORDS = ("password", "passphrase", "token", "cookie", "secret", "csrf")

# Where the current request came from, set by the web middleware (empty outside a request).
client_ip: ContextVar[str] = ContextVar("audit_client_ip", default="")


class Actor(msgspec.Struct, frozen=True):
    """Who acted: a user id and role (both empty for anonymous), and a label for actors without
    an account, such as ``cli:<os user>`` for the command line."""

    user_id: int | None = None
    role: str = ""
    label: str = ""


class ChainReport(msgspec.Struct, frozen=True):
    """What walking the chain found: the row count and the first broken row, if any."""

    rows: int
    intact: bool
    broken_id: int | None = None
    problem: str = ""


@contextmanager
def request_origin(ip: str) -> Iterator[None]:
    """Remember the client IP for audit rows written while handling one request."""
    token = client_ip.set(ip[:64])
    try:
        yield
    finally:
        client_ip.reset(token)


def _clean_detail(detail: dict[str, Any] | None) -> dict[str, Any]:
    return {
        key: "[withheld]" if any(word in key.lower() for word in SECRET_WORDS) else value
        for key, value in (detail or {}).items()
    }


async def _lock_chain(session: AsyncSession) -> None:
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        await session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK_KEY})
    # SQLite: BEGIN IMMEDIATE (store.engine) already holds the one write lock.


async def append(
    session: AsyncSession,
    actor: Actor,
    action: str,
    subject_type: str,
    subject_id: object = "",
    *,
    participant_id: int | None = None,
    outcome: Outcome = "ok",
    detail: dict[str, Any] | None = None,
    note: str = "",
    ip: str | None = None,
    now: datetime | None = None,
) -> AuditEvent:
    """Append one row to the chain inside the caller's transaction (committed with it)."""
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown audit outcome {outcome!r}")
    await _lock_chain(session)
    head = (
        await session.execute(
            select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)
        )
    ).first()
    prev_hash = head.hash if head else ""
    fields: dict[str, Any] = {
        "id": (head.id + 1) if head else 1,
        "occurred_at": now or utcnow(),
        "actor_user_id": actor.user_id,
        "actor_label": actor.label[:200],
        "actor_role": actor.role,
        "action": action[:60],
        "subject_type": subject_type[:40],
        "subject_id": str(subject_id)[:64],
        "participant_id": participant_id,
        "client_ip": (client_ip.get() if ip is None else ip)[:64],
        "outcome": outcome,
        "detail": _clean_detail(detail),
        "note": note,
    }
    event = AuditEvent(**fields, prev_hash=prev_hash, hash=chain_hash(fields, prev_hash))
    session.add(event)
    await session.flush()
    return event


async def append_apart(
    sessions: async_sessionmaker[AsyncSession],
    actor: Actor,
    action: str,
    subject_type: str,
    subject_id: object = "",
    **kwargs: Any,
) -> None:
    """Append in a transaction of its own: for refusals, whose request rolls back its work."""
    async with sessions() as session, session.begin():
        await append(session, actor, action, subject_type, subject_id, **kwargs)


async def _rows(session: AsyncSession, batch: int = 1000) -> AsyncIterator[AuditEvent]:
    last = 0
    while True:
        rows = (
            await session.scalars(
                select(AuditEvent).where(AuditEvent.id > last).order_by(AuditEvent.id).limit(batch)
            )
        ).all()
        if not rows:
            return
        for row in rows:
            yield row
        last = rows[-1].id
        session.expunge_all()


async def verify_chain(session: AsyncSession) -> ChainReport:
    """Walk the chain in id order; report the first row whose links or hash do not hold."""
    count = 0
    prev_hash = ""
    async for row in _rows(session):
        count += 1
        fields = {name: getattr(row, name) for name in CHAINED_FIELDS}
        if row.prev_hash != prev_hash:
            return ChainReport(count, False, row.id, "does not link to the row before it")
        if row.hash != chain_hash(fields, prev_hash):
            return ChainReport(count, False, row.id, "was changed after it was written")
        prev_hash = row.hash
    return ChainReport(count, True)
