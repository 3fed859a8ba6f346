"""Cheaper requests (issue #19): reads without SQLite's write lock, their audit rows written
before the answer is sent, last-seen written at most once a minute, gzip, fingerprinted static
files, /metrics for loopback or a token only, request ids."""

from __future__ import annotations

import dataclasses
import re
from datetime import timedelta

import anyio.to_thread
import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.engine import Engine

from jobs import metrics
from jobs.services.web_sessions import digest, start_session, viewer_from_session
from jobs.store import AuditEvent, EmployerMember, User, WebSession
from jobs.store.engine import create_engine, read_session_factory, session_factory
from jobs.web.observability import metrics_allowed
from jobs.web.static_files import FOR_A_WHILE, FOR_A_YEAR
from tests.conftest import sqlite_settings
from tests.integration.web.world import sign_in
from tests.support.portal_fixtures import portal_client
from tests.support.served import world_database

pytestmark = pytest.mark.anyio


async def test_a_signed_in_read_answers_while_another_connection_holds_the_write_lock(
    settings, tmp_path
):
    # The write lock is SQLite's (PostgreSQL readers never wait for writers): this test has a
    # SQLite database of its own whatever database the suite runs on.
    own = dataclasses.replace(settings, database=sqlite_settings(tmp_path / "own.sqlite3"))
    await anyio.to_thread.run_sync(world_database, own)
    engine = create_engine(own.database)
    try:
        async with portal_client(own) as client:
            await sign_in(client, "part1")
            await client.get("/me/jobs")  # last seen just written: reads write nothing for now
            async with engine.connect() as holder:
                await holder.exec_driver_sql("SELECT 1")  # BEGIN IMMEDIATE: the write lock
                # The viewer is looked up in a deferred transaction: no wait for the lock (it
                # used to wait out the 30 s busy timeout and fail).
                alive = await client.get("/session/alive", timeout=5)
                assert alive.status_code == 204
                await holder.rollback()
    finally:
        await engine.dispose()


async def test_the_audit_row_of_a_read_is_committed_before_the_answer(client, engine):
    await sign_in(client, "spec1")
    async with session_factory(engine)() as db:
        before = await db.scalar(select(func.count()).select_from(AuditEvent))
    page = await client.get("/caseload")
    assert page.status_code == 200
    # Another connection sees the row as soon as the answer arrives: it was committed first.
    async with session_factory(engine)() as db:
        after = await db.scalar(select(func.count()).select_from(AuditEvent))
    assert after > before


async def test_a_read_whose_audit_rows_cannot_be_written_for_an_outage_is_a_503(
    client, monkeypatch
):
    """The database goes away between a page's read and its audit rows: the page is withheld
    and the answer is the outage's 503, not a 500."""
    await sign_in(client, "spec1")

    async def database_gone(*_args: object) -> None:
        raise ConnectionRefusedError("the database is restarting")

    monkeypatch.setattr("jobs.web.transactions.write_later_rows", database_gone)
    page = await client.get("/caseload")
    assert page.status_code == 503
    assert page.headers["retry-after"] == "5"
    assert page.text.startswith("Back in a moment")
    assert "Caseload" not in page.text  # what the rows would have described never goes out


async def test_a_reader_session_that_writes_becomes_a_writer(engine, world):
    async with read_session_factory(engine)() as db, db.begin():
        user = await db.scalar(select(User).where(User.email == "part1@example.org"))
        assert user is not None
        user.display_name = "Ana R."
    async with session_factory(engine)() as db:
        name = await db.scalar(select(User.display_name).where(User.email == "part1@example.org"))
    assert name == "Ana R."


async def test_last_seen_is_written_at_most_once_a_minute(engine, world, settings):
    async with session_factory(engine)() as db, db.begin():
        user = await db.scalar(select(User).where(User.email == "part1@example.org"))
        token = await start_session(db, user, settings.security)
        row = await db.get(WebSession, digest(token))
        seen = row.last_seen_at
    later: list = []
    async with read_session_factory(engine)() as db, db.begin():
        viewer = await viewer_from_session(
            db, token, settings.security, now=seen + timedelta(seconds=30), later=later
        )
    assert viewer is not None and later == []  # within the minute: nothing to write
    async with read_session_factory(engine)() as db, db.begin():
        await viewer_from_session(
            db, token, settings.security, now=seen + timedelta(seconds=61), later=later
        )
    assert len(later) == 1  # one UPDATE, run by the caller in a writing transaction


async def test_many_requests_touch_the_session_once(client, engine):
    await sign_in(client, "part1")
    async with session_factory(engine)() as db:
        first = await db.scalar(select(func.max(WebSession.last_seen_at)))
    for _ in range(5):
        assert (await client.get("/api/v1/me")).status_code == 200
    async with session_factory(engine)() as db:
        assert await db.scalar(select(func.max(WebSession.last_seen_at))) == first


async def test_big_pages_are_gzipped_small_answers_are_not(client):
    await sign_in(client, "spec1")
    page = await client.get("/caseload", headers={"Accept-Encoding": "gzip"})
    assert page.status_code == 200
    assert page.headers.get("content-encoding") == "gzip"
    assert "<html" in page.text  # the client undid the compression
    health = await client.get("/health", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in health.headers


async def test_static_files_have_fingerprinted_names_cached_for_a_year(client):
    page = await client.get("/login")
    found = re.search(r'href="(/static/app\.[0-9a-f]{10}\.css)"', page.text)
    assert found, "the page links to the fingerprinted stylesheet"
    fingerprinted = await client.get(found.group(1))
    plain = await client.get("/static/app.css")
    assert fingerprinted.status_code == plain.status_code == 200
    assert fingerprinted.content == plain.content
    assert fingerprinted.headers["cache-control"] == FOR_A_YEAR
    assert plain.headers["cache-control"] == FOR_A_WHILE
    wrong = await client.get("/static/app.0123456789.css")
    assert wrong.status_code == 404


async def test_metrics_are_refused_to_others_and_open_with_the_token(client, settings):
    # The test client is not on loopback.
    assert (await client.get("/metrics")).status_code == 404
    assert (await client.get("/health")).status_code == 200
    app_settings = client.app.state.settings
    object.__setattr__(app_settings.server, "metrics_token", "s3cret-metrics-token-0123")
    wrong = await client.get("/metrics", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 404
    right = await client.get(
        "/metrics", headers={"Authorization": "Bearer s3cret-metrics-token-0123"}
    )
    assert right.status_code == 200
    assert 'jobs_http_request_duration_seconds_count{method="GET",route="/health"' in right.text
    assert "jobs_task_failures_total" in right.text or "jobs_task_failures" in right.text


def test_loopback_may_read_metrics_but_not_through_a_proxy():
    direct = {"client": ("127.0.0.1", 5000), "headers": []}
    proxied = {
        "client": ("127.0.0.1", 5000),
        "headers": [(b"x-forwarded-for", b"203.0.113.9")],
    }
    remote = {"client": ("203.0.113.9", 5000), "headers": []}
    assert metrics_allowed(direct, "")  # type: ignore[arg-type]
    assert not metrics_allowed(proxied, "")  # type: ignore[arg-type]
    assert not metrics_allowed(remote, "")  # type: ignore[arg-type]
    bearer = {**remote, "headers": [(b"authorization", b"Bearer t0ken-of-the-operator")]}
    assert metrics_allowed(bearer, "t0ken-of-the-operator")  # type: ignore[arg-type]
    assert not metrics_allowed(bearer, "")  # type: ignore[arg-type]


async def test_each_answer_carries_a_request_id(client):
    mine = await client.get("/health", headers={"X-Request-ID": "abc12345-from-proxy"})
    assert mine.headers["x-request-id"] == "abc12345-from-proxy"
    made = await client.get("/health", headers={"X-Request-ID": "bad id with spaces"})
    assert re.fullmatch(r"[0-9a-f]{32}", made.headers["x-request-id"])


def test_metric_objects_other_branches_feed_exist():
    for name in ("TASK_SECONDS", "TASK_FAILURES", "QUEUE_DEPTH", "SYNC_RUNS", "OUTBOX_MESSAGES"):
        assert hasattr(metrics, name)
    body, content_type = metrics.exposition()
    assert content_type.startswith("text/plain")
    assert b"jobs_queue_depth" in body


async def test_sqlite_readers_begin_deferred(tmp_path):
    engine = create_engine(sqlite_settings(tmp_path / "readers.sqlite3"))
    try:
        async with engine.connect() as holder:
            await holder.exec_driver_sql("SELECT 1")  # BEGIN IMMEDIATE: holds the write lock
            async with read_session_factory(engine)() as db, db.begin():
                assert (await db.execute(text("SELECT 1"))).scalar_one() == 1
            await holder.rollback()
    finally:
        await engine.dispose()


@pytest.mark.sqlite  # PostgreSQL's driver begins its transactions without a BEGIN statement
async def test_a_page_reads_its_viewer_and_its_data_in_one_transaction(client, engine):
    assert engine.dialect.name == "sqlite"
    await sign_in(client, "spec1")
    await client.get("/caseload")  # last seen just written: the next page only reads
    said: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        said.append(" ".join(statement.split()[:2]).upper())

    event.listen(Engine, "before_cursor_execute", note)
    try:
        page = await client.get("/caseload")
        api = await client.get("/api/v1/participants")
    finally:
        event.remove(Engine, "before_cursor_execute", note)
    assert page.status_code == 200 and api.status_code == 200
    # The page: one deferred read (the session lookup, then the caseload), then its audit row.
    # The API: the session lookup in a read of its own, its rate count, then its own read.
    assert said.count("BEGIN DEFERRED") == 1 + 2
    assert any(s.startswith("SELECT WEB_SESSIONS") for s in said)


async def test_an_employers_viewer_and_companies_are_read_in_one_statement(engine, world, settings):
    async with session_factory(engine)() as db, db.begin():
        emp1 = await db.scalar(select(User).where(User.email == "emp1@example.org"))
        spec1 = await db.scalar(select(User).where(User.email == "spec1@example.org"))
        # emp1 also belongs to a company still waiting for approval.
        db.add(EmployerMember(user_id=emp1.id, employer_id=world.employers["pending"]))
        tokens = {
            "emp1": await start_session(db, emp1, settings.security),
            "spec1": await start_session(db, spec1, settings.security),
        }
    said: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        said.append(statement)

    viewers = {}
    event.listen(Engine, "before_cursor_execute", note)
    try:
        for name, token in tokens.items():
            async with read_session_factory(engine)() as db, db.begin():
                viewers[name] = await viewer_from_session(db, token, settings.security)
    finally:
        event.remove(Engine, "before_cursor_execute", note)
    selects = [s for s in said if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) == 2, "one statement per viewer, the employer's companies included"
    assert all("employer_members" in s for s in selects)
    employer, specialist = viewers["emp1"], viewers["spec1"]
    assert employer is not None and specialist is not None
    assert employer.employer_ids == tuple(
        sorted([world.employers["riverbend"], world.employers["pending"]])
    )
    assert not employer.employer_approved, "one of its companies is not approved yet"
    assert specialist.employer_ids == () and specialist.employer_approved
