"""What the audit trail records — who, what, when, from where, outcome, which record — and
what it never records: passwords, cookies, tokens (nor do the application logs)."""

import json
import logging

import pytest
from sqlalchemy import select

from jobs.services.audit import verify_chain
from jobs.store import AuditEvent
from jobs.store.engine import session_factory
from tests.integration.web.world import csrf_of, sign_in

pytestmark = pytest.mark.anyio

CANARY = "canary-7QxLpv-never-logged-passphrase"


async def _rows(engine):
    async with session_factory(engine)() as session:
        return list(await session.scalars(select(AuditEvent).order_by(AuditEvent.id)))


def _as_text(row: AuditEvent) -> str:
    return json.dumps(
        {c.name: str(getattr(row, c.name)) for c in AuditEvent.__table__.columns}, default=str
    )


@pytest.fixture
def every_log(caplog):
    """Capture every log record at DEBUG, including loggers that do not propagate."""
    caplog.set_level(logging.DEBUG)
    extra = [logging.getLogger(name) for name in ("litestar", "uvicorn", "uvicorn.access")]
    for logger in extra:
        logger.addHandler(caplog.handler)
    yield caplog
    for logger in extra:
        logger.removeHandler(caplog.handler)


def _logged(caplog) -> str:
    parts = []
    for record in caplog.records:
        parts.append(record.getMessage())
        parts.append(repr(record.args))
        parts.append(record.exc_text or "")
        parts.append(repr(getattr(record, "__dict__", {})))
    return "\n".join(parts)


async def test_a_canary_password_reaches_no_log_and_no_audit_row(client, engine, world, every_log):
    for email in ("spec1@example.org", "nobody@example.org"):
        page = await client.get("/login")
        response = await client.post(
            "/login",
            data={"email": email, "password": CANARY, "csrf_token": csrf_of(page.text)},
        )
        assert response.status_code == 400
    # And a successful sign-in: its session cookie and CSRF token are secrets too.
    token = await sign_in(client, "spec1")
    cookie = client.cookies.get("jobs_session")
    assert cookie and token
    await client.get(f"/participants/{world.participants['ana']}")
    logged = _logged(every_log)
    assert "HTTP Request" in logged  # the access log did run
    rows = await _rows(engine)
    assert [r.action for r in rows].count("sign_in_failed") == 2
    for secret in (CANARY, cookie, token):
        assert secret not in logged
        assert not [r.id for r in rows if secret in _as_text(r)]
    assert not [r.id for r in rows if "nobody@example.org" in _as_text(r)]


async def test_rows_say_who_what_from_where_outcome_and_which_record(client, engine, world):
    await sign_in(client, "spec1")
    ana = world.participants["ana"]
    assert (await client.get(f"/participants/{ana}")).status_code == 200
    rows = await _rows(engine)
    signed = [r for r in rows if r.action == "sign_in"][-1]
    assert signed.actor_user_id == world.users["spec1"] or signed.subject_id == str(
        world.users["spec1"]
    )
    read = [r for r in rows if r.action == "read_profile"][-1]
    assert (read.actor_user_id, read.actor_role) == (world.users["spec1"], "specialist")
    assert (read.subject_type, read.subject_id, read.participant_id) == (
        "participant",
        str(ana),
        ana,
    )
    assert read.outcome == "ok" and read.client_ip  # the test client's address
    assert read.occurred_at.utcoffset().total_seconds() == 0


async def test_refused_requests_are_audited(client, engine, world):
    ana, ben = world.participants["ana"], world.participants["ben"]
    assert (await client.get("/caseload", follow_redirects=False)).status_code == 303
    assert (await client.get(f"/api/v1/participants/{ana}")).status_code == 401
    await sign_in(client, "spec1")
    assert (await client.get(f"/participants/{ben}")).status_code == 404  # not on the caseload
    assert (await client.get("/admin")).status_code == 403
    assert (await client.post("/account/language", data={"lang": "es"})).status_code == 403
    refused = [r for r in await _rows(engine) if r.action == "request_refused"]
    reasons = [(r.detail["reason"], r.actor_role, r.outcome) for r in refused]
    assert reasons[:2] == [("not_signed_in", "", "refused")] * 2
    assert ("status_404", "specialist", "refused") in reasons
    assert ("role", "specialist", "refused") in reasons
    assert ("csrf", "specialist", "refused") in reasons
    scoped = next(r for r in refused if r.detail["reason"] == "status_404")
    assert (scoped.subject_type, scoped.subject_id, scoped.participant_id) == (
        "participant",
        str(ben),
        ben,
    )
    assert scoped.actor_user_id == world.users["spec1"]
    assert scoped.detail["route"].startswith("/participants/")
    assert all(r.client_ip for r in refused)


async def test_a_refusal_for_an_absurd_id_is_still_audited(client, engine, world):
    huge = 10**30
    assert (await client.get(f"/api/v1/participants/{huge}")).status_code == 401
    row = [r for r in await _rows(engine) if r.action == "request_refused"][-1]
    assert (row.subject_id, row.participant_id) == (str(huge), None)


async def test_api_reads_of_participant_data_are_audited(client, engine, world):
    await sign_in(client, "spec1")
    ana = world.participants["ana"]
    for path in (
        "/api/v1/participants",
        f"/api/v1/participants/{ana}",
        f"/api/v1/participants/{ana}/matches",
        "/api/v1/placements",
    ):
        assert (await client.get(path)).status_code == 200, path
    actions = [r.action for r in await _rows(engine)]
    for action in (
        "api_list_participants",
        "api_read_participant",
        "read_matches",
        "api_list_placements",
    ):
        assert action in actions


async def test_the_chain_holds_after_a_busy_session(client, engine, world):
    await sign_in(client, "emp1")
    assert (await client.get("/api/v1/referrals")).status_code == 200
    assert (await client.get("/caseload")).status_code == 403
    await sign_in(client, "spec1")
    assert (
        await client.get(f"/participants/{world.participants['ana']}/matches")
    ).status_code == 200
    async with session_factory(engine)() as session:
        assert (await verify_chain(session)).intact
