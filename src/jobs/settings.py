"""Typed settings read from ``JOBS_*`` environment variables, one class per concern.

``Settings.from_env()`` is the only place the environment is read; everything else takes a
``Settings`` object, so tests build one directly.
"""

from __future__ import annotations

import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from jobs.errors import ConfigurationError

Environment = Literal["development", "production"]
SECRET_FILE_NAME = "secret_key"
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
DEFAULT_ALLOWED_HOSTS = ("127.0.0.1", "localhost", "::1", "testserver", "testserver.local")
DEFAULT_TIMEZONE = "America/Chicago"


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


def _count(env: Mapping[str, str], name: str, default: int, *, low: int, high: int) -> int:
    """A whole number from ``low`` to ``high``, with an error that names the variable."""
    value = _int(env, name, default)
    if not low <= value <= high:
        raise ConfigurationError(f"{name} must be from {low} to {high}, not {value}")
    return value


def _roles(env: Mapping[str, str], name: str, default: tuple[str, ...]) -> tuple[str, ...]:
    raw = env.get(name)
    if raw is None:
        return default
    roles = tuple(part.strip().lower() for part in raw.split(",") if part.strip())
    unknown = [r for r in roles if r not in ("admin", "specialist", "employer", "participant")]
    if unknown:
        raise ConfigurationError(f"{name}: unknown roles {', '.join(unknown)}")
    return roles


def _hosts(env: Mapping[str, str], name: str, serve_host: str) -> tuple[str, ...]:
    raw = env.get(name)
    hosts = (
        DEFAULT_ALLOWED_HOSTS
        if raw is None
        else tuple(part.strip().lower() for part in raw.split(",") if part.strip())
    )
    serve_host = serve_host.strip().lower()
    if serve_host and serve_host not in ("0.0.0.0", "::") and serve_host not in hosts:
        hosts = (*hosts, serve_host)  # the address `jobs serve` listens on always answers
    return hosts


def _zone(env: Mapping[str, str], name: str, default: str) -> ZoneInfo:
    """An IANA time zone such as America/Chicago, with an error that names the variable."""
    key = (env.get(name) or "").strip() or default
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ConfigurationError(
            f"{name} must be an IANA time zone such as America/Chicago, not {key!r}"
        ) from None


def _log_format(value: str) -> str:
    value = value.strip().lower() or "text"
    if value not in ("text", "json"):
        raise ConfigurationError(f"JOBS_LOG_FORMAT must be text or json, not {value!r}")
    return value


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
    lockout_failures: int = 5
    lockout_window_minutes: int = 15
    lockout_wait_minutes: int = 15
    require_totp_roles: tuple[str, ...] = ("specialist", "admin")
    reauth_minutes: int = 5
    max_sessions: int = 5  # signed-in browsers per account; a new sign-in ends the least recent


@dataclass(frozen=True, slots=True)
class ServerSettings:
    """How `jobs serve` listens."""

    host: str = "127.0.0.1"
    port: int = 8000
    debug: bool = False
    # Host names the app answers to (port ignored; "*.example.org" for sub-domains; "*" any).
    allowed_hosts: tuple[str, ...] = DEFAULT_ALLOWED_HOSTS
    max_body_bytes: int = 1_000_000  # larger request bodies are refused with 413
    # Page reads a web process works on at once; the rest wait their turn (web/admission.py).
    # 0: no limit.
    max_in_flight: int = 8
    # Addresses of the reverse proxies whose X-Forwarded-For names the real client (for the
    # per-IP rate limits and the audit trail); empty: the connection's own address is the client.
    trusted_proxies: tuple[str, ...] = ()
    # A bearer token that opens /metrics from anywhere (empty: only direct loopback requests).
    metrics_token: str = ""
    # "text" (default) or "json": one JSON object per log line, with the request id.
    log_format: str = "text"
    # Where the web processes keep their metrics (PROMETHEUS_MULTIPROC_DIR; `jobs serve
    # --workers N` sets it): /metrics adds them up. Empty: this process's metrics only.
    metrics_dir: str = ""


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
class MatchingSettings:
    """Score weights (JOBS_SCORE_<FIELD> of jobs.matching.score.ScoreWeights) and the schools
    and child care the registrant rules measure from: the imported lists, else the file at
    JOBS_CHILD_PLACES_PATH, else the bundled demo list; how old a list may be
    (JOBS_CHILD_PLACES_MAX_AGE_YEARS) and how far past 500 ft a place still asks the officer
    (JOBS_CHILD_PLACES_EDGE_M); how many matches of each tier a participant's rematch keeps as
    rows (JOBS_MATCHES_KEPT_PER_TIER; the rest are counted, and rows a person acted on stay)."""

    score_weights: tuple[tuple[str, str], ...] = ()  # (field, text), checked by score_weights()
    child_places_path: Path | None = None  # unset: the bundled Kansas City demo list
    child_places_max_age_years: int = 2  # an older list does not clear a job
    child_places_edge_m: int = 100  # metres past the 500 ft buffer that still need approval
    kept_per_tier: int = 200  # best matches of each tier stored per participant


@dataclass(frozen=True, slots=True)
class EncryptionSettings:
    """Where the field-encryption key ring lives: JOBS_ENCRYPTION_KEYS, else a keys file."""

    keys_json: str | None = None  # the ring itself, as JSON (read-only: rotate it by hand)
    keys_path: Path | None = None  # unset: keys.json in the data dir


@dataclass(frozen=True, slots=True)
class RetentionSettings:
    """How long personal data of a participant nobody has touched is kept (JOBS_RETENTION_YEARS)."""

    retention_years: int = 7


QueueBackend = Literal["in_process", "procrastinate"]


@dataclass(frozen=True, slots=True)
class QueueSettings:
    """Where background tasks run (JOBS_QUEUE: auto, in_process or procrastinate; auto picks
    procrastinate on PostgreSQL, in-process in `jobs serve` on SQLite) and how workers notice
    a dead one (JOBS_QUEUE_HEARTBEAT_SECONDS, JOBS_QUEUE_STALLED_SECONDS,
    JOBS_QUEUE_RECOVER_SECONDS) and when the nightly retention purge runs
    (JOBS_RETENTION_HOUR, program time; -1 turns it off)."""

    backend: QueueBackend = "in_process"
    heartbeat_seconds: int = 10  # how often a worker says it is alive
    stalled_after_seconds: int = 30  # a worker silent this long is dead: its tasks run again
    recover_every_seconds: int = 60  # how often a worker looks for a dead one's tasks
    retention_hour: int = 3  # the hour (program time) of the nightly retention purge


@dataclass(frozen=True, slots=True)
class RateLimitSettings:
    """Requests allowed per client in each window, counted in the database so every app process
    shares the count (JOBS_RATE_*; a limit of 0 turns that limit off)."""

    window_seconds: int = 60  # the length of one counting window
    sign_in: int = 30  # sign-in and re-authentication POSTs per client IP and window
    register: int = 10  # employer registration POSTs per client IP and window
    api: int = 1200  # API requests per bearer token or session (else client IP) and window


@dataclass(frozen=True, slots=True)
class ClockSettings:
    """The program's time zone (JOBS_TIMEZONE): every "today", due date and report period."""

    zone: ZoneInfo = field(default_factory=lambda: ZoneInfo(DEFAULT_TIMEZONE))


@dataclass(frozen=True, slots=True)
class ProgramSettings:
    """How people reach the program: the help phone on the sign-in page (JOBS_HELP_PHONE) and
    the address links in messages start with (JOBS_PUBLIC_URL; else the request's own)."""

    help_phone: str = ""
    public_url: str = ""


DEFAULT_TWILIO_BASE_URL = "https://api.twilio.com"


def _quiet_hours(env: Mapping[str, str], name: str, default: str) -> tuple[str, str] | None:
    """``HH:MM-HH:MM`` (start-end, may cross midnight); empty or "off": no quiet hours."""
    given = env.get(name)
    raw = (default if given is None else given).strip()
    if raw.lower() in ("", "off", "none"):
        return None
    start, sep, end = raw.partition("-")
    pattern = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
    if not sep or not pattern.match(start.strip()) or not pattern.match(end.strip()):
        raise ConfigurationError(f"{name} must look like 21:00-08:00 (or off), not {raw!r}")
    return start.strip(), end.strip()


@dataclass(frozen=True, slots=True)
class MessagingSettings:
    """Texts through Twilio (JOBS_TWILIO_ACCOUNT_SID, _AUTH_TOKEN, _FROM, _BASE_URL), email over
    SMTP (JOBS_SMTP_URL smtp://user:pass@host:587?starttls=1, JOBS_MAIL_FROM), quiet hours in the
    program's zone (JOBS_QUIET_HOURS 21:00-08:00), the name messages sign with
    (JOBS_PROGRAM_NAME) and how long bodies are kept (JOBS_MESSAGE_BODY_DAYS)."""

    twilio_account_sid: str = ""
    twilio_auth_token: str = ""
    twilio_from: str = ""
    twilio_base_url: str = DEFAULT_TWILIO_BASE_URL
    smtp_url: str = ""
    mail_from: str = ""
    quiet_hours: tuple[str, str] | None = ("21:00", "08:00")
    program_name: str = "the job program"
    body_days: int = 90

    @property
    def sms_configured(self) -> bool:
        return bool(self.twilio_account_sid and self.twilio_auth_token and self.twilio_from)

    @property
    def email_configured(self) -> bool:
        return bool(self.smtp_url and self.mail_from)


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
    matching: MatchingSettings = field(default_factory=MatchingSettings)
    encryption: EncryptionSettings = field(default_factory=EncryptionSettings)
    retention: RetentionSettings = field(default_factory=RetentionSettings)
    rate_limits: RateLimitSettings = field(default_factory=RateLimitSettings)
    queue: QueueSettings = field(default_factory=QueueSettings)
    clock: ClockSettings = field(default_factory=ClockSettings)
    program: ProgramSettings = field(default_factory=ProgramSettings)
    messaging: MessagingSettings = field(default_factory=MessagingSettings)
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
        places = env.get("JOBS_CHILD_PLACES_PATH")
        geocoder = (env.get("JOBS_GEOCODER") or "offline").strip().lower()
        if geocoder not in ("offline", "census"):
            raise ConfigurationError(f"JOBS_GEOCODER must be offline or census, not {geocoder!r}")
        queue = _queue(env, url)
        return cls(
            env=mode,  # type: ignore[arg-type]  # one of the two values checked above
            data_dir=data_dir,
            database=DatabaseSettings(url=url, echo=_flag(env, "JOBS_DATABASE_ECHO", False)),
            security=SecuritySettings(
                secret_key=secret,
                secret_from_env=bool(secret_env),
                lockout_wait_minutes=_int(env, "JOBS_LOCKOUT_WAIT_MINUTES", 15),
                require_totp_roles=_roles(env, "JOBS_REQUIRE_TOTP_ROLES", ("specialist", "admin")),
            ),
            server=ServerSettings(
                host=env.get("JOBS_HOST", "127.0.0.1"),
                port=_int(env, "JOBS_PORT", 8000),
                debug=debug,
                allowed_hosts=_hosts(env, "JOBS_ALLOWED_HOSTS", env.get("JOBS_HOST", "")),
                max_body_bytes=_int(env, "JOBS_MAX_BODY_BYTES", 1_000_000),
                max_in_flight=_count(env, "JOBS_MAX_IN_FLIGHT", 8, low=0, high=10_000),
                trusted_proxies=tuple(
                    part.strip()
                    for part in env.get("JOBS_TRUSTED_PROXIES", "").split(",")
                    if part.strip()
                ),
                metrics_token=env.get("JOBS_METRICS_TOKEN", "").strip(),
                log_format=_log_format(env.get("JOBS_LOG_FORMAT", "text")),
                metrics_dir=env.get("PROMETHEUS_MULTIPROC_DIR", "").strip(),
            ),
            http=HttpSettings(),
            transit=TransitSettings(gtfs_path=Path(gtfs) if gtfs else None),
            geocoding=GeocodingSettings(online=geocoder == "census"),
            demo_password=env.get("JOBS_DEMO_PASSWORD") or None,
            encryption=EncryptionSettings(
                keys_json=env.get("JOBS_ENCRYPTION_KEYS") or None,
                keys_path=data_dir / "keys.json",
            ),
            retention=RetentionSettings(retention_years=_int(env, "JOBS_RETENTION_YEARS", 7)),
            rate_limits=RateLimitSettings(
                window_seconds=_count(env, "JOBS_RATE_WINDOW_SECONDS", 60, low=1, high=86_400),
                sign_in=_count(env, "JOBS_RATE_SIGN_IN", 30, low=0, high=1_000_000),
                register=_count(env, "JOBS_RATE_REGISTER", 10, low=0, high=1_000_000),
                api=_count(env, "JOBS_RATE_API", 1200, low=0, high=1_000_000),
            ),
            matching=MatchingSettings(
                score_weights=tuple(
                    sorted(
                        (key.removeprefix("JOBS_SCORE_").lower(), value)
                        for key, value in env.items()
                        if key.startswith("JOBS_SCORE_")
                    )
                ),
                child_places_path=Path(places) if places else None,
                child_places_max_age_years=_count(
                    env, "JOBS_CHILD_PLACES_MAX_AGE_YEARS", 2, low=1, high=20
                ),
                child_places_edge_m=_count(env, "JOBS_CHILD_PLACES_EDGE_M", 100, low=0, high=2000),
                kept_per_tier=_count(env, "JOBS_MATCHES_KEPT_PER_TIER", 200, low=1, high=1_000_000),
            ),
            queue=queue,
            clock=ClockSettings(zone=_zone(env, "JOBS_TIMEZONE", DEFAULT_TIMEZONE)),
            program=ProgramSettings(
                help_phone=env.get("JOBS_HELP_PHONE", "").strip()[:40],
                public_url=env.get("JOBS_PUBLIC_URL", "").strip().rstrip("/"),
            ),
            messaging=MessagingSettings(
                twilio_account_sid=env.get("JOBS_TWILIO_ACCOUNT_SID", "").strip(),
                twilio_auth_token=env.get("JOBS_TWILIO_AUTH_TOKEN", "").strip(),
                twilio_from=env.get("JOBS_TWILIO_FROM", "").strip(),
                twilio_base_url=(
                    env.get("JOBS_TWILIO_BASE_URL", "").strip().rstrip("/")
                    or DEFAULT_TWILIO_BASE_URL
                ),
                smtp_url=env.get("JOBS_SMTP_URL", "").strip(),
                mail_from=env.get("JOBS_MAIL_FROM", "").strip(),
                quiet_hours=_quiet_hours(env, "JOBS_QUIET_HOURS", "21:00-08:00"),
                program_name=env.get("JOBS_PROGRAM_NAME", "").strip()[:60] or "the job program",
                body_days=_count(env, "JOBS_MESSAGE_BODY_DAYS", 90, low=1, high=3650),
            ),
        )


def _queue(env: Mapping[str, str], url: str) -> QueueSettings:
    choice = (env.get("JOBS_QUEUE") or "auto").strip().lower().replace("-", "_")
    if choice not in ("auto", "in_process", "procrastinate"):
        raise ConfigurationError(
            f"JOBS_QUEUE must be auto, in_process or procrastinate, not {choice!r}"
        )
    postgres = url.startswith("postgresql")
    if choice == "procrastinate" and not postgres:
        raise ConfigurationError("JOBS_QUEUE=procrastinate needs a PostgreSQL JOBS_DATABASE_URL")
    backend: QueueBackend = (
        "procrastinate"
        if choice == "procrastinate" or (choice == "auto" and postgres)
        else "in_process"
    )
    heartbeat = _count(env, "JOBS_QUEUE_HEARTBEAT_SECONDS", 10, low=1, high=3600)
    return QueueSettings(
        backend=backend,
        heartbeat_seconds=heartbeat,
        stalled_after_seconds=_count(
            env,
            "JOBS_QUEUE_STALLED_SECONDS",
            max(30, 3 * heartbeat),
            low=2 * heartbeat,
            high=86_400,
        ),
        recover_every_seconds=_count(env, "JOBS_QUEUE_RECOVER_SECONDS", 60, low=1, high=86_400),
        retention_hour=_count(env, "JOBS_RETENTION_HOUR", 3, low=-1, high=23),
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
