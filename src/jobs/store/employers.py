"""Employers and their fair-chance hiring policy."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from jobs.store.base import Base, Timestamped, UTCDateTime


class Employer(Timestamped, Base):
    """A company that hires; its fair-chance policy is what program staff verified."""

    __tablename__ = "employers"
    __table_args__ = (
        CheckConstraint("status IN ('pending','approved','suspended')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    status: Mapped[str] = mapped_column(String(20), default="approved")
    industry: Mapped[str] = mapped_column(String(80), default="")
    naics: Mapped[str] = mapped_column(String(10), default="")
    size: Mapped[str] = mapped_column(String(20), default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    address_text: Mapped[str] = mapped_column(String(300), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    region: Mapped[str] = mapped_column(String(50), default="")
    postal_code: Mapped[str] = mapped_column(String(10), default="")
    country: Mapped[str] = mapped_column(String(2), default="US")
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    fair_chance_verified: Mapped[bool] = mapped_column(Boolean, default=False)
    fair_chance_verified_by: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    fair_chance_verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    pledge_signed: Mapped[bool] = mapped_column(Boolean, default=False)
    kc_ordinance: Mapped[bool] = mapped_column(Boolean, default=False)
    hiring_policy: Mapped[str] = mapped_column(Text, default="")
    contact_name: Mapped[str] = mapped_column(String(200), default="")
    contact_email: Mapped[str] = mapped_column(String(320), default="")
