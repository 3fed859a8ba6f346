"""The officer packet in Chromium: the work address is the site the match is for (for an employer
with several sites, the best one for the participant, not the head office), human words only,
the preparer, and one printed page."""

from __future__ import annotations

import asyncio
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from jobs.runtime import Runtime
from jobs.services.matching import refresh_matches
from jobs.store import Match, Participant, Posting, Source, User
from jobs.store.engine import session_factory
from tests.browser.conftest import shot, sign_in
from tests.support.db import engine_for

pytestmark = pytest.mark.browser

KANSAS_SITE = "1200 Kansas Ave, Kansas City, KS 66105"
MISSOURI_SITE = "1500 Grand Blvd, Kansas City, MO 64108"
HEAD_OFFICE = "1 Front St, Kansas City, MO"  # the world's Riverbend address


async def _two_site_match(settings, world) -> int:
    """A Riverbend posting at a Kansas site (listed first) and a Missouri one, matched for Ana
    (Missouri P&P, approved for Missouri only) by the real engine; the match's id."""
    engine = engine_for(settings)
    runtime = Runtime.build(settings)
    try:
        async with session_factory(engine)() as session:
            ana = await session.scalar(
                select(Participant)
                .options(selectinload(Participant.supervision))
                .where(Participant.id == world.participants["ana"])
            )
            ana.supervision.approved_states = ["MO"]
            source = await session.scalar(select(Source))
            posting = Posting(
                source_id=source.id,
                source_job_id="two-sites",
                employer_id=world.employers["riverbend"],
                employer_name="Riverbend Logistics",
                title="Order Picker",
                locations=[
                    {
                        "text": KANSAS_SITE,
                        "city": "Kansas City",
                        "region": "KS",
                        "postal_code": "66105",
                        "lat": 39.0872,
                        "lon": -94.6365,
                    },
                    {
                        "text": MISSOURI_SITE,
                        "city": "Kansas City",
                        "region": "MO",
                        "postal_code": "64108",
                        "lat": 39.0936,
                        "lon": -94.5822,
                    },
                ],
                workplace="on_site",
                pay_min=17,
                pay_max=19,
                pay_currency="USD",
                pay_unit="hour",
                content_hash="two-sites",
                status="open",
            )
            session.add(posting)
            preparer = await session.get(User, world.users["spec1"])
            preparer.display_name = "Sam Specialist"
            await session.flush()
            await refresh_matches(
                session, runtime, posting_ids=[posting.id], participant_ids=[ana.id]
            )
            match = await session.scalar(
                select(Match).where(Match.posting_id == posting.id, Match.participant_id == ana.id)
            )
            await session.commit()
            assert match.transit["site"]["text"] == MISSOURI_SITE
            return match.id
    finally:
        await engine.dispose()


def _in_thread(work):
    """Run a coroutine to its end on a thread of its own (Playwright holds this one's loop)."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, work).result()


def test_the_packet_prints_the_site_the_match_is_for_in_plain_words(live_server, desktop):
    base, world = live_server.url, live_server.world
    match_id = _in_thread(_two_site_match(live_server.settings, world))
    pid = world.participants["ana"]
    page = desktop
    sign_in(page, base, "spec1")
    page.goto(f"{base}/participants/{pid}/matches#match-{match_id}")
    card = page.locator(f"#match-{match_id}")
    assert MISSOURI_SITE in card.inner_text(), "the card names the site the match is for"
    page.goto(f"{base}/participants/{pid}/matches/{match_id}/packet")
    address = page.locator("td.work-address").inner_text()
    assert address == MISSOURI_SITE, "the packet's address is the match's site"
    text = page.locator("main").inner_text()
    assert HEAD_OFFICE not in text and KANSAS_SITE not in text
    for raw in ("True", "False", "missouri pp", "missouri_pp", "transfer(s)", "None"):
        assert not re.search(rf"\b{re.escape(raw)}\b", text), f"raw value {raw!r} printed"
    assert "Missouri Probation and Parole" in text
    assert "Prepared by" in text and "Sam Specialist" in text
    assert "Officer's signature" in text and "Participant's signature" in text
    # The preparer's phone, once given, is printed on every packet.
    page.get_by_label("Your work phone, printed on every packet you prepare").fill("816-555-0142")
    page.get_by_role("button", name="Save my phone").click()
    page.wait_for_load_state()
    assert "816-555-0142" in page.locator("p.preparer").inner_text()
    shot(page, "desktop-packet-two-sites")
    page.emulate_media(media="print")
    height = page.evaluate("document.documentElement.scrollHeight")
    pdf = page.pdf(format="Letter", print_background=False)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    print(f"packet: {height}px in print media, {pages} printed page(s)")
    assert pages == 1, f"the packet prints on {pages} pages"


def test_the_packet_of_a_needs_approval_job_gives_each_reason_with_its_rule(live_server, desktop):
    base, world = live_server.url, live_server.world
    pid, mid = world.participants["ana"], world.matches["ana_packer"]
    page = desktop
    sign_in(page, base, "spec1")
    page.goto(f"{base}/participants/{pid}/matches/{mid}/packet")
    reasons = page.locator("ul.approval-reasons li")
    assert reasons.count() == 1
    first = reasons.first.inner_text()
    assert "Job is in Kansas: needs a travel permit before the start date" in first
    assert "Rule:" in first
    shift = page.get_by_role("row", name=re.compile("^Shift"))
    assert shift.count() == 1, "the shift is printed once"
    trip = page.get_by_role("row", name=re.compile("^Trip to work")).inner_text()
    assert "06:10" in trip and "bus 71" in trip
    conditions = page.locator("main").inner_text()
    assert "Curfew 22:00 to 06:00" in conditions
    assert "No places whose main business is alcohol" in conditions
