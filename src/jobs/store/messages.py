"""Reaching participants and staff by text and email: contact details with consent, the outbox
every message goes through, and the replies that come back.

Phone numbers, email addresses and message bodies are sealed at rest (EncryptedJSON). Nothing
queries them: an inbound number is matched by opening the (few hundred) stored numbers.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from jobs.store.base import Base, Timestamped, UTCDateTime, utcnow
from jobs.store.encryption import EncryptedJSON

CHANNELS = ("sms", "email")
MESSAGE_STATUSES = ("queued", "sending", "sent", "delivered", "failed", "cancelled")
REPLY_KINDS = ("stop", "start", "help", "yes", "no", "other")


class ParticipantContact(Timestamped, Base):
    """How a participant may be reached: phone (E.164) and email, sealed; the channels they
    agreed to, when and who recorded that agreement; the language messages are written in."""

    __tablename__ = "participant_contacts"

    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True
    )
    phone: Mapped[str | None] = mapped_column(EncryptedJSON())
    email: Mapped[str | None] = mapped_column(EncryptedJSON())
    channels: Mapped[list[Any]] = mapped_column(default=list)
    language: Mapped[str] = mapped_column(String(5), default="en")
    consent_recorded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    consent_recorded_by: Mapped[str] = mapped_column(String(200), default="")
    # When the number last texted STOP (SMS stays off until START or a new agreement).
    sms_stopped_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class OutboxMessage(Base):
    """One message to one person, written in the transaction of the event that caused it.

    ``status``: queued (waiting for ``next_attempt_at``), sending (claimed: the provider may have
    it), sent, delivered, failed, cancelled. A row found in ``sending`` after its claim expired
    is never retried: it becomes failed with ``outcome_unknown`` for a person to look at.
    """

    __tablename__ = "outbox_messages"
    __table_args__ = (
        CheckConstraint("channel IN ('sms','email')", name="channel"),
        CheckConstraint(
            "status IN ('queued','sending','sent','delivered','failed','cancelled')",
            name="status",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    checkpoint_id: Mapped[int | None] = mapped_column(
        ForeignKey("placement_checkpoints.id", ondelete="SET NULL")
    )
    channel: Mapped[str] = mapped_column(String(10))
    template: Mapped[str] = mapped_column(String(40))
    language: Mapped[str] = mapped_column(String(5), default="en")
    recipient: Mapped[str | None] = mapped_column(EncryptedJSON())
    subject: Mapped[str | None] = mapped_column(EncryptedJSON())
    body: Mapped[str | None] = mapped_column(EncryptedJSON())
    due_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    status: Mapped[str] = mapped_column(String(12), default="queued", index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    claimed_by: Mapped[str] = mapped_column(String(120), default="")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    provider_id: Mapped[str] = mapped_column(String(64), default="", index=True)
    error: Mapped[str] = mapped_column(String(300), default="")
    idempotency_key: Mapped[str] = mapped_column(String(160), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Set when the body (and subject) were removed after the keeping period: metadata stays.
    body_purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class InboundMessage(Base):
    """A text a participant sent back: what it was read as, and whether staff have seen it.

    A YES or NO to a pending check-in names the checkpoint: the specialist confirms it."""

    __tablename__ = "inbound_messages"
    __table_args__ = (
        CheckConstraint("kind IN ('stop','start','help','yes','no','other')", name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    checkpoint_id: Mapped[int | None] = mapped_column(
        ForeignKey("placement_checkpoints.id", ondelete="SET NULL")
    )
    provider_id: Mapped[str] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(10))
    body: Mapped[str | None] = mapped_column(EncryptedJSON())
    received_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    handled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    handled_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    body_purged_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
