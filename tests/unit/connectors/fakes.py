"""Fakes for connector tests: an upstream on httpx.MockTransport and recorded sleeps."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import httpx

from tools.shared_data import SHARED_DATA

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures" / "connectors"
SHARED = SHARED_DATA / "connectors"

Responder = Callable[[httpx.Request], httpx.Response] | httpx.Response


def fixture_bytes(relative: str) -> bytes:
    return (FIXTURES / relative).read_bytes()


def fixture_response(relative: str, status: int = 200, **headers: str) -> httpx.Response:
    kind = "application/json" if relative.endswith(".json") else "application/xml"
    if relative.endswith((".html", ".htm")):
        kind = "text/html; charset=utf-8"
    if relative.endswith(".csv"):
        kind = "text/csv"
    return httpx.Response(
        status, content=fixture_bytes(relative), headers={"content-type": kind, **headers}
    )


class Upstream:
    """A fake upstream: responses by path, every request recorded."""

    def __init__(self) -> None:
        self.routes: dict[str, Responder] = {}
        self.requests: list[httpx.Request] = []

    def route(self, path: str, responder: Responder) -> Upstream:
        self.routes[path] = responder
        return self

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        responder = self.routes.get(request.url.path)
        if responder is None:
            return httpx.Response(404, json={"error": f"no route for {request.url.path}"})
        if isinstance(responder, httpx.Response):
            return httpx.Response(
                responder.status_code, headers=responder.headers, content=responder.content
            )
        return responder(request)

    def client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.MockTransport(self.handle))

    def paths(self) -> list[str]:
        return [r.url.path for r in self.requests]


class Sleeps(list):
    """Records requested sleeps instead of sleeping."""

    async def __call__(self, seconds: float) -> None:
        self.append(seconds)
