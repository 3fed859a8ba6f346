"""SQLite through aiosqlite, one trip to its thread per statement instead of four.

aiosqlite runs each connection's sqlite3 calls in a thread of its own; SQLAlchemy's adapter asks
that thread four times for every statement (make a cursor, execute, fetch the rows, close the
cursor), and each trip hands the GIL over and wakes the event loop when it is done. Here a
statement's four steps run in one trip (``_run``). Rows, description, row count and last row id
are what the adapter would have read; errors are the same errors. Streaming (server-side)
cursors keep the adapter's own way.

A transaction's ``BEGIN`` makes no trip of its own: it waits on the connection and goes with the
transaction's first statement, in that statement's trip (its error, "database is locked" say,
is then that statement's). A COMMIT or ROLLBACK with nothing to end makes no trip either: that
of a transaction that ended before any statement (SQLite never began it), and the pool's
rollback of a connection given back after its transaction was committed or rolled back (no
statement since: the connection is in autocommit mode, so no transaction can be open).
"""

from __future__ import annotations

import sqlite3
from collections import deque
from collections.abc import Iterable, Sequence
from typing import Any, cast

import aiosqlite
from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
    AsyncAdapt_aiosqlite_dbapi,
)

Found = tuple[Any, list[Any], int | None, int]


def _run(connection: sqlite3.Connection, operation: str, parameters: Any, begin: str) -> Found:
    """In the connection's thread: ``begin`` (when not ''), execute, and read everything the
    adapter reads."""
    cursor = connection.cursor()
    try:
        if begin:
            cursor.execute(begin)
        if parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        if cursor.description:
            return cursor.description, cursor.fetchall(), -1, -1
        return None, [], cursor.lastrowid, cursor.rowcount
    finally:
        cursor.close()


def _run_many(
    connection: sqlite3.Connection, operation: str, parameters: Iterable[Any], begin: str
) -> tuple[int | None, int]:
    cursor = connection.cursor()
    try:
        if begin:
            cursor.execute(begin)
        cursor.executemany(operation, parameters)
        return cursor.lastrowid, cursor.rowcount
    finally:
        cursor.close()


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    """The adapter's cursor, each statement in one trip to the connection's thread."""

    __slots__ = ()

    def execute(self, operation: Any, parameters: Any = None) -> Any:
        adapted = cast(OneTripConnection, self._adapt_connection)
        if not parameters and _is_begin(operation) and not adapted.begin:
            adapted.begin = operation  # it goes with the next statement
            self.description, self.lastrowid, self.rowcount = None, 0, -1
            self._rows = deque()
            return
        connection = cast(aiosqlite.Connection, self._connection)
        begin = adapted.take_begin()
        try:
            found = self.await_(
                connection._execute(_run, connection._conn, operation, parameters, begin)
            )
        except Exception as error:
            self._adapt_connection._handle_exception(error)
        self.description, rows, self.lastrowid, self.rowcount = found
        self._rows = deque(rows)

    def executemany(self, operation: Any, seq_of_parameters: Sequence[Any]) -> Any:
        connection = cast(aiosqlite.Connection, self._connection)
        begin = cast(OneTripConnection, self._adapt_connection).take_begin()
        try:
            self.lastrowid, self.rowcount = self.await_(
                connection._execute(
                    _run_many, connection._conn, operation, seq_of_parameters, begin
                )
            )
        except Exception as error:
            self._adapt_connection._handle_exception(error)
        self.description = None


def _is_begin(operation: Any) -> bool:
    return isinstance(operation, str) and operation[:6].upper() == "BEGIN "


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    """The adapter's connection, handing out ``OneTripCursor`` (streaming ones excepted),
    keeping a transaction's ``BEGIN`` for its first statement, and making no trip to end a
    transaction that is not open."""

    __slots__ = ("begin", "settled")

    def __init__(self, dbapi: Any, connection: Any) -> None:
        super().__init__(dbapi, connection)
        self.begin = ""  # the BEGIN not sent yet
        # True once a COMMIT or ROLLBACK ended everything and no statement ran since.
        self.settled = False

    def take_begin(self) -> str:
        """The BEGIN to send with the statement about to run ('' for none)."""
        begin, self.begin = self.begin, ""
        self.settled = False
        return begin

    def cursor(self, server_side: bool = False) -> AsyncAdapt_aiosqlite_cursor:
        if server_side:
            self._send_begin()  # a streaming cursor goes the adapter's way: the BEGIN first
            return super().cursor(server_side=True)
        return OneTripCursor(self)

    def execute(self, *args: Any, **kw: Any) -> Any:
        self._send_begin()
        return super().execute(*args, **kw)

    def _send_begin(self) -> None:
        """Send the waiting BEGIN (if any) on its own, before a statement that goes another
        way."""
        begin = self.take_begin()
        if not begin:
            return
        connection = cast(aiosqlite.Connection, self._connection)
        try:
            self.await_(connection._execute(_run, connection._conn, begin, None, ""))
        except Exception as error:
            self._handle_exception(error)

    def commit(self) -> None:
        self._end(super().commit)

    def rollback(self) -> None:
        self._end(super().rollback)

    def _end(self, end: Any) -> None:
        if self.begin or self.settled:  # nothing ran since: nothing is open
            self.begin = ""
            self.settled = True
            return
        end()
        self.settled = True

    def close(self) -> None:
        self.begin = ""
        super().close()


class OneTripDBAPI(AsyncAdapt_aiosqlite_dbapi):
    """The adapter's DBAPI module (``create_async_engine(module=...)``) with one-trip cursors."""

    def connect(self, *arg: Any, **kw: Any) -> AsyncAdapt_aiosqlite_connection:
        adapted = super().connect(*arg, **kw)
        if type(adapted) is AsyncAdapt_aiosqlite_connection:
            return OneTripConnection(self, adapted._connection)
        return adapted


def one_trip_dbapi() -> OneTripDBAPI:
    """A DBAPI module for ``create_async_engine(..., module=...)`` on ``sqlite+aiosqlite``."""
    return OneTripDBAPI(aiosqlite, sqlite3)
