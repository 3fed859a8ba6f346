"""What the app's ASGI middleware stack costs a request, and what one Litestar layer costs.

Issue #19 asked whether folding middlewares (seven today) would make requests cheaper. This
times, in this process and with no database work (a GET of a page without a session cookie,
answered by a stub route): the app's own middleware list (taken from ``create_app``) against
the bare route, and a chain of no-op ``ASGIMiddleware`` layers against none, so the saving of
folding N layers is about N times the per-layer figure. Compare with the pages' milliseconds
in ``bench_request_cost.py``. Medians of 7 runs of process CPU time.
"""

from __future__ import annotations

import asyncio
import logging
import os
import tempfile
import time
from typing import Any

from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send

CALLS = 5_000


class Nothing(ASGIMiddleware):
    scopes = (ScopeType.HTTP,)

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        await next_app(scope, receive, send)


class Route:
    """What the stack needs of a route handler."""

    opt: dict[str, Any] = {}
    paths = frozenset({"/caseload"})


async def route(scope: Scope, receive: Receive, send: Send) -> None:
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"x", "more_body": False})


async def _send(_message: Message) -> None:
    return None


async def _receive() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


def _scope() -> Any:
    return {
        "type": "http",
        "method": "GET",
        "path": "/caseload",
        "path_template": "/caseload",
        "headers": [(b"host", b"127.0.0.1"), (b"user-agent", b"bench")],
        "client": ("127.0.0.1", 40000),
        "route_handler": Route(),
        "state": {},
    }


def wrapped(layers: list[Any]) -> ASGIApp:
    app: ASGIApp = route
    for layer in reversed(layers):
        app = layer(app)
    return app


async def microseconds(app: ASGIApp) -> float:
    runs = []
    for _ in range(7):
        started = time.process_time()
        for _ in range(CALLS):
            await app(_scope(), _receive, _send)
        runs.append((time.process_time() - started) / CALLS * 1e6)
    return sorted(runs)[3]


async def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-middleware-") as folder:
        os.environ["JOBS_DATA_DIR"] = folder
        os.environ["JOBS_DATABASE_URL"] = f"sqlite+aiosqlite:///{folder}/jobs.sqlite3"
        from jobs.app import create_app
        from jobs.cli.runtime import load_runtime

        app = create_app(load_runtime().settings)
        stack = list(app.middleware)
        bare = await microseconds(route)
        ours = await microseconds(wrapped(stack)) - bare
        access = logging.getLogger("litestar")  # the access log line (RequestMetrics)
        access.disabled = True
        quiet = await microseconds(wrapped(stack)) - bare
        access.disabled = False
        one = (await microseconds(wrapped([Nothing()] * 7)) - bare) / 7
    names = ", ".join(type(layer).__name__.removesuffix("Middleware") for layer in stack)
    print(f"the app's {len(stack)} middlewares ({names}): {ours:.1f} us a request")
    print(f"  the same without the access log line: {quiet:.1f} us")
    print(f"one no-op Litestar ASGIMiddleware layer: {one:.2f} us a request")
    print(
        f"folding 3 layers would save about {3 * one:.1f} us "
        f"({3 * one / 15_200:.3%} of a 15.2 ms request)"
    )


if __name__ == "__main__":
    asyncio.run(main())
