"""Each request's database transaction ends with its answer: committed for 2xx and 3xx, rolled
back for anything else (errors and refusals included).

A request that only reads (GET, HEAD, OPTIONS) gets a reader's session (``ReadingSessionConfig``):
on SQLite its transaction begins deferred and never takes the write lock. For a page (not the
API) the viewer middleware makes that session itself and looks the browser's session up in its
transaction, so a page reads in one transaction, not two (``reading_session``). The audit rows it
appends are kept and written in one short transaction of their own when the answer starts, before
any of the answer is sent: if that write fails, the answer fails too and shows nothing.

When the commit or rollback itself fails, the session's connection is dropped rather than
returned to the pool: on SQLite an open ``BEGIN IMMEDIATE`` would otherwise keep the write lock
and stall every other request for the busy timeout.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any, cast

from advanced_alchemy.extensions.litestar import SQLAlchemyAsyncConfig
from advanced_alchemy.extensions.litestar._utils import (
    delete_aa_scope_state,
    get_aa_scope_state,
    set_aa_scope_state,
)
from advanced_alchemy.extensions.litestar.plugins.init.config.common import (
    SESSION_TERMINUS_ASGI_EVENTS,
)
from advanced_alchemy.routing.context import reset_routing_context
from litestar.constants import HTTP_RESPONSE_START
from litestar.datastructures import State
from litestar.types import Message, Scope
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from jobs.services.audit import drop_rows_kept, keep_rows_for_later, write_later_rows
from jobs.services.group_commit import GroupCommit
from jobs.store.engine import read_session_factory
from jobs.web.error_pages import database_down

READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
log = logging.getLogger(__name__)


class ReadingSessionConfig(SQLAlchemyAsyncConfig):
    """The database plugin's config, handing a reader's session to requests that only read."""

    def __init__(self, *, engine_instance: AsyncEngine, **kwargs: Any) -> None:
        super().__init__(engine_instance=engine_instance, **kwargs)
        self.readers = read_session_factory(engine_instance)
        self.writes = GroupCommit(engine_instance)

    def provide_session(self, state: State, scope: Scope) -> AsyncSession:
        if scope.get("method") in READING_METHODS:
            self.reading_session(scope)
        return super().provide_session(state, scope)

    def reading_session(self, scope: Scope) -> AsyncSession:
        """The reader's session of this reading request, made on first use and ended with its
        answer (``ending_transactions``), as the route's ``db_session``."""
        session = cast(AsyncSession | None, get_aa_scope_state(scope, self.session_scope_key))
        if session is None:
            reset_routing_context()
            session = self.readers()
            keep_rows_for_later(session)
            set_aa_scope_state(scope, self.session_scope_key, session)
        return session

    async def close_reading_session(self, scope: Scope) -> None:
        """Close the request's session if its answer did not (the client went away first)."""
        session = cast(AsyncSession | None, get_aa_scope_state(scope, self.session_scope_key))
        if session is not None:
            delete_aa_scope_state(scope, self.session_scope_key)
            await session.close()


def ending_transactions(
    session_scope_key: str, writes: GroupCommit
) -> Callable[[Message, Scope], Coroutine[Any, Any, None]]:
    """The database plugin's before-send handler for the sessions kept under
    ``session_scope_key`` (each plugin config has its own key); ``writes`` writes the audit
    rows a reader's session kept, batched with other requests' small writes."""

    async def end_transaction(message: Message, scope: Scope) -> None:
        if message["type"] == "http.response.body" and cast(dict[str, Any], scope).get(
            _UNAVAILABLE
        ):
            _withhold_body(message, scope)
            return
        session = cast(AsyncSession | None, get_aa_scope_state(scope, session_scope_key))
        if session is None:
            return
        if message["type"] == HTTP_RESPONSE_START and 200 <= message["status"] < 400:
            try:
                if not session.info.get("writing"):
                    # End the read first: its connection goes back to the pool before the
                    # rows take one (50 requests each holding one and waiting for a second
                    # would drain the pool). Nothing is sent yet.
                    await session.commit()
                await write_later_rows(session, writes)
            except Exception as exc:
                # The answer shows what the rows describe: with no rows, it is not sent at all.
                log.exception("could not write the audit rows of a read; the answer is refused")
                await session.invalidate()
                await session.close()
                delete_aa_scope_state(scope, session_scope_key)
                if not database_down(exc):
                    raise
                # The database went away between the read and its audit rows: the page is
                # swapped for the same "back in a moment" 503 as any request during an outage.
                _answer_unavailable(message, scope)
                return
        try:
            if message["type"] == HTTP_RESPONSE_START:
                if 200 <= message["status"] < 400:
                    await session.commit()
                else:
                    drop_rows_kept(session)
                    await session.rollback()
        except Exception:
            log.exception("ending the request's transaction failed; dropping its connection")
            await session.invalidate()
        finally:
            if message["type"] in SESSION_TERMINUS_ASGI_EVENTS:
                await session.close()
                delete_aa_scope_state(scope, session_scope_key)

    return end_transaction


_UNAVAILABLE = "jobs.answer_withheld"
_UNAVAILABLE_BODY = b"Back in a moment: the service is restarting. Please try again shortly.\n"


def _answer_unavailable(message: Message, scope: Scope) -> None:
    """Turn a response start into a plain 503 (its body is withheld by ``_withhold_body``)."""
    start = cast(dict[str, Any], message)
    start["status"] = 503
    start["headers"] = [
        (b"content-type", b"text/plain; charset=utf-8"),
        (b"content-length", str(len(_UNAVAILABLE_BODY)).encode()),
        (b"retry-after", b"5"),
        (b"cache-control", b"no-store"),
    ]
    cast(dict[str, Any], scope)[_UNAVAILABLE] = "start"


def _withhold_body(message: Message, scope: Scope) -> None:
    """The page's body never goes out: the first chunk becomes the 503's words, later ones empty."""
    state = cast(dict[str, Any], scope)
    cast(dict[str, Any], message)["body"] = (
        _UNAVAILABLE_BODY if state.get(_UNAVAILABLE) == "start" else b""
    )
    state[_UNAVAILABLE] = "body"
