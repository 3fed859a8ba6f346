"""Request counts per client and time window, shared by every app process."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from jobs.store.base import Base, UTCDateTime


class RateCount(Base):
    """How many requests one client (``key``: a limit's name and a digest of the IP, token or
    session) made in the fixed window starting at ``window_start``. Rows whose window has ended
    (``expires_at``) are only history and are deleted now and then."""

    __tablename__ = "rate_counts"
    __table_args__ = (Index("ix_rate_counts_expires_at", "expires_at"),)

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    window_start: Mapped[datetime] = mapped_column(UTCDateTime(), primary_key=True)
    count: Mapped[int] = mapped_column(Integer(), default=1)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
