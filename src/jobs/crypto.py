"""Field encryption at rest: AES-256-GCM under a key ring kept outside the database.

A sealed value is a versioned text token ``v1.<key id>.<base64url(nonce + ciphertext)>``. The
associated data names the table, the column and the row, so a token copied to another row or
column no longer opens. The ring has one active key (new values) and may keep older keys for
reading only, until every value sealed with them has been re-sealed (``jobs keys rotate``).

Pure: no database or web code.
"""

from __future__ import annotations

import base64
import contextlib
import json
import os
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from jobs.errors import ConfigurationError

TOKEN_VERSION = "v1"
NONCE_BYTES = 12
KEY_BYTES = 32


class SealBroken(ValueError):
    """A token that does not open: unknown key, wrong place, or tampered with."""


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _b64decode(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def place(table: str, column: str, row_key: object) -> bytes:
    """The associated data binding a token to one table, column and row."""
    return f"jobs:{table}.{column}#{row_key}".encode()


def token_key_id(token: str) -> str | None:
    """The id of the key that sealed ``token`` (None when it is not a token)."""
    parts = token.split(".", 2)
    if len(parts) != 3 or parts[0] != TOKEN_VERSION:
        return None
    return parts[1]


def is_token(value: object) -> bool:
    """Whether ``value`` looks like a sealed token."""
    return isinstance(value, str) and token_key_id(value) is not None


@dataclass(slots=True)
class DataKey:
    """One AES-256 key with its id; ``active`` marks the key new values are sealed with."""

    id: str
    secret: bytes
    created_at: str
    active: bool = False

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "secret": _b64encode(self.secret),
            "created_at": self.created_at,
            "active": self.active,
        }


def new_key(active: bool = True) -> DataKey:
    """A fresh random key with a fresh id."""
    return DataKey(
        id="k" + secrets.token_hex(4),
        secret=AESGCM.generate_key(bit_length=256),
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        active=active,
    )


@dataclass(slots=True)
class KeyRing:
    """The data keys; exactly one is active. ``path`` is None when they came from the
    environment (then the ring cannot be changed from here)."""

    keys: list[DataKey]
    path: Path | None = None
    _ciphers: dict[str, AESGCM] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        active = [k for k in self.keys if k.active]
        if len(active) != 1:
            raise ConfigurationError("the encryption key ring needs exactly one active key")
        for key in self.keys:
            if len(key.secret) != KEY_BYTES:
                raise ConfigurationError(f"encryption key {key.id} is not 256 bits")
            if not key.id.isalnum():
                raise ConfigurationError(f"encryption key id {key.id!r} must be letters/digits")

    @property
    def active(self) -> DataKey:
        return next(k for k in self.keys if k.active)

    @property
    def ids(self) -> list[str]:
        return [k.id for k in self.keys]

    def _cipher(self, key_id: str) -> AESGCM:
        cipher = self._ciphers.get(key_id)
        if cipher is None:
            key = next((k for k in self.keys if k.id == key_id), None)
            if key is None:
                raise SealBroken(f"no encryption key {key_id} in the key ring")
            cipher = self._ciphers[key_id] = AESGCM(key.secret)
        return cipher

    def seal(self, plaintext: bytes, where: bytes) -> str:
        """Encrypt ``plaintext`` for the place ``where`` under the active key."""
        key_id = self.active.id
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._cipher(key_id).encrypt(nonce, plaintext, _aad(key_id, where))
        return f"{TOKEN_VERSION}.{key_id}.{_b64encode(nonce + sealed)}"

    def open(self, token: str, where: bytes) -> bytes:
        """Decrypt ``token``; raises SealBroken unless it was sealed for ``where``."""
        key_id = token_key_id(token)
        if key_id is None:
            raise SealBroken("not an encrypted value")
        raw = _b64decode(token.split(".", 2)[2])
        try:
            return self._cipher(key_id).decrypt(
                raw[:NONCE_BYTES], raw[NONCE_BYTES:], _aad(key_id, where)
            )
        except InvalidTag:
            raise SealBroken("an encrypted value does not belong here or was altered") from None

    def with_new_active(self) -> tuple[KeyRing, DataKey]:
        """A copy whose active key is a new one; the old keys stay, for reading only."""
        fresh = new_key()
        old = [DataKey(k.id, k.secret, k.created_at, False) for k in self.keys]
        return KeyRing([*old, fresh], self.path), fresh

    def without(self, key_id: str) -> KeyRing:
        """A copy without the (non-active) key ``key_id``."""
        if key_id not in self.ids:
            raise ConfigurationError(f"no encryption key {key_id} in the key ring")
        if self.active.id == key_id:
            raise ConfigurationError(f"{key_id} is the active key: rotate before retiring it")
        return KeyRing([k for k in self.keys if k.id != key_id], self.path)

    def to_json(self) -> str:
        return json.dumps({"version": 1, "keys": [k.to_json() for k in self.keys]}, indent=2)

    def save(self) -> None:
        """Write the ring back to its file (owner-only), replacing it atomically."""
        if self.path is None:
            raise ConfigurationError(
                "the encryption keys come from JOBS_ENCRYPTION_KEYS: change them there"
            )
        temporary = self.path.with_name(self.path.name + ".new")
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(self.to_json() + "\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, self.path)


def _aad(key_id: str, where: bytes) -> bytes:
    return f"{TOKEN_VERSION}.{key_id}|".encode() + where


def parse_key_ring(text: str, path: Path | None = None) -> KeyRing:
    """Read a ring from its JSON form (the keys file or JOBS_ENCRYPTION_KEYS)."""
    try:
        document = json.loads(text)
        keys = [
            DataKey(
                id=str(item["id"]),
                secret=_b64decode(str(item["secret"])),
                created_at=str(item.get("created_at", "")),
                active=bool(item.get("active", False)),
            )
            for item in document["keys"]
        ]
    except (ValueError, KeyError, TypeError) as exc:
        where = path or "JOBS_ENCRYPTION_KEYS"
        raise ConfigurationError(f"{where} is not a usable key ring: {exc}") from None
    return KeyRing(keys, path)


def load_or_create_key_ring(path: Path) -> KeyRing:
    """The ring kept in ``path``, created (owner-only, one active key) on first use."""
    if path.exists():
        return parse_key_ring(path.read_text(encoding="utf-8"), path)
    path.parent.mkdir(parents=True, exist_ok=True)
    ring = KeyRing([new_key()], path)
    # Written aside, then linked into place: two processes starting at once must not each
    # write a different key, and a reader never sees a half-written file.
    aside = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(aside, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(ring.to_json() + "\n")
        with contextlib.suppress(FileExistsError):  # another process was first: use theirs
            os.link(aside, path)
    finally:
        aside.unlink(missing_ok=True)
    return parse_key_ring(path.read_text(encoding="utf-8"), path)
