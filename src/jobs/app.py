"""``create_app(settings)``: the only place the Litestar app is assembled."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import jinja2
from advanced_alchemy.extensions.litestar import (
    AsyncSessionConfig,
    SQLAlchemyPlugin,
)
from litestar import Litestar, MediaType, Request, Response
from litestar.config.compression import CompressionConfig
from litestar.exceptions import HTTPException, NotAuthorizedException
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.plugins.jinja import JinjaTemplateEngine
from litestar.response import Redirect
from litestar.template import TemplateConfig

from jobs import __version__
from jobs.api import api_handlers
from jobs.api.health import health
from jobs.errors import ImportRejected, JobsError
from jobs.runtime import Runtime
from jobs.settings import Settings
from jobs.store import metadata
from jobs.store.engine import create_engine, read_session_factory, session_factory
from jobs.web.access import ViewerMiddleware, deny_by_default
from jobs.web.admin import admin_router
from jobs.web.admission import TurnsMiddleware
from jobs.web.audit_trail import AuditTrailMiddleware
from jobs.web.auth import (
    account_page,
    language_change,
    login,
    login_page,
    logout,
    password_change,
    register,
    register_page,
    start,
    token_create,
    token_revoke,
    two_step_confirm,
    two_step_page,
)
from jobs.web.consents import participant_consents_router, staff_consents_router
from jobs.web.drafts import KeptFormMiddleware, SessionOwnerMiddleware, session_alive
from jobs.web.employer import employer_home_router, employer_router
from jobs.web.error_pages import handle_http_error, handle_server_error, wants_json
from jobs.web.hardening import AllowedHostsMiddleware, security_headers
from jobs.web.home import home
from jobs.web.hooks import hook_handlers
from jobs.web.interviews import interview_router, staff_phone_router
from jobs.web.matching_queue import MatchingQueue
from jobs.web.observability import RequestMetricsMiddleware, logging_config, metrics_page
from jobs.web.participant import participant_router
from jobs.web.participant_login import participant_login_router
from jobs.web.rate_limit import RateLimitMiddleware
from jobs.web.reauth import SignInAgain, handle_sign_in_again, reauth, reauth_page
from jobs.web.render import page
from jobs.web.reports import ReportsController
from jobs.web.sign_in_help import forgot, forgot_page, language_before_sign_in, link_page, link_use
from jobs.web.specialist import specialist_router
from jobs.web.static_files import COMPRESS_FROM_BYTES, SKIP_COMPRESSION, StaticFiles, static_router
from jobs.web.transactions import ReadingSessionConfig, ending_transactions

WEB = Path(__file__).with_name("web")


_wants_json = wants_json


def handle_jobs_error(request: Request, exc: JobsError) -> Response:
    """Map the project's exception tree to JSON for the API and to a page for people."""
    problems = exc.problems if isinstance(exc, ImportRejected) else []
    if _wants_json(request):
        body: dict[str, dict[str, Any]] = {
            "error": {"type": type(exc).__name__, "message": exc.message}
        }
        if problems:
            body["error"]["problems"] = problems
        return Response(body, status_code=exc.status_code, media_type=MediaType.JSON)
    return page(
        request,
        "error.html",
        status_code=exc.status_code,
        title="Something is not right",
        message=exc.message,
        problems=problems,
    )


def handle_not_signed_in(request: Request, exc: NotAuthorizedException) -> Response:
    """Not signed in: the API answers 401, a page sends the browser to the sign-in form."""
    if _wants_json(request):
        return Response(
            {"error": {"type": "NotSignedIn", "message": "sign in or send a bearer token"}},
            status_code=401,
            media_type=MediaType.JSON,
            headers={"WWW-Authenticate": 'Bearer realm="jobs"'},
        )
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return Redirect(path="/login", query_params={"next": target}, status_code=303)


def create_app(settings: Settings, runtime: Runtime | None = None) -> Litestar:
    """Build the web app for ``settings``: its runtime (built here unless ``jobs serve`` shares
    its own), database, pages, API, OpenAPI and the shared HTTP client. Two apps built in one
    process share nothing."""
    runtime = runtime or Runtime.build(settings)
    # The engine seals and opens the encrypted columns with this runtime's key ring, and signs
    # audit rows with its audit key.
    engine = create_engine(settings.database, runtime.key_ring, runtime.audit_key)
    database = ReadingSessionConfig(
        engine_instance=engine,
        metadata=metadata,
        session_config=AsyncSessionConfig(expire_on_commit=False),
    )
    # Made after the config, which picks its own session key.
    database.before_send_handler = ending_transactions(database.session_scope_key, database.writes)

    @asynccontextmanager
    async def http_client(app: Litestar) -> AsyncIterator[None]:
        # One client for every outbound call (connectors, geocoding), with explicit timeouts;
        # `jobs serve` made one already for its scheduled sync, and the app uses that one.
        try:
            if runtime.http is not None:
                yield
                return
            timeout = httpx.Timeout(settings.http.timeout_seconds, connect=10.0)
            async with httpx.AsyncClient(
                timeout=timeout, headers={"User-Agent": settings.http.user_agent}
            ) as client:
                runtime.http = client
                try:
                    yield
                finally:
                    runtime.http = None
        finally:
            await app.state.matching.close()
            # The engine was made here, so it is closed here (sessions' pool included).
            await engine.dispose()

    static = StaticFiles(WEB / "static")
    # Templates are compiled once and kept (no file check per page) unless debugging.
    templates = jinja2.Environment(
        loader=jinja2.FileSystemLoader(WEB / "templates"),
        autoescape=True,
        auto_reload=settings.server.debug,
        cache_size=-1,
    )
    templates.globals["static"] = static.url
    app = Litestar(
        route_handlers=[
            home,
            health,
            metrics_page,
            static_router(static),
            login_page,
            login,
            logout,
            start,
            session_alive,
            account_page,
            password_change,
            language_change,
            token_create,
            token_revoke,
            two_step_page,
            two_step_confirm,
            reauth_page,
            reauth,
            register_page,
            register,
            specialist_router,
            employer_home_router,
            employer_router,
            participant_router,
            # Reaching people: sign-in help, participants' logins, interview requests.
            forgot_page,
            forgot,
            link_page,
            link_use,
            language_before_sign_in,
            participant_login_router,
            interview_router,
            staff_phone_router,
            participant_consents_router,
            staff_consents_router,
            admin_router,
            *hook_handlers,
            ReportsController,
            *api_handlers(),
        ],
        plugins=[SQLAlchemyPlugin(config=database)],
        middleware=[
            RequestMetricsMiddleware(),
            TurnsMiddleware(settings.server.max_in_flight),  # timed as waiting, too
            AllowedHostsMiddleware(settings),
            SessionOwnerMiddleware(settings, read_session_factory(engine)),
            ViewerMiddleware(settings, read_session_factory(engine), database.writes, database),
            KeptFormMiddleware(settings, session_factory(engine)),  # a form sent once signed out
            AuditTrailMiddleware(session_factory(engine)),
            RateLimitMiddleware(
                settings, session_factory(engine), writes=database.writes
            ),  # inside: refusals audited
        ],
        before_send=[security_headers(settings)],
        request_max_body_size=settings.server.max_body_bytes,
        guards=[deny_by_default],
        lifespan=[http_client],
        template_config=TemplateConfig(instance=JinjaTemplateEngine.from_environment(templates)),
        # Pages and JSON over a few KB go out compressed to clients that accept gzip; level 1
        # takes about a third of the CPU of the default 6 for output about a fifth larger
        # (60 KB of our templates' HTML: 0.45 ms and 19.1 KB against 1.23 ms and 15.6 KB).
        # Static files are compressed once, when read (web/static_files.py).
        compression_config=CompressionConfig(
            backend="gzip",
            minimum_size=COMPRESS_FROM_BYTES,
            gzip_compress_level=1,
            exclude_opt_key=SKIP_COMPRESSION,
        ),
        openapi_config=OpenAPIConfig(
            title="Fair-chance jobs API",
            version=__version__,
            path="/schema",
            render_plugins=[JsonRenderPlugin()],
        ),
        exception_handlers={
            JobsError: handle_jobs_error,
            NotAuthorizedException: handle_not_signed_in,
            SignInAgain: handle_sign_in_again,
            HTTPException: handle_http_error,
            Exception: handle_server_error,
        },
        logging_config=logging_config(settings.server.log_format),
        debug=settings.server.debug,
    )
    app.state.settings = settings
    app.state.runtime = runtime
    app.state.matching = MatchingQueue(runtime, session_factory(engine))
    return app
