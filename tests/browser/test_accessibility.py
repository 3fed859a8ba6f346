"""Accessibility in Chromium: axe-core finds no serious or critical violation on the main pages of
every role, and phone-width pages never scroll sideways."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe

from jobs.services.placements import PlacementIn, enroll, record_placement
from jobs.store import Consent, Referral
from jobs.store.base import utcnow
from jobs.store.engine import session_factory
from tests.browser.conftest import no_sideways_scroll, shot, sign_in
from tests.support.db import engine_for

pytestmark = pytest.mark.browser

BLOCKING = ("serious", "critical")
AXE = Axe()


async def _hire_ana(live_server) -> int:
    """Ana referred to Riverbend with her record shared, and hired there: returns the referral."""
    world = live_server.world
    engine = engine_for(live_server.settings)
    try:
        async with session_factory(engine)() as session:
            ana, riverbend = world.participants["ana"], world.employers["riverbend"]
            consent = Consent(
                participant_id=ana,
                employer_id=riverbend,
                fields=["record"],
                purpose="Referral for Forklift Operator",
                granted_at=utcnow(),
                expires_at=utcnow() + timedelta(days=180),
            )
            session.add(consent)
            await session.flush()
            referral = Referral(
                participant_id=ana,
                posting_id=world.postings["forklift"],
                employer_id=riverbend,
                consent_id=consent.id,
                status="hired",
            )
            session.add(referral)
            start = date.today() - timedelta(days=35)
            await enroll(session, ana, start - timedelta(days=60))
            await record_placement(
                session,
                PlacementIn(
                    participant_id=ana,
                    employer_id=riverbend,
                    posting_id=world.postings["forklift"],
                    start_date=start,
                    offered_on=start - timedelta(days=3),
                    hourly_wage=18.5,
                    hours_per_week=40,
                    shift="day",
                ),
            )
            await session.commit()
            return referral.id
    finally:
        await engine.dispose()


@pytest.fixture(scope="module")
def hired(live_server) -> int:
    # Playwright's own loop runs in this thread: seed from another one.
    with ThreadPoolExecutor(max_workers=1) as worker:
        return worker.submit(asyncio.run, _hire_ana(live_server)).result()


def blocking_violations(page, name: str) -> list[str]:
    """axe-core's serious and critical findings on the page, one line per rule and element."""
    page.wait_for_load_state()
    results = AXE.run(page)
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        for node in violation["nodes"]:
            found.append(
                f"{name}: {violation['id']} ({violation['impact']}) at "
                f"{', '.join(map(str, node['target']))}: {violation['help']}"
            )
    return found


def visit(page, url: str, name: str) -> list[str]:
    """Open ``url`` and return axe's blocking findings there (and, on a phone, sideways scroll)."""
    response = page.goto(url)
    assert response is not None and response.ok, f"{name}: {url} answered {response.status}"
    found = blocking_violations(page, name)
    if (page.viewport_size or {}).get("width", 1280) <= 400:
        try:
            no_sideways_scroll(page)
        except AssertionError as exc:
            found.append(f"{name}: {str(exc).splitlines()[0]}")
    return found


def test_sign_in_page(live_server, desktop, phone):
    found = visit(desktop, f"{live_server.url}/login", "sign-in")
    found += visit(phone, f"{live_server.url}/login", "sign-in (phone)")
    assert not found, "\n".join(found)


def test_specialist_pages(live_server, desktop, hired):
    base, world = live_server.url, live_server.world
    ana = world.participants["ana"]
    sign_in(desktop, base, "spec1")
    pages = {
        "caseload": "/caseload",
        "participant profile": f"/participants/{ana}",
        "profile form": f"/participants/{ana}/edit",
        "intake form": "/participants/new",
        "matches": f"/participants/{ana}/matches",
        "approval packet": f"/participants/{ana}/matches/{world.matches['ana_packer']}/packet",
        "refer form": f"/participants/{ana}/matches/{world.matches['ana_loader']}/refer",
        "refer form (needs approval)": (
            f"/participants/{ana}/matches/{world.matches['ana_packer']}/refer"
        ),
        "reports": "/reports/",
        "check-ins": "/reports/checkins",
        "incentives": "/reports/incentives",
        "account": "/account",
    }
    found = []
    for name, path in pages.items():
        found += visit(desktop, base + path, name)
    shot(desktop, "a11y-specialist-last")
    desktop.goto(base + "/no/such/page")
    found += blocking_violations(desktop, "page not found")
    desktop.goto(base + "/participants/new")
    desktop.get_by_label("Curfew starts").fill("late")
    desktop.get_by_role("button", name="Save").click()
    found += blocking_violations(desktop, "intake with errors")
    assert not found, "\n".join(found)


def test_employer_pages(live_server, desktop, phone, hired):
    base, world = live_server.url, live_server.world
    sign_in(desktop, base, "emp1")
    pages = {
        "employer home": "/employer",
        "company profile": "/employer/profile",
        "job form": "/employer/jobs/new",
        "job edit form": f"/employer/jobs/{world.postings['forklift']}/edit",
        "candidate": f"/employer/candidates/{hired}",
    }
    found = []
    for name, path in pages.items():
        found += visit(desktop, base + path, name)
    sign_in(phone, base, "emp1")
    for name, path in pages.items():
        found += visit(phone, base + path, f"{name} (phone)")
    assert not found, "\n".join(found)


def test_participant_pages_on_a_phone_in_english_and_spanish(live_server, phone):
    base, world = live_server.url, live_server.world
    page = phone
    sign_in(page, base, "part1")
    pages = {
        "my jobs": "/me/jobs",
        "one job": f"/me/jobs/{world.postings['forklift']}",
        "needs approval job": f"/me/jobs/{world.postings['packer']}",
        "my profile": "/me/profile",
    }
    found = []
    for lang in ("en", "es"):
        if lang == "es":
            page.goto(f"{base}/me/jobs")
            page.get_by_role("button", name="Español").click()
            page.wait_for_load_state()
            assert page.locator("html").get_attribute("lang") == "es"
        for name, path in pages.items():
            found += visit(page, base + path, f"{name} ({lang})")
        shot(page, f"a11y-phone-my-profile-{lang}")
    page.goto(f"{base}/me/jobs")
    page.get_by_role("button", name="English").click()
    assert not found, "\n".join(found)


def test_admin_pages(live_server, desktop, phone):
    base = live_server.url
    sign_in(desktop, base, "admin")
    found = []
    for name, path in {"admin": "/admin", "caseload (admin)": "/caseload"}.items():
        found += visit(desktop, base + path, name)
    sign_in(phone, base, "admin")
    found += visit(phone, f"{base}/admin", "admin (phone)")
    assert not found, "\n".join(found)
