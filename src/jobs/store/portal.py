"""What the portal adds around matches: referrals to employers, participants' interest, the
employer's structured hiring rules, and the record of every disclosure to an employer."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from jobs.store.base import Base, Timestamped, UTCDateTime, utcnow

REFERRAL_STATUSES = ("referred", "interviewing", "offered", "hired", "declined")
RECORD_CHECK_TIMES = ("not_stated", "never", "after_offer", "after_interview", "before_interview")


class Referral(Timestamped, Base):
    """A participant put forward for a posting, under a consent naming what the employer sees."""

    __tablename__ = "referrals"
    __table_args__ = (
        UniqueConstraint("participant_id", "posting_id"),
        CheckConstraint(
            "status IN ('referred','interviewing','offered','hired','declined')", name="status"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    posting_id: Mapped[int] = mapped_column(ForeignKey("postings.id", ondelete="CASCADE"))
    employer_id: Mapped[int] = mapped_column(
        ForeignKey("employers.id", ondelete="CASCADE"), index=True
    )
    consent_id: Mapped[int] = mapped_column(ForeignKey("consents.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(20), default="referred")
    note: Mapped[str] = mapped_column(Text, default="")
    referred_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    # For a job that needs the officer's approval: who approved it and when, as the specialist
    # recorded before sending.
    approved_by: Mapped[str | None] = mapped_column(String(200))
    approved_on: Mapped[date | None] = mapped_column(Date)


class Interest(Base):
    """A participant said "I'm interested" in a matched posting."""

    __tablename__ = "interests"

    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True
    )
    posting_id: Mapped[int] = mapped_column(
        ForeignKey("postings.id", ondelete="CASCADE"), primary_key=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class HiringRules(Timestamped, Base):
    """An employer's own statement of when it checks records and which roles have legal bars."""

    __tablename__ = "employer_hiring_rules"
    __table_args__ = (
        CheckConstraint(
            "record_check IN ('not_stated','never','after_offer','after_interview',"
            "'before_interview')",
            name="record_check",
        ),
    )

    employer_id: Mapped[int] = mapped_column(
        ForeignKey("employers.id", ondelete="CASCADE"), primary_key=True
    )
    record_check: Mapped[str] = mapped_column(String(20), default="not_stated")
    barred_roles: Mapped[str] = mapped_column(Text, default="")


class Disclosure(Base):
    """One showing of a participant's information to an employer: who saw which fields, when.

    Written every time an employer's view of a referred candidate is built, so a participant can
    see who looked at what. Never updated; kept after the referral or consent is gone.
    """

    __tablename__ = "disclosures"

    id: Mapped[int] = mapped_column(primary_key=True)
    disclosed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    employer_id: Mapped[int] = mapped_column(
        ForeignKey("employers.id", ondelete="CASCADE"), index=True
    )
    viewer_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    consent_ids: Mapped[list[Any]] = mapped_column(default=list)
    referral_id: Mapped[int | None] = mapped_column(Integer)
    fields: Mapped[list[Any]] = mapped_column(default=list)
    channel: Mapped[str] = mapped_column(String(20), default="page")
