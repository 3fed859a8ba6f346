"""Accounts and the specialists' caseloads."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Boolean, CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from jobs.store.base import Base, Timestamped, UTCDateTime, utcnow
from jobs.store.encryption import EncryptedJSON

ROLES = ("admin", "specialist", "employer", "participant")


class User(Timestamped, Base):
    """Anyone who signs in. A participant account is linked to its participant record."""

    __tablename__ = "users"
    __table_args__ = (
        CheckConstraint("role IN ('admin','specialist','employer','participant')", name="role"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    # A staff member's work phone, printed on what they prepare (the officer's packet).
    phone: Mapped[str] = mapped_column(String(40), default="", server_default="")
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    # The language the person chose ("en", "es"); empty until they choose (the browser's wish
    # then decides).
    locale: Mapped[str] = mapped_column(String(10), default="")
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL"), unique=True
    )
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Set when too many sign-ins failed; cleared by an admin or ignored once the wait is over.
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Staff only: when the current back-off ends (a progressive wait instead of a long lock).
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # The second factor: a base32 TOTP secret in a column of its own (encrypted at rest),
    # when enrollment was confirmed, and the last time step a code was accepted for (no replays).
    totp_secret: Mapped[str | None] = mapped_column(EncryptedJSON())
    totp_enabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    totp_last_step: Mapped[int | None] = mapped_column(BigInteger)

    caseload: Mapped[list[CaseloadAssignment]] = relationship(
        back_populates="specialist", cascade="all, delete-orphan"
    )


class EmployerMember(Base):
    """An employer's staff account: sees only that employer's jobs and referred candidates."""

    __tablename__ = "employer_members"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    employer_id: Mapped[int] = mapped_column(
        ForeignKey("employers.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class CaseloadAssignment(Base):
    """A participant on a specialist's caseload."""

    __tablename__ = "caseload_assignments"

    specialist_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    assigned_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    specialist: Mapped[User] = relationship(back_populates="caseload")
