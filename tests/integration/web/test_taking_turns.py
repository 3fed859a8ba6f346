"""Page reads take turns (web/admission.py): at most JOBS_MAX_IN_FLIGHT at once per process,
the rest let in first come, first served; /health, writes and static files never wait."""

from __future__ import annotations

import asyncio

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jobs.errors import ConfigurationError
from jobs.settings import Settings
from jobs.web.admission import Turns, TurnsMiddleware

pytestmark = pytest.mark.anyio


class _Pages:
    """An app whose pages each wait for their own go-ahead, noting who is inside."""

    def __init__(self) -> None:
        self.inside: list[str] = []
        self.peak = 0
        self.go: dict[str, asyncio.Event] = {}

    def finish(self, path: str) -> None:
        self.go.setdefault(path, asyncio.Event()).set()

    async def __call__(self, scope, receive, send) -> None:
        path = scope["path"]
        self.inside.append(path)
        self.peak = max(self.peak, len(self.inside))
        await self.go.setdefault(path, asyncio.Event()).wait()
        self.inside.remove(path)
        if path == "/boom":
            raise RuntimeError("boom")
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"ok"})


async def _ask(middleware, app, path: str, method: str = "GET", sent=None) -> None:
    scope = {"type": "http", "method": method, "path": path}

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        if sent is not None:
            sent.append((path, message["type"]))

    await middleware.handle(scope, receive, send, app)


async def test_at_most_the_limit_work_at_once_and_the_rest_go_in_arrival_order():
    pages = _Pages()
    middleware = TurnsMiddleware(2)
    asks = [asyncio.create_task(_ask(middleware, pages, f"/page/{n}")) for n in range(6)]
    await asyncio.sleep(0.05)
    assert pages.inside == ["/page/0", "/page/1"]  # the others wait before any work
    # /health, a POST and static files go straight in, however full it is.
    for path, method in (("/health", "GET"), ("/login", "POST"), ("/static/app.css", "GET")):
        task = asyncio.create_task(_ask(middleware, pages, path, method))
        await asyncio.sleep(0.01)
        assert path in pages.inside
        pages.finish(path)
        await task
    # Each ended turn lets the longest waiting in: the queue moves in arrival order.
    pages.finish("/page/1")
    await asyncio.sleep(0.01)
    assert pages.inside == ["/page/0", "/page/2"]
    pages.finish("/page/0")
    await asyncio.sleep(0.01)
    assert pages.inside == ["/page/2", "/page/3"]
    for n in range(2, 6):
        pages.finish(f"/page/{n}")
    await asyncio.gather(*asks)
    assert pages.peak == 3  # two pages and one that never waits
    assert middleware.turns is not None and middleware.turns.free == 2


async def test_a_turn_ends_when_the_answer_starts_or_the_page_fails():
    pages = _Pages()
    middleware = TurnsMiddleware(1)
    pages.finish("/boom")
    with pytest.raises(RuntimeError):
        await _ask(middleware, pages, "/boom")
    assert middleware.turns is not None and middleware.turns.free == 1
    sent: list[tuple[str, str]] = []
    held_while_sending: list[int] = []

    async def slow_reader(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": []})
        held_while_sending.append(middleware.turns.free)
        await send({"type": "http.response.body", "body": b"ok"})

    await _ask(middleware, slow_reader, "/page", sent=sent)
    assert held_while_sending == [1]  # the body went out after the turn was given back
    assert sent == [("/page", "http.response.start"), ("/page", "http.response.body")]


async def test_a_request_that_goes_away_while_waiting_leaves_the_queue():
    turns = Turns(1)
    await turns.take()
    waiting = asyncio.create_task(turns.take())
    behind = asyncio.create_task(turns.take())
    await asyncio.sleep(0.01)
    waiting.cancel()
    await asyncio.sleep(0.01)
    turns.give()
    await asyncio.wait_for(behind, 1)  # the cancelled one did not swallow the turn
    turns.give()
    assert turns.free == 1 and not turns.waiting


async def test_no_limit_means_no_queue():
    pages = _Pages()
    middleware = TurnsMiddleware(0)
    asks = [asyncio.create_task(_ask(middleware, pages, f"/page/{n}")) for n in range(5)]
    await asyncio.sleep(0.05)
    assert len(pages.inside) == 5
    for n in range(5):
        pages.finish(f"/page/{n}")
    await asyncio.gather(*asks)


@settings(max_examples=60, deadline=None)
@given(
    limit=st.integers(min_value=1, max_value=4),
    steps=st.lists(st.sampled_from(["take", "give", "cancel"]), max_size=40),
)
def test_turns_never_exceed_the_limit_nor_get_lost(limit, steps):
    async def run() -> None:
        turns = Turns(limit)
        held = 0
        tasks: list[asyncio.Task[None]] = []
        for step in steps:
            if step == "take":
                tasks.append(asyncio.create_task(turns.take()))
            elif step == "cancel" and tasks:
                tasks.pop().cancel()
            await asyncio.sleep(0)
            done = [t for t in tasks if t.done()]
            for task in done:
                tasks.remove(task)
                if not task.cancelled():
                    held += 1
            if step == "give" and held:
                turns.give()
                held -= 1
            await asyncio.sleep(0)
            for task in [t for t in tasks if t.done()]:
                tasks.remove(task)
                if not task.cancelled():
                    held += 1
            assert held <= limit
            assert held + turns.free <= limit
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        # Every turn is either held or free again; none is lost.
        assert held + turns.free == limit

    asyncio.run(run())


def test_the_limit_comes_from_jobs_max_in_flight(tmp_path):
    base = {"JOBS_DATA_DIR": str(tmp_path)}
    assert Settings.from_env(base).server.max_in_flight == 8
    assert Settings.from_env({**base, "JOBS_MAX_IN_FLIGHT": "0"}).server.max_in_flight == 0
    with pytest.raises(ConfigurationError, match="JOBS_MAX_IN_FLIGHT must be from 0 to"):
        Settings.from_env({**base, "JOBS_MAX_IN_FLIGHT": "-2"})
