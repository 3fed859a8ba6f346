"""Reading columns without the ORM's execution path.

``session.execute`` runs any statement through the ORM: even a SELECT of plain columns (no
whole entities) gets an ORM compile state and an ORM result, which costs about a third more
than the statement itself on SQLite. ``read_columns`` runs such a SELECT on the session's own
connection, in the same transaction (so the same snapshot, and on SQLite a reader's deferred
BEGIN), and answers the same rows. A session holding unflushed changes goes the ORM way, so its
autoflush still puts them in first.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Result
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import Executable


async def read_columns(
    session: AsyncSession, statement: Executable, params: Mapping[str, Any] | None = None
) -> Result[Any]:
    """The rows of ``statement`` (a SELECT of columns, no entities) in ``session``'s
    transaction."""
    sync = session.sync_session
    if sync.new or sync.deleted or sync.dirty:
        return await session.execute(statement, params)
    connection = await session.connection()
    return await connection.execute(statement, params)
