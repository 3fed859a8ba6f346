"""Employers and their fair-chance hiring policy."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, CheckConstraint, Float, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, validates

from jobs.connectors.dedupe import employer_key
from jobs.store.base import Base, Timestamped, UTCDateTime, utcnow


def company_name_key(name: str) -> str:
    """A company name reduced for comparison: case, spaces, punctuation and suffixes such as
    "Inc." do not count ('The ACME Co., Inc.' and 'acme' are one name)."""
    return employer_key(name) or " ".join(name.casefold().split())


class Employer(Timestamped, Base):
    """A company that hires; its fair-chance policy is what program staff verified."""

    __tablename__ = "employers"
    __table_args__ = (
        CheckConstraint("status IN ('pending','approved','suspended')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    # ``company_name_key(name)``, unique: two employers never share a name.
    name_key: Mapped[str] = mapped_column(String(200), unique=True)
    # A new name an approved employer asked for, waiting for an admin.
    pending_name: Mapped[str | None] = mapped_column(String(200))
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

    @validates("name")
    def _keep_name_key(self, _field: str, name: str) -> str:
        self.name_key = company_name_key(name)
        return name


class EmployerAlias(Base):
    """A company name as job boards write it, which an admin confirmed is this employer's:
    synced postings under that name link to the employer (``services.employer_names``)."""

    __tablename__ = "employer_aliases"

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(
        ForeignKey("employers.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(200))
    name_key: Mapped[str] = mapped_column(String(200), unique=True)
    confirmed_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    confirmed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
