"""The matches page folds the excluded jobs into a count: their rows are counted, not built,
and the audit's ``shown`` counts the rows the page shows."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from jobs.services import review
from jobs.services.review import MatchFilters, review_matches
from jobs.services.web_sessions import Viewer
from jobs.store import AuditEvent
from jobs.store.engine import session_factory
from tests.integration.web.world import sign_in

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    "filters",
    [
        MatchFilters(limit=500),
        MatchFilters(limit=1),
        MatchFilters(sort="pay", limit=500),  # rows filtered in Python
        MatchFilters(max_km=10_000.0, limit=500),  # rows filtered by their views
    ],
)
async def test_a_folded_tier_keeps_its_count_and_builds_no_views(session, world, filters):
    viewer = Viewer(user_id=world.users["spec1"], role="specialist", email="", display_name="s")
    ana = world.participants["ana"]
    _, whole, counts = await review_matches(session, viewer, ana, filters)
    _, folded, folded_counts = await review_matches(
        session, viewer, ana, filters, folded=("excluded",)
    )
    assert counts["excluded"] >= 1 and whole["excluded"]
    assert folded_counts == counts
    assert folded["excluded"] == []
    assert {t: v for t, v in folded.items() if t != "excluded"} == {
        t: v for t, v in whole.items() if t != "excluded"
    }


async def _last_shown(engine, participant_id: int) -> int:
    async with session_factory(engine)() as session:
        events = list(
            await session.scalars(
                select(AuditEvent)
                .where(AuditEvent.participant_id == participant_id)
                .where(AuditEvent.action == "read_matches")
                .order_by(AuditEvent.id)
            )
        )
    return int(events[-1].detail["shown"])


async def test_the_audit_counts_the_rows_the_page_shows(client, world, engine):
    await sign_in(client, "spec1")
    pid = world.participants["ana"]
    excluded = world.matches["ana_cook"]
    page = (await client.get(f"/participants/{pid}/matches")).text
    rows = re.findall(r'<details class="match-row" id="row-(\d+)"', page)
    assert rows and str(excluded) not in rows
    assert await _last_shown(engine, pid) == len(rows)
    # Asked for by tier, the excluded jobs are shown, and audited as shown.
    page = (await client.get(f"/participants/{pid}/matches?tier=excluded")).text
    rows = re.findall(r'<details class="match-row" id="row-(\d+)"', page)
    assert str(excluded) in rows
    assert await _last_shown(engine, pid) == len(rows)


@pytest.mark.parametrize(
    "filters",
    [
        MatchFilters(max_km=10_000.0, limit=500),
        MatchFilters(max_km=0.1, limit=500),  # nothing is that near
        MatchFilters(shift="day", limit=500),
        MatchFilters(shift="night", max_km=10_000.0, limit=500),
    ],
)
async def test_a_folded_tier_filtered_by_distance_or_shift_is_counted_from_its_rows(
    session, world, filters, monkeypatch
):
    """With a distance or shift filter the folded tier's count is the one its views would give,
    and none of its rows becomes a view."""
    viewer = Viewer(user_id=world.users["spec1"], role="specialist", email="", display_name="s")
    ana = world.participants["ana"]
    _, whole, counts = await review_matches(session, viewer, ana, filters)
    built: list[str] = []
    original = review._built_views

    async def noted(session, participant, rows, **kwargs):
        built.extend(match[3] for match, _ in rows)  # each row's tier
        return await original(session, participant, rows, **kwargs)

    monkeypatch.setattr(review, "_built_views", noted)
    _, folded, folded_counts = await review_matches(
        session, viewer, ana, filters, folded=("excluded",)
    )
    assert folded_counts == counts
    assert folded["excluded"] == [] and "excluded" not in built
    assert {t: v for t, v in folded.items() if t != "excluded"} == {
        t: v for t, v in whole.items() if t != "excluded"
    }
