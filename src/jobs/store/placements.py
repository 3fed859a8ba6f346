"""Placements (a hire) and their retention checkpoints."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import CheckConstraint, Date, Float, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jobs.store.base import Base, Timestamped, UTCDateTime
from jobs.store.encryption import EncryptedJSON


class Placement(Timestamped, Base):
    """A participant hired into a job."""

    __tablename__ = "placements"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    employer_id: Mapped[int] = mapped_column(ForeignKey("employers.id", ondelete="RESTRICT"))
    posting_id: Mapped[int | None] = mapped_column(ForeignKey("postings.id", ondelete="SET NULL"))
    job_title: Mapped[str] = mapped_column(String(300))
    start_date: Mapped[date] = mapped_column(Date)
    hourly_wage: Mapped[float] = mapped_column(Float)
    hours_per_week: Mapped[float] = mapped_column(Float)
    shift: Mapped[str] = mapped_column(String(100), default="")
    separated_on: Mapped[date | None] = mapped_column(Date)
    separation_reason: Mapped[str | None] = mapped_column(EncryptedJSON())  # encrypted at rest
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # Outcomes (issue #9): why the job ended, and the employer incentives' paperwork dates.
    separation_kind: Mapped[str | None] = mapped_column(String(20))
    offered_on: Mapped[date | None] = mapped_column(Date)
    form_8850_signed_on: Mapped[date | None] = mapped_column(Date)
    form_8850_sent_on: Mapped[date | None] = mapped_column(Date)
    bond_requested_on: Mapped[date | None] = mapped_column(Date)

    checkpoints: Mapped[list[Checkpoint]] = relationship(
        back_populates="placement", cascade="all, delete-orphan", order_by="Checkpoint.due_on"
    )


class Checkpoint(Base):
    """A retention check on a placement (30, 90, 180 days; 2nd and 4th quarter after exit)."""

    __tablename__ = "placement_checkpoints"
    __table_args__ = (
        UniqueConstraint("placement_id", "kind"),
        CheckConstraint("status IN ('due','confirmed','missed','unknown')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    placement_id: Mapped[int] = mapped_column(ForeignKey("placements.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(10))
    due_on: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="due")
    checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    note: Mapped[str] = mapped_column(Text, default="")
    earnings: Mapped[float | None] = mapped_column(Float)  # quarterly earnings on q2/q4 checks

    placement: Mapped[Placement] = relationship(back_populates="checkpoints")
