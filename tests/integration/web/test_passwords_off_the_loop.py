"""argon2 work (a tenth of a second of CPU each) runs in worker threads, never on the event loop
that serves every request, and importing the sign-in code computes no hash."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import pytest
from argon2 import PasswordHasher

import jobs
from jobs.services import accounts
from jobs.services.accounts import add_user
from jobs.services.sign_in import check_password
from jobs.services.web_sessions import Viewer, change_password
from tests.integration.web.world import PASSWORD, code_now, csrf_of, forget_last_code, sign_in

pytestmark = pytest.mark.anyio


def _on_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


class RecordingHasher:
    """The real argon2 hasher, remembering for each hash and verification whether it ran on a
    thread that runs an event loop (the test's own, or the test client's app loop)."""

    def __init__(self) -> None:
        self.real = PasswordHasher()
        self.calls: list[tuple[str, bool]] = []

    def hash(self, password: str) -> str:
        self.calls.append(("hash", _on_event_loop()))
        return self.real.hash(password)

    def verify(self, stored: str, password: str) -> bool:
        self.calls.append(("verify", _on_event_loop()))
        return self.real.verify(stored, password)


@pytest.fixture
def hasher(monkeypatch) -> RecordingHasher:
    recording = RecordingHasher()
    monkeypatch.setattr(accounts, "_hasher", recording)
    return recording


def _ran_off_the_loop(hasher: RecordingHasher, *operations: str) -> None:
    assert [op for op, _ in hasher.calls] == list(operations)
    on_loop = [op for op, on_loop in hasher.calls if on_loop]
    assert on_loop == [], f"argon2 {', '.join(on_loop)} ran on the event loop's thread"


async def test_sign_in_verifies_the_password_in_a_worker_thread(session, settings, world, hasher):
    security = settings.security
    assert await check_password(session, "spec1@example.org", PASSWORD, security) is not None
    _ran_off_the_loop(hasher, "verify")


async def test_an_unknown_email_gets_its_timing_verification_in_a_worker_thread(
    session, settings, world, hasher
):
    assert await check_password(session, "nobody@example.org", PASSWORD, settings.security) is None
    verifications = [op for op, _ in hasher.calls if op == "verify"]
    assert verifications == ["verify"]
    _ran_off_the_loop(hasher, *(op for op, _ in hasher.calls))


async def test_a_new_account_and_a_password_change_hash_in_a_worker_thread(session, world, hasher):
    user = await add_user(
        session, email="new@example.org", role="specialist", password="violet kettles hum quietly"
    )
    viewer = Viewer(user_id=user.id, role=user.role, email=user.email, display_name="")
    assert (
        await change_password(
            session, viewer, "violet kettles hum quietly", "seven copper owls wander north"
        )
        == {}
    )
    _ran_off_the_loop(hasher, "hash", "verify", "hash")


async def test_re_authentication_verifies_in_a_worker_thread(client, settings, world, hasher):
    csrf = await sign_in(client, "spec1")
    await forget_last_code(settings, "spec1@example.org")
    hasher.calls.clear()
    response = await client.post(
        "/reauth",
        data={"password": PASSWORD, "code": code_now(), "next": "/account", "csrf_token": csrf},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    _ran_off_the_loop(hasher, "verify")


async def test_the_sign_in_form_verifies_in_a_worker_thread(client, world, hasher):
    page = await client.get("/login")
    response = await client.post(
        "/login",
        data={"email": "emp1@example.org", "password": PASSWORD, "csrf_token": csrf_of(page.text)},
        follow_redirects=False,
    )
    assert response.status_code == 303
    _ran_off_the_loop(hasher, "verify")


def test_importing_the_sign_in_code_computes_no_hash():
    """The timing-equalisation hash is made on first use: an import (every CLI command, every
    worker process) pays for no argon2 computation."""
    probe = """
import argon2
calls = []
for name in ("hash", "verify"):
    real = getattr(argon2.PasswordHasher, name)
    def spy(self, *args, _real=real, _name=name, **kwargs):
        calls.append(_name)
        return _real(self, *args, **kwargs)
    setattr(argon2.PasswordHasher, name, spy)
import jobs.services.accounts, jobs.services.sign_in, jobs.services.web_sessions
import jobs.web.auth, jobs.web.reauth, jobs.cli
print(calls)
"""
    source_root = str(Path(jobs.__file__).resolve().parents[1])
    path = os.pathsep.join(p for p in (source_root, os.environ.get("PYTHONPATH", "")) if p)
    result = subprocess.run(
        [sys.executable, "-c", probe],
        env={**os.environ, "PYTHONPATH": path},
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert result.stdout.strip() == "[]", result.stdout + result.stderr
