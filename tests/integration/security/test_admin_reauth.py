"""Issue 20, Medium 3: creating an account, disabling, unlocking and approving an employer need
a recent sign-in, like a role change."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from jobs.services.web_sessions import digest
from jobs.store import Employer, User, WebSession
from jobs.store.engine import session_factory
from tests.integration.web.world import PASSWORD, code_now, csrf_of, forget_last_code, now, sign_in

pytestmark = pytest.mark.anyio


async def _state(engine, world):
    async with session_factory(engine)() as db:
        users = {u.email: (u.is_active, u.locked_at) for u in await db.scalars(select(User))}
        pending = await db.get(Employer, world.employers["pending"])
        return users, pending.status


async def test_admin_changes_need_a_recent_sign_in(client, world, engine, settings):
    csrf = await sign_in(client, "admin")
    async with session_factory(engine)() as db, db.begin():
        await db.execute(
            update(User).where(User.id == world.users["spec2"]).values(locked_at=now())
        )
        await db.execute(
            update(WebSession)
            .where(WebSession.id == digest(client.cookies.get("jobs_session")))
            .values(authenticated_at=now() - timedelta(minutes=10))
        )
    before = await _state(engine, world)
    spec2, pending = world.users["spec2"], world.employers["pending"]
    changes = {
        "/admin/accounts": {
            "role": "admin",
            "email": "second-admin@example.org",
            "display_name": "Second",
            "password": "a long passphrase for the second admin",
        },
        f"/admin/accounts/{spec2}/disable": {},
        f"/admin/accounts/{spec2}/unlock": {},
        f"/admin/employers/{pending}/approve": {},
    }
    for path, fields in changes.items():
        asked = await client.post(
            path,
            data={"csrf_token": csrf, **fields},
            headers={"referer": "http://testserver.local/admin"},
            follow_redirects=False,
        )
        assert asked.status_code == 303, (path, asked.status_code)
        assert asked.headers["location"] == "/reauth?next=%2Fadmin", path
    assert await _state(engine, world) == before
    await forget_last_code(settings, "admin@example.org")
    form = await client.get("/reauth?next=/admin")
    confirmed = await client.post(
        "/reauth",
        data={
            "csrf_token": csrf_of(form.text),
            "password": PASSWORD,
            "code": code_now(),
            "next": "/admin",
        },
        follow_redirects=False,
    )
    assert confirmed.status_code == 303
    for path, fields in changes.items():
        done = await client.post(path, data={"csrf_token": csrf, **fields}, follow_redirects=False)
        assert done.status_code == 303 and done.headers["location"].startswith("/admin?done="), path
    users, status = await _state(engine, world)
    assert "second-admin@example.org" in users and status == "approved"
    assert users["spec2@example.org"] == (False, None)
