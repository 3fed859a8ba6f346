"""Group commit: the small writes of many requests in one transaction.

Every page view appends an audit row, and every API request counts itself against its rate
limit. Written one transaction each, those writes queue for SQLite's one write lock and pay one
flush to disk each; under load that, not the pages, sets the pace. ``GroupCommit.run(work)``
instead adds ``work`` (an async function of a connection) to the next batch: one task per
process writes the batch in one transaction as soon as the previous one is done, and each
caller's ``run`` returns only once the transaction holding its work is committed (durable), with
that work's own result. Nothing waits on purpose: a lone request gets a batch of one at once.

The works are small Core statements (an audit row, a rate count, a session touch), so the batch
runs on a bare connection, not an ORM session: a session's own bookkeeping (its transaction
object, the flush, the ORM's execution path) cost more than the statements themselves.

Should a batch fail, each of its pieces of work is tried again in a transaction of its own, so
one bad piece fails only its own request.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from jobs.store.audit import lock_chain

T = TypeVar("T")
Work = Callable[[AsyncConnection], Awaitable[Any]]
log = logging.getLogger(__name__)
MAX_BATCH = 200


class GroupCommit:
    """One writer of batched small writes for one event loop (see the module's docstring)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.pending: list[tuple[Work, asyncio.Future[Any]]] = []
        self.writer: asyncio.Task[None] | None = None
        self.batches = 0  # transactions written (for tests and figures)

    async def run(self, work: Callable[[AsyncConnection], Awaitable[T]]) -> T:
        """Do ``work`` in the next batch's transaction; its result once that is committed."""
        future: asyncio.Future[T] = asyncio.get_running_loop().create_future()
        self.pending.append((work, future))
        if self.writer is None or self.writer.done():
            self.writer = asyncio.create_task(self._write())
        return await asyncio.shield(future)

    async def _write(self) -> None:
        while self.pending:
            batch, self.pending = self.pending[:MAX_BATCH], self.pending[MAX_BATCH:]
            try:
                results = await self._transaction([work for work, _ in batch])
            except Exception:
                if len(batch) == 1:
                    work, future = batch[0]
                    await self._alone(work, future)
                    continue
                log.warning("a batch of %s writes failed; writing them one by one", len(batch))
                for work, future in batch:
                    await self._alone(work, future)
                continue
            for (_, future), result in zip(batch, results, strict=True):
                if not future.done():
                    future.set_result(result)

    async def _transaction(self, works: list[Work]) -> list[Any]:
        async with self.engine.begin() as connection:
            # Batches mix audit rows with rate counts and session touches in any order: on
            # PostgreSQL the chain's lock comes first, so no batch holds a row another batch's
            # audit append waits behind (SQLite's BEGIN IMMEDIATE already orders them). The
            # batch's audit rows find it held and do not ask again.
            await lock_chain(connection)
            results = [await work(connection) for work in works]
        self.batches += 1
        return results

    async def _alone(self, work: Work, future: asyncio.Future[Any]) -> None:
        try:
            (result,) = await self._transaction([work])
        except Exception as exc:
            if not future.done():
                future.set_exception(exc)
        else:
            if not future.done():
                future.set_result(result)
