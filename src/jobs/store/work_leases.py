"""Leases on background work, so several app processes never do the same work twice.

The table keeps its first name, ``work_claims``."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from jobs.store.base import Base, UTCDateTime


class WorkLease(Base):
    """Who is doing one piece of background work (``kind`` + ``key``, e.g. a source's sync),
    until when. A lease that ran out may be taken over: its worker is presumed dead."""

    __tablename__ = "work_claims"
    __table_args__ = (UniqueConstraint("kind", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(30))
    key: Mapped[str] = mapped_column(String(200))
    worker: Mapped[str | None] = mapped_column(String(200))
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    lease_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
