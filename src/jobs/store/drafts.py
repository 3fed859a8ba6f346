"""Forms kept when a session ends under them: a posted form waits here, sealed, until the same
person signs in again and is taken back to it."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from jobs.store.base import Base, UTCDateTime, utcnow
from jobs.store.encryption import EncryptedJSON


class FormDraft(Base):
    """One posted form of a signed-out person. ``token`` is the digest of the cookie value."""

    __tablename__ = "form_drafts"

    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    path: Mapped[str] = mapped_column(String(300))
    fields: Mapped[Any] = mapped_column(EncryptedJSON())  # [[name, value], ...] as posted
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
