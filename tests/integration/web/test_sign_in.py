"""Sign-in, sessions (rotation, flags, timeouts), sign-out, password change and CSRF."""

from __future__ import annotations

from datetime import timedelta

import pytest
from litestar.testing import AsyncTestClient
from sqlalchemy import select

from jobs.app import create_app
from jobs.services.web_sessions import digest, start_session, viewer_from_session
from jobs.settings import Settings
from jobs.store import AuditEvent, User, WebSession
from jobs.store.engine import session_factory
from tests.integration.web.world import (
    PASSWORD,
    code_now,
    csrf_of,
    forget_last_code,
    now,
    sign_in,
)
from tests.support.portal_fixtures import portal_client

pytestmark = pytest.mark.anyio


async def _login(client, email, password, **extra):
    await forget_last_code(client.app.state.settings, email)
    page = await client.get("/login")
    data = {"email": email, "password": password, "code": code_now(), **extra}
    return await client.post(
        "/login", data={**data, "csrf_token": csrf_of(page.text)}, follow_redirects=False
    )


async def test_sign_in_opens_a_server_side_session_with_safe_cookie_flags(client, session):
    response = await _login(client, "spec1@example.org", PASSWORD)
    assert response.status_code == 303
    assert response.headers["location"] == "/caseload"
    cookie = next(
        h for h in response.headers.get_list("set-cookie") if h.startswith("jobs_session=")
    )
    flags = cookie.lower()
    assert "httponly" in flags and "samesite=lax" in flags and "path=/" in flags
    token = cookie.split(";")[0].split("=", 1)[1]
    stored = await session.scalar(select(WebSession).where(WebSession.id == digest(token)))
    assert stored is not None, "the database keeps the digest of the token, not the token"
    assert await session.scalar(select(WebSession).where(WebSession.id == token)) is None
    await session.rollback()


async def test_a_planted_session_id_is_never_adopted(client, engine):
    client.cookies.set("jobs_session", "attacker-chosen-value")
    response = await _login(client, "spec1@example.org", PASSWORD)
    assert response.status_code == 303
    new = response.cookies.get("jobs_session")
    assert new and new != "attacker-chosen-value"
    async with session_factory(engine)() as session:
        rows = list(await session.scalars(select(WebSession.id)))
    assert digest("attacker-chosen-value") not in rows


async def test_wrong_password_and_unknown_email_get_the_same_answer(client):
    wrong = await _login(client, "spec1@example.org", "not the password at all")
    unknown = await _login(client, "nobody@example.org", "not the password at all")
    assert wrong.status_code == unknown.status_code == 400
    message = "That email and password do not match an account."
    assert message in wrong.text and message in unknown.text
    assert 'id="password-error"' in wrong.text, "the message sits next to the field"


async def test_sign_in_refuses_a_form_without_its_token(client):
    response = await client.post(
        "/login", data={"email": "spec1@example.org", "password": PASSWORD}, follow_redirects=False
    )
    assert response.status_code == 403


async def test_a_signed_in_form_needs_the_sessions_token(client):
    await sign_in(client, "spec1")
    response = await client.post("/logout", data={"csrf_token": "forged"})
    assert response.status_code == 403
    still = await client.get("/caseload")
    assert still.status_code == 200


async def test_sign_out_ends_the_session(client):
    csrf = await sign_in(client, "spec1")
    token = client.cookies.get("jobs_session")
    response = await client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert response.status_code == 303
    client.cookies.set("jobs_session", token)
    after = await client.get("/caseload", follow_redirects=False)
    assert after.status_code == 303
    assert after.headers["location"].startswith("/login")


async def test_pages_send_strangers_to_sign_in_and_the_api_answers_401(client):
    page = await client.get("/participants/1/matches?tier=eligible", follow_redirects=False)
    assert page.status_code == 303
    assert page.headers["location"] == "/login?next=%2Fparticipants%2F1%2Fmatches%3Ftier%3Deligible"
    api = await client.get("/api/v1/me")
    assert api.status_code == 401
    assert api.json()["error"]["type"] == "NotSignedIn"


async def test_sign_in_only_redirects_within_the_site(client):
    response = await _login(client, "spec1@example.org", PASSWORD, next="//evil.example/")
    assert response.headers["location"] == "/caseload"


async def test_idle_and_absolute_timeouts(session, settings, world):
    user = await session.get(User, world.users["spec1"])
    start = now()
    token = await start_session(session, user, settings.security, now=start)
    await session.commit()
    security = settings.security
    assert await viewer_from_session(session, token, security, now=start + timedelta(minutes=29))
    # Each request within the idle window moves it on, until the absolute limit.
    moment = start
    for _ in range(30):
        moment += timedelta(minutes=25)
        if moment >= start + timedelta(hours=security.session_absolute_hours):
            break
        assert await viewer_from_session(session, token, security, now=moment)
    assert (
        await viewer_from_session(
            session, token, security, now=start + timedelta(hours=security.session_absolute_hours)
        )
        is None
    )
    other = await start_session(session, user, security, now=start)
    idle = start + timedelta(minutes=security.session_idle_minutes, seconds=1)
    assert await viewer_from_session(session, other, security, now=idle) is None
    assert await session.get(WebSession, digest(other)) is None, "an expired session is deleted"


async def test_password_change_checks_the_current_one_and_ends_other_sessions(
    settings, engine, world
):
    async with (
        portal_client(settings) as first,
        portal_client(settings) as second,
    ):
        await sign_in(second, "spec1")
        csrf = await sign_in(first, "spec1")
        bad = await first.post(
            "/account/password",
            data={
                "csrf_token": csrf,
                "current_password": "wrong",
                "new_password": "short",
                "confirm_password": "short",
            },
        )
        assert bad.status_code == 400
        assert 'id="current_password-error"' in bad.text
        assert 'id="new_password-error"' in bad.text
        new = "a brand new long passphrase"
        good = await first.post(
            "/account/password",
            data={
                "csrf_token": csrf,
                "current_password": PASSWORD,
                "new_password": new,
                "confirm_password": new,
            },
            follow_redirects=False,
        )
        assert good.status_code == 303
        assert (await first.get("/caseload")).status_code == 200
        gone = await second.get("/caseload", follow_redirects=False)
        assert gone.status_code == 303, "the other browser is signed out"
        again = await _login(second, "spec1@example.org", new)
        assert again.status_code == 303


async def test_production_uses_a_host_prefixed_secure_cookie(database_url, settings, engine, world):
    settings = Settings.from_env(
        {
            "JOBS_ENV": "production",
            "JOBS_SECRET_KEY": "x" * 40,
            # The world was sealed with the test's key ring: production opens it with the same.
            "JOBS_DATA_DIR": str(settings.data_dir),
            "JOBS_DATABASE_URL": database_url,
        }
    )
    async with AsyncTestClient(
        app=create_app(settings), base_url="https://testserver.local"
    ) as client:
        response = await _login(client, "spec1@example.org", PASSWORD)
    cookie = next(
        h for h in response.headers.get_list("set-cookie") if h.startswith("__Host-jobs_session=")
    )
    assert "secure" in cookie.lower()


async def test_sign_ins_are_audited(client, session, world):
    await sign_in(client, "spec1")
    await _login(client, "spec1@example.org", "not the password at all")
    actions = list(await session.scalars(select(AuditEvent.action)))
    assert "sign_in" in actions and "sign_in_failed" in actions
