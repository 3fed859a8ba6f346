"""Backups of the whole database, and putting one back.

SQLite goes through the online backup API: the copy is one consistent snapshot even while the
app keeps writing (WAL readers never block writers), then ``PRAGMA integrity_check`` runs on the
copy. PostgreSQL goes through ``pg_dump -Fc`` and ``pg_restore --clean --if-exists`` in one
transaction; the connection parameters come from the database URL.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.engine import URL, make_url

from jobs.errors import ConfigurationError, DatabaseUnavailable, InvalidInput
from jobs.store.engine import make_private

SQLITE_HEADER = b"SQLite format 3\x00"
PG_CUSTOM_HEADER = b"PGDMP"


@dataclass
class BackupReport:
    """What a backup or a restore did."""

    database: str  # sqlite | postgresql
    path: str
    bytes: int = 0
    check: str = "ok"
    revision: str | None = None
    tables: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def database_kind(url: str) -> str:
    """sqlite or postgresql; anything else is refused."""
    backend = make_url(url).get_backend_name()
    if backend in ("sqlite", "postgresql"):
        return backend
    raise ConfigurationError(f"backups work for SQLite and PostgreSQL, not {backend}")


def sqlite_path(url: str) -> Path:
    """The file a SQLite URL names."""
    name = make_url(url).database
    if not name or name == ":memory:":
        raise ConfigurationError("an in-memory SQLite database cannot be backed up")
    return Path(name)


def backup(url: str, path: Path) -> BackupReport:
    """Write a checked backup of the database at ``url`` to ``path`` (replaced atomically)."""
    started = time.perf_counter()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    kind = database_kind(url)
    try:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
        make_private(partial)  # the backup holds everything the database holds: owner only
        if kind == "sqlite":
            _sqlite_backup(url, partial)
        else:
            _run(["pg_dump", "-Fc", "--no-owner", "-f", str(partial), *_pg_target(url)], url)
        report = check_backup(url, partial)
        os.replace(partial, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
    report.path = str(path)
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def check_backup(url: str, path: Path) -> BackupReport:
    """Check that ``path`` is a sound backup for this kind of database; raise InvalidInput."""
    path = Path(path)
    kind = database_kind(url)
    if not path.is_file():
        raise InvalidInput(f"no backup file at {path}")
    with path.open("rb") as handle:
        head = handle.read(16)
    if kind == "sqlite":
        if head != SQLITE_HEADER:
            raise InvalidInput(f"{path} is not a SQLite backup")
        report = _sqlite_check(path)
    else:
        if not head.startswith(PG_CUSTOM_HEADER):
            raise InvalidInput(f"{path} is not a pg_dump custom-format backup")
        listing = _run(["pg_restore", "--list", str(path)], url)
        tables = [line for line in listing.splitlines() if " TABLE DATA " in line]
        report = BackupReport(database=kind, path=str(path), tables=len(tables))
    report.bytes = path.stat().st_size
    return report


def has_tables(url: str) -> bool:
    """Whether the database at ``url`` holds any table (a restore would overwrite it)."""
    if database_kind(url) == "sqlite":
        target = sqlite_path(url)
        if not target.exists() or target.stat().st_size == 0:
            return False
        with contextlib.closing(sqlite3.connect(target, timeout=30)) as conn:
            found = conn.execute("SELECT count(*) FROM sqlite_master WHERE type='table'")
            return bool(found.fetchone()[0])
    sql = "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"
    return int(_run(["psql", "-X", "-A", "-t", "-c", sql, *_pg_target(url)], url).strip()) > 0


def restore(url: str, path: Path) -> BackupReport:
    """Replace the database at ``url`` with the backup at ``path`` (checked first)."""
    started = time.perf_counter()
    report = check_backup(url, path)
    if report.database == "sqlite":
        target = sqlite_path(url)
        target.parent.mkdir(parents=True, exist_ok=True)
        make_private(target)
        with (
            contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as source,
            contextlib.closing(sqlite3.connect(target, timeout=30)) as live,
        ):
            source.backup(live)
            _integrity(live, target)
    else:
        _run(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                "--exit-on-error",
                *_pg_target(url, flag="-d"),
                str(path),
            ],
            url,
        )
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _sqlite_backup(url: str, partial: Path) -> None:
    source_path = sqlite_path(url)
    if not source_path.is_file():
        raise DatabaseUnavailable(f"no SQLite database at {source_path}")
    with (
        contextlib.closing(sqlite3.connect(source_path, timeout=30)) as source,
        contextlib.closing(sqlite3.connect(partial)) as copy,
    ):
        source.backup(copy)  # all pages in one step: one consistent snapshot
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it


def _sqlite_check(path: Path) -> BackupReport:
    with contextlib.closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as conn:
        _integrity(conn, path)
        names = [
            row[0]
            for row in conn.execute(
                "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
                "ORDER BY name"
            )
        ]
        if "alembic_version" not in names:
            raise InvalidInput(f"{path} is a SQLite file but not a jobs database")
        revision = ",".join(
            sorted(row[0] for row in conn.execute("SELECT version_num FROM alembic_version"))
        )
        rows = {
            name: conn.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names
        }
    return BackupReport(
        database="sqlite", path=str(path), revision=revision or None, tables=len(names), rows=rows
    )


def _integrity(conn: sqlite3.Connection, path: Path) -> None:
    result = [row[0] for row in conn.execute("PRAGMA integrity_check")]
    if result != ["ok"]:
        raise InvalidInput(f"{path} failed its integrity check: {'; '.join(result[:5])}")


def _pg_target(url: str, *, flag: str = "-d") -> list[str]:
    parts: URL = make_url(url)
    args = ["-w", flag, parts.database or "postgres"]
    if parts.host:
        args += ["-h", parts.host]
    if parts.port:
        args += ["-p", str(parts.port)]
    if parts.username:
        args += ["-U", parts.username]
    return args


def _run(command: list[str], url: str) -> str:
    if shutil.which(command[0]) is None:
        raise ConfigurationError(f"{command[0]} is not installed (PostgreSQL client tools)")
    env = {**os.environ, "PGCONNECT_TIMEOUT": "10"}
    password = make_url(url).password
    if password:
        env["PGPASSWORD"] = str(password)
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()
        raise DatabaseUnavailable(
            f"{command[0]} failed: {detail[-1] if detail else f'exit {done.returncode}'}"
        )
    return done.stdout
