"""Accounts: creating users and checking passwords (argon2id)."""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.errors import Conflict, InvalidInput
from jobs.store import ROLES, User

# argon2-cffi's defaults are argon2id with RFC 9106's low-memory profile.
_hasher = PasswordHasher()
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD_LENGTH = 15
MAX_PASSWORD_LENGTH = 256


def hash_password(password: str) -> str:
    """An argon2id hash of ``password``."""
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches the stored hash."""
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def normalise_email(email: str) -> str:
    """Trimmed, lower-cased email; raises InvalidInput when it is not an address."""
    value = email.strip().lower()
    if not _EMAIL.match(value):
        raise InvalidInput(f"not an email address: {email!r}")
    return value


def check_password_rules(password: str) -> None:
    """Length only (no composition rules): long passphrases in any script are welcome."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(f"password must be at least {MIN_PASSWORD_LENGTH} characters")
    if len(password) > MAX_PASSWORD_LENGTH:
        raise InvalidInput(f"password must be at most {MAX_PASSWORD_LENGTH} characters")


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
    check_password_rules(password)
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
