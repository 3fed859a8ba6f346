"""Rate limits counted in the database, so every app process behind a proxy shares them.

Time is cut into fixed windows (``window_seconds`` long, counted from the Unix epoch, so every
process agrees where a window starts). Each request adds one to its client's row for the current
window in one short transaction (in the web app: the next batch of its ``GroupCommit``, shared
with other requests' small writes): ``INSERT ... ON CONFLICT DO UPDATE SET count = count + 1
RETURNING count``, which is atomic on PostgreSQL and, on SQLite, runs inside the ``BEGIN
IMMEDIATE`` every writing transaction starts with. Two processes counting the same client at
once thus never lose a request. Rows of windows that have ended are deleted now and then
(``purge``).

Clients are stored as a digest, never as the IP address, token or session itself.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from typing import Any, cast

import msgspec
from sqlalchemy import CursorResult, TextClause, bindparam, delete, literal_column, text
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.postgresql.psycopg2 import dialect as postgresql_dialect
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.dialects.sqlite.pysqlite import dialect as sqlite_dialect
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, async_sessionmaker

from jobs.services.group_commit import GroupCommit
from jobs.store import RateCount

EPOCH = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)


def _count_one(insert: Any, dialect: Any) -> TextClause:
    columns = RateCount.__table__.c
    counted = insert(RateCount).values(
        key=bindparam("key"),
        window_start=bindparam("start"),
        count=literal_column("1"),
        expires_at=bindparam("ends"),
    )
    upsert = counted.on_conflict_do_update(
        index_elements=["key", "window_start"],
        set_={"count": RateCount.count + literal_column("1")},
    ).returning(RateCount.count)
    # SQLAlchemy never caches a dialect's INSERT ... ON CONFLICT (it has no cache key), so run
    # as built it is compiled again on every request; its SQL as text is compiled once.
    sql = str(upsert.compile(dialect=dialect(paramstyle="named")))
    return text(sql).bindparams(
        bindparam("key", type_=columns.key.type),
        bindparam("start", type_=columns.window_start.type),
        bindparam("ends", type_=columns.expires_at.type),
    )


# Add one to a client's count in a window, or start it at one (built once per dialect: every API
# request runs it).
COUNT_ONE = {
    "postgresql": _count_one(postgresql_insert, postgresql_dialect),
    "sqlite": _count_one(sqlite_insert, sqlite_dialect),
}


class Verdict(msgspec.Struct, frozen=True, kw_only=True):
    """What counting one request found."""

    allowed: bool
    count: int  # requests of this client in this window, this one included
    limit: int
    retry_after: int  # whole seconds until the window ends (at least 1)

    @property
    def first_refusal(self) -> bool:
        """True for the first request of the window that is refused (the one worth auditing)."""
        return self.count == self.limit + 1


def client_key(limit_name: str, client: str) -> str:
    """The row key of ``client`` (an IP, token or session digest) under one limit."""
    return f"{limit_name}:{hashlib.sha256(client.encode()).hexdigest()[:40]}"


def window_start(now: dt.datetime, window_seconds: int) -> dt.datetime:
    """The start of the fixed window ``now`` falls in."""
    seconds = math.floor((now - EPOCH).total_seconds() / window_seconds) * window_seconds
    return EPOCH + dt.timedelta(seconds=seconds)


async def count_request(
    sessions: async_sessionmaker[AsyncSession],
    key: str,
    *,
    limit: int,
    window_seconds: int,
    now: dt.datetime,
    writes: GroupCommit | None = None,
) -> Verdict:
    """Count one request of ``key`` in the window of ``now``, in a transaction of its own (or
    in the next batch of ``writes``, with other requests' small writes), and say whether it is
    within ``limit``."""
    start = window_start(now, window_seconds)
    ends = start + dt.timedelta(seconds=window_seconds)

    async def add_one(bind: AsyncSession | AsyncConnection) -> int:
        dialect = bind.dialect if isinstance(bind, AsyncConnection) else bind.get_bind().dialect
        statement = COUNT_ONE["postgresql" if dialect.name == "postgresql" else "sqlite"]
        found = await bind.execute(statement, {"key": key, "start": start, "ends": ends})
        return int(found.scalar_one())

    if writes is not None:
        count = await writes.run_together(count_together, (key, start, ends))
    else:
        async with sessions() as session, session.begin():
            count = await add_one(session)
    retry_after = max(1, math.ceil((ends - now).total_seconds()))
    return Verdict(allowed=count <= limit, count=count, limit=limit, retry_after=retry_after)


async def count_together(
    connection: AsyncConnection, requests: list[tuple[str, dt.datetime, dt.datetime]]
) -> list[int]:
    """Count a batch's requests (``GroupCommit.run_together``; each is (key, window start,
    window end)) in one upsert per window: each key's row gains its number of requests, and
    each request gets its own count, in the order given, as if counted one by one."""
    wanted: dict[tuple[str, dt.datetime], list[int]] = {}
    ends: dict[dt.datetime, dt.datetime] = {}
    for at, (key, start, end) in enumerate(requests):
        wanted.setdefault((key, start), []).append(at)
        ends[start] = end
    insert = postgresql_insert if connection.dialect.name == "postgresql" else sqlite_insert
    counts: list[int] = [0] * len(requests)
    for start, end in ends.items():
        rows = [
            {"key": key, "window_start": start, "count": len(places), "expires_at": end}
            for (key, at_start), places in wanted.items()
            if at_start == start
        ]
        upsert = insert(RateCount).values(rows)
        upsert = upsert.on_conflict_do_update(
            index_elements=["key", "window_start"],
            set_={"count": RateCount.count + upsert.excluded.count},
        ).returning(RateCount.key, RateCount.count)
        for key, total in (await connection.execute(upsert)).tuples():
            places = wanted[(key, start)]
            for n, at in enumerate(places, start=total - len(places) + 1):
                counts[at] = n
    return counts


async def purge(sessions: async_sessionmaker[AsyncSession], now: dt.datetime) -> int:
    """Delete the counts of windows that have ended; returns how many rows went."""
    async with sessions() as session, session.begin():
        result = await session.execute(delete(RateCount).where(RateCount.expires_at <= now))
    return cast(CursorResult[Any], result).rowcount or 0  # a DELETE answers with a cursor
