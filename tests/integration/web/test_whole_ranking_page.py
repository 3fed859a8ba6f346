"""The review page says how many jobs of each tier are not listed (the rematch keeps the best of
each tier as rows and counts the rest) and why, across the whole tier, in the viewer's language."""

from __future__ import annotations

import pytest

from jobs.store import MatchSummary
from jobs.store.base import utcnow
from jobs.store.engine import session_factory
from tests.integration.web.world import sign_in

pytestmark = pytest.mark.anyio


async def _summed_up(engine, participant_id: int) -> None:
    tiers = {
        "eligible": {"postings": 2, "kept": 2, "floor": 50.0, "reasons": {}, "words": {}},
        "needs_approval": {
            "postings": 1502,
            "kept": 2,
            "floor": 40.0,
            "reasons": {"travel_permit_state": 1500, "fdic_section_19": 7},
            "words": {
                "travel_permit_state": "Job is in Kansas: needs a travel permit",
                "fdic_section_19": "Bank job: FDIC Section 19 consent needed",
            },
        },
        "excluded": {
            "postings": 148_411,
            "kept": 1,
            "floor": 10.0,
            "reasons": {"beyond_curfew": 120_000},
            "words": {"beyond_curfew": "Shift ends 23:30, after the 22:00 curfew"},
        },
    }
    async with session_factory(engine)() as session, session.begin():
        session.add(
            MatchSummary(
                participant_id=participant_id, kept_per_tier=2, tiers=tiers, computed_at=utcnow()
            )
        )


async def test_the_page_says_how_many_are_not_listed_and_why_in_english_and_spanish(
    client, world, engine
):
    ana = world.participants["ana"]
    await sign_in(client, "spec1")
    before = (await client.get(f"/participants/{ana}/matches")).text
    assert "not listed" not in before  # never summed up: as before
    await _summed_up(engine, ana)
    page = (await client.get(f"/participants/{ana}/matches")).text
    assert "more jobs in this tier are not listed." in page
    assert "Why, across all 1,502:" in page
    assert "<strong>1,500</strong> × Job is in Kansas: needs a travel permit" in page
    # Excluded jobs stay folded; their reasons count the whole tier.
    assert "<strong>120,000</strong> × Shift ends 23:30, after the 22:00 curfew" in page
    assert "And 148,410 more jobs in this tier are not listed." in page
    client.headers["Accept-Language"] = "es"  # numbers as Spanish in the US writes them
    spanish = (await client.get(f"/participants/{ana}/matches")).text
    assert "Y 148,410 empleos más de este grupo no aparecen en la lista." in spanish
    assert "Por qué, entre los 1,502:" in spanish
