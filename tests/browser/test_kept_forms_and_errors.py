"""In Chromium: intake typed, the session ends, the form is sent; after signing in again the
person is back on the form with everything they typed and "You were signed out — your form is
kept". A warning comes before the idle timeout; unknown addresses answer with a page."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

import pytest
from sqlalchemy import update

from jobs.store import WebSession
from jobs.store.base import utcnow
from jobs.store.engine import session_factory
from tests.browser.conftest import _forget_last_code, shot, sign_in
from tests.integration.web.world import PASSWORD, code_now
from tests.support.db import engine_for

pytestmark = pytest.mark.browser


async def _end_sessions(settings) -> None:
    engine = engine_for(settings)
    try:
        async with session_factory(engine)() as session, session.begin():
            await session.execute(
                update(WebSession).values(last_seen_at=utcnow() - timedelta(hours=3))
            )
    finally:
        await engine.dispose()


def _in_thread(work):
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, work).result()


def test_intake_sent_after_the_session_ended_is_given_back_after_sign_in(live_server, desktop):
    base, page = live_server.url, desktop
    sign_in(page, base, "spec1")
    page.goto(f"{base}/participants/new")
    page.get_by_label("Program reference").fill("KC-0777")
    page.get_by_label("Full name").fill("Erin Kept")
    page.get_by_label("Street address").fill("3900 Prospect Ave, Kansas City, MO")
    page.get_by_label("Curfew starts").fill("22:00")
    page.get_by_label("Curfew ends").fill("06:00")
    page.get_by_label("No handling of cash").check()
    page.get_by_label("Skills").fill("forklift operation\ninventory control")
    _in_thread(_end_sessions(live_server.settings))  # lunch
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert page.url.startswith(f"{base}/login"), "sent to sign in"
    assert "You were signed out — your form is kept" in page.content()
    _forget_last_code(base, "spec1@example.org")
    page.get_by_label("Email").fill("spec1@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Code").fill(code_now())
    page.get_by_role("button", name="Continue").click()
    page.wait_for_load_state()
    assert page.url == f"{base}/participants/new", "back on the form"
    assert "You were signed out — your form is kept" in page.content()
    assert page.get_by_label("Full name").input_value() == "Erin Kept"
    assert page.get_by_label("Skills").input_value() == "forklift operation\ninventory control"
    assert page.get_by_label("No handling of cash").is_checked()
    shot(page, "desktop-intake-kept")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Erin Kept").count() == 1, page.url


def test_a_warning_comes_before_the_idle_timeout(live_server, desktop):
    base, page = live_server.url, desktop
    sign_in(page, base, "spec1")
    page.clock.install()
    page.goto(f"{base}/caseload")
    idle = live_server.settings.security.session_idle_minutes
    page.clock.fast_forward(f"{idle - 2:02d}:05")
    warning = page.get_by_role("alert")
    assert "You will be signed out in 2 minutes" in warning.inner_text()
    page.get_by_role("button", name="Stay signed in").click()
    page.wait_for_timeout(200)
    page.clock.run_for(500)
    assert page.locator(".idle-warning").count() == 0, "staying signed in clears the warning"


def test_an_unknown_address_answers_with_a_page(live_server, desktop):
    base, page = live_server.url, desktop
    sign_in(page, base, "spec1")
    response = page.goto(f"{base}/participants/9999/nothing-here")
    assert response is not None and response.status == 404
    assert page.get_by_role("heading", name="Page not found").is_visible()
    response = page.goto(f"{base}/participants")
    assert response is not None and response.status == 405
    assert page.get_by_role("heading", name="This page cannot do that").is_visible()


def test_intake_errors_come_in_one_pass_with_a_summary_that_links_to_each_field(
    live_server, desktop
):
    base, page = live_server.url, desktop
    sign_in(page, base, "spec1")
    page.goto(f"{base}/participants/new")
    page.get_by_label("Program reference").fill("KC-0888")
    page.get_by_label("Full name").fill("Gus Once")
    page.get_by_label("Curfew starts").fill("10pm")
    page.get_by_label("Curfew ends").fill("06:00")
    page.get_by_label("Longest commute (minutes)").fill("an hour")
    page.get_by_label("Conviction date").fill("last spring")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    assert summary.get_by_role("heading").inner_text() == "There are 3 problems"
    # The browser moves focus to an autofocus element at a rendering update after the load
    # event, so a loaded machine can read activeElement before it lands: look again for up to
    # 5 s (page.wait_for_function polls with eval, which the page's CSP refuses).
    for _ in range(100):
        focused = page.evaluate("document.activeElement.className")
        if "error-summary" in focused:
            break
        page.wait_for_timeout(50)
    assert "error-summary" in focused, "the summary takes focus"
    links = summary.get_by_role("link")
    assert links.count() == 3
    assert [links.nth(i).inner_text() for i in range(3)] == [
        "Enter the longest commute in whole minutes, from 5 to 240",
        "Enter a curfew start time like 22:00",
        "Enter the conviction date as a date, like 2023-04-11",
    ], "in the order of the form"
    shot(page, "desktop-intake-errors")
    links.nth(0).click()
    assert page.evaluate("document.activeElement.id") == "max_commute_minutes"
    assert page.get_by_label("Full name").input_value() == "Gus Once", "nothing typed is lost"
    page.get_by_label("Curfew starts").fill("22:00")
    page.get_by_label("Longest commute (minutes)").fill("60")
    page.get_by_label("Conviction date").fill("2023-04-11")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Gus Once").count() == 1


def test_disabling_an_account_asks_first(live_server, desktop):
    base, page = live_server.url, desktop
    sign_in(page, base, "admin")
    page.goto(f"{base}/admin")
    yes = page.get_by_role("button", name="Yes, disable spec2@example.org")
    assert not yes.is_visible(), "nothing is disabled by one click"
    page.locator("summary", has_text="Disable").filter(has_text="spec2@example.org").click()
    assert yes.is_visible()
    assert "They are signed out at once" in page.content()
