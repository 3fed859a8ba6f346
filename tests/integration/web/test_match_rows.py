"""The specialist's match list reads each match's columns (no ORM entities): the views it builds
are the ones the entity read builds, sealed reasons opened, for the list and for one match."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from jobs.services.my_matches import SHOWN_TIERS, my_match, my_matches
from jobs.services.review import (
    MatchFilters,
    MatchView,
    _built_views,
    _match_rows_query,
    one_match,
    review_matches,
)
from jobs.services.web_sessions import Viewer
from jobs.store import Match, Participant, Posting

pytestmark = pytest.mark.anyio

REASONS = [
    {"code": "offense_kind", "tier": "needs_approval", "text": "Ask the officer: a & b <c>"},
    {"code": "curfew", "kind": "todo", "tier": "eligible", "text": "Home by 22:00"},
]
TRANSIT = {
    "minutes": 41.6,
    "transfers": 1,
    "site": {"text": "1200 Kansas Ave", "lat": 39.08, "lon": -94.63},
}


async def _entity_views(
    session, participant: Participant, match_ids: list[int], *, trips: bool = True
) -> list[MatchView]:
    """The views as the entity read built them: each ``Match`` loaded whole (its reasons opened
    by the load event), then the same posting columns beside it."""
    query = _match_rows_query(participant.id).where(Match.id.in_(match_ids))
    query = query.with_only_columns(Match, *list(query.selected_columns)[10:])
    own = [
        (
            (m.id, m.participant_id, m.posting_id, m.tier, m.score, m.components, m.reasons,
             m.transit, m.review_status, m.dismissal_reason),
            tuple(row)[1:],
        )
        for row in await session.execute(query)
        for m in (row[0],)
    ]  # fmt: skip
    return await _built_views(session, participant, own, trips=trips)


async def test_the_column_read_builds_the_entity_reads_views(session, world):
    source_id = (await session.get(Posting, world.postings["forklift"])).source_id
    posting = Posting(
        source_id=source_id, source_job_id="rows-1", title="Rows Job", locations=[],
        workplace="on_site", pay_min=18.0, pay_max=None, pay_currency="USD", pay_unit="hour",
        content_hash="rows-1", status="open",
    )  # fmt: skip
    session.add(posting)
    await session.flush()
    match = Match(
        participant_id=world.participants["ana"], posting_id=posting.id, tier="needs_approval",
        score=61.25, components={"fit": 0.5}, reasons=REASONS, transit=TRANSIT,
    )  # fmt: skip
    session.add(match)
    await session.commit()
    viewer = Viewer(user_id=world.users["spec1"], role="specialist", email="", display_name="spec1")
    ana = world.participants["ana"]

    _, sections, _ = await review_matches(session, viewer, ana, MatchFilters(limit=500))
    listed = {view.match_id: view for views in sections.values() for view in views}
    participant = await session.get(Participant, ana)
    by_entity = await _entity_views(session, participant, list(listed))
    assert len(by_entity) == len(listed) > 1
    assert {view.match_id: view for view in by_entity} == listed
    assert listed[match.id].reasons == REASONS  # opened, not the sealed token
    assert listed[match.id].approvals == [
        {"code": "offense_kind", "text": "Ask the officer: a & b <c>"}
    ]
    assert listed[match.id].place == "1200 Kansas Ave"
    _, one = await one_match(session, viewer, ana, match.id)
    assert one == listed[match.id]
    # The pay filter's path (rows filtered in Python) builds the same views.
    _, by_pay, _ = await review_matches(session, viewer, ana, MatchFilters(sort="pay", limit=500))
    assert {view.match_id: view for views in by_pay.values() for view in views} == listed
    rows = await session.execute(select(Match.reasons).where(Match.id == match.id))
    assert rows.scalar_one() != REASONS  # sealed at rest: the test above opened it
    # The participant's own list and one job read the same columns: the views the entity read
    # built (no trips: the participant's pages never show them), reasons opened.
    me = Viewer(
        user_id=world.users["part1"], role="participant", email="", display_name="ana",
        participant_id=ana,
    )  # fmt: skip
    mine = await my_matches(session, me, limit=500)
    assert {v.tier for v in mine} <= set(SHOWN_TIERS) and match.id in {v.match_id for v in mine}
    by_entity_mine = await _entity_views(
        session, participant, [v.match_id for v in mine], trips=False
    )
    assert {v.match_id: v for v in mine} == {v.match_id: v for v in by_entity_mine}
    own = next(v for v in mine if v.match_id == match.id)
    assert own.reasons == REASONS and own.trip_there is None
    assert await my_match(session, me, posting.id) == own


async def test_the_statement_built_once_reads_each_participants_own_matches(session, world):
    """The list's statement is kept between requests with the participant bound at each: one
    specialist's read after another's shows only that participant's matches."""
    rows = await session.execute(select(Match.participant_id, Match.id))
    expected: dict[int, set[int]] = {}
    for participant_id, match_id in rows:
        expected.setdefault(participant_id, set()).add(match_id)
    for _ in range(2):
        for user, person in (("spec1", "ana"), ("spec2", "ben"), ("spec1", "ana")):
            viewer = Viewer(
                user_id=world.users[user], role="specialist", email="", display_name=user
            )
            participant_id = world.participants[person]
            _, sections, counts = await review_matches(
                session, viewer, participant_id, MatchFilters(limit=500, show_dismissed=True)
            )
            views = [view for shown in sections.values() for view in shown]
            assert {view.participant_id for view in views} <= {participant_id}
            open_ids = set(
                await session.scalars(
                    select(Match.id)
                    .join(Posting, Posting.id == Match.posting_id)
                    .where(Match.participant_id == participant_id, Posting.status == "open")
                )
            )
            assert {view.match_id for view in views} == open_ids <= expected[participant_id]
            assert sum(counts.values()) == len(open_ids)
