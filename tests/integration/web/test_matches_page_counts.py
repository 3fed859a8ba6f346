"""The specialist's match list counts the rows listed by tier (beside the whole ranking) and the
shortlisted in one statement: the same figures as the two reads it replaces."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update

from jobs.services.review import listed_and_shortlisted, shortlist_size
from jobs.store import Match, Posting

pytestmark = pytest.mark.anyio


async def _listed_by_tier(session, participant_id: int) -> dict[str, int]:
    """The count the whole ranking made itself: open postings, duplicates left out."""
    rows = await session.execute(
        select(Match.tier, func.count())
        .join(Posting, Posting.id == Match.posting_id)
        .where(
            Match.participant_id == participant_id,
            Posting.status == "open",
            Posting.duplicate_of.is_(None),
        )
        .group_by(Match.tier)
    )
    return dict(rows.tuples().all())


async def test_listed_and_shortlisted_are_the_two_reads_figures(session, world):
    ana = world.participants["ana"]
    matched = list(
        await session.execute(
            select(Match.id, Match.posting_id).where(Match.participant_id == ana).order_by(Match.id)
        )
    )
    assert len(matched) >= 3
    # One match shortlisted on a duplicate posting, one on its own: both count as shortlisted;
    # the duplicate is not listed beside the whole ranking.
    (first, first_posting), (second, _), (_, original) = matched[:3]
    await session.execute(
        update(Match).where(Match.id.in_([first, second])).values(review_status="shortlisted")
    )
    await session.execute(
        update(Posting).where(Posting.id == first_posting).values(duplicate_of=original)
    )
    await session.flush()
    for person in world.participants.values():
        listed, shortlisted = await listed_and_shortlisted(session, person)
        assert listed == await _listed_by_tier(session, person)
        assert shortlisted == await shortlist_size(session, person)
    listed, shortlisted = await listed_and_shortlisted(session, ana)
    assert shortlisted == 2
    assert sum(listed.values()) < sum((await _all_open(session, ana)).values())


async def _all_open(session, participant_id: int) -> dict[str, int]:
    rows = await session.execute(
        select(Match.tier, func.count())
        .join(Posting, Posting.id == Match.posting_id)
        .where(Match.participant_id == participant_id, Posting.status == "open")
        .group_by(Match.tier)
    )
    return dict(rows.tuples().all())
