"""Proving who you are: password with account lockout, the TOTP second factor, unlocking, and
the sign-in sequence the login form runs (``sign_in_with_password``, ``finish_second_step``) and
re-authentication (``confirm_identity``).

Failures are counted per account, not per address: after ``lockout_failures`` wrong passwords
or codes within ``lockout_window_minutes`` the account is locked until an admin unlocks it or
``lockout_wait_minutes`` pass. Staff accounts (specialists, admins) are not locked out for that
long — someone guessing must not keep the program's staff out of work: they get a back-off that
doubles with each round of failures since their last sign-in (1, 2, 4, 8 minutes, at most the
wait), and every back-off is audited as ``staff_sign_in_backoff`` and shown on the admin page.
A failed re-authentication never locks the account: after ``lockout_failures`` of them within
the window the browser that tried is signed out instead. An unknown email, a wrong password and
a locked account all get the same answer after the same work (one argon2 verification).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from jobs.errors import InvalidInput, NotFound
from jobs.services import totp
from jobs.services.accounts import (
    STAFF_ROLES,
    find_user,
    hash_password,
    off_the_loop,
    verify_password,
    verify_password_in_thread,
)
from jobs.services.visibility import audit
from jobs.services.web_sessions import (
    Viewer,
    end_session,
    pending_sign_in,
    reauthenticated,
    start_session,
)
from jobs.settings import SecuritySettings
from jobs.store import AuditEvent, SignInFailure, User, WebSession
from jobs.store.base import utcnow

_timing_hash: list[str] = []
_timing_hash_lock = threading.Lock()


def _verify_for_no_account(password: str) -> bool:
    """One argon2 verification against a hash of nobody's password, so an unknown email takes
    the same work as a wrong password. The hash is made on first use (never at import), once."""
    with _timing_hash_lock:
        if not _timing_hash:
            _timing_hash.append(hash_password("no real password, only here for the timing"))
    return verify_password(_timing_hash[0], password)


def is_locked(user: User, security: SecuritySettings, now: datetime) -> bool:
    """True while the account is locked or backed off (an admin unlocks it, or the wait runs
    out)."""
    if user.locked_at is None:
        return False
    if user.locked_until is not None:
        return now < user.locked_until
    wait = security.lockout_wait_minutes
    return wait <= 0 or now < user.locked_at + timedelta(minutes=wait)


def needs_second_factor(user: User, security: SecuritySettings) -> str:
    """'code' when the account has a TOTP secret, 'enroll' when its role must have one, else ''."""
    if user.totp_enabled_at is not None:
        return "code"
    if user.role in security.require_totp_roles:
        return "enroll"
    return ""


async def record_failure(
    session: AsyncSession, user: User, security: SecuritySettings, now: datetime
) -> bool:
    """Count a failed sign-in of ``user``; lock the account at the limit. True when it locked."""
    if is_locked(user, security, now):
        return False
    session.add(SignInFailure(user_id=user.id, failed_at=now))
    await session.flush()
    since = now - timedelta(minutes=security.lockout_window_minutes)
    if user.locked_at is not None and user.locked_at > since:
        since = user.locked_at  # failures before an expired lock do not count again
    count = await session.scalar(
        select(func.count())
        .select_from(SignInFailure)
        .where(SignInFailure.user_id == user.id, SignInFailure.failed_at > since)
    )
    if (count or 0) < security.lockout_failures:
        return False
    user.locked_at = now
    if user.role in STAFF_ROLES:
        minutes = await _backoff_minutes(session, user, security)
        user.locked_until = now + timedelta(minutes=minutes)
        await audit(
            session,
            None,
            "staff_sign_in_backoff",
            "user",
            user.id,
            detail={"failures": int(count or 0), "minutes": minutes},
        )
        return True
    user.locked_until = None
    await audit(
        session, None, "account_locked", "user", user.id, detail={"failures": int(count or 0)}
    )
    return True


async def _backoff_minutes(session: AsyncSession, user: User, security: SecuritySettings) -> int:
    """1, 2, 4, 8 … minutes for the 1st, 2nd, 3rd … round of failures since the last sign-in
    (a sign-in forgets the failures), never more than the lockout wait."""
    total = await session.scalar(
        select(func.count()).select_from(SignInFailure).where(SignInFailure.user_id == user.id)
    )
    rounds = max(1, int(total or 0) // max(1, security.lockout_failures))
    return max(1, min(2 ** min(rounds - 1, 16), security.lockout_wait_minutes or 1))


@dataclass(frozen=True, slots=True)
class PasswordChecked:
    """What verifying a password before the sign-in's write transaction found: whose account
    (None for no active account) with which stored hash, and whether the password matched."""

    user_id: int | None
    password_hash: str
    matches: bool


async def check_password_before_writing(
    readers: async_sessionmaker[AsyncSession], email: str, password: str
) -> PasswordChecked:
    """Verify the password against the account read in a reader's transaction (on SQLite no
    write lock is held during the tenth of a second argon2 takes); the sign-in's short write
    transaction then uses the verdict (``check_password(checked=...)``). An unknown or inactive
    email pays one verification too, so the answer takes the same time either way."""
    async with readers() as session, session.begin():
        try:
            user = await find_user(session, email)
        except InvalidInput:
            user = None
        found = (user.id, user.password_hash) if user is not None and user.is_active else None
    if found is None:
        await off_the_loop(_verify_for_no_account, password)
        return PasswordChecked(None, "", False)
    return PasswordChecked(found[0], found[1], await verify_password_in_thread(found[1], password))


async def check_own_password_before_writing(
    readers: async_sessionmaker[AsyncSession], user_id: int, password: str
) -> PasswordChecked:
    """Re-authentication's ``check_password_before_writing``: the signed-in account's password,
    verified outside the request's write transaction (``confirm_identity(checked=...)``)."""
    async with readers() as session, session.begin():
        user = await session.get(User, user_id)
        stored = user.password_hash if user is not None else None
    if stored is None:
        return PasswordChecked(None, "", False)
    return PasswordChecked(user_id, stored, await verify_password_in_thread(stored, password))


def _verdict_for(checked: PasswordChecked | None, user: User) -> bool | None:
    """The verdict of ``checked`` when it was made on this account's current hash, else None
    (verify again)."""
    if checked is None or (checked.user_id, checked.password_hash) != (user.id, user.password_hash):
        return None
    return checked.matches


async def check_password(
    session: AsyncSession,
    email: str,
    password: str,
    security: SecuritySettings,
    *,
    now: datetime | None = None,
    checked: PasswordChecked | None = None,
) -> User | None:
    """The user when the email and password match an active, unlocked account; else None.

    A wrong password counts towards the lockout. Unknown, wrong and locked take the same work.
    With ``checked`` (``check_password_before_writing``) the password was verified already:
    it stands while the account and its stored hash are still the ones verified against;
    otherwise (changed in between) it is verified again here.
    """
    now = now or utcnow()
    try:
        user = await find_user(session, email)
    except InvalidInput:
        user = None
    if user is None or not user.is_active:
        if checked is None or checked.user_id is not None:
            await off_the_loop(_verify_for_no_account, password)
        await audit(session, None, "sign_in_failed", "user", detail={"reason": "no_account"})
        return None
    matches = _verdict_for(checked, user)
    if matches is None:
        matches = await verify_password_in_thread(user.password_hash, password)
    if is_locked(user, security, now):
        await audit(session, None, "sign_in_failed", "user", user.id, detail={"reason": "locked"})
        return None
    if not matches:
        await audit(session, None, "sign_in_failed", "user", user.id, detail={"reason": "password"})
        await record_failure(session, user, security, now)
        return None
    return user


async def check_code(
    session: AsyncSession,
    user: User,
    code: str,
    security: SecuritySettings,
    *,
    now: datetime | None = None,
) -> bool:
    """True when ``code`` is the account's current TOTP code, not used before; remembers it.

    A wrong or replayed code counts towards the lockout.
    """
    now = now or utcnow()
    if is_locked(user, security, now) or not user.totp_secret:
        return False
    step = totp.matching_step(user.totp_secret, code, now, user.totp_last_step)
    if step is None:
        await audit(session, None, "sign_in_failed", "user", user.id, detail={"reason": "code"})
        await record_failure(session, user, security, now)
        return False
    user.totp_last_step = step
    return True


def enrollment_secret(user: User) -> str:
    """The secret being enrolled (made on first use and kept until the first code confirms it)."""
    if user.totp_enabled_at is None and not user.totp_secret:
        user.totp_secret = totp.new_secret()
    return user.totp_secret or ""


async def confirm_enrollment(
    session: AsyncSession,
    user: User,
    code: str,
    security: SecuritySettings,
    *,
    now: datetime | None = None,
) -> bool:
    """Turn the second factor on once the person types a code made from the new secret."""
    now = now or utcnow()
    if user.totp_enabled_at is not None:
        return False
    enrollment_secret(user)
    if not await check_code(session, user, code, security, now=now):
        return False
    user.totp_enabled_at = now
    return True


async def succeeded(session: AsyncSession, user: User) -> None:
    """A full sign-in: earlier failures are forgotten and any expired lock is cleared."""
    await session.execute(delete(SignInFailure).where(SignInFailure.user_id == user.id))
    user.locked_at = None
    user.locked_until = None


async def unlock(session: AsyncSession, email_or_id: str | int) -> User:
    """Unlock an account now (an admin's action): the lock and the counted failures go."""
    if isinstance(email_or_id, int):
        user = await session.get(User, email_or_id)
    else:
        user = await find_user(session, email_or_id)
    if user is None:
        raise NotFound(f"no account {email_or_id}")
    await succeeded(session, user)
    return user


def enroll_with_secret(user: User, secret: str, now: datetime) -> None:
    """Turn the second factor on with a known secret (the demo accounts, test worlds)."""
    user.totp_secret = secret
    user.totp_enabled_at = now


@dataclass(frozen=True, slots=True)
class SignInStep:
    """Where one try at the login form got to.

    ``signed_in``: a new session (``session_token``) replaces the browser's old one.
    ``second_step``: the password was right; a half-done sign-in (``session_token``) waits for
    the code or the enrollment (``stage``). ``refused``: the one answer for an unknown email, a
    wrong password, a wrong code given with the password, or a lock. ``wrong_code``: the second
    step again (``stage``), with an error. ``expired``: no half-done sign-in to finish.
    """

    status: Literal["signed_in", "second_step", "refused", "wrong_code", "expired"]
    user: User | None = None
    session_token: str = ""
    stage: str = ""


async def _signed_in(
    session: AsyncSession,
    user: User,
    security: SecuritySettings,
    user_agent: str,
    replaces: str | None,
    now: datetime | None,
) -> SignInStep:
    """Forget the failures, open a brand-new session in place of ``replaces``, audit it."""
    await succeeded(session, user)
    token = await start_session(
        session, user, security, user_agent=user_agent, replaces=replaces, now=now
    )
    viewer = Viewer(user_id=user.id, role=user.role, email=user.email, display_name="")
    await audit(session, viewer, "sign_in", "user", user.id)
    return SignInStep("signed_in", user=user, session_token=token)


async def sign_in_with_password(
    session: AsyncSession,
    email: str,
    password: str,
    code: str,
    security: SecuritySettings,
    *,
    user_agent: str = "",
    replaces: str | None = None,
    now: datetime | None = None,
    checked: PasswordChecked | None = None,
) -> SignInStep:
    """The login form's first step: email and password, and the code when one is given.

    An account with a second factor and no code given, or one that must enroll, gets a
    half-done sign-in. Whichever session opens replaces ``replaces`` (the browser's old token).
    ``checked``: the password's verdict from ``check_password_before_writing``.
    """
    user = await check_password(session, email, password, security, now=now, checked=checked)
    if user is None:
        return SignInStep("refused")
    second = needs_second_factor(user, security)
    if second == "code" and code:
        if await check_code(session, user, code, security, now=now):
            return await _signed_in(session, user, security, user_agent, replaces, now)
        return SignInStep("refused", user=user)
    if second:
        token = await start_session(
            session,
            user,
            security,
            user_agent=user_agent,
            replaces=replaces,
            now=now,
            stage=second,
        )
        if second == "enroll":
            enrollment_secret(user)
        return SignInStep("second_step", user=user, session_token=token, stage=second)
    return await _signed_in(session, user, security, user_agent, replaces, now)


async def finish_second_step(
    session: AsyncSession,
    token: str,
    stage: str,
    code: str,
    security: SecuritySettings,
    *,
    user_agent: str = "",
    now: datetime | None = None,
) -> SignInStep:
    """The login form's second step (``stage`` "code" or "enroll") of the half-done sign-in
    behind ``token``. A lock on the way ends the half-done sign-in."""
    pending = await pending_sign_in(session, token, now=now) if token else None
    if pending is None or pending[0].stage != stage:
        return SignInStep("expired")
    web_session, user = pending
    if stage == "enroll":
        ok = await confirm_enrollment(session, user, code, security, now=now)
        if ok:
            await audit(session, None, "totp_enrolled", "user", user.id)
    else:
        ok = await check_code(session, user, code, security, now=now)
    if ok:
        return await _signed_in(session, user, security, user_agent, token, now)
    if is_locked(user, security, now or utcnow()):
        await end_session(session, token)
        return SignInStep("refused", user=user)
    return SignInStep("wrong_code", user=user, stage=web_session.stage)


async def confirm_identity(
    session: AsyncSession,
    viewer: Viewer,
    user: User,
    password: str,
    code: str,
    security: SecuritySettings,
    *,
    now: datetime | None = None,
    checked: PasswordChecked | None = None,
) -> dict[str, str]:
    """Re-authentication: the password (and the code, when the account has a second factor)
    again. Returns problems by form field; when there are none, the browser's session counts
    as freshly proven. Wrong answers never lock the account; enough of them sign this browser
    out. ``checked``: the verdict of ``check_own_password_before_writing``."""
    now = now or utcnow()
    problems: dict[str, str] = {}
    matches = _verdict_for(checked, user)
    if matches is None:
        matches = await verify_password_in_thread(user.password_hash, password)
    if not matches or is_locked(user, security, now):
        problems["password"] = "That is not your password."
    elif user.totp_enabled_at is not None and not await _code_matches(user, code, now):
        problems["code"] = "That code is not right. Type the 6 digits your app shows now."
    if problems:
        # Never a lock: the owner must not be locked out by whoever holds one of their
        # browsers. Too many wrong answers sign that browser out instead.
        await audit(session, viewer, "reauth_failed", "user", user.id)
        await _sign_out_after_failed_reauth(session, viewer, user, security, now)
    else:
        await reauthenticated(session, viewer, now=now)
        await audit(session, viewer, "reauthenticated", "user", user.id)
    return problems


async def _code_matches(user: User, code: str, now: datetime) -> bool:
    """The second factor's code for re-authentication, without counting towards a lock."""
    step = totp.matching_step(user.totp_secret or "", code, now, user.totp_last_step)
    if step is None:
        return False
    user.totp_last_step = step
    return True


async def _sign_out_after_failed_reauth(
    session: AsyncSession, viewer: Viewer, user: User, security: SecuritySettings, now: datetime
) -> None:
    since = now - timedelta(minutes=security.lockout_window_minutes)
    failed = await session.scalar(
        select(func.count())
        .select_from(AuditEvent)
        .where(
            AuditEvent.action == "reauth_failed",
            AuditEvent.subject_id == str(user.id),
            AuditEvent.occurred_at > since,
        )
    )
    if (failed or 0) >= security.lockout_failures and viewer.session_digest:
        await session.execute(delete(WebSession).where(WebSession.id == viewer.session_digest))
        await audit(session, viewer, "reauth_signed_out", "user", user.id)


@dataclass(frozen=True, slots=True)
class SignInAlert:
    """One staff back-off, for the admin page: whose, when, after how many failures, how long."""

    email: str
    occurred_at: datetime
    failures: int
    minutes: int


async def staff_sign_in_alerts(
    session: AsyncSession, now: datetime, *, hours: int = 24
) -> list[SignInAlert]:
    """The staff back-offs of the last ``hours``, newest first (the alert admins see)."""
    rows = (
        await session.execute(
            select(AuditEvent.subject_id, AuditEvent.occurred_at, AuditEvent.detail)
            .where(
                AuditEvent.action == "staff_sign_in_backoff",
                AuditEvent.occurred_at > now - timedelta(hours=hours),
            )
            .order_by(AuditEvent.id.desc())
            .limit(50)
        )
    ).all()
    ids = {int(row.subject_id) for row in rows if row.subject_id.isdigit()}
    emails = dict(
        (await session.execute(select(User.id, User.email).where(User.id.in_(ids)))).tuples().all()
    )
    return [
        SignInAlert(
            email=emails.get(int(row.subject_id), f"account {row.subject_id}"),
            occurred_at=row.occurred_at,
            failures=int(row.detail.get("failures", 0)),
            minutes=int(row.detail.get("minutes", 0)),
        )
        for row in rows
        if row.subject_id.isdigit()
    ]
