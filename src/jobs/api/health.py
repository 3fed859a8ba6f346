"""``GET /health``: public, 200 when the database answers, 503 otherwise."""

from __future__ import annotations

import msgspec
from litestar import get
from litestar.di import NamedDependency
from litestar.response import Response
from sqlalchemy.ext.asyncio import AsyncEngine

from jobs.services.health import database_answers


class Health(msgspec.Struct):
    status: str
    database: str


@get("/health", tags=["health"], summary="Liveness and database check", cache=False)
async def health(db_engine: NamedDependency[AsyncEngine]) -> Response[Health]:
    """Says whether the service and its database answer."""
    if await database_answers(db_engine):
        return Response(Health(status="ok", database="ok"), status_code=200)
    return Response(Health(status="error", database="unavailable"), status_code=503)
