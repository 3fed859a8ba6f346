"""``create_app(settings)``: the only place the Litestar app is assembled."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
from advanced_alchemy.extensions.litestar import (
    AsyncSessionConfig,
    SQLAlchemyAsyncConfig,
    SQLAlchemyPlugin,
)
from litestar import Litestar, MediaType, Request, Response
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Template
from litestar.static_files import create_static_files_router
from litestar.template import TemplateConfig

from jobs import __version__
from jobs.api.health import health
from jobs.errors import ImportRejected, JobsError
from jobs.settings import Settings
from jobs.store import metadata
from jobs.store.engine import create_engine
from jobs.web.home import home

WEB = Path(__file__).with_name("web")


def _wants_json(request: Request) -> bool:
    if request.url.path.startswith("/api/"):
        return True
    accept = request.headers.get("accept", "")
    return "application/json" in accept and "text/html" not in accept


def handle_jobs_error(request: Request, exc: JobsError) -> Response:
    """Map the project's exception tree to JSON for the API and to a page for people."""
    problems = exc.problems if isinstance(exc, ImportRejected) else []
    if _wants_json(request):
        body = {"error": {"type": type(exc).__name__, "message": exc.message}}
        if problems:
            body["error"]["problems"] = problems
        return Response(body, status_code=exc.status_code, media_type=MediaType.JSON)
    return Template(
        template_name="error.html",
        context={"title": "Something is not right", "message": exc.message, "problems": problems},
        status_code=exc.status_code,
    )


def create_app(settings: Settings) -> Litestar:
    """Build the web app for ``settings``: database, pages, API, OpenAPI, shared HTTP client."""
    engine = create_engine(settings.database)
    database = SQLAlchemyAsyncConfig(
        engine_instance=engine,
        metadata=metadata,
        session_config=AsyncSessionConfig(expire_on_commit=False),
        before_send_handler="autocommit",
    )

    @asynccontextmanager
    async def http_client(app: Litestar) -> AsyncIterator[None]:
        # One client for every outbound call (connectors, geocoding), with explicit timeouts.
        timeout = httpx.Timeout(settings.http.timeout_seconds, connect=10.0)
        async with httpx.AsyncClient(
            timeout=timeout, headers={"User-Agent": settings.http.user_agent}
        ) as client:
            app.state.http = client
            yield

    app = Litestar(
        route_handlers=[
            home,
            health,
            create_static_files_router(path="/static", directories=[WEB / "static"]),
        ],
        plugins=[SQLAlchemyPlugin(config=database)],
        lifespan=[http_client],
        template_config=TemplateConfig(directory=WEB / "templates", engine=JinjaTemplateEngine),
        openapi_config=OpenAPIConfig(
            title="Fair-chance jobs API",
            version=__version__,
            path="/schema",
            render_plugins=[JsonRenderPlugin()],
        ),
        exception_handlers={JobsError: handle_jobs_error},
        debug=settings.server.debug,
    )
    app.state.settings = settings
    return app
