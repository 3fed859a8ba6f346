"""Each request's database transaction ends with its answer: committed for 2xx and 3xx, rolled
back for anything else (errors and refusals included).

When the commit or rollback itself fails, the session's connection is dropped rather than
returned to the pool: on SQLite an open ``BEGIN IMMEDIATE`` would otherwise keep the write lock
and stall every other request for the busy timeout.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine
from typing import Any, cast

from advanced_alchemy.extensions.litestar._utils import delete_aa_scope_state, get_aa_scope_state
from advanced_alchemy.extensions.litestar.plugins.init.config.common import (
    SESSION_TERMINUS_ASGI_EVENTS,
)
from litestar.constants import HTTP_RESPONSE_START
from litestar.types import Message, Scope
from sqlalchemy.ext.asyncio import AsyncSession

log = logging.getLogger(__name__)


def ending_transactions(
    session_scope_key: str,
) -> Callable[[Message, Scope], Coroutine[Any, Any, None]]:
    """The database plugin's before-send handler for the sessions kept under
    ``session_scope_key`` (each plugin config has its own key)."""

    async def end_transaction(message: Message, scope: Scope) -> None:
        session = cast(AsyncSession | None, get_aa_scope_state(scope, session_scope_key))
        if session is None:
            return
        try:
            if message["type"] == HTTP_RESPONSE_START:
                if 200 <= message["status"] < 400:
                    await session.commit()
                else:
                    await session.rollback()
        except Exception:
            log.exception("ending the request's transaction failed; dropping its connection")
            await session.invalidate()
        finally:
            if message["type"] in SESSION_TERMINUS_ASGI_EVENTS:
                await session.close()
                delete_aa_scope_state(scope, session_scope_key)

    return end_transaction
