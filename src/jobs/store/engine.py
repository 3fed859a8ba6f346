"""Engine and session factory. On SQLite every connection gets the pragmas DESIGN asks for;
a transaction starts with ``BEGIN IMMEDIATE`` (it takes the one write lock up front) unless it
comes from a reader (``reader`` / ``read_session_factory``): those begin deferred and never take
the write lock, so reads do not queue behind writes nor hold writers up."""

from __future__ import annotations

import contextlib
import json
import os
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import msgspec
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, DisconnectionError, OperationalError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.orm import ORMExecuteState, Session

from jobs.errors import DatabaseUnavailable
from jobs.settings import DatabaseSettings
from jobs.store.audit import bind_audit_key, lock_chain_sync
from jobs.store.encryption import KeyRingSource, bind_key_ring
from jobs.store.sqlite_driver import one_trip_dbapi

SQLITE_PRAGMAS = (
    ("journal_mode", "WAL"),
    ("foreign_keys", "ON"),
    # Every writing transaction holds the one write lock (below), so under load a write queues
    # behind the others for a while: 30 s keeps a busy minute from turning into "database is
    # locked".
    ("busy_timeout", "30000"),
    ("synchronous", "FULL"),
)


# Connections a process keeps open: as many as the default pool could ever lend (5 kept and 10
# more), all of them kept. Under load the 10 extra were opened and closed again request after
# request (on SQLite each one a new thread and four pragmas; on PostgreSQL a new connection).
POOL: dict[str, Any] = {"pool_size": 15, "max_overflow": 0}
# A pooled PostgreSQL connection that rested at least this long is pinged before it is lent;
# one given back a moment ago is not (the server was there then). SQLAlchemy's pre-ping asked
# every time, three round trips (BEGIN, ping, ROLLBACK) each: about 0.6 ms of CPU a request.
REST_BEFORE_PING = 2.0
_RESTED_SINCE = "jobs_rested_since"


def make_private(path: Path) -> None:
    """Create the SQLite file ``path`` readable by its owner only (0600), or narrow an existing
    one and its -wal, -shm and -journal files to that. SQLite gives the files it creates beside
    a database the database file's own mode, so they stay private too."""
    try:
        os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
        for suffix in ("", "-wal", "-shm", "-journal"):
            with contextlib.suppress(FileNotFoundError):
                os.chmod(path.with_name(path.name + suffix), 0o600)
    except OSError as exc:
        raise DatabaseUnavailable(
            f"cannot create the SQLite database {path}: {exc.strerror}"
        ) from None


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Take transaction control away from the driver so the "begin" hook below decides.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    for name, value in SQLITE_PRAGMAS:
        cursor.execute(f"PRAGMA {name}={value}")
    cursor.close()


# The execution option that marks a reader's connections (see ``reader``).
BEGIN_OPTION = "jobs_begin"


def _on_sqlite_begin(connection: Any) -> None:
    # IMMEDIATE takes the write lock up front: a deferred read that later writes can fail with
    # SQLITE_BUSY at once in WAL mode, without waiting out busy_timeout. A reader's transaction
    # only reads, so it begins deferred and sees one WAL snapshot without the lock.
    if connection.get_execution_options().get(BEGIN_OPTION) == "deferred":
        connection.exec_driver_sql("BEGIN DEFERRED")
    else:
        connection.exec_driver_sql("BEGIN IMMEDIATE")


def _json_loads(text: str | bytes) -> Any:
    """JSON columns read with msgspec (several times quicker than ``json.loads``, the same
    values); what msgspec refuses (NaN, written by ``json.dumps``) is read the old way."""
    try:
        return _decode_json(text)
    except msgspec.DecodeError:
        return json.loads(text)


_decode_json = msgspec.json.Decoder().decode


def create_engine(
    database: DatabaseSettings,
    key_ring: KeyRingSource | None = None,
    audit_key: bytes | None = None,
) -> AsyncEngine:
    """Build the async engine for ``database.url``; SQLite files get their folder made. With
    ``key_ring`` its sessions seal and open the encrypted columns (without one they refuse to);
    with ``audit_key`` they sign audit rows (without one they cannot write any)."""
    engine = _engine(database)
    if key_ring is not None:
        bind_key_ring(engine, key_ring)
    if audit_key:
        bind_audit_key(engine, audit_key)
    return engine


def _engine(database: DatabaseSettings) -> AsyncEngine:
    url = make_url(database.url)
    if url.get_backend_name() == "sqlite":
        in_file = (
            bool(url.database) and url.database != ":memory:" and "mode=memory" not in str(url)
        )
        if url.database and url.database != ":memory:":
            folder = Path(url.database).parent
            try:
                folder.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise DatabaseUnavailable(
                    f"cannot create the folder {folder} for the SQLite database: {exc.strerror}"
                ) from None
            if not url.database.startswith("file:"):
                make_private(Path(url.database))
        engine = create_async_engine(
            url,
            echo=database.echo,
            hide_parameters=True,
            json_deserializer=_json_loads,
            # An in-memory database has one connection, whatever is asked.
            **(POOL if in_file else {}),
            # Each statement in one trip to the connection's thread, not four.
            **({"module": one_trip_dbapi()} if url.get_driver_name() == "aiosqlite" else {}),
        )
        event.listen(engine.sync_engine, "connect", _on_sqlite_connect)
        event.listen(engine.sync_engine, "begin", _on_sqlite_begin)
        return engine
    engine = create_async_engine(
        url,
        echo=database.echo,
        hide_parameters=True,
        json_deserializer=_json_loads,
        **POOL,
    )
    ping_rested_connections(engine)
    return engine


def ping_rested_connections(
    engine: AsyncEngine,
    rest: float = REST_BEFORE_PING,
    clock: Any = time.monotonic,
) -> None:
    """Before lending a pooled connection that rested ``rest`` seconds or more, ping it; one
    the server dropped meanwhile (a restart, an idle timeout) is replaced, unseen by the
    request. A connection used moments ago is lent as it is: should the server have gone in
    between, its request fails as one already running would, and the pool starts afresh."""
    pool_events = engine.sync_engine

    @event.listens_for(pool_events, "checkin")
    def _rests(_dbapi_connection: Any, record: Any) -> None:
        record.info[_RESTED_SINCE] = clock()

    @event.listens_for(pool_events, "checkout")
    def _ping_if_rested(dbapi_connection: Any, record: Any, _proxy: Any) -> None:
        since = record.info.pop(_RESTED_SINCE, None)
        if since is None or clock() - since < rest:
            return  # new, or back a moment ago
        try:
            pool_events.dialect.do_ping(dbapi_connection)
        except Exception as exc:  # the pool closes it and lends another (a new one if need be)
            raise DisconnectionError("a pooled connection did not answer its ping") from exc


def session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions that keep loaded objects usable after commit."""
    return async_sessionmaker(engine, expire_on_commit=False)


def reader(engine: AsyncEngine) -> AsyncEngine:
    """The same engine and pool for transactions that only read: on SQLite they begin deferred
    (no write lock); elsewhere nothing changes. A reader's session must not write: on SQLite a
    deferred transaction that read and then writes fails at once when another connection wrote
    in between (SQLITE_BUSY_SNAPSHOT), so writes go through ``engine`` itself."""
    return engine.execution_options(**{BEGIN_OPTION: "deferred"})


class ReaderSession(Session):
    """The ORM session of ``read_session_factory``. Should a page that reads write after all
    (a kept form taken back, a disclosure noted), its first flush on SQLite ends the deferred
    read transaction, which has written nothing, and begins ``BEGIN IMMEDIATE`` in its place:
    from there on it is a writer's transaction, whose reads are no older than PostgreSQL's
    read-committed ones would be. On PostgreSQL it takes the audit chain's lock before its
    first write instead (its audit rows follow its writes in the same transaction)."""


def _become_writer(session: Session) -> None:
    if session.info.get("writing"):
        return
    connection = session.connection()
    session.info["writing"] = True
    if connection.dialect.name == "sqlite" and connection.in_transaction():
        connection.exec_driver_sql("ROLLBACK")
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    elif connection.dialect.name == "postgresql":
        # Its kept audit rows are appended in this transaction after its writes: the chain's
        # lock is taken before them (see ``store.audit.CHAIN_LOCK_KEY``).
        lock_chain_sync(connection)


@event.listens_for(ReaderSession, "before_flush")
def _reader_flushes(session: Session, _context: Any, _instances: Any) -> None:
    if session.new or session.deleted or any(session.is_modified(o) for o in session.dirty):
        _become_writer(session)


@event.listens_for(ReaderSession, "do_orm_execute")
def _reader_executes(state: ORMExecuteState) -> None:
    if state.is_insert or state.is_update or state.is_delete:
        _become_writer(state.session)


def read_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions for reading only (``reader``); ``info["read_only"]`` tells them apart."""
    return async_sessionmaker(
        reader(engine),
        expire_on_commit=False,
        sync_session_class=ReaderSession,
        info={"read_only": True},
    )


def describe_database_error(url: str, exc: BaseException) -> str:
    """One readable line for a database that cannot be used, without the password."""
    safe = make_url(url).render_as_string(hide_password=True)
    detail = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    text = str(detail).strip().splitlines()[0] if str(detail).strip() else type(detail).__name__
    return f"database {safe} is not usable: {text}"


@asynccontextmanager
async def connected(
    database: DatabaseSettings,
    key_ring: KeyRingSource | None = None,
    audit_key: bytes | None = None,
) -> AsyncIterator[AsyncEngine]:
    """An engine that is known to answer, disposed afterwards; raises DatabaseUnavailable."""
    engine = create_engine(database, key_ring, audit_key)
    try:
        try:
            async with engine.connect() as conn:
                await conn.exec_driver_sql("SELECT 1")
        except (OperationalError, DBAPIError, OSError) as exc:
            raise DatabaseUnavailable(describe_database_error(database.url, exc)) from exc
        yield engine
    finally:
        await engine.dispose()
