"""Consents to share participant fields, and the audit log of every look and change."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from jobs.store.base import Base, UTCDateTime, utcnow


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

    Rows form a hash chain: ``hash`` is SHA-256 over the row's fields and ``prev_hash`` (the
    previous row's ``hash``), see ``chain_hash``. Database triggers refuse UPDATE and DELETE.
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


def chain_hash(fields: Mapping[str, Any], prev_hash: str) -> str:
    """SHA-256 (hex) over a canonical JSON encoding of the row's chained fields and prev_hash."""
    document = {name: fields.get(name) for name in CHAINED_FIELDS}
    document["occurred_at"] = canonical_time(fields["occurred_at"])
    document["prev_hash"] = prev_hash
    encoded = json.dumps(document, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(encoded.encode("ascii")).hexdigest()
