"""Turns: a web process works on at most ``JOBS_MAX_IN_FLIGHT`` page reads at once; the rest
wait their turn in arrival order.

One process runs every request on one event loop. With 50 requests in it at once, each waits
behind all the others' ready callbacks at every database round trip, so a request's time grows
with its number of round trips: a page of 14 statements took several times as long as one of 2,
and the slowest pages set p95. Taking turns puts the waiting in one queue before any work
starts, where every request waits about as long, and a request in the loop shares it with a few
others only: the same work in the same time, with a much shorter tail.

Only reads that carry no body take turns (GET and HEAD): a request whose body is still arriving
would hold a turn while a slow client sends it. A turn ends when the answer starts (its headers
are sent), so a slow reader of the answer holds none. ``/health`` never waits: a load balancer's
probe must not queue behind the load it is probing. Static files are answered from memory and
skip the queue too.
"""

from __future__ import annotations

import asyncio
from collections import deque

from litestar.enums import ScopeType
from litestar.middleware import ASGIMiddleware
from litestar.types import ASGIApp, Message, Receive, Scope, Send

TAKING_TURNS = frozenset({"GET", "HEAD"})


class Turns:
    """At most ``limit`` holders at once; the others are let in first come, first served."""

    def __init__(self, limit: int) -> None:
        self.free = limit
        self.waiting: deque[asyncio.Future[None]] = deque()

    async def take(self) -> None:
        """Wait for a turn (at once when one is free and nobody is waiting)."""
        if self.free > 0 and not self.waiting:
            self.free -= 1
            return
        turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.waiting.append(turn)
        try:
            await turn
        except asyncio.CancelledError:
            if turn.done() and not turn.cancelled():
                self.give()  # the turn came as the request went away: pass it on
            else:
                self.waiting.remove(turn)
            raise

    def give(self) -> None:
        """End a turn: the longest waiting request goes next."""
        while self.waiting:
            turn = self.waiting.popleft()
            if not turn.done():
                turn.set_result(None)
                return
        self.free += 1


class TurnsMiddleware(ASGIMiddleware):
    """Page reads take turns (see the module's docstring)."""

    scopes = (ScopeType.HTTP,)

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.turns: Turns | None = None  # made on the serving loop, at the first request

    async def handle(self, scope: Scope, receive: Receive, send: Send, next_app: ASGIApp) -> None:
        path = scope.get("path", "")
        if (
            self.limit <= 0
            or scope.get("method") not in TAKING_TURNS
            or path == "/health"
            or path.startswith("/static/")
        ):
            await next_app(scope, receive, send)
            return
        if self.turns is None:
            self.turns = Turns(self.limit)
        turns = self.turns
        await turns.take()
        holding = True

        async def send_then_give(message: Message) -> None:
            nonlocal holding
            if holding and message["type"] == "http.response.start":
                holding = False
                turns.give()
            await send(message)

        try:
            await next_app(scope, receive, send_then_give)
        finally:
            if holding:
                turns.give()
