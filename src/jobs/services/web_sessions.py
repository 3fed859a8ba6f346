"""Who is asking: server-side sign-in sessions, bearer tokens, and the CSRF token of a form.

A session cookie holds a random token; the database keeps only its SHA-256 digest, the user, and
the two clocks (idle and absolute). A new token is made at every sign-in, so an id a client chose
or an attacker planted before sign-in is never adopted.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from typing import Any, Protocol, cast

import msgspec
from sqlalchemy import CursorResult, bindparam, delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Executable

from jobs.errors import InvalidInput, NotFound
from jobs.services.accounts import (
    check_password_rules,
    hash_password_in_thread,
    verify_password_in_thread,
)
from jobs.settings import SecuritySettings
from jobs.store import ApiToken, Employer, EmployerMember, User, WebSession
from jobs.store.base import utcnow
from jobs.store.column_reads import read_columns
from jobs.store.sessions import TOKEN_SCOPES

# Touch ``last_seen_at`` at most this often: a write on every request would serialise readers.
TOUCH_EVERY = timedelta(seconds=60)
# Minutes a half-done sign-in (waiting for the second factor) stays open.
PENDING = 10
# An API token's lifetime in days: the default, and the longest one may ask for.
TOKEN_DAYS = 90
MAX_TOKEN_DAYS = 365


class Viewer(msgspec.Struct, frozen=True, kw_only=True):
    """The signed-in person a request acts for, and how they proved it."""

    user_id: int
    role: str
    email: str
    display_name: str
    locale: str = "en"
    locale_chosen: bool = False  # False: the account never chose, so the browser's wish decides
    participant_id: int | None = None
    employer_ids: tuple[int, ...] = ()
    employer_approved: bool = True
    via: str = "session"  # session | token
    # What a token may do: "read" (GET only) or "read-write"; a browser session does both.
    scope: str = "read-write"
    session_digest: str = ""
    # When this browser last proved who it is (sign-in or re-authentication); None for tokens.
    authenticated_at: datetime | None = None

    @property
    def is_staff(self) -> bool:
        return self.role in ("admin", "specialist")


def digest(token: str) -> str:
    """The stored form of a session or API token."""
    return hashlib.sha256(token.encode()).hexdigest()


def csrf_token(secret: str, binding: str) -> str:
    """The form token for a session (or an anonymous nonce): an HMAC nobody else can make."""
    return hmac.new(secret.encode(), f"csrf|{binding}".encode(), hashlib.sha256).hexdigest()


def tokens_equal(given: str, expected: str) -> bool:
    """Constant-time comparison of two tokens."""
    return hmac.compare_digest(given.encode(), expected.encode())


class Account(Protocol):
    """What a viewer is made of: a ``User`` or a row of ``ACCOUNT_COLUMNS``."""

    @property
    def id(self) -> int: ...
    @property
    def role(self) -> str: ...
    @property
    def email(self) -> str: ...
    @property
    def display_name(self) -> str: ...
    @property
    def locale(self) -> str: ...
    @property
    def participant_id(self) -> int | None: ...


ACCOUNT_COLUMNS = (
    User.id,
    User.role,
    User.email,
    User.display_name,
    User.locale,
    User.participant_id,
    User.is_active,
)


# The statements every request runs, built once (their parameters bound at each run): building
# and keying a statement costs about as much again as running it on SQLite.
# Only the columns a viewer needs (no whole rows), with the account's companies beside them:
# one row per company (one row with none for an account in none), so an employer's request
# looks its viewer up in one statement, not two.
_SIGNED_IN = (
    select(
        WebSession.stage,
        WebSession.expires_at,
        WebSession.last_seen_at,
        WebSession.authenticated_at,
        *ACCOUNT_COLUMNS,
        EmployerMember.employer_id.label("member_of"),
        Employer.status.label("member_status"),
    )
    .join(User, User.id == WebSession.user_id)
    .outerjoin(EmployerMember, EmployerMember.user_id == User.id)
    .outerjoin(Employer, Employer.id == EmployerMember.employer_id)
    .where(WebSession.id == bindparam("key"))
    .order_by(EmployerMember.employer_id)
)
_MEMBERSHIPS = (
    select(EmployerMember.employer_id, Employer.status)
    .join(Employer, Employer.id == EmployerMember.employer_id)
    .where(EmployerMember.user_id == bindparam("user_id"))
    .order_by(EmployerMember.employer_id)
)
# A bearer token's account and the token's own clock and scope, in one row.
_TOKEN = (
    select(
        ApiToken.id.label("token_id"),
        ApiToken.scope,
        ApiToken.last_used_at,
        *ACCOUNT_COLUMNS,
    )
    .join(User, User.id == ApiToken.user_id)
    .where(
        ApiToken.token_hash == bindparam("key"),
        ApiToken.revoked_at.is_(None),
        ApiToken.expires_at > bindparam("now"),
    )
)


async def _viewer_for(
    session: AsyncSession,
    user: Account,
    via: str,
    session_digest: str,
    authenticated_at: datetime | None = None,
    scope: str = "read-write",
    memberships: list[tuple[int, str]] | None = None,
) -> Viewer:
    """The viewer of ``user``; ``memberships``: its (company, status) pairs when the caller
    read them already."""
    members: list[Any] = []
    if user.role == "employer":  # only employer accounts are ever members of a company
        if memberships is None:
            members = list(await read_columns(session, _MEMBERSHIPS, {"user_id": user.id}))
        else:
            members = memberships
    return Viewer(
        user_id=user.id,
        role=user.role,
        email=user.email,
        display_name=user.display_name,
        locale=user.locale or "en",
        locale_chosen=bool(user.locale),
        participant_id=user.participant_id,
        employer_ids=tuple(employer_id for employer_id, _ in members),
        employer_approved=all(status == "approved" for _, status in members) and bool(members)
        if user.role == "employer"
        else True,
        via=via,
        scope=scope,
        session_digest=session_digest,
        authenticated_at=authenticated_at,
    )


async def start_session(
    session: AsyncSession,
    user: User,
    security: SecuritySettings,
    *,
    user_agent: str = "",
    replaces: str | None = None,
    now: datetime | None = None,
    stage: str = "signed_in",
) -> str:
    """Open a new session for ``user`` and return its cookie token; ``replaces`` is ended.

    ``stage`` "code" or "enroll" opens a half-done sign-in (a few minutes long) that signs
    nobody in until the second factor is given; a new token replaces it then.
    """
    now = now or utcnow()
    if replaces:
        await session.execute(delete(WebSession).where(WebSession.id == digest(replaces)))
    token = secrets.token_urlsafe(32)
    done = stage == "signed_in"
    lifetime = (
        timedelta(hours=security.session_absolute_hours) if done else timedelta(minutes=PENDING)
    )
    session.add(
        WebSession(
            id=digest(token),
            user_id=user.id,
            created_at=now,
            last_seen_at=now,
            expires_at=now + lifetime,
            user_agent=user_agent[:200],
            stage=stage,
            authenticated_at=now if done else None,
        )
    )
    if done:
        user.last_login_at = now
    await session.flush()
    if done:
        await _end_sessions_over_limit(session, user.id, security.max_sessions)
    return token


async def _end_sessions_over_limit(session: AsyncSession, user_id: int, limit: int) -> None:
    """Keep at most ``limit`` signed-in browsers per account: the least recently used go."""
    if limit <= 0:
        return
    kept = (
        await session.scalars(
            select(WebSession.id)
            .where(WebSession.user_id == user_id, WebSession.stage == "signed_in")
            .order_by(WebSession.last_seen_at.desc(), WebSession.created_at.desc())
            .offset(limit)
        )
    ).all()
    if kept:
        await session.execute(delete(WebSession).where(WebSession.id.in_(kept)))


async def pending_sign_in(
    session: AsyncSession, token: str, *, now: datetime | None = None
) -> tuple[WebSession, User] | None:
    """The half-done sign-in behind a cookie (password given, second factor not yet), or None."""
    now = now or utcnow()
    row = (
        await session.execute(
            select(WebSession, User)
            .join(User, User.id == WebSession.user_id)
            .where(WebSession.id == digest(token), WebSession.stage != "signed_in")
        )
    ).first()
    if row is None:
        return None
    web_session, user = row
    if now >= web_session.expires_at or not user.is_active:
        await session.execute(delete(WebSession).where(WebSession.id == web_session.id))
        return None
    return web_session, user


async def reauthenticated(
    session: AsyncSession, viewer: Viewer, *, now: datetime | None = None
) -> None:
    """Remember that this browser just proved who it is again."""
    await session.execute(
        update(WebSession)
        .where(WebSession.id == viewer.session_digest)
        .values(authenticated_at=now or utcnow())
    )


def recently_authenticated(viewer: Viewer, minutes: int, *, now: datetime | None = None) -> bool:
    """True when the viewer's browser signed in or re-authenticated within ``minutes``."""
    if viewer.via != "session" or viewer.authenticated_at is None:
        return False
    return (now or utcnow()) - viewer.authenticated_at <= timedelta(minutes=minutes)


async def viewer_from_session(
    session: AsyncSession,
    token: str,
    security: SecuritySettings,
    *,
    now: datetime | None = None,
    later: list[Executable] | None = None,
) -> Viewer | None:
    """The viewer behind a session cookie, or None when it is unknown, idle too long or too old.

    An expired session is deleted on the spot, and ``last_seen_at`` is moved on at most once a
    minute; with ``later`` (a reader's session, which must not write) those writes are added
    to it as statements for the caller to run in a writing transaction.
    """
    now = now or utcnow()
    key = digest(token)
    rows = (await read_columns(session, _SIGNED_IN, {"key": key})).all()
    if not rows or rows[0].stage != "signed_in":
        return None
    row = rows[0]
    idle = timedelta(minutes=security.session_idle_minutes)
    if not row.is_active or now >= row.expires_at or now - row.last_seen_at > idle:
        ended = delete(WebSession).where(WebSession.id == key)
        if later is None:
            await session.execute(ended)
        else:
            later.append(ended)
        return None
    if now - row.last_seen_at >= TOUCH_EVERY:
        touched = (
            update(WebSession)
            .where(WebSession.id == key, WebSession.last_seen_at < now)
            .values(last_seen_at=now)
        )
        if later is None:
            await session.execute(touched)
        else:
            later.append(touched)
    memberships = [(r.member_of, r.member_status) for r in rows if r.member_of is not None]
    return await _viewer_for(
        session, row, "session", key, row.authenticated_at, memberships=memberships
    )


async def end_session(session: AsyncSession, token: str) -> None:
    """Sign out this browser."""
    await session.execute(delete(WebSession).where(WebSession.id == digest(token)))


async def end_all_sessions(session: AsyncSession, user_id: int, keep: str = "") -> None:
    """End every session of a user (password change, disabled account), but ``keep``."""
    query = delete(WebSession).where(WebSession.user_id == user_id)
    if keep:
        query = query.where(WebSession.id != keep)
    await session.execute(query)


async def change_password(
    session: AsyncSession, viewer: Viewer, current: str, new: str
) -> dict[str, str]:
    """Change the viewer's password; returns problems by form field (empty when done).

    Every other session of the account ends.
    """
    user = await session.get(User, viewer.user_id)
    if user is None:
        raise NotFound("your account no longer exists")
    problems: dict[str, str] = {}
    if not await verify_password_in_thread(user.password_hash, current):
        problems["current_password"] = "That is not your current password."
    try:
        check_password_rules(new, email=user.email, name=user.display_name)
    except InvalidInput as exc:
        problems["new_password"] = exc.message[0].upper() + exc.message[1:] + "."
    if not problems:
        user.password_hash = await hash_password_in_thread(new)
        await end_all_sessions(session, user.id, keep=viewer.session_digest)
        await revoke_all_api_tokens(session, user.id)
    return problems


async def create_api_token(
    session: AsyncSession,
    viewer: Viewer,
    name: str,
    *,
    scope: str = "read",
    days: int = TOKEN_DAYS,
    now: datetime | None = None,
) -> str:
    """A new bearer token for the viewer's own account, for ``days`` days and ``scope``;
    shown once, stored as a digest."""
    name = name.strip()
    if not name or len(name) > 100:
        raise InvalidInput("token name: give a name of 1 to 100 characters")
    if scope not in TOKEN_SCOPES:
        raise InvalidInput(f"token scope: choose {' or '.join(TOKEN_SCOPES)}")
    if not 1 <= days <= MAX_TOKEN_DAYS:
        raise InvalidInput(f"token lifetime: give 1 to {MAX_TOKEN_DAYS} days")
    now = now or utcnow()
    token = "jobs_" + secrets.token_urlsafe(32)
    session.add(
        ApiToken(
            user_id=viewer.user_id,
            name=name,
            token_hash=digest(token),
            scope=scope,
            created_at=now,
            expires_at=now + timedelta(days=days),
        )
    )
    await session.flush()
    return token


async def revoke_all_api_tokens(session: AsyncSession, user_id: int) -> None:
    """Revoke every live token of an account (its password or role changed, it was disabled)."""
    await session.execute(
        update(ApiToken)
        .where(ApiToken.user_id == user_id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )


async def list_api_tokens(session: AsyncSession, viewer: Viewer) -> list[ApiToken]:
    """The viewer's own tokens, newest first."""
    return list(
        await session.scalars(
            select(ApiToken)
            .where(ApiToken.user_id == viewer.user_id)
            .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
        )
    )


async def revoke_api_token(session: AsyncSession, viewer: Viewer, token_id: int) -> None:
    """Revoke one of the viewer's own tokens."""
    result = await session.execute(
        update(ApiToken)
        .where(ApiToken.id == token_id, ApiToken.user_id == viewer.user_id)
        .values(revoked_at=utcnow())
    )
    if cast(CursorResult[Any], result).rowcount == 0:  # an UPDATE answers with a cursor
        raise NotFound(f"no token {token_id} of yours")


async def viewer_from_token(
    session: AsyncSession,
    token: str,
    *,
    now: datetime | None = None,
    later: list[Executable] | None = None,
) -> Viewer | None:
    """The viewer behind a bearer token, or None when it is unknown, revoked or expired;
    ``later`` as for ``viewer_from_session``."""
    now = now or utcnow()
    row = (await read_columns(session, _TOKEN, {"key": digest(token), "now": now})).first()
    if row is None or not row.is_active:
        return None
    if row.last_used_at is None or now - row.last_used_at >= TOUCH_EVERY:
        touched = update(ApiToken).where(ApiToken.id == row.token_id).values(last_used_at=now)
        if later is None:
            await session.execute(touched)
        else:
            later.append(touched)
    return await _viewer_for(session, row, "token", "", scope=row.scope)


async def set_locale(session: AsyncSession, viewer: Viewer, locale: str) -> None:
    """Remember the viewer's language."""
    await session.execute(update(User).where(User.id == viewer.user_id).values(locale=locale))
