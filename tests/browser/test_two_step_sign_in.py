"""Two-step sign-in in Chromium: a new specialist enrolls on a phone, staff give a code, and an
export asks for the password and code again; axe finds nothing serious on these pages."""

from __future__ import annotations

import asyncio
import re
import sqlite3
from concurrent.futures import ThreadPoolExecutor
from contextlib import closing
from datetime import UTC, datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from sqlalchemy import update

from jobs.services.accounts import add_user
from jobs.services.totp import code_at
from jobs.store import User
from jobs.store.base import utcnow
from jobs.store.engine import session_factory
from tests.browser.conftest import DATABASES, no_sideways_scroll, shot, sign_in
from tests.integration.web.world import PASSWORD, code_now
from tests.support.db import engine_for

pytestmark = pytest.mark.browser

NEWCOMER = "newcomer@example.org"
NEWCOMER_PASSWORD = "river stones and paper lanterns"
AXE = Axe()


def _serious(page) -> list[str]:
    results = AXE.run(page)
    return [
        f"{v['id']}: {v['help']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


async def _seed(live_server) -> None:
    engine = engine_for(live_server.settings)
    try:
        async with session_factory(engine)() as session, session.begin():
            await add_user(
                session,
                email=NEWCOMER,
                role="specialist",
                password=NEWCOMER_PASSWORD,
                display_name="Newcomer",
            )
            await session.execute(
                update(User).where(User.email == "part2@example.org").values(locked_at=utcnow())
            )
    finally:
        await engine.dispose()


@pytest.fixture(scope="module")
def seeded(live_server) -> None:
    # Playwright's own loop runs in this thread: seed from another one.
    with ThreadPoolExecutor(max_workers=1) as worker:
        worker.submit(asyncio.run, _seed(live_server)).result()


def test_a_new_specialist_sets_up_two_step_sign_in_on_a_phone(live_server, seeded, phone):
    base, page = live_server.url, phone
    page.goto(f"{base}/login")
    page.get_by_label("Email").fill(NEWCOMER)
    page.get_by_label("Password").fill(NEWCOMER_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Set up two-step sign-in").is_visible()
    no_sideways_scroll(page)
    assert not _serious(page)
    shot(page, "phone-enrol")
    secret = page.locator("#totp-secret").get_attribute("data-secret")
    assert secret and re.fullmatch(r"[A-Z2-7]{32}", secret)
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    page.wait_for_load_state()
    assert "That code is not right" in page.content()
    page.get_by_label("Code").fill(code_at(secret, datetime.now(UTC)))
    page.get_by_role("button", name="Turn on two-step sign-in").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Caseload").is_visible()


def test_staff_type_a_code_and_confirm_again_before_an_old_session_exports(live_server, desktop):
    base, page = live_server.url, desktop
    page.goto(f"{base}/login")
    page.get_by_label("Email").fill("spec2@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Enter your code").is_visible()
    assert not _serious(page)
    page.get_by_label("Code").fill(code_now())
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Caseload").is_visible()
    with closing(sqlite3.connect(DATABASES[base])) as db, db:
        db.execute(
            "UPDATE web_sessions SET authenticated_at = '2000-01-01 00:00:00.000000' WHERE"
            " user_id = (SELECT id FROM users WHERE email = 'spec2@example.org')"
        )  # signed in long ago, as far as re-authentication is concerned
    page.goto(f"{base}/reauth?next=/reports/")
    assert page.get_by_role("heading", name="Confirm it is you").is_visible()
    assert not _serious(page)
    shot(page, "desktop-reauth")
    with closing(sqlite3.connect(DATABASES[base])) as db, db:
        db.execute("UPDATE users SET totp_last_step = NULL WHERE email = 'spec2@example.org'")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Code").fill(code_now())
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state()
    assert page.url.endswith("/reports/")


def test_the_admin_page_offers_unlock_for_a_locked_account(live_server, seeded, desktop):
    base, page = live_server.url, desktop
    sign_in(page, base, "admin")
    page.get_by_role("button", name="Unlock part2@example.org").click()
    page.wait_for_load_state()
    assert "locked after failed sign-ins" not in page.content()
