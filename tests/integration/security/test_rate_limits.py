"""Rate limits counted in the database: sign-in per IP, the API per token, shared by every app
process, over once the window passes, audited, and never on /health or /static."""

from __future__ import annotations

import asyncio
import dataclasses
import re
from datetime import UTC, datetime, timedelta

import pytest
from litestar.testing import AsyncTestClient
from sqlalchemy import event, func, select

from jobs.app import create_app
from jobs.errors import ConfigurationError
from jobs.services.group_commit import GroupCommit
from jobs.services.rate_limits import client_key, count_request, purge
from jobs.settings import RateLimitSettings, Settings
from jobs.store import AuditEvent, RateCount
from jobs.store.engine import session_factory
from jobs.web.rate_limit import RateLimitMiddleware
from tests.integration.web.world import csrf_of, sign_in
from tests.support.db import statements_sent

pytestmark = pytest.mark.anyio

BASE = "http://testserver.local"
MOMENT = datetime(2030, 1, 1, 9, 0, 10, tzinfo=UTC)  # 10 s into a one-minute window


def _limited(settings: Settings, **limits: int) -> Settings:
    return dataclasses.replace(settings, rate_limits=RateLimitSettings(**limits))


def _middleware(app) -> RateLimitMiddleware:
    return next(m for m in app.middleware if isinstance(m, RateLimitMiddleware))


def _app(settings: Settings):
    """The app with its rate-limit clock stopped inside one window: attempts that take a few
    seconds must not straddle the start of a new window."""
    app = create_app(settings)
    _middleware(app).clock = lambda: MOMENT
    return app


async def _attempt(client, csrf: str):
    """One wrong sign-in for an account that does not exist (no account gets locked)."""
    return await client.post(
        "/login",
        data={"email": "nobody@example.org", "password": "not it at all", "csrf_token": csrf},
        follow_redirects=False,
    )


async def _csrf(client) -> str:
    return csrf_of((await client.get("/login")).text)


async def _audit_rows(engine) -> list[AuditEvent]:
    async with session_factory(engine)() as session:
        return list(await session.scalars(select(AuditEvent).order_by(AuditEvent.id)))


async def _refused_for_rate(engine, name: str) -> list[AuditEvent]:
    rows = await _audit_rows(engine)
    return [
        r
        for r in rows
        if r.action == "request_refused" and (r.detail or {}).get("reason") == f"rate_limit_{name}"
    ]


async def test_the_21st_sign_in_attempt_in_a_window_gets_429_with_retry_after(
    settings, engine, world
):
    app = _app(_limited(settings, sign_in=20))
    async with AsyncTestClient(app=app, base_url=BASE) as client:
        csrf = await _csrf(client)
        answers = [await _attempt(client, csrf) for _ in range(20)]
        assert all(a.status_code != 429 for a in answers), [a.status_code for a in answers]
        refused = await _attempt(client, csrf)
        assert refused.status_code == 429
        assert refused.headers["retry-after"] == "50"
        assert refused.headers["content-type"].startswith("text/html")
        assert "Too many tries" in refused.text
        assert "nosniff" in refused.headers.get("x-content-type-options", ""), "headers still set"
        # Re-authentication counts in the same bucket, and the sign-in page itself is not limited.
        assert (await client.post("/reauth", data={"csrf_token": csrf})).status_code == 429
        assert (await client.get("/login")).status_code == 200


async def test_the_refusal_is_audited_once_per_client_and_window(settings, engine, world):
    app = _app(_limited(settings, sign_in=3))
    async with AsyncTestClient(app=app, base_url=BASE) as client:
        csrf = await _csrf(client)
        statuses = [(await _attempt(client, csrf)).status_code for _ in range(6)]
    assert statuses[3:] == [429, 429, 429]
    rows = await _refused_for_rate(engine, "sign_in")
    assert len(rows) == 1, "a flood costs one audit row, not one per request"
    assert rows[0].outcome == "refused"
    assert rows[0].detail["status"] == 429 and rows[0].detail["method"] == "POST"


async def test_two_app_processes_share_one_count(settings, engine, world):
    limited = _limited(settings, sign_in=20)
    async with (
        AsyncTestClient(app=_app(limited), base_url=BASE) as first,
        AsyncTestClient(app=_app(limited), base_url=BASE) as second,
    ):
        first_csrf, second_csrf = await _csrf(first), await _csrf(second)
        for _ in range(10):
            assert (await _attempt(first, first_csrf)).status_code != 429
            assert (await _attempt(second, second_csrf)).status_code != 429
        assert (await _attempt(second, second_csrf)).status_code == 429
        assert (await _attempt(first, first_csrf)).status_code == 429


async def test_requests_go_through_again_once_the_window_has_passed(settings, engine, world):
    app = create_app(_limited(settings, sign_in=2, window_seconds=60))
    clock = [MOMENT]
    _middleware(app).clock = lambda: clock[0]
    async with AsyncTestClient(app=app, base_url=BASE) as client:
        csrf = await _csrf(client)
        assert [(await _attempt(client, csrf)).status_code == 429 for _ in range(3)] == [
            False,
            False,
            True,
        ]
        clock[0] = MOMENT + timedelta(seconds=45)  # still the same window: 5 s left
        waiting = await _attempt(client, csrf)
        assert waiting.status_code == 429 and waiting.headers["retry-after"] == "5"
        clock[0] = MOMENT + timedelta(seconds=50)  # the next window
        assert (await _attempt(client, csrf)).status_code != 429
        # Each process deletes ended windows at most once a window (here: a minute on).
        clock[0] = MOMENT + timedelta(seconds=70)
        assert (await _attempt(client, csrf)).status_code != 429
    async with session_factory(engine)() as session:
        windows = list(await session.scalars(select(RateCount.window_start)))
    assert windows == [datetime(2030, 1, 1, 9, 1, tzinfo=UTC)], "the ended window was purged"


async def test_the_api_limit_counts_per_token(settings, engine, world):
    app = _app(_limited(settings, api=5))
    async with AsyncTestClient(app=app, base_url=BASE) as client:
        tokens = []
        for name in ("spec1", "emp1"):
            csrf = await sign_in(client, name)
            page = await client.post("/account/tokens", data={"csrf_token": csrf, "name": "t"})
            tokens.append(re.search(r'<code class="token">([^<]+)</code>', page.text).group(1))
            client.cookies.clear()
        first, second = ({"Authorization": f"Bearer {t}"} for t in tokens)
        for _ in range(5):
            assert (await client.get("/api/v1/me", headers=first)).status_code == 200
        refused = await client.get("/api/v1/me", headers=first)
        assert refused.status_code == 429
        assert refused.headers["content-type"].startswith("application/json")
        assert refused.json()["error"]["type"] == "TooManyRequests"
        assert int(refused.headers["retry-after"]) >= 1
        assert (await client.get("/api/v1/me", headers=second)).status_code == 200
    rows = await _refused_for_rate(engine, "api")
    assert len(rows) == 1 and rows[0].actor_user_id is not None, "the refused token's user"


async def test_health_and_static_are_never_limited(settings, engine, world):
    app = _app(_limited(settings, sign_in=1, register=1, api=1))
    async with AsyncTestClient(app=app, base_url=BASE) as client:
        for _ in range(5):
            assert (await client.get("/health")).status_code == 200
            assert (await client.get("/static/app.css")).status_code == 200
        assert (await client.get("/api/v1/me")).status_code == 401
        assert (await client.get("/api/v1/me")).status_code == 429  # the API limit is on
    async with session_factory(engine)() as session:
        keys = list(await session.scalars(select(RateCount.key)))
    assert [k.split(":")[0] for k in keys] == ["api"]


async def test_a_limit_of_zero_is_no_limit(settings, engine, world):
    app = create_app(_limited(settings, sign_in=0))
    async with AsyncTestClient(app=app, base_url=BASE) as client:
        csrf = await _csrf(client)
        for _ in range(5):
            assert (await _attempt(client, csrf)).status_code != 429


async def test_concurrent_counts_lose_no_request(engine):
    sessions = session_factory(engine)
    key = client_key("sign_in", "203.0.113.7")
    verdicts = await asyncio.gather(
        *(count_request(sessions, key, limit=10, window_seconds=60, now=MOMENT) for _ in range(25))
    )
    assert sorted(v.count for v in verdicts) == list(range(1, 26))
    assert sum(v.allowed for v in verdicts) == 10
    assert sum(v.first_refusal for v in verdicts) == 1
    assert "203.0.113.7" not in key, "clients are stored as a digest"
    assert await purge(sessions, MOMENT + timedelta(seconds=49)) == 0
    assert await purge(sessions, MOMENT + timedelta(seconds=50)) == 1
    async with sessions() as session:
        assert await session.scalar(select(func.count()).select_from(RateCount)) == 0


@pytest.mark.parametrize(
    ("name", "value", "says"),
    [
        ("JOBS_RATE_SIGN_IN", "-1", "JOBS_RATE_SIGN_IN must be from 0 to"),
        ("JOBS_RATE_API", "lots", "JOBS_RATE_API must be a whole number"),
        ("JOBS_RATE_REGISTER", "2000000", "JOBS_RATE_REGISTER must be from 0 to"),
        ("JOBS_RATE_WINDOW_SECONDS", "0", "JOBS_RATE_WINDOW_SECONDS must be from 1 to"),
    ],
)
def test_bad_rate_settings_are_refused_with_a_clear_error(tmp_path, name, value, says):
    with pytest.raises(ConfigurationError, match=says):
        Settings.from_env({"JOBS_DATA_DIR": str(tmp_path), name: value})


def test_rate_settings_defaults_and_environment(tmp_path):
    defaults = Settings.from_env({"JOBS_DATA_DIR": str(tmp_path)}).rate_limits
    assert defaults == RateLimitSettings(window_seconds=60, sign_in=30, register=10, api=1200)
    chosen = Settings.from_env(
        {
            "JOBS_DATA_DIR": str(tmp_path),
            "JOBS_RATE_SIGN_IN": "20",
            "JOBS_RATE_REGISTER": "0",
            "JOBS_RATE_API": "600",
            "JOBS_RATE_WINDOW_SECONDS": "120",
        }
    ).rate_limits
    assert chosen == RateLimitSettings(window_seconds=120, sign_in=20, register=0, api=600)


async def test_counting_a_request_reuses_its_compiled_statement(engine):
    # Every request is counted: the upsert must come from SQLAlchemy's compiled cache, not be
    # compiled again each time (a dialect's ON CONFLICT insert has no cache key of its own).
    sessions = session_factory(engine)
    key = client_key("api", "token-digest")
    seen: list[object] = []

    def note(conn, cursor, statement, parameters, context, executemany):
        if "rate_counts" in statement:
            seen.append(context.cache_hit)

    event.listen(engine.sync_engine, "after_cursor_execute", note)
    try:
        counts = [
            (await count_request(sessions, key, limit=3, window_seconds=60, now=moment)).count
            for moment in [MOMENT] * 4 + [MOMENT + timedelta(seconds=60)]
        ]
    finally:
        event.remove(engine.sync_engine, "after_cursor_execute", note)
    assert counts == [1, 2, 3, 4, 1]
    dialect = engine.sync_engine.dialect
    assert len(seen) == 5
    assert seen[1:] == [dialect.CACHE_HIT] * 4


async def test_a_batch_counts_its_requests_in_one_upsert_per_window(engine):
    # A batch of the group commit counts every request it holds in one statement per window;
    # each request still gets its own count, as if counted one by one.
    writes = GroupCommit(engine)
    sessions = session_factory(engine)
    one, two = client_key("api", "one"), client_key("api", "two")
    await count_request(sessions, one, limit=100, window_seconds=60, now=MOMENT)  # one so far
    later = MOMENT + timedelta(seconds=60)
    asked = [(one, MOMENT)] * 5 + [(two, MOMENT)] * 3 + [(one, later)] * 2
    with statements_sent(engine) as said:
        verdicts = await asyncio.gather(
            *(
                count_request(sessions, key, limit=4, window_seconds=60, now=now, writes=writes)
                for key, now in asked
            )
        )
    upserts = [s for s in said if "rate_counts" in s]
    counts = [v.count for v in verdicts]
    assert counts[:5] == [2, 3, 4, 5, 6]  # after the one counted before
    assert counts[5:8] == [1, 2, 3]
    assert counts[8:] == [1, 2]
    assert [v.allowed for v in verdicts[:5]] == [True, True, True, False, False]
    assert sum(v.first_refusal for v in verdicts) == 1
    # One batch; its two windows take one statement each.
    assert writes.batches == 1 and len(upserts) == 2
    async with sessions() as session:
        stored = dict(
            (
                await session.execute(
                    select(RateCount.key, func.sum(RateCount.count)).group_by(RateCount.key)
                )
            )
            .tuples()
            .all()
        )
    assert stored == {one: 8, two: 3}
