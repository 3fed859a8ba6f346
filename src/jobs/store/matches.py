"""Matches: one posting for one participant, its tier, score, reasons and review."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, Float, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from jobs.matching.reasons import TIERS
from jobs.store.base import Base, UTCDateTime, utcnow
from jobs.store.encryption import EncryptedJSON

REVIEW_STATUSES = (
    "new",
    "shortlisted",
    "dismissed",
    "referred",
    "applied",
    "interviewing",
    "offered",
    "hired",
)


class Match(Base):
    """A ranked posting for a participant, as the specialist reviews it."""

    __tablename__ = "matches"
    __table_args__ = (
        UniqueConstraint("participant_id", "posting_id"),
        CheckConstraint("tier IN (" + ",".join(f"'{t}'" for t in TIERS) + ")", name="tier"),
        CheckConstraint("score >= 0 AND score <= 100", name="score"),
        CheckConstraint(
            "review_status IN ('new','shortlisted','dismissed','referred','applied',"
            "'interviewing','offered','hired')",
            name="review_status",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    posting_id: Mapped[int] = mapped_column(
        ForeignKey("postings.id", ondelete="CASCADE"), index=True
    )
    tier: Mapped[str] = mapped_column(String(20))
    score: Mapped[float] = mapped_column(Float)
    components: Mapped[dict[str, Any]] = mapped_column(default=dict)
    # Encrypted at rest: the reasons spell out offence kinds, registrant status, curfew...
    reasons: Mapped[list[Any]] = mapped_column(EncryptedJSON(), default=list)
    transit: Mapped[dict[str, Any]] = mapped_column(default=dict)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    review_status: Mapped[str] = mapped_column(String(20), default="new")
    dismissal_reason: Mapped[str | None] = mapped_column(Text)
    reviewed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class MatchSummary(Base):
    """A participant's last whole ranking summed up: per tier, how many postings it held, how
    many rows were kept (the best ``kept_per_tier``) and the lowest kept score, and for the
    tiers a rule sets how many postings carry each reason code, with one reason's words for
    each code. A match row is kept for the best of each tier and for whatever a person acted
    on; the rest are only counted here."""

    __tablename__ = "match_summaries"

    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True
    )
    kept_per_tier: Mapped[int] = mapped_column(Integer)
    # Encrypted at rest: the reason codes and words say what the record and supervision bar.
    tiers: Mapped[dict[str, Any]] = mapped_column(EncryptedJSON(), default=dict)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
