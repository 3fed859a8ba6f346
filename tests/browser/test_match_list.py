"""The specialist's match list in Chromium: compact rows with the card on demand, excluded jobs
folded into their reasons, filters kept after an action, a shortlist with undo, and a long list
that stays a page you can scan (issue 16, item 3)."""

from __future__ import annotations

import asyncio
import threading

import pytest
from sqlalchemy import select

from jobs.store import Match, Posting, Source
from jobs.store.engine import session_factory
from tests.browser.conftest import shot, sign_in
from tests.support.db import engine_for

pytestmark = pytest.mark.browser

FIT = {"code": "fits_experience", "tier": "eligible", "kind": "fit",
       "text": "Fits experience: the job is like past or wanted work"}  # fmt: skip
NO_LICENSE = {"code": "drivers_license_missing", "tier": "excluded", "kind": "bar",
              "text": "Requires a valid driver's license: participant has none"}  # fmt: skip


def _add_many(live_server, eligible: int, excluded: int) -> None:
    """Ana gets many more matches, as a busy week of syncing would give her."""

    async def add() -> None:
        engine = engine_for(live_server.settings)
        try:
            async with session_factory(engine)() as session:
                source = await session.scalar(select(Source).where(Source.name == "test-board"))
                world = live_server.world
                for n in range(eligible + excluded):
                    posting = Posting(
                        source_id=source.id, source_job_id=f"list-{n}",
                        employer_id=world.employers["riverbend"],
                        employer_name="Riverbend Logistics", title=f"Picker {n}",
                        locations=[{"text": "Kansas City, MO", "lat": 39.1, "lon": -94.58}],
                        workplace="on_site", content_hash=f"list-{n}", status="open",
                        pay_min=16.0, pay_max=18.0, pay_unit="hour",
                    )  # fmt: skip
                    session.add(posting)
                    await session.flush()
                    out = n >= eligible
                    session.add(
                        Match(
                            participant_id=world.participants["ana"],
                            posting_id=posting.id,
                            tier="excluded" if out else "eligible",
                            score=40.0 + n % 30,
                            components={},
                            reasons=[NO_LICENSE if out else FIT],
                            transit={"minutes": 20 + n % 40},
                        )
                    )
                await session.commit()
        finally:
            await engine.dispose()

    # Playwright's sync API keeps an event loop running in this thread: seed from another.
    seeding = threading.Thread(target=asyncio.run, args=(add(),))
    seeding.start()
    seeding.join()


def test_a_long_match_list_stays_short_and_keeps_its_filters(live_server, desktop):
    _add_many(live_server, eligible=60, excluded=80)
    base, world = live_server.url, live_server.world
    page = desktop
    sign_in(page, base, "spec1")
    ana = world.participants["ana"]
    page.goto(f"{base}/participants/{ana}/matches")
    height = page.evaluate("document.documentElement.scrollHeight")
    shot(page, "desktop-matches-long")
    assert height < 5000, f"the match list is {height} px tall"
    assert "80</strong> × Requires a valid driver&#39;s license" in page.content() or (
        "80 × Requires a valid driver's license" in page.locator(".excluded-reasons").inner_text()
    )
    assert page.locator("#tier-excluded ~ ul.match-rows").count() == 0  # folded, not listed
    # Sort by ride, open one row's card, shortlist it: the list comes back sorted, that row open.
    page.get_by_text("Filters and sort").click()
    page.get_by_label("Sort by").select_option("ride")
    page.get_by_role("button", name="Filter").click()
    page.wait_for_load_state()
    first = page.locator("details.match-row").first
    first.locator("> summary").click()
    card = first.locator("article.match")
    card.get_by_role("button", name="Shortlist").click()
    page.wait_for_load_state()
    assert "sort=ride" in page.url and "done=shortlist" in page.url
    opened = page.locator("details.match-row[open]")
    assert opened.count() == 1 and "shortlisted" in opened.locator("> summary").inner_text()
    # Undo puts it back.
    page.get_by_role("button", name="Undo").click()
    page.wait_for_load_state()
    assert "sort=ride" in page.url
    page.goto(f"{base}/participants/{ana}/matches?status=shortlisted")
    assert page.locator("details.match-row").count() == 0


def test_the_caseload_is_stacked_cards_on_a_phone(live_server, phone):
    from tests.browser.conftest import no_sideways_scroll

    base = live_server.url
    sign_in(phone, base, "spec1")
    phone.goto(f"{base}/caseload")
    row = phone.locator("table.caseload tbody tr").first
    assert row.evaluate("r => getComputedStyle(r).display") == "block"
    label = row.locator("td").first.evaluate("c => getComputedStyle(c, '::before').content")
    assert "New eligible" in label  # each figure says what it is
    no_sideways_scroll(phone)
    shot(phone, "phone-caseload")
