"""Issue 20, High 2: API tokens work only under /api/, expire, carry a scope (read or
read-write), end with a password or role change, and are made only after a recent sign-in."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select, update

from jobs.services.web_sessions import digest
from jobs.store import ApiToken, User, WebSession
from jobs.store.engine import session_factory
from tests.integration.web.world import PASSWORD, csrf_of, now, sign_in
from tests.support.portal_fixtures import portal_client

pytestmark = pytest.mark.anyio


async def _make(client, csrf: str, **fields: str):
    return await client.post(
        "/account/tokens",
        data={"csrf_token": csrf, "name": "integration", **fields},
        follow_redirects=False,
    )


async def _token(client, name: str, **fields: str) -> str:
    csrf = await sign_in(client, name)
    page = await _make(client, csrf, **fields)
    assert page.status_code == 200, page.text[:300]
    token = re.search(r'<code class="token">([^<]+)</code>', page.text).group(1)
    client.cookies.clear()
    return token


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


async def test_a_token_opens_no_page_and_cannot_make_an_admin(client, world, session):
    token = await _token(client, "admin", scope="read-write")
    assert (await client.get("/api/v1/me", headers=_bearer(token))).status_code == 200
    for path in ("/admin", "/account", "/caseload"):
        page = await client.get(path, headers=_bearer(token), follow_redirects=False)
        assert page.status_code in (303, 401), (path, page.status_code)
    made = await client.post(
        "/admin/accounts",
        headers=_bearer(token),
        data={"role": "admin", "email": "mallory@example.org", "password": "x" * 20},
        follow_redirects=False,
    )
    assert made.status_code in (401, 403) or made.headers["location"].startswith("/login")
    assert await session.scalar(select(User).where(User.email == "mallory@example.org")) is None


async def test_a_read_token_only_reads(client, world, session):
    token = await _token(client, "spec1", scope="read")
    assert (await client.get("/api/v1/participants", headers=_bearer(token))).status_code == 200
    write = await client.post(
        "/api/v1/referrals",
        headers=_bearer(token),
        json={
            "participant_id": world.participants["ana"],
            "match_id": world.matches["ana_forklift"],
            "participant_agreed": True,
        },
    )
    assert write.status_code == 403, write.text
    both = await _token(client, "spec1", scope="read-write")
    wrote = await client.patch(
        f"/api/v1/participants/{world.participants['ana']}",
        headers=_bearer(both),
        json={"name": "Ana Renamed"},
    )
    assert wrote.status_code == 200, wrote.text
    unknown = await _make(client, await sign_in(client, "spec1"), scope="everything")
    assert unknown.status_code == 400


async def test_a_token_expires(client, world, engine):
    token = await _token(client, "spec1", scope="read", days="30")
    async with session_factory(engine)() as db:
        row = await db.scalar(select(ApiToken).where(ApiToken.token_hash == digest(token)))
        assert timedelta(days=29) < row.expires_at - now() <= timedelta(days=30)
    async with session_factory(engine)() as db, db.begin():
        await db.execute(
            update(ApiToken)
            .where(ApiToken.token_hash == digest(token))
            .values(expires_at=now() - timedelta(seconds=1))
        )
    assert (await client.get("/api/v1/me", headers=_bearer(token))).status_code == 401


async def test_a_password_change_revokes_the_accounts_tokens(client, world):
    token = await _token(client, "emp1", scope="read")
    csrf = await sign_in(client, "emp1")
    changed = await client.post(
        "/account/password",
        data={
            "csrf_token": csrf,
            "current_password": PASSWORD,
            "new_password": "a brand new passphrase for emp1",
            "confirm_password": "a brand new passphrase for emp1",
        },
        follow_redirects=False,
    )
    assert changed.status_code == 303, changed.text[:300]
    assert (await client.get("/api/v1/me", headers=_bearer(token))).status_code == 401


async def test_a_role_change_revokes_the_accounts_tokens(settings, world):
    async with portal_client(settings) as spec2, portal_client(settings) as admin:
        token = await _token(spec2, "spec2", scope="read")
        csrf = await sign_in(admin, "admin")
        done = await admin.post(
            f"/admin/accounts/{world.users['spec2']}/role",
            data={"csrf_token": csrf, "role": "admin"},
            follow_redirects=False,
        )
        assert done.status_code == 303
        assert (await spec2.get("/api/v1/me", headers=_bearer(token))).status_code == 401


async def test_making_a_token_needs_a_recent_sign_in(client, world, engine):
    csrf = await sign_in(client, "emp1")
    async with session_factory(engine)() as db, db.begin():
        await db.execute(
            update(WebSession)
            .where(WebSession.id == digest(client.cookies.get("jobs_session")))
            .values(authenticated_at=now() - timedelta(minutes=30))
        )
    asked = await _make(client, csrf, scope="read")
    assert asked.status_code == 303 and asked.headers["location"].startswith("/reauth")
    async with session_factory(engine)() as db:
        assert list(await db.scalars(select(ApiToken))) == []
    form = await client.get(asked.headers["location"])
    confirmed = await client.post(
        "/reauth",
        data={"csrf_token": csrf_of(form.text), "password": PASSWORD, "next": "/account"},
        follow_redirects=False,
    )
    assert confirmed.status_code == 303
    assert (await _make(client, csrf, scope="read")).status_code == 200
