"""Issue 20, item 12: wrong passwords back staff off progressively (and alert admins) instead of
locking them out; a failed re-authentication never locks the account's owner out."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from jobs.services.sign_in import check_password, confirm_identity, is_locked
from jobs.services.web_sessions import Viewer
from jobs.store import AuditEvent, User
from jobs.store.engine import session_factory
from tests.integration.web.world import PASSWORD, csrf_of, now, sign_in
from tests.support.portal_fixtures import portal_client

pytestmark = pytest.mark.anyio
WRONG = "not the password at all"
EMAIL = "spec1@example.org"


async def _fail(session, security, moment, times=5):
    for second in range(times):
        at = moment + timedelta(seconds=second)
        assert await check_password(session, EMAIL, WRONG, security, now=at) is None
    return moment + timedelta(seconds=times - 1)


async def test_staff_get_a_doubling_back_off_not_a_long_lock(session, settings, world):
    security, start = settings.security, now()
    last = await _fail(session, security, start)
    user = await session.get(User, world.users["spec1"])
    assert is_locked(user, security, last + timedelta(seconds=30))
    # One minute later the owner signs in: the old code kept them out for 15 minutes.
    back = last + timedelta(minutes=1)
    assert not is_locked(user, security, back)
    # A second round of failures doubles the wait, a third doubles it again.
    last = await _fail(session, security, back)
    assert is_locked(user, security, last + timedelta(seconds=90))
    assert not is_locked(user, security, last + timedelta(minutes=2))
    last = await _fail(session, security, last + timedelta(minutes=2))
    assert is_locked(user, security, last + timedelta(minutes=3))
    assert not is_locked(user, security, last + timedelta(minutes=4))
    assert (
        await check_password(session, EMAIL, PASSWORD, security, now=last + timedelta(minutes=4))
        == user
    )
    alerts = (
        await session.scalars(
            select(AuditEvent.detail).where(AuditEvent.action == "staff_sign_in_backoff")
        )
    ).all()
    assert [alert["minutes"] for alert in alerts] == [1, 2, 4]


async def test_admins_see_the_alert_on_their_page(settings, engine, world):
    async with portal_client(settings) as stranger, portal_client(settings) as admin:
        for _ in range(5):
            page = await stranger.get("/login")
            await stranger.post(
                "/login",
                data={"email": EMAIL, "password": WRONG, "csrf_token": csrf_of(page.text)},
            )
        await sign_in(admin, "admin")
        listing = await admin.get("/admin")
    assert "Failed staff sign-ins (last 24 hours)" in listing.text
    assert f"{EMAIL}: 5 wrong passwords or codes; signing in held back 1 minute" in listing.text


async def test_failed_reauthentication_never_locks_the_owner_out(settings, engine, world):
    security, start = settings.security, now()
    async with session_factory(engine)() as session, session.begin():
        user = await session.get(User, world.users["spec1"])
        viewer = Viewer(user_id=user.id, role=user.role, email=user.email, display_name="")
        for second in range(12):
            at = start + timedelta(seconds=second)
            problems = await confirm_identity(session, viewer, user, WRONG, "", security, now=at)
            assert problems == {"password": "That is not your password."}
        assert not is_locked(user, security, start + timedelta(seconds=12))
        owner = await check_password(
            session, EMAIL, PASSWORD, security, now=start + timedelta(seconds=13)
        )
        assert owner == user


async def test_many_failed_reauthentications_sign_that_browser_out(client, world):
    await sign_in(client, "spec1")
    for _ in range(5):
        form = await client.get("/reauth")
        assert form.status_code == 200
        answer = await client.post(
            "/reauth",
            data={"csrf_token": csrf_of(form.text), "password": WRONG, "code": "000000"},
        )
        assert answer.status_code == 400
    after = await client.get("/caseload", follow_redirects=False)
    assert after.status_code == 303 and after.headers["location"].startswith("/login")
