"""Forms kept across an expired session: a posted form is sealed in ``form_drafts`` under a
random token (the browser keeps it in a cookie), bound to the person whose session ended and to
the page the form came from; after they sign in again that page takes it back once."""

from __future__ import annotations

import secrets
from datetime import timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.services.web_sessions import Viewer, digest
from jobs.store import FormDraft, WebSession
from jobs.store.base import utcnow

KEPT_FOR = timedelta(hours=8)
MAX_FIELDS = 200
MAX_VALUE = 20_000
NOT_KEPT = frozenset({"csrf_token", "password", "code", "current_password", "new_password"})


async def session_owner(session: AsyncSession, session_token: str) -> int | None:
    """Whose session a cookie names, live or expired (None when the row is gone)."""
    if not session_token:
        return None
    return await session.scalar(
        select(WebSession.user_id).where(
            WebSession.id == digest(session_token), WebSession.stage == "signed_in"
        )
    )


async def keep_form(
    session: AsyncSession, user_id: int, path: str, fields: list[tuple[str, str]]
) -> str:
    """Seal a posted form for ``user_id`` to take back at ``path``; the token for the cookie.
    Passwords, codes and the form token are never kept."""
    now = utcnow()
    await session.execute(delete(FormDraft).where(FormDraft.expires_at < now))
    kept = [[name[:100], value[:MAX_VALUE]] for name, value in fields if name not in NOT_KEPT][
        :MAX_FIELDS
    ]
    token = secrets.token_urlsafe(32)
    session.add(
        FormDraft(
            token=digest(token),
            user_id=user_id,
            path=path[:300],
            fields=kept,
            created_at=now,
            expires_at=now + KEPT_FOR,
        )
    )
    await session.flush()
    return token


async def take_form(
    session: AsyncSession, viewer: Viewer, path: str, token: str
) -> list[tuple[str, str]] | None:
    """The form kept for this person and page under ``token``, removed as it is taken; None
    when there is none (or it belongs to someone else or another page, or is too old)."""
    if not token:
        return None
    draft = await session.scalar(select(FormDraft).where(FormDraft.token == digest(token)))
    if draft is None or draft.user_id != viewer.user_id or draft.path != path:
        return None
    await session.delete(draft)
    await session.flush()
    if draft.expires_at < utcnow():
        return None
    return [(str(name), str(value)) for name, value in draft.fields or []]
