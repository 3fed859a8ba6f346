"""The road from interest to hire, and what a person still needs before starting work.

``application_steps``: one row a step of one participant's application to one posting
(interested, applied, interview booked, offer, hired, or unsuccessful at a stage), dated and
signed. ``readiness_items``: one row a work-readiness item of a participant (state ID, Social
Security card...), with its status and the barrier in the participant's own words (encrypted).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import CheckConstraint, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from jobs.store.base import Base, UTCDateTime, utcnow
from jobs.store.encryption import EncryptedJSON

APPLICATION_STEPS = (
    "interested",
    "applied",
    "interview_booked",
    "offer",
    "hired",
    "unsuccessful_application",
    "unsuccessful_interview",
    "offer_declined",
)
READINESS_ITEMS = (
    "state_id",
    "ssn_card",
    "birth_certificate",
    "bank_account",
    "resume",
    "disclosure_letter",
    "work_clothes",
    "phone",
    "childcare",
    "transport",
)
READINESS_STATUSES = ("not_started", "in_progress", "done", "not_needed")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN (" + ",".join(f"'{v}'" for v in values) + ")"


class ApplicationStep(Base):
    """One dated step of a participant's application to a posting."""

    __tablename__ = "application_steps"
    __table_args__ = (CheckConstraint(_one_of("step", APPLICATION_STEPS), name="step"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    posting_id: Mapped[int] = mapped_column(ForeignKey("postings.id", ondelete="CASCADE"))
    step: Mapped[str] = mapped_column(String(30))
    reason: Mapped[str] = mapped_column(Text, default="")
    happened_on: Mapped[date] = mapped_column(Date)
    # A booked interview's start (HH:MM, program's zone) when known: the reminders use it.
    time_of_day: Mapped[str | None] = mapped_column(String(5))
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ReadinessItem(Base):
    """Where a participant stands on one thing needed before starting work."""

    __tablename__ = "readiness_items"
    __table_args__ = (
        CheckConstraint(_one_of("item", READINESS_ITEMS), name="item"),
        CheckConstraint(_one_of("status", READINESS_STATUSES), name="status"),
    )

    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True
    )
    item: Mapped[str] = mapped_column(String(30), primary_key=True)
    status: Mapped[str] = mapped_column(String(20), default="not_started")
    barrier: Mapped[Any] = mapped_column(EncryptedJSON(), default="")  # the person's own words
    updated_on: Mapped[date] = mapped_column(Date)
    updated_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
