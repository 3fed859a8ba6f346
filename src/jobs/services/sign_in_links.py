"""One-time links to set a passphrase: "forgot password", and the invitation a specialist sends
a participant to open their own login.

A link's secret is emailed through the outbox (and written to the log in development); the
database keeps only its SHA-256 digest, and the outbox drops the email's body once sent. A link
works once, until it expires, and only while the account is active; a newer link of the same
kind replaces the older ones.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import bindparam, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.errors import Conflict, InvalidInput, NotFound
from jobs.services.accounts import (
    check_password_rules,
    find_user,
    hash_password_in_thread,
    normalise_email,
)
from jobs.services.outbox import enqueue
from jobs.services.visibility import audit, require_participant
from jobs.services.web_sessions import Viewer, digest, end_all_sessions
from jobs.settings import Settings
from jobs.store import Participant, SignInFailure, SignInLink, User
from jobs.store.base import utcnow
from jobs.store.column_reads import read_columns

log = logging.getLogger(__name__)

LANGUAGES = ("en", "es")
LIFETIME = {"reset": timedelta(hours=1), "invite": timedelta(days=7)}
# Stored in place of a hash until the person sets a passphrase: no password ever matches it.
NO_PASSWORD = "!not-set"
TOKEN_PATTERN = r"[A-Za-z0-9_-]{30,60}"


@dataclass(frozen=True, slots=True)
class OpenLink:
    """A link that still works, and whose account it sets the passphrase of."""

    link: SignInLink
    user: User


async def issue_link(
    session: AsyncSession, user: User, purpose: str, *, created_by: int | None = None
) -> str:
    """A new one-time link secret for ``user``; earlier unused links of this kind stop working."""
    await session.execute(
        delete(SignInLink).where(
            SignInLink.user_id == user.id,
            SignInLink.purpose == purpose,
            SignInLink.used_at.is_(None),
        )
    )
    token = secrets.token_urlsafe(32)
    now = utcnow()
    session.add(
        SignInLink(
            user_id=user.id,
            purpose=purpose,
            token_hash=digest(token),
            created_at=now,
            expires_at=now + LIFETIME[purpose],
            created_by=created_by,
        )
    )
    await session.flush()
    return token


def link_url(base_url: str, token: str) -> str:
    """Where the person opens a link."""
    return f"{base_url.rstrip('/')}/login/link/{token}"


async def deliver(
    session: AsyncSession,
    settings: Settings,
    user: User,
    purpose: str,
    token: str,
    subject: str,
    body: str,
) -> None:
    """Queue a link's email in the outbox (sent over SMTP when JOBS_SMTP_URL is set; its body is
    removed once sent and never shown on the outbox page). In development the message is also
    written to the log, so a link can be followed without a mail server; never in production
    (a link in a log would be a way in)."""
    await enqueue(
        session,
        settings,
        template="invitation" if purpose == "invite" else "password_reset",
        channel="email",
        to=user.email,
        key=f"link:{purpose}:{digest(token)[:32]}",
        language=user.locale or "en",
        subject=subject,
        body=body,
        user_id=user.id,
    )
    if not settings.is_production:
        log.warning("email to user %s: %s\n%s", user.id, subject, body)


async def request_reset(session: AsyncSession, email: str) -> tuple[User, str] | None:
    """Forgot password: the account and a new reset link secret when an active account has this
    email; None otherwise. The caller answers the same either way, so the page does not tell who
    has an account."""
    try:
        user = await find_user(session, email)
    except InvalidInput:
        user = None
    if user is None or not user.is_active:
        await audit(session, None, "password_reset_requested", "user", "", outcome="refused")
        return None
    token = await issue_link(session, user, "reset")
    await audit(session, None, "password_reset_requested", "user", user.id)
    return user, token


async def open_link(
    session: AsyncSession, token: str, *, now: datetime | None = None
) -> OpenLink | None:
    """The link behind ``token`` if it is unused, unexpired and its account active."""
    now = now or utcnow()
    row = (
        await session.execute(
            select(SignInLink, User)
            .join(User, User.id == SignInLink.user_id)
            .where(SignInLink.token_hash == digest(token))
        )
    ).first()
    if row is None:
        return None
    link, user = row
    if link.used_at is not None or now >= link.expires_at or not user.is_active:
        return None
    return OpenLink(link, user)


async def use_link(
    session: AsyncSession, token: str, passphrase: str, again: str
) -> tuple[OpenLink | None, dict[str, str]]:
    """Set the account's passphrase through a link; problems by form field (empty when done).

    The link is then spent, every session of the account ends and a lockout is lifted.
    """
    opened = await open_link(session, token)
    if opened is None:
        return None, {}
    user = opened.user
    problems: dict[str, str] = {}
    try:
        check_password_rules(passphrase, email=user.email, name=user.display_name)
    except InvalidInput as exc:
        problems["password"] = exc.message[0].upper() + exc.message[1:] + "."
    if not problems and passphrase != again:
        problems["confirm_password"] = "The two passphrases are not the same."
    if problems:
        return opened, problems
    user.password_hash = await hash_password_in_thread(passphrase)
    # A new passphrase through the emailed link opens a locked account and forgets old failures.
    user.locked_at = None
    user.locked_until = None
    await session.execute(delete(SignInFailure).where(SignInFailure.user_id == user.id))
    opened.link.used_at = utcnow()
    await end_all_sessions(session, user.id)
    actor = Viewer(user_id=user.id, role=user.role, email=user.email, display_name="")
    action = "invitation_accepted" if opened.link.purpose == "invite" else "password_reset"
    await audit(session, actor, action, "user", user.id, participant_id=user.participant_id)
    return opened, {}


# The participant's login, run by their specialist or an admin.


@dataclass(frozen=True, slots=True)
class LoginState:
    """What the participant's page says about their login."""

    user_id: int | None = None
    email: str = ""
    active: bool = False
    passphrase_set: bool = False
    invited_until: datetime | None = None


# The participant's login and its newest open invitation, in one statement built once.
_LOGIN_STATE = select(
    User.id,
    User.email,
    User.is_active,
    (User.password_hash != NO_PASSWORD).label("passphrase_set"),
    select(SignInLink.expires_at)
    .where(
        SignInLink.user_id == User.id,
        SignInLink.purpose == "invite",
        SignInLink.used_at.is_(None),
        SignInLink.expires_at > bindparam("now"),
    )
    .order_by(SignInLink.expires_at.desc())
    .limit(1)
    .correlate(User)
    .scalar_subquery()
    .label("invited_until"),
).where(User.participant_id == bindparam("participant_id"), User.role == "participant")


async def login_state(session: AsyncSession, viewer: Viewer, participant_id: int) -> LoginState:
    """The participant's login, if any (only for staff who may open the participant)."""
    await require_participant(session, viewer, participant_id, protected=False)
    params = {"participant_id": participant_id, "now": utcnow()}
    row = (await read_columns(session, _LOGIN_STATE, params)).first()
    if row is None:
        return LoginState()
    return LoginState(
        user_id=row.id,
        email=row.email,
        active=row.is_active,
        passphrase_set=bool(row.passphrase_set),
        invited_until=row.invited_until,
    )


async def _login_of(session: AsyncSession, participant_id: int) -> User | None:
    return await session.scalar(
        select(User).where(User.participant_id == participant_id, User.role == "participant")
    )


async def invite_participant(
    session: AsyncSession, viewer: Viewer, participant_id: int, email: str, language: str = "en"
) -> str:
    """Create the participant's login (no passphrase yet, pages in ``language``) and its
    invitation link secret."""
    participant: Participant = await require_participant(
        session, viewer, participant_id, protected=False
    )
    if await _login_of(session, participant_id) is not None:
        raise Conflict("this participant has a login already: resend the invitation instead")
    try:
        address = normalise_email(email)
    except InvalidInput:
        raise InvalidInput("email: give the participant's email address") from None
    if await find_user(session, address) is not None:
        raise Conflict(f"email: {address} is used by another account")
    user = User(
        email=address,
        role="participant",
        password_hash=NO_PASSWORD,
        display_name=participant.name,
        participant_id=participant.id,
        locale=language if language in LANGUAGES else "en",
    )
    session.add(user)
    await session.flush()
    token = await issue_link(session, user, "invite", created_by=viewer.user_id)
    await audit(
        session, viewer, "participant_login_created", "user", user.id, participant_id=participant_id
    )
    return token


async def resend_invitation(session: AsyncSession, viewer: Viewer, participant_id: int) -> str:
    """A new invitation link (the older ones stop working); the login is turned on again."""
    await require_participant(session, viewer, participant_id, protected=False)
    user = await _login_of(session, participant_id)
    if user is None:
        raise NotFound("this participant has no login yet: create one first")
    user.is_active = True
    token = await issue_link(session, user, "invite", created_by=viewer.user_id)
    await audit(
        session, viewer, "participant_login_resent", "user", user.id, participant_id=participant_id
    )
    return token


async def disable_login(session: AsyncSession, viewer: Viewer, participant_id: int) -> None:
    """Turn the participant's login off: sessions end, unused links stop working."""
    await require_participant(session, viewer, participant_id, protected=False)
    user = await _login_of(session, participant_id)
    if user is None:
        raise NotFound("this participant has no login")
    user.is_active = False
    await end_all_sessions(session, user.id)
    await session.execute(
        delete(SignInLink).where(SignInLink.user_id == user.id, SignInLink.used_at.is_(None))
    )
    await audit(
        session,
        viewer,
        "participant_login_disabled",
        "user",
        user.id,
        participant_id=participant_id,
    )
