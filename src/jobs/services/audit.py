"""The audit trail: one function appends to the hash chain, one walks it to prove it intact.

``append`` is the only writer. It serialises appends so the chain never forks: on PostgreSQL it
takes a transaction-level advisory lock (held until the caller's transaction ends); on SQLite every
writing transaction already begins with ``BEGIN IMMEDIATE``, which holds the single write lock.

A page that only reads runs in a reader's session (``store.engine.read_session_factory``), which
must not write: there ``append`` keeps the row's fields in ``session.info`` instead, and
``write_later_rows`` appends them when the request's answer starts, before any of it is sent
(``web/transactions.py``), in the next transaction of the process's ``GroupCommit`` (with other
requests' rows and rate counts) and returns once that is committed. The row is thus durable
before the data it describes is shown, and the chain is locked for one short batch, not a whole
request.

Rows say who (user id and role), what (action), when (UTC), from where (client IP), the outcome
(ok, refused, error) and which record (subject type and id, participant id). Never secrets,
passwords, tokens, cookies or field values: ``detail`` carries reasons and counts only.
"""

from __future__ import annotations

import hmac
import weakref
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, datetime
from typing import Any, Literal, cast

import msgspec
from sqlalchemy import Table, bindparam, insert, inspect, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from jobs.services.group_commit import GroupCommit
from jobs.store import AuditEvent
from jobs.store.audit import (
    CHAIN_LOCK_KEY,
    CHAINED_FIELDS,
    KEYED_MARKER,
    audit_key_of,
    chain_hash,
    checkpoint_signature,
)
from jobs.store.base import engine_behind, utcnow

Outcome = Literal["ok", "refused", "error"]
OUTCOMES = ("ok", "refused", "error")
# Words never allowed as keys of ``detail`` (a slip here would store a secret).
SECRET_WORDS = ("password", "passphrase", "token", "cookie", "secret", "csrf")

# session.info key of the rows a reader's session keeps for ``write_later_rows``.
LATER_KEY = "audit_rows_later"
# session.info key of other records a reader's session keeps with them (``keep_record``).
RECORDS_LATER_KEY = "records_later"
# session.info key of (transaction, row): the last row appended in that transaction.
HEAD_KEY = "audit_chain_head"
# Where the current request came from, set by the web middleware (empty outside a request).
client_ip: ContextVar[str] = ContextVar("audit_client_ip", default="")


class Actor(msgspec.Struct, frozen=True):
    """Who acted: a user id and role (both empty for anonymous), and a label for actors without
    an account, such as ``cli:<os user>`` for the command line."""

    user_id: int | None = None
    role: str = ""
    label: str = ""


class ChainReport(msgspec.Struct, frozen=True):
    """What walking the chain found: the row count and the first broken row, if any (a problem
    with no row is about the whole log: missing triggers, a checkpoint past the end)."""

    rows: int
    intact: bool
    broken_id: int | None = None
    problem: str = ""
    checkpoints: int = 0


class Checkpoint(msgspec.Struct, frozen=True):
    """The newest row's id and hash at one moment, signed with the audit key. Kept outside the
    database, it proves later that no row up to ``max_id`` was cut or rewritten."""

    max_id: int
    head: str
    made_at: str
    signature: str


# The chain's newest row's id and hash, read before each batch of appends (built once: every
# audited request runs it); the whole row is read only when its hash is not one this process
# knows to be signed (see ``_signed_heads``).
_HEAD = select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)
# By engine: the (id, hash) of the last row this process appended or found signed. A head that
# matches it needs no re-check of its HMAC (the costly part of the read); any other head, as
# another process or a rewrite left it, is read whole and checked as before.
_signed_heads: weakref.WeakKeyDictionary[Any, tuple[int, str]] = weakref.WeakKeyDictionary()


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


async def _lock_chain(bind: AsyncSession | AsyncConnection) -> None:
    dialect = bind.dialect if isinstance(bind, AsyncConnection) else bind.get_bind().dialect
    if dialect.name == "postgresql":
        await bind.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": CHAIN_LOCK_KEY})
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
    flush: bool = True,
) -> AuditEvent | None:
    """Append one row to the chain inside the caller's transaction (committed with it); in a
    reader's session, keep it for ``write_later_rows`` (and return None). ``flush=False``
    leaves the INSERT to the caller's next flush (rows appended together go in one go)."""
    if outcome not in OUTCOMES:
        raise ValueError(f"unknown audit outcome {outcome!r}")
    later = session.info.get(LATER_KEY)
    if later is not None:
        row = kept_row(
            actor, action, subject_type, subject_id, participant_id=participant_id,
            outcome=outcome, detail=detail, note=note, ip=ip, now=now,
        )  # fmt: skip
        later.append(row)
        return None
    key = audit_key_of(session)
    head: Any = _head_appended_here(session)  # a row, or the (id, hash) of the one read
    engine = engine_behind(session)
    if head is None:
        await _lock_chain(session)
        head = (await session.execute(_HEAD)).first()
        if head is not None and _signed_heads.get(engine) != (head.id, head.hash):
            whole = await session.get_one(AuditEvent, head.id)
            if whole.hash != chain_hash(_chained(whole), whole.prev_hash, key):
                # The chain so far was written before the audit key: start the keyed segment.
                head = _add(session, key, whole, _marker_fields(whole, now or utcnow()))
    fields = _fields(
        (head.id + 1) if head else 1,
        actor,
        action,
        subject_type,
        subject_id,
        participant_id=participant_id,
        outcome=outcome,
        detail=_clean_detail(detail),
        note=note,
        ip=client_ip.get() if ip is None else ip,
        now=now or utcnow(),
    )
    event = _add(session, key, head, fields)
    session.info[HEAD_KEY] = (session.sync_session.get_transaction(), event)
    _signed_heads[engine] = (event.id, event.hash)
    if flush:
        await session.flush()
    return event


def kept_row(
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
) -> dict[str, Any]:
    """A row as a reader's session keeps it for later (``append_kept_rows`` writes it)."""
    return {
        "actor": actor,
        "action": action,
        "subject_type": subject_type,
        "subject_id": subject_id,
        "participant_id": participant_id,
        "outcome": outcome,
        "detail": _clean_detail(detail),
        "note": note,
        "ip": client_ip.get() if ip is None else ip,
        "now": now or utcnow(),
    }


def _fields(
    row_id: int,
    actor: Actor,
    action: str,
    subject_type: str,
    subject_id: object,
    *,
    participant_id: int | None,
    outcome: str,
    detail: dict[str, Any],
    note: str,
    ip: str,
    now: datetime,
) -> dict[str, Any]:
    """The chained fields of a new row (cut to their columns' lengths)."""
    return {
        "id": row_id,
        "occurred_at": now,
        "actor_user_id": actor.user_id,
        "actor_label": actor.label[:200],
        "actor_role": actor.role,
        "action": action[:60],
        "subject_type": subject_type[:40],
        "subject_id": str(subject_id)[:64],
        "participant_id": participant_id,
        "client_ip": ip[:64],
        "outcome": outcome,
        "detail": detail,
        "note": note,
    }


def _head_appended_here(session: AsyncSession) -> AuditEvent | None:
    """The row this session last appended, while its transaction still holds the chain's lock
    (so no one else can have appended since) and the row is still part of it (not rolled back
    with a savepoint): the next row links to it without reading the head again."""
    kept = session.info.get(HEAD_KEY)
    if kept is None:
        return None
    transaction, row = kept
    current = session.sync_session.get_transaction()
    state = inspect(row)
    if current is None or transaction is not current or not (state.pending or state.persistent):
        del session.info[HEAD_KEY]
        return None
    return cast(AuditEvent, row)


def _chained(row: AuditEvent) -> dict[str, Any]:
    return {name: getattr(row, name) for name in CHAINED_FIELDS}


def _marker_fields(head: Any, now: datetime) -> dict[str, Any]:
    return {
        "id": head.id + 1,
        "occurred_at": now,
        "actor_user_id": None,
        "actor_label": "",
        "actor_role": "",
        "action": KEYED_MARKER,
        "subject_type": "audit_events",
        "subject_id": "",
        "participant_id": None,
        "client_ip": "",
        "outcome": "ok",
        "detail": {"unkeyed_rows": head.id},
        "note": "",
    }


def _add(session: AsyncSession, key: bytes, head: Any, fields: dict[str, Any]) -> AuditEvent:
    """A new row after ``head`` (a row or an (id, hash) pair; None for the first)."""
    prev_hash = head.hash if head else ""
    event = AuditEvent(**fields, prev_hash=prev_hash, hash=chain_hash(fields, prev_hash, key))
    session.add(event)
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


def keep_rows_for_later(session: AsyncSession) -> None:
    """Make ``append`` in this (reader's) session keep its rows for ``write_later_rows``."""
    session.info[LATER_KEY] = []


def keep_record(session: AsyncSession, table: Table, values: dict[str, Any]) -> bool:
    """In a reader's session, keep a record that, like an audit row, must be durable before
    what it describes is shown (an employer's disclosure): it is written with the session's
    audit rows, in the same batch, before them. False (nothing kept) in a writer's session: the
    caller writes it itself."""
    if session.info.get(LATER_KEY) is None or session.info.get("writing"):
        return False
    session.info.setdefault(RECORDS_LATER_KEY, []).append((table, values))
    return True


def rows_kept(session: AsyncSession) -> int:
    """How many audit rows this session keeps for later."""
    return len(session.info.get(LATER_KEY) or [])


def drop_rows_kept(session: AsyncSession) -> None:
    """Forget the rows kept (the request they describe failed and shows nothing)."""
    if session.info.get(LATER_KEY):
        session.info[LATER_KEY] = []
    session.info.pop(RECORDS_LATER_KEY, None)


async def write_later_rows(session: AsyncSession, writes: GroupCommit) -> int:
    """Append the rows ``session`` kept, in the next transaction of ``writes`` (with other
    requests' small writes), and return how many; they are committed (durable) when this
    returns."""
    rows = session.info.get(LATER_KEY) or []
    records = session.info.pop(RECORDS_LATER_KEY, [])
    if not rows and not records:
        return 0
    session.info.pop(LATER_KEY, None)  # from here on ``append`` writes into ``session`` itself
    if session.info.get("writing"):
        # The reader's session wrote after all (it holds the write lock now): its rows go
        # into its own transaction, committed with what they describe.
        for table, values in records:
            await session.execute(insert(table), [values])
        await _append_rows(session, rows)
        return len(rows)
    await writes.run_together(_append_requests_rows, (records, rows))
    return len(rows)


async def _append_requests_rows(
    connection: AsyncConnection,
    requests: list[tuple[list[tuple[Table, dict[str, Any]]], list[dict[str, Any]]]],
) -> list[None]:
    """The kept records and audit rows of every request in a batch: one INSERT per table
    (``GroupCommit.run_together``)."""
    by_table: dict[Table, list[dict[str, Any]]] = {}
    for records, _ in requests:
        for table, values in records:
            by_table.setdefault(table, []).append(values)
    for table, values in by_table.items():
        await connection.execute(insert(table), values)
    await append_kept_rows(connection, [row for _, rows in requests for row in rows])
    return [None] * len(requests)


# Rows appended by ``append_kept_rows``, as plain Core (no ORM objects, no flush).
_AUDIT_EVENTS = cast(Table, AuditEvent.__table__)
_INSERT = insert(_AUDIT_EVENTS)
_WHOLE_ROW = select(_AUDIT_EVENTS).where(_AUDIT_EVENTS.c.id == bindparam("id"))
# By transaction of a batch's connection: the (id, hash) of the last row it appended; the chain
# is locked until that transaction ends, so the next rows link to it without reading the head.
_batch_heads: weakref.WeakKeyDictionary[Any, tuple[int, str]] = weakref.WeakKeyDictionary()


async def append_kept_rows(connection: AsyncConnection, rows: list[dict[str, Any]]) -> None:
    """Append rows kept by a reader's session (``write_later_rows``) in the transaction of
    ``connection``, the way ``append`` does (the same locking, head check and hashes) but with
    one Core INSERT for them all: a batch of ``GroupCommit`` holds no ORM session."""
    if not rows:
        return
    key = audit_key_of(connection)
    engine = engine_behind(connection)
    transaction = connection.sync_connection and connection.sync_connection.get_transaction()
    head: tuple[int, str] | None = _batch_heads.get(transaction)
    values: list[dict[str, Any]] = []
    if head is None:
        await _lock_chain(connection)
        found = (await connection.execute(_HEAD)).first()
        head = (found.id, found.hash) if found is not None else None
        if head is not None and _signed_heads.get(engine) != head:
            whole = (await connection.execute(_WHOLE_ROW, {"id": head[0]})).one()
            chained = {name: getattr(whole, name) for name in CHAINED_FIELDS}
            if whole.hash != chain_hash(chained, whole.prev_hash, key):
                # The chain so far was written before the audit key: start the keyed segment.
                marker = _marker_fields(whole, rows[0]["now"])
                values.append(_hashed(key, head, marker))
                head = (marker["id"], values[-1]["hash"])
    for row in rows:
        fields = _fields(
            head[0] + 1 if head else 1,
            row["actor"],
            row["action"],
            row["subject_type"],
            row["subject_id"],
            participant_id=row["participant_id"],
            outcome=row["outcome"],
            detail=row["detail"],
            note=row["note"],
            ip=row["ip"],
            now=row["now"],
        )
        values.append(_hashed(key, head, fields))
        head = (fields["id"], values[-1]["hash"])
    await connection.execute(_INSERT, values)
    assert head is not None
    if transaction is not None:
        _batch_heads[transaction] = head
    _signed_heads[engine] = head


def _hashed(key: bytes, head: tuple[int, str] | None, fields: dict[str, Any]) -> dict[str, Any]:
    """``fields`` with the links to ``head``: the values of one INSERT."""
    prev_hash = head[1] if head else ""
    return {**fields, "prev_hash": prev_hash, "hash": chain_hash(fields, prev_hash, key)}


async def _append_rows(session: AsyncSession, rows: list[dict[str, Any]]) -> None:
    for row in rows:
        fields = dict(row)
        await append(
            session,
            fields.pop("actor"),
            fields.pop("action"),
            fields.pop("subject_type"),
            fields.pop("subject_id"),
            flush=False,
            **fields,
        )
    await session.flush()


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


async def verify_chain(
    session: AsyncSession, checkpoints: Sequence[Checkpoint] = ()
) -> ChainReport:
    """Walk the chain in id order; report the first row whose id, link or HMAC does not hold,
    missing append-only triggers, and any checkpoint the log no longer matches."""
    key = audit_key_of(session)
    for point in checkpoints:
        expected = checkpoint_signature(key, point.max_id, point.head, point.made_at)
        if not hmac.compare_digest(expected, point.signature):
            return ChainReport(0, False, None, f"checkpoint at row {point.max_id} is not signed")
    wanted = {point.max_id: point.head for point in checkpoints if point.max_id > 0}
    count = 0
    prev_hash = ""
    keyed = False
    async for row in _rows(session):
        count += 1
        if row.id != count:
            return ChainReport(count, False, row.id, "follows a gap: rows before it were removed")
        if row.prev_hash != prev_hash:
            return ChainReport(count, False, row.id, "does not link to the row before it")
        fields = _chained(row)
        if row.hash == chain_hash(fields, prev_hash, key):
            if not keyed and count > 1 and row.action != KEYED_MARKER:
                return ChainReport(count, False, row.id, "starts the signed rows without a marker")
            keyed = True
        elif keyed or row.hash != chain_hash(fields, prev_hash):
            # Once signed rows begin, an unsigned one is a rewrite by someone without the key.
            return ChainReport(count, False, row.id, "was changed after it was written")
        if row.id in wanted and not hmac.compare_digest(wanted.pop(row.id), row.hash):
            return ChainReport(count, False, row.id, "differs from the signed checkpoint")
        prev_hash = row.hash
    if wanted:
        cut = min(wanted)
        return ChainReport(
            count, False, None, f"ends at row {count}, before the checkpoint at row {cut}"
        )
    missing = await missing_triggers(session)
    if missing:
        return ChainReport(
            count, False, None, "lost its append-only triggers: " + ", ".join(missing)
        )
    return ChainReport(count, True, checkpoints=len(checkpoints))


TRIGGERS = {
    "sqlite": ("audit_events_no_update", "audit_events_no_delete"),
    "postgresql": ("audit_events_no_update", "audit_events_no_truncate"),
}


async def missing_triggers(session: AsyncSession) -> list[str]:
    """The append-only triggers no longer on ``audit_events`` (dropping them is how a rewrite
    starts; the database cannot forbid it to its owner, so verify looks)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        query = text(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_events'::regclass"
            " AND NOT tgisinternal"
        )
    else:
        query = text(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit_events'"
        )
    present = set((await session.scalars(query)).all())
    return [name for name in TRIGGERS.get(dialect, TRIGGERS["sqlite"]) if name not in present]


async def make_checkpoint(session: AsyncSession, now: datetime | None = None) -> Checkpoint:
    """A signed checkpoint of the chain's head as it stands (max id 0 for an empty log)."""
    key = audit_key_of(session)
    head = (
        await session.execute(
            select(AuditEvent.id, AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)
        )
    ).first()
    max_id, head_hash = (head.id, head.hash) if head else (0, "")
    made_at = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    return Checkpoint(
        max_id, head_hash, made_at, checkpoint_signature(key, max_id, head_hash, made_at)
    )


def parse_checkpoints(lines: Sequence[str]) -> list[Checkpoint]:
    """Checkpoints from their JSON lines (one per line, blank lines skipped)."""
    return [msgspec.json.decode(line, type=Checkpoint) for line in lines if line.strip()]
