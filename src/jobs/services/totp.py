"""Time-based one-time codes (RFC 6238: HMAC-SHA-1, 6 digits, 30-second steps), stdlib only.

Pure functions: the caller keeps the secret and the last step a code was accepted for, so a
code cannot be used twice.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
from datetime import datetime
from urllib.parse import quote, urlencode

STEP_SECONDS = 30
DIGITS = 6
DRIFT_STEPS = 1  # a code from the step before or after is still taken (clock drift)


def new_secret() -> str:
    """A fresh 160-bit secret in base32 (what authenticator apps expect), without padding."""
    return base64.b32encode(secrets.token_bytes(20)).decode("ascii").rstrip("=")


def _key(secret: str) -> bytes:
    cleaned = secret.replace(" ", "").upper()
    return base64.b32decode(cleaned + "=" * (-len(cleaned) % 8))


def step_at(moment: datetime) -> int:
    """The 30-second step a moment falls in (counted from the Unix epoch)."""
    return int(moment.timestamp()) // STEP_SECONDS


def code_for_step(secret: str, step: int) -> str:
    """The six-digit code of ``step`` (RFC 4226 dynamic truncation)."""
    mac = hmac.new(_key(secret), struct.pack(">Q", step), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    number = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**DIGITS).zfill(DIGITS)


def code_at(secret: str, moment: datetime) -> str:
    """The code an authenticator app shows at ``moment``."""
    return code_for_step(secret, step_at(moment))


def matching_step(secret: str, code: str, moment: datetime, last_step: int | None) -> int | None:
    """The step ``code`` belongs to (within one step of ``moment``), or None.

    A step at or before ``last_step`` is refused: a code already used cannot be replayed.
    """
    given = "".join(code.split())
    if len(given) != DIGITS or not given.isascii() or not given.isdigit():
        return None
    now_step = step_at(moment)
    found = None
    for step in range(now_step - DRIFT_STEPS, now_step + DRIFT_STEPS + 1):
        if hmac.compare_digest(code_for_step(secret, step), given) and found is None:
            found = step
    if found is None or (last_step is not None and found <= last_step):
        return None
    return found


def provisioning_uri(secret: str, account: str, issuer: str = "jobs") -> str:
    """The otpauth:// address an authenticator app reads (typed in or from a QR code)."""
    label = quote(f"{issuer}:{account}")
    query = urlencode(
        {"secret": secret, "issuer": issuer, "algorithm": "SHA1", "digits": DIGITS, "period": 30}
    )
    return f"otpauth://totp/{label}?{query}"
