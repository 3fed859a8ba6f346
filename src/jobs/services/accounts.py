"""Accounts: creating users and checking passwords (argon2id).

An argon2 hash or check takes a tenth of a second of CPU and 64 MiB: async code runs it in a
worker thread (``off_the_loop``), so the event loop keeps serving other requests meanwhile, with
at most ``HASHES_AT_ONCE`` running per event loop so a burst of sign-ins cannot take all the
memory. The plain ``hash_password`` and ``verify_password`` are for sync callers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TypeVar, TypeVarTuple

import anyio.to_thread
from anyio import CapacityLimiter
from anyio.lowlevel import RunVar
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.errors import Conflict, InvalidInput, NotFound
from jobs.services.passphrases import MAX_LENGTH, MIN_LENGTH, check_passphrase, normalise
from jobs.store import ROLES, ApiToken, User, WebSession
from jobs.store.base import utcnow

# argon2-cffi's defaults are argon2id with RFC 9106's low-memory profile.
_hasher = PasswordHasher()
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD_LENGTH = MIN_LENGTH
MAX_PASSWORD_LENGTH = MAX_LENGTH
HASHES_AT_ONCE = 2
# One limiter per event loop (a limiter belongs to the loop it waits on), made on first use.
_limiter: RunVar[CapacityLimiter] = RunVar("argon2_limiter")
T = TypeVar("T")
Args = TypeVarTuple("Args")


def hash_password(password: str) -> str:
    """An argon2id hash of ``password`` (in NFKC form); blocks for the whole computation."""
    return _hasher.hash(normalise(password))


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` (in NFKC form, or as typed for older hashes) matches."""
    for candidate in dict.fromkeys((normalise(password), password)):
        try:
            if _hasher.verify(password_hash, candidate):
                return True
        except (VerificationError, InvalidHashError):
            continue
    return False


def _hashing_limiter() -> CapacityLimiter:
    try:
        return _limiter.get()
    except LookupError:
        limiter = CapacityLimiter(HASHES_AT_ONCE)
        _limiter.set(limiter)
        return limiter


async def off_the_loop(work: Callable[[*Args], T], *args: *Args) -> T:
    """Run ``work`` (argon2 hashing or checking) in a worker thread, ``HASHES_AT_ONCE`` at most."""
    return await anyio.to_thread.run_sync(work, *args, limiter=_hashing_limiter())


async def hash_password_in_thread(password: str) -> str:
    """``hash_password`` in a worker thread: the event loop is not blocked while it runs."""
    return await off_the_loop(hash_password, password)


async def verify_password_in_thread(password_hash: str, password: str) -> bool:
    """``verify_password`` in a worker thread: the event loop is not blocked while it runs."""
    return await off_the_loop(verify_password, password_hash, password)


def normalise_email(email: str) -> str:
    """Trimmed, lower-cased email; raises InvalidInput when it is not an address."""
    value = email.strip().lower()
    if not _EMAIL.match(value):
        raise InvalidInput(f"not an email address: {email!r}")
    return value


def check_password_rules(password: str, *, email: str = "", name: str = "") -> None:
    """Length and the refused list, no composition rules: long passphrases in any script."""
    check_passphrase(password, email=email, name=name)


async def find_user(session: AsyncSession, email: str) -> User | None:
    """The user with this email (case-insensitive), if any."""
    address = normalise_email(email)
    return await session.scalar(select(User).where(func.lower(User.email) == address))


async def add_user(
    session: AsyncSession,
    *,
    email: str,
    role: str,
    password: str,
    display_name: str = "",
    participant_id: int | None = None,
) -> User:
    """Create an account; refuses an unknown role, a short password or a taken email."""
    if role not in ROLES:
        raise InvalidInput(f"role must be one of {', '.join(ROLES)}, not {role!r}")
    address = normalise_email(email)
    check_password_rules(password, email=address, name=display_name)
    if await find_user(session, address) is not None:
        raise Conflict(f"an account for {address} already exists")
    user = User(
        email=address,
        role=role,
        password_hash=await hash_password_in_thread(password),
        display_name=display_name or address.split("@")[0],
        participant_id=participant_id,
    )
    session.add(user)
    await session.flush()
    return user


STAFF_ROLES = ("specialist", "admin")


async def change_role(session: AsyncSession, actor_id: int, user_id: int, role: str) -> User:
    """Move a staff account between specialist and admin; its sessions end, so its next
    sign-in gets a new session id under the new role."""
    if role not in STAFF_ROLES:
        raise InvalidInput(f"role: choose {' or '.join(STAFF_ROLES)}")
    user = await session.get(User, user_id)
    if user is None:
        raise NotFound(f"no account {user_id}")
    if user.id == actor_id:
        raise InvalidInput("role: you cannot change your own role")
    if user.role not in STAFF_ROLES:
        raise InvalidInput("role: only staff accounts change role here")
    user.role = role
    await session.execute(delete(WebSession).where(WebSession.user_id == user.id))
    await session.execute(  # a token made under the old role must not carry it on
        update(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        .values(revoked_at=utcnow())
    )
    return user
