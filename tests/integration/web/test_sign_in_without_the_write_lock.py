"""Signing in verifies the password before the request's write transaction begins: on SQLite
no write lock is held during the tenth of a second argon2 takes, so other requests' writes do
not queue behind a sign-in. An unknown email still pays one verification (same work, same
answer), and a verdict on a hash changed in between is not trusted."""

from __future__ import annotations

import dataclasses
import sqlite3

import anyio.to_thread
import pytest
from argon2 import PasswordHasher
from sqlalchemy import func, select
from sqlalchemy.engine import make_url

from jobs.services import accounts
from jobs.services.sign_in import PasswordChecked, check_password
from jobs.store import SignInFailure, User
from jobs.store.engine import create_engine, session_factory
from tests.conftest import sqlite_settings
from tests.integration.web.world import PASSWORD, code_now, csrf_of, forget_last_code, sign_in
from tests.support.portal_fixtures import portal_client
from tests.support.served import world_database

pytestmark = pytest.mark.anyio


class LockProbingHasher:
    """The real argon2 hasher; each verification first notes whether SQLite's write lock is
    free at that moment (another connection tries ``BEGIN IMMEDIATE`` without waiting)."""

    def __init__(self, path: str) -> None:
        self.real = PasswordHasher()
        self.path = path
        self.lock_free: list[bool] = []

    def hash(self, password: str) -> str:
        return self.real.hash(password)

    def verify(self, stored: str, password: str) -> bool:
        probe = sqlite3.connect(self.path, timeout=0, isolation_level=None)
        try:
            probe.execute("BEGIN IMMEDIATE")
            probe.execute("ROLLBACK")
            self.lock_free.append(True)
        except sqlite3.OperationalError:
            self.lock_free.append(False)
        finally:
            probe.close()
        return self.real.verify(stored, password)


@pytest.fixture
async def own(settings, tmp_path):
    # The write lock is SQLite's: this test has a SQLite database of its own.
    mine = dataclasses.replace(settings, database=sqlite_settings(tmp_path / "own.sqlite3"))
    await anyio.to_thread.run_sync(world_database, mine)
    return mine


@pytest.fixture
def hasher(own, monkeypatch) -> LockProbingHasher:
    probing = LockProbingHasher(str(make_url(own.database.url).database))
    monkeypatch.setattr(accounts, "_hasher", probing)
    return probing


async def _try(client, email: str, password: str) -> int:
    page = await client.get("/login")
    response = await client.post(
        "/login",
        data={"email": email, "password": password, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    return response.status_code


async def _failures(own, email: str) -> int:
    engine = create_engine(own.database)
    try:
        async with session_factory(engine)() as db:
            return int(
                await db.scalar(
                    select(func.count())
                    .select_from(SignInFailure)
                    .join(User, User.id == SignInFailure.user_id)
                    .where(User.email == email)
                )
                or 0
            )
    finally:
        await engine.dispose()


async def test_the_right_password_is_verified_while_no_write_lock_is_held(own, hasher):
    async with portal_client(own) as client:
        assert await _try(client, "emp1@example.org", PASSWORD) == 303
    assert hasher.lock_free == [True]


async def test_a_wrong_password_is_verified_without_the_lock_and_still_counted(own, hasher):
    async with portal_client(own) as client:
        assert await _try(client, "emp1@example.org", "not the password at all") == 400
    assert hasher.lock_free == [True]
    assert await _failures(own, "emp1@example.org") == 1


async def test_an_unknown_email_pays_one_verification_without_the_lock(own, hasher):
    async with portal_client(own) as client:
        assert await _try(client, "nobody@example.org", PASSWORD) == 400
        known = await _try(client, "emp1@example.org", "not the password at all")
    assert known == 400
    # The same work for both: one verification each, none holding the lock.
    assert hasher.lock_free == [True, True]


async def test_re_authentication_verifies_without_the_lock(own, hasher):
    async with portal_client(own) as client:
        csrf = await sign_in(client, "spec1")
        await forget_last_code(own, "spec1@example.org")
        hasher.lock_free.clear()
        answer = await client.post(
            "/reauth",
            data={"password": PASSWORD, "code": code_now(), "next": "/account", "csrf_token": csrf},
            follow_redirects=False,
        )
        assert answer.status_code == 303, answer.text
        wrong = await client.post(
            "/reauth",
            data={"password": "not it", "code": code_now(), "next": "/account", "csrf_token": csrf},
            follow_redirects=False,
        )
        assert wrong.status_code == 400
    assert hasher.lock_free == [True, True]


async def test_a_verdict_on_a_hash_changed_since_is_not_trusted(session, settings, world):
    user = await session.scalar(select(User).where(User.email == "emp1@example.org"))
    assert user is not None
    stale = PasswordChecked(user.id, "a hash the account no longer has", True)
    found = await check_password(
        session, "emp1@example.org", "not the password at all", settings.security, checked=stale
    )
    assert found is None  # verified again against the stored hash, which it does not match
    fresh = PasswordChecked(user.id, user.password_hash, True)
    found = await check_password(
        session,
        "emp1@example.org",
        "anything: the verdict stands",
        settings.security,
        checked=fresh,
    )
    assert found is not None and found.id == user.id
