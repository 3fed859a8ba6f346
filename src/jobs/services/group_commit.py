"""Group commit: the small writes of many requests in one transaction.

Every page view appends an audit row, and every API request counts itself against its rate
limit. Written one transaction each, those writes queue for SQLite's one write lock and pay one
flush to disk each; under load that, not the pages, sets the pace. ``GroupCommit.run(work)``
instead adds ``work`` (an async function of a connection) to the next batch: one task per
process writes the batch in one transaction as soon as the previous one is done, and each
caller's ``run`` returns only once the transaction holding its work is committed (durable), with
that work's own result. Nothing waits on purpose: a lone request gets a batch of one at once.

Works of one kind can also be done together: ``run_together(work, item)`` hands ``work`` every
item given to it in the batch in one call (all the batch's audit rows in one INSERT, its rate
counts in one upsert). Each statement costs a few round trips between the event loop and the
driver, and under load each round trip waits behind every other request's ready callbacks: a
batch of 18 works one statement each took about 250 ms on a busy loop, which is what the
requests that wait for it (every page that audits) paid at p95.

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
from typing import Any, NamedTuple, TypeVar

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from jobs.store.audit import CHAIN_LOCK_SQL

T = TypeVar("T")
Item = TypeVar("Item")
Work = Callable[[AsyncConnection], Awaitable[Any]]
# Done together: the connection and every item the batch holds for it, in order; one result each.
Together = Callable[[AsyncConnection, list[Item]], Awaitable[list[T]]]


class _Piece(NamedTuple):
    work: Any  # a Work, or a Together when ``together``
    item: Any
    together: bool
    future: asyncio.Future[Any]


log = logging.getLogger(__name__)
MAX_BATCH = 200


class GroupCommit:
    """One writer of batched small writes for one event loop (see the module's docstring)."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.pending: list[_Piece] = []
        self.writer: asyncio.Task[None] | None = None
        self.batches = 0  # transactions written (for tests and figures)

    async def run(self, work: Callable[[AsyncConnection], Awaitable[T]]) -> T:
        """Do ``work`` in the next batch's transaction; its result once that is committed."""
        return await self._add(work, None, together=False)

    async def run_together(self, work: Together[Item, T], item: Item) -> T:
        """Give ``item`` to ``work`` in the next batch's transaction, where ``work`` is called
        once with all of the batch's items for it; this item's result once that is committed.
        ``work`` must be one function for all callers (module level, not a new closure)."""
        return await self._add(work, item, together=True)

    async def _add(self, work: Any, item: Any, *, together: bool) -> Any:
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self.pending.append(_Piece(work, item, together, future))
        if self.writer is None or self.writer.done():
            self.writer = asyncio.create_task(self._write())
        return await asyncio.shield(future)

    async def _write(self) -> None:
        while self.pending:
            batch, self.pending = self.pending[:MAX_BATCH], self.pending[MAX_BATCH:]
            try:
                results = await self._transaction(batch)
            except Exception:
                if len(batch) > 1:
                    log.warning("a batch of %s writes failed; writing them one by one", len(batch))
                for piece in batch:
                    await self._alone(piece)
                continue
            for piece, result in zip(batch, results, strict=True):
                if not piece.future.done():
                    piece.future.set_result(result)

    async def _transaction(self, batch: list[_Piece]) -> list[Any]:
        async with self.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                # Batches mix audit rows with rate counts and session touches in any order:
                # the chain's lock comes first, so no batch holds a row another batch's audit
                # append waits behind (SQLite's BEGIN IMMEDIATE already orders them).
                await connection.execute(text(CHAIN_LOCK_SQL))
            results = await _do(connection, batch)
        self.batches += 1
        return results

    async def _alone(self, piece: _Piece) -> None:
        try:
            (result,) = await self._transaction([piece])
        except Exception as exc:
            if not piece.future.done():
                piece.future.set_exception(exc)
        else:
            if not piece.future.done():
                piece.future.set_result(result)


async def _do(connection: AsyncConnection, batch: list[_Piece]) -> list[Any]:
    """Each piece's result: works one by one in order, a kind done together where its first
    item stands."""
    results: list[Any] = [None] * len(batch)
    places: dict[Any, list[int]] = {}
    for at, piece in enumerate(batch):
        if piece.together:
            places.setdefault(piece.work, []).append(at)
    for at, piece in enumerate(batch):
        if not piece.together:
            results[at] = await piece.work(connection)
        elif places[piece.work][0] == at:
            where = places[piece.work]
            found = await piece.work(connection, [batch[i].item for i in where])
            for i, result in zip(where, found, strict=True):
                results[i] = result
    return results
