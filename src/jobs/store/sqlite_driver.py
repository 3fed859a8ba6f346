"""SQLite through aiosqlite, one trip to its thread per statement instead of four.

aiosqlite runs each connection's sqlite3 calls in a thread of its own; SQLAlchemy's adapter asks
that thread four times for every statement (make a cursor, execute, fetch the rows, close the
cursor), and each trip hands the GIL over and wakes the event loop when it is done. Here a
statement's four steps run in one trip (``_run``). Rows, description, row count and last row id
are what the adapter would have read; errors are the same errors. Streaming (server-side)
cursors keep the adapter's own way.
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


def _run(connection: sqlite3.Connection, operation: str, parameters: Any) -> Found:
    """In the connection's thread: execute, and read everything the adapter reads."""
    cursor = connection.cursor()
    try:
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
    connection: sqlite3.Connection, operation: str, parameters: Iterable[Any]
) -> tuple[int | None, int]:
    cursor = connection.cursor()
    try:
        cursor.executemany(operation, parameters)
        return cursor.lastrowid, cursor.rowcount
    finally:
        cursor.close()


class OneTripCursor(AsyncAdapt_aiosqlite_cursor):
    """The adapter's cursor, each statement in one trip to the connection's thread."""

    __slots__ = ()

    def execute(self, operation: Any, parameters: Any = None) -> Any:
        connection = cast(aiosqlite.Connection, self._connection)
        try:
            found = self.await_(connection._execute(_run, connection._conn, operation, parameters))
        except Exception as error:
            self._adapt_connection._handle_exception(error)
        self.description, rows, self.lastrowid, self.rowcount = found
        self._rows = deque(rows)

    def executemany(self, operation: Any, seq_of_parameters: Sequence[Any]) -> Any:
        connection = cast(aiosqlite.Connection, self._connection)
        try:
            self.lastrowid, self.rowcount = self.await_(
                connection._execute(_run_many, connection._conn, operation, seq_of_parameters)
            )
        except Exception as error:
            self._adapt_connection._handle_exception(error)
        self.description = None


class OneTripConnection(AsyncAdapt_aiosqlite_connection):
    """The adapter's connection, handing out ``OneTripCursor`` (streaming ones excepted)."""

    __slots__ = ()

    def cursor(self, server_side: bool = False) -> AsyncAdapt_aiosqlite_cursor:
        if server_side:
            return super().cursor(server_side=True)
        return OneTripCursor(self)


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
