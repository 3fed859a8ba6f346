"""Server-side sign-in sessions and integration tokens.

Only a SHA-256 digest of each secret is stored: a copy of the database does not let anyone
sign in as somebody else.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from jobs.store.base import Base, UTCDateTime, utcnow


class WebSession(Base):
    """One signed-in browser. ``id`` is the digest of the cookie value, never the value."""

    __tablename__ = "web_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    user_agent: Mapped[str] = mapped_column(String(200), default="")
    # "signed_in", or a half-done sign-in waiting for a code ("code") or for enrollment ("enroll").
    stage: Mapped[str] = mapped_column(String(12), default="signed_in", server_default="signed_in")
    # When the person last proved who they are (sign-in or re-authentication).
    authenticated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class SignInFailure(Base):
    """One failed sign-in of an account (wrong password or code), counted for the lockout."""

    __tablename__ = "sign_in_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    failed_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)


TOKEN_SCOPES = ("read", "read-write")


class ApiToken(Base):
    """A bearer token an integration uses to call the JSON API as one user: only under
    ``/api/``, until ``expires_at``, and only reading unless its scope is "read-write"."""

    __tablename__ = "api_tokens"
    __table_args__ = (CheckConstraint("scope IN ('read','read-write')", name="scope"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    scope: Mapped[str] = mapped_column(String(10), default="read")
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
