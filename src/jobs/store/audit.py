"""Consents to share participant fields, and the audit log of every look and change."""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import weakref
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine
from sqlalchemy.orm import Mapped, mapped_column

from jobs.errors import ConfigurationError
from jobs.store.base import Base, UTCDateTime, engine_behind, utcnow

# Any 64-bit number unique to this use: the PostgreSQL advisory lock guarding the audit chain's
# head. A transaction that will append audit rows after other writes takes it before them (the
# same order everywhere), else two such transactions can deadlock: one holds the lock and waits
# for a row the other wrote, the other waits for the lock.
CHAIN_LOCK_KEY = 0x6A6F627361756469  # "jobsaudi"
CHAIN_LOCK_SQL = f"SELECT pg_advisory_xact_lock({CHAIN_LOCK_KEY})"
# The transactions (each the innermost one, a savepoint's own) that took the chain's lock: it is
# held until they end, so a second ask in one of them is a round trip for nothing. Keyed by the
# innermost transaction: a lock taken in a savepoint that is rolled back goes with it.
_chain_locked: weakref.WeakSet[Any] = weakref.WeakSet()


def _innermost(connection: Connection) -> Any:
    return connection.get_nested_transaction() or connection.get_transaction()


def lock_chain_sync(connection: Connection) -> None:
    """Take the chain's lock in ``connection``'s transaction (PostgreSQL), unless this
    transaction holds it already; SQLite's ``BEGIN IMMEDIATE`` holds the write lock anyway."""
    if connection.dialect.name != "postgresql":
        return
    transaction = _innermost(connection)
    if transaction is not None and transaction in _chain_locked:
        return
    connection.exec_driver_sql(CHAIN_LOCK_SQL)
    if transaction is not None:
        _chain_locked.add(transaction)


async def lock_chain(connection: AsyncConnection) -> None:
    """``lock_chain_sync`` for an async connection."""
    if connection.dialect.name != "postgresql":
        return
    transaction = _innermost(connection.sync_connection) if connection.sync_connection else None
    if transaction is not None and transaction in _chain_locked:
        return
    await connection.exec_driver_sql(CHAIN_LOCK_SQL)
    if transaction is not None:
        _chain_locked.add(transaction)


class Consent(Base):
    """A participant's permission to share named fields with a named employer for a purpose."""

    __tablename__ = "consents"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    employer_id: Mapped[int] = mapped_column(ForeignKey("employers.id", ondelete="CASCADE"))
    fields: Mapped[list[Any]] = mapped_column(default=list)
    purpose: Mapped[str] = mapped_column(Text)
    granted_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class AuditEvent(Base):
    """One read, change or refusal touching protected data. Never updated or deleted.

    Rows form a chain: ``hash`` is an HMAC-SHA-256, keyed by the audit key kept outside the
    database, over the row's fields and ``prev_hash`` (the previous row's ``hash``), see
    ``chain_hash``. Rows written before the key existed carry a plain SHA-256 and end at the
    ``audit_chain_keyed`` marker row. Database triggers refuse UPDATE and DELETE.
    The user and participant ids are plain numbers, not foreign keys: the trail outlives the
    records it describes, and a cascade must never rewrite it.
    """

    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    actor_user_id: Mapped[int | None] = mapped_column()
    actor_label: Mapped[str] = mapped_column(String(200), default="")
    actor_role: Mapped[str] = mapped_column(String(20), default="")
    action: Mapped[str] = mapped_column(String(60))
    subject_type: Mapped[str] = mapped_column(String(40))
    subject_id: Mapped[str] = mapped_column(String(64), default="")
    participant_id: Mapped[int | None] = mapped_column(index=True)
    client_ip: Mapped[str] = mapped_column(String(64), default="")
    outcome: Mapped[str] = mapped_column(String(10), default="ok")
    detail: Mapped[dict[str, Any]] = mapped_column(default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    hash: Mapped[str] = mapped_column(String(64), default="")
    note: Mapped[str] = mapped_column(Text, default="")


# The fields the chain hash covers, in order. Changing this list breaks every existing chain.
CHAINED_FIELDS = (
    "id",
    "occurred_at",
    "actor_user_id",
    "actor_label",
    "actor_role",
    "action",
    "subject_type",
    "subject_id",
    "participant_id",
    "client_ip",
    "outcome",
    "detail",
    "note",
)


def canonical_time(value: datetime) -> str:
    """A timestamp as the chain hashes it: UTC, ISO 8601, microseconds."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat(timespec="microseconds")


# The action of the row that starts the keyed segment of a chain begun before the audit key.
KEYED_MARKER = "audit_chain_keyed"
AUDIT_KEY_FILE_NAME = "audit.key"
AUDIT_KEY_BYTES = 32


def chain_hash(fields: Mapping[str, Any], prev_hash: str, key: bytes | None = None) -> str:
    """The row's link (hex) over a canonical JSON encoding of its chained fields and prev_hash:
    HMAC-SHA-256 under ``key``; a plain SHA-256 without one (rows from before the key)."""
    document = {name: fields.get(name) for name in CHAINED_FIELDS}
    document["occurred_at"] = canonical_time(fields["occurred_at"])
    document["prev_hash"] = prev_hash
    encoded = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    if key is None:
        return hashlib.sha256(encoded.encode("ascii")).hexdigest()
    return hmac.new(key, b"row|" + encoded.encode("ascii"), hashlib.sha256).hexdigest()


def checkpoint_signature(key: bytes, max_id: int, head: str, made_at: str) -> str:
    """The HMAC over one checkpoint (the newest row's id and hash, and when it was taken)."""
    message = f"checkpoint|{max_id}|{head}|{made_at}".encode("ascii")
    return hmac.new(key, message, hashlib.sha256).hexdigest()


# ---- the audit key: a file in the data dir, never in the database ----------------------------


def load_or_create_audit_key(data_dir: Path) -> bytes:
    """The audit key kept in ``data_dir/audit.key``, created (owner-only) on first use."""
    path = data_dir / AUDIT_KEY_FILE_NAME
    if path.exists():
        try:
            key = bytes.fromhex(path.read_text(encoding="ascii").strip())
        except ValueError:
            key = b""
        if len(key) != AUDIT_KEY_BYTES:
            raise ConfigurationError(f"{path} holds no usable audit key (64 hex digits)")
        return key
    data_dir.mkdir(parents=True, exist_ok=True)
    try:  # O_EXCL: two processes starting at once must not each write a different key
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return load_or_create_audit_key(data_dir)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(secrets.token_hex(AUDIT_KEY_BYTES) + "\n")
    return load_or_create_audit_key(data_dir)


_audit_keys: weakref.WeakKeyDictionary[Engine, bytes] = weakref.WeakKeyDictionary()


def bind_audit_key(engine: AsyncEngine | Engine, key: bytes) -> None:
    """Make every session of ``engine`` sign audit rows with ``key``."""
    _audit_keys[engine.sync_engine if isinstance(engine, AsyncEngine) else engine] = key


def audit_key_of(bind: Any) -> bytes:
    """The audit key bound to the engine behind ``bind`` (an engine, a connection or a session)."""
    key = _audit_keys.get(engine_behind(bind))
    if key is None:
        raise ConfigurationError(
            "this database engine has no audit key: create_engine(database, audit_key=...)"
        )
    return key
