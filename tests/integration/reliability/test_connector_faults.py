"""Connector faults during a real sync: timeouts, 429 with Retry-After, 500s and connection
resets are injected in front of the loopback server. Retries happen, each source's result says
what went wrong, what was fetched before a fault is kept, and nothing stored is lost or closed.

(The fetcher's retry arithmetic is unit-tested in tests/unit/connectors/test_http.py, and a CLI
sync against a failing board in tests/integration/test_sync_cli.py; here the faults go through
``services.sync`` with several sources at once and a paged source failing half-way.)
"""

import json

import httpx
import pytest
from sqlalchemy import func, select

from jobs.services.sync import sync
from jobs.store import Posting, Source, SyncRun
from jobs.store.engine import session_factory
from tests.conftest import FIXTURES
from tests.support.loopback import Reply, serve

pytestmark = pytest.mark.anyio
PAYLOADS = FIXTURES / "connectors"
BOARDS = ("steady", "flaky", "slow", "reset")


class Faults:
    """A MockTransport handler: the next planned fault for a path, else the real loopback."""

    def __init__(self) -> None:
        self.plan: dict[str, list[object]] = {}
        self.seen: dict[str, int] = {}
        self.real = httpx.AsyncHTTPTransport()

    async def __call__(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path
        self.seen[path] = self.seen.get(path, 0) + 1
        queue = self.plan.get(path) or []
        fault = (queue.pop(0) if len(queue) > 1 else queue[0]) if queue else None
        if isinstance(fault, Exception):
            raise fault
        if isinstance(fault, httpx.Response):
            return fault
        response = await self.real.handle_async_request(request)
        await response.aread()
        return httpx.Response(
            response.status_code, headers=response.headers, content=response.content
        )


@pytest.fixture
async def upstream():
    faults = Faults()
    with serve() as loopback:
        async with httpx.AsyncClient(transport=httpx.MockTransport(faults)) as client:
            yield loopback, faults, client
    await faults.real.aclose()


def _greenhouse(loopback) -> None:
    board = Reply((PAYLOADS / "greenhouse/board.json").read_bytes())
    for name in BOARDS:
        loopback.routes[f"/v1/boards/{name}/jobs"] = board


async def _open_by_source(session) -> dict[str, int]:
    rows = await session.execute(
        select(Source.name, func.count(Posting.id))
        .join(Posting, Posting.source_id == Source.id)
        .where(Posting.status == "open")
        .group_by(Source.name)
    )
    found = dict(rows.all())
    await session.rollback()  # end the read: on SQLite every transaction holds the write lock
    return found


async def test_each_fault_is_retried_or_reported_per_source_and_nothing_is_lost(
    engine, session, upstream
):
    loopback, faults, client = upstream
    _greenhouse(loopback)
    session.add_all(
        Source(name=name, kind="greenhouse", base_url=loopback.base_url, config={"board": name})
        for name in BOARDS
    )
    await session.commit()
    sessions = session_factory(engine)
    first = await sync(sessions, client)
    assert [r.status for r in first] == ["ok"] * 4
    before = await _open_by_source(session)
    assert set(before) == set(BOARDS) and min(before.values()) > 0

    request = httpx.Request("GET", loopback.base_url)
    faults.seen.clear()
    faults.plan = {
        "/v1/boards/steady/jobs": [
            httpx.Response(429, headers={"Retry-After": "0"}, text="slow down"),
            httpx.Response(500, text="upstream hiccup"),
            None,
        ],
        "/v1/boards/flaky/jobs": [
            httpx.ConnectError("connection refused", request=request),
            httpx.ReadError("connection reset by peer", request=request),
            None,
        ],
        "/v1/boards/slow/jobs": [httpx.ReadTimeout("read timed out", request=request)],
        "/v1/boards/reset/jobs": [httpx.ReadError("connection reset by peer", request=request)],
    }
    results = {r.source: r for r in await sync(sessions, client)}

    assert faults.seen["/v1/boards/steady/jobs"] == 3  # 429 and 500 were retried
    assert faults.seen["/v1/boards/flaky/jobs"] == 3  # refused and reset were retried
    assert faults.seen["/v1/boards/slow/jobs"] == 4  # every attempt, then it gives up
    assert results["steady"].status == results["flaky"].status == "ok"
    assert results["steady"].errors == results["flaky"].errors == []
    assert results["slow"].status == results["reset"].status == "failed"
    assert "slow" in results["slow"].errors[0] and "timed out" in results["slow"].errors[0]
    assert "connection failed" in results["reset"].errors[0]
    assert all(r.closed == 0 for r in results.values())
    session.expire_all()
    assert await _open_by_source(session) == before  # nothing lost, nothing closed wrongly
    runs = dict(
        (
            await session.execute(
                select(Source.name, SyncRun.status)
                .join(SyncRun, SyncRun.source_id == Source.id)
                .order_by(SyncRun.id)
            )
        ).all()
    )
    await session.rollback()
    assert runs == {"steady": "ok", "flaky": "ok", "slow": "failed", "reset": "failed"}


async def test_a_reset_half_way_through_paging_keeps_what_was_fetched(engine, session, upstream):
    loopback, faults, client = upstream
    pages = {
        "0": json.loads((PAYLOADS / "lever/page1.json").read_text()),
        "2": json.loads((PAYLOADS / "lever/page2.json").read_text()),
    }
    loopback.routes["/v0/postings/kitchen"] = lambda q: Reply(json.dumps(pages[q["skip"]]).encode())
    session.add(
        Source(
            name="kitchen",
            kind="lever",
            base_url=loopback.base_url,
            config={"site": "kitchen", "page_size": 2},
        )
    )
    await session.commit()
    sessions = session_factory(engine)
    (first,) = await sync(sessions, client)
    assert first.status == "ok" and first.created == 3, first

    # Upstream changes the first page, then the connection drops on every try for the second.
    pages["0"][0]["text"] = "Line Cook (evenings)"
    request = httpx.Request("GET", loopback.base_url)
    calls = {"n": 0}
    real = faults.__call__

    async def handler(request_: httpx.Request) -> httpx.Response:
        if request_.url.params.get("skip") == "2":
            calls["n"] += 1
            raise httpx.ReadError("connection reset by peer", request=request)
        return await real(request_)

    faulty = httpx.AsyncClient(transport=httpx.MockTransport(handler))
    async with faulty:
        (second,) = await sync(sessions, faulty)

    assert calls["n"] == 4  # retried, then given up
    assert second.status == "partial" and second.closed == 0
    assert second.updated == 1  # the change fetched before the fault is kept
    assert second.errors and "connection failed" in second.errors[0]
    session.expire_all()
    titles = sorted(await session.scalars(select(Posting.title).where(Posting.status == "open")))
    assert titles == ["Line Cook (evenings)", "Maintenance Technician", "Server Assistant"]
