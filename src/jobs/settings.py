"""Typed settings read from ``JOBS_*`` environment variables, one class per concern.

``Settings.from_env()`` is the only place the environment is read; everything else takes a
``Settings`` object, so tests build one directly.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from jobs.errors import ConfigurationError

Environment = Literal["development", "production"]
SECRET_FILE_NAME = "secret_key"
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def _flag(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ConfigurationError(f"{name} must be true or false, not {raw!r}")


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigurationError(f"{name} must be a whole number, not {raw!r}") from None


@dataclass(frozen=True, slots=True)
class DatabaseSettings:
    """Where the data lives: a SQLAlchemy async URL (SQLite file by default)."""

    url: str
    echo: bool = False

    @property
    def is_sqlite(self) -> bool:
        return self.url.startswith("sqlite")


@dataclass(frozen=True, slots=True)
class SecuritySettings:
    """Secrets and cookie policy."""

    secret_key: str
    secret_from_env: bool
    session_idle_minutes: int = 30
    session_absolute_hours: int = 12


@dataclass(frozen=True, slots=True)
class ServerSettings:
    """How `jobs serve` listens."""

    host: str = "127.0.0.1"
    port: int = 8000
    debug: bool = False


@dataclass(frozen=True, slots=True)
class HttpSettings:
    """The shared outbound HTTP client used by connectors and geocoding."""

    timeout_seconds: float = 20.0
    user_agent: str = "jobs-reentry-matching/0.1 (+https://example.org/jobs)"


@dataclass(frozen=True, slots=True)
class TransitSettings:
    """The GTFS feed used for reach (unset: the bundled Kansas City demo feed)."""

    gtfs_path: Path | None = None


@dataclass(frozen=True, slots=True)
class GeocodingSettings:
    """How places get coordinates: ZIP centres offline, or the US Census geocoder online."""

    online: bool = False


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything the app, the CLI and the services need to know about their environment."""

    env: Environment
    data_dir: Path
    database: DatabaseSettings
    security: SecuritySettings
    server: ServerSettings = field(default_factory=ServerSettings)
    http: HttpSettings = field(default_factory=HttpSettings)
    transit: TransitSettings = field(default_factory=TransitSettings)
    geocoding: GeocodingSettings = field(default_factory=GeocodingSettings)
    demo_password: str | None = None

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        """Read settings from ``JOBS_*`` variables; refuse an unsafe production set-up."""
        env = os.environ if env is None else env
        mode = env.get("JOBS_ENV", "development").strip().lower() or "development"
        if mode not in ("development", "production"):
            raise ConfigurationError(f"JOBS_ENV must be development or production, not {mode!r}")
        data_dir = Path(env.get("JOBS_DATA_DIR") or "./var").expanduser()
        url = env.get("JOBS_DATABASE_URL") or f"sqlite+aiosqlite:///{data_dir / 'jobs.sqlite3'}"
        debug = _flag(env, "JOBS_DEBUG", False)
        secret_env = env.get("JOBS_SECRET_KEY") or ""
        if mode == "production":
            if not secret_env:
                raise ConfigurationError("JOBS_ENV=production needs JOBS_SECRET_KEY to be set")
            if debug:
                raise ConfigurationError("JOBS_ENV=production refuses to start with JOBS_DEBUG on")
        if secret_env and len(secret_env) < 32:
            raise ConfigurationError("JOBS_SECRET_KEY must be at least 32 characters")
        secret = secret_env or load_or_create_secret(data_dir)
        gtfs = env.get("JOBS_GTFS_PATH")
        geocoder = (env.get("JOBS_GEOCODER") or "offline").strip().lower()
        if geocoder not in ("offline", "census"):
            raise ConfigurationError(f"JOBS_GEOCODER must be offline or census, not {geocoder!r}")
        return cls(
            env=mode,  # type: ignore[arg-type]
            data_dir=data_dir,
            database=DatabaseSettings(url=url, echo=_flag(env, "JOBS_DATABASE_ECHO", False)),
            security=SecuritySettings(secret_key=secret, secret_from_env=bool(secret_env)),
            server=ServerSettings(
                host=env.get("JOBS_HOST", "127.0.0.1"),
                port=_int(env, "JOBS_PORT", 8000),
                debug=debug,
            ),
            http=HttpSettings(),
            transit=TransitSettings(gtfs_path=Path(gtfs) if gtfs else None),
            geocoding=GeocodingSettings(online=geocoder == "census"),
            demo_password=env.get("JOBS_DEMO_PASSWORD") or None,
        )


def load_or_create_secret(data_dir: Path) -> str:
    """Return the secret kept in ``data_dir``, creating it (owner-only) on first use."""
    path = data_dir / SECRET_FILE_NAME
    if path.exists():
        secret = path.read_text(encoding="utf-8").strip()
        if len(secret) >= 32:
            return secret
        raise ConfigurationError(f"{path} holds no usable secret: delete it to make a new one")
    data_dir.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    # O_EXCL: two processes starting at once must not both write a different secret.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return load_or_create_secret(data_dir)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(secret + "\n")
    return secret
