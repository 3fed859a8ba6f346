"""Accounts: creating users and checking passwords (argon2id)."""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.errors import Conflict, InvalidInput, NotFound
from jobs.services.passphrases import MAX_LENGTH, MIN_LENGTH, check_passphrase, normalise
from jobs.store import ROLES, User, WebSession

# argon2-cffi's defaults are argon2id with RFC 9106's low-memory profile.
_hasher = PasswordHasher()
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD_LENGTH = MIN_LENGTH
MAX_PASSWORD_LENGTH = MAX_LENGTH


def hash_password(password: str) -> str:
    """An argon2id hash of ``password`` (in NFKC form)."""
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
        password_hash=hash_password(password),
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
    return user
