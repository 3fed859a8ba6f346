"""What outcomes need beyond placements: enrollment (intake and exit), returns to custody, the
program's projections for its funder, and program settings such as the WOTC status."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from jobs.store.base import Base, Timestamped
from jobs.store.encryption import EncryptedJSON


class Enrollment(Timestamped, Base):
    """A participant's time in the program: intake, and exit when the services end."""

    __tablename__ = "program_enrollments"
    __table_args__ = (CheckConstraint("exited_on IS NULL OR exited_on >= intake_on", name="dates"),)

    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True
    )
    intake_on: Mapped[date] = mapped_column(Date)
    exited_on: Mapped[date | None] = mapped_column(Date)
    exit_reason: Mapped[str] = mapped_column(Text, default="")


class CustodyEvent(Timestamped, Base):
    """A return to custody: a new offence or a technical violation of supervision."""

    __tablename__ = "custody_events"
    __table_args__ = (
        CheckConstraint("kind IN ('new_offense','technical_violation')", name="kind"),
        UniqueConstraint("participant_id", "occurred_on", "kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(30))
    occurred_on: Mapped[date] = mapped_column(Date)
    note: Mapped[str] = mapped_column(EncryptedJSON(), default="")  # encrypted at rest
    recorded_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


class ProgramProjection(Timestamped, Base):
    """How many people the program promised to serve (and place) in a period."""

    __tablename__ = "program_projections"
    __table_args__ = (
        UniqueConstraint("period_start", "period_end"),
        CheckConstraint("period_end >= period_start", name="period"),
        CheckConstraint("participants >= 0", name="participants"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    period_start: Mapped[date] = mapped_column(Date)
    period_end: Mapped[date] = mapped_column(Date)
    participants: Mapped[int] = mapped_column(Integer)
    placements: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str] = mapped_column(Text, default="")


class ProgramSetting(Timestamped, Base):
    """One program-wide setting, e.g. ``wotc_authorized_through`` (a date, or ``none``)."""

    __tablename__ = "program_settings"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    value: Mapped[str] = mapped_column(String(400))
