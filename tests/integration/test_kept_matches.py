"""The matching service keeps the best N matches of each tier per participant, a summary of the
whole ranking, and every match someone acted on; other rows of postings outside the kept set
go. Transit is asked only for the postings within the commute radius."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections import Counter

import msgspec
import pytest
from click.testing import CliRunner
from sqlalchemy import select, update

import jobs.services.matching as matching
from jobs.cli import main
from jobs.matching import PostingFacts
from jobs.matching.rank import COUNTED_TIERS
from jobs.participant_format import parse_participant
from jobs.runtime import Runtime
from jobs.services.commutes import site_shift
from jobs.services.matching import acted_on, rank_everyone
from jobs.services.visibility import audit
from jobs.settings import Settings
from jobs.skills.extract import shipped_extractor
from jobs.store import ApplicationStep, Interest, Match, MatchSummary, Participant, Posting
from jobs.store.base import utcnow
from jobs.store.engine import session_factory
from tests.support.db import engine_for
from tests.support.demo_db import demo_env as loaded_demo

KEEP = 2


@pytest.fixture(scope="module")
def demo_env(tmp_path_factory):
    return loaded_demo(tmp_path_factory.mktemp("kept"))


def match_all(env, ref):
    result = CliRunner().invoke(main, ["match", ref, "--all-tiers", "--json"], env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["results"]


async def _in_session(env, work):
    settings = Settings.from_env(env)
    engine = engine_for(settings)
    try:
        async with session_factory(engine)() as session, session.begin():
            return await work(session)
    finally:
        await engine.dispose()


def in_session(env, work):
    return asyncio.run(_in_session(env, work))


def test_a_rematch_keeps_the_best_of_each_tier_what_was_acted_on_and_the_whole_count(demo_env):
    env = {**demo_env, "JOBS_MATCHES_KEPT_PER_TIER": str(KEEP)}
    whole = match_all(demo_env, "KC-0001")  # everything kept (61 postings, 200 a tier)
    by_tier: dict[str, list[int]] = {}
    for result in whole:
        by_tier.setdefault(result["tier"], []).append(result["posting_id"])
    # Something done on matches that will rank outside the best two of their tier.
    low = [ids[-1] for ids in by_tier.values() if len(ids) > KEEP + 3]
    assert len(low) >= 2
    dismissed, interested = low[0], low[1]
    stepped = by_tier[max(by_tier, key=lambda t: len(by_tier[t]))][-2]
    printed = by_tier[max(by_tier, key=lambda t: len(by_tier[t]))][-3]

    async def act(session):
        person = await session.scalar(
            select(Participant).where(Participant.external_ref == "KC-0001")
        )
        before = (await acted_on(session, [person.id])).get(person.id, set())  # the demo's own
        await session.execute(
            update(Match)
            .where(Match.participant_id == person.id, Match.posting_id == dismissed)
            .values(review_status="dismissed", dismissal_reason="too far for now")
        )
        session.add(Interest(participant_id=person.id, posting_id=interested, created_at=utcnow()))
        session.add(
            ApplicationStep(participant_id=person.id, posting_id=stepped, step="applied",
                            happened_on=dt.date(2026, 11, 20))
        )  # fmt: skip
        packet = await session.scalar(
            select(Match.id).where(Match.participant_id == person.id, Match.posting_id == printed)
        )
        await audit(session, None, "print_packet", "match", packet, participant_id=person.id)
        found = await acted_on(session, [person.id])
        assert found == {person.id: before | {dismissed, interested, stepped, printed}}
        await session.execute(
            update(Match)
            .where(Match.participant_id == person.id)
            .values(computed_at=dt.datetime(2000, 1, 1, tzinfo=dt.UTC))
        )  # a mark to see which rows the rematch wrote
        return person.id, before

    person, before = in_session(env, act)
    again = match_all(env, "KC-0001")  # `jobs match --all-tiers` still prints every tier
    assert [(r["posting_id"], r["tier"]) for r in again] == [
        (r["posting_id"], r["tier"]) for r in whole
    ]
    expected = {ids[k] for ids in by_tier.values() for k in range(min(KEEP, len(ids)))}
    acted = before | {dismissed, interested, stepped, printed}

    async def read(session):
        rows = {
            m.posting_id: m
            for m in await session.scalars(select(Match).where(Match.participant_id == person))
        }
        summary = await session.get(MatchSummary, person)
        return rows, summary

    rows, summary = in_session(env, read)
    assert set(rows) == expected | acted
    assert all(row.computed_at.year > 2000 for row in rows.values())  # all recomputed
    assert (rows[dismissed].review_status, rows[dismissed].dismissal_reason) == (
        "dismissed",
        "too far for now",
    )
    assert summary.kept_per_tier == KEEP
    counted = Counter(r["tier"] for r in whole)
    for tier, document in summary.tiers.items():
        assert document["postings"] == counted[tier]
        assert document["kept"] == min(KEEP, counted[tier])
        if tier in COUNTED_TIERS:
            codes = Counter(
                code
                for r in whole
                if r["tier"] == tier
                for code in {x["code"] for x in r["reasons"] if x["tier"] == tier}
            )
            assert document["reasons"] == dict(codes)
            assert set(document["words"]) == set(codes)

    # A kept posting closes: its row goes, unless someone acted on it.
    top = next(iter(sorted(expected - acted)))

    async def close(session):
        await session.execute(
            update(Posting).where(Posting.id.in_([top, dismissed])).values(status="closed")
        )
        runtime = Runtime.build(Settings.from_env(env))
        run = await matching.refresh_matches(session, runtime, posting_ids=[top, dismissed])
        assert run.deleted >= 1
        return {
            m.posting_id
            for m in await session.scalars(select(Match).where(Match.participant_id == person))
        }

    left = in_session(env, close)
    assert top not in left and dismissed in left


def test_transit_is_asked_only_within_the_commute_radius(runtime, monkeypatch):
    asked: list[list[int]] = []
    real = matching.reach_from_home

    def recorded(planner, home, sites, today, answers=None):
        asked.append(sorted(site.posting_id for site in sites))
        return real(planner, home, sites, today, answers)

    monkeypatch.setattr(matching, "reach_from_home", recorded)
    shift = {"label": "day", "start": "08:30", "end": "17:00", "days": ["mon", "tue"]}
    places = {1: (39.0911, -94.5812), 2: (38.627, -90.199)}  # Kansas City; St. Louis, ~380 km
    postings = [
        msgspec.convert(
            {
                "id": str(k),
                "title": "Office Clerk",
                "employer": "Example Co.",
                "locations": [{"text": "a site", "region": "MO", "lat": lat, "lon": lon}],
                "workplace": "on_site",
                "requirements": {"shifts": [shift]},
            },
            PostingFacts,
        )
        for k, (lat, lon) in places.items()
    ]
    sites = {
        k: site_shift(k, [{"lat": lat, "lon": lon}], [shift]) for k, (lat, lon) in places.items()
    }
    who = parse_participant(
        {"external_ref": "T-1", "name": "Test Person", "home": {"lat": 39.0137, "lon": -94.553},
         "max_commute_minutes": 60}
    )  # fmt: skip
    (one,) = rank_everyone(
        runtime, shipped_extractor().taxonomy, [(1, who, (39.0137, -94.553))], postings,
        sites, dt.date(2026, 11, 28), keep=5,
    )  # fmt: skip
    assert asked == [[1]]
    far = next(r for r in one.results if r.posting_id == "2")
    assert any(r.code == "beyond_commute" for r in far.reasons)
    assert one.tiers["eligible"].postings + one.tiers["needs_approval"].postings == 2


def test_a_changed_posting_joins_the_kept_only_above_the_lowest_kept_or_where_there_is_room():
    from jobs.matching.rank import Components, MatchResult, TransitSummary
    from jobs.services.matching import _has_room

    def result(tier, score):
        return MatchResult(
            posting_id="9", title="t", employer="e", tier=tier, score=score,
            components=Components(0, 0, 0, 0, 0, 0), reasons=[], transit=TransitSummary(),
        )  # fmt: skip

    summary = MatchSummary(
        participant_id=1,
        kept_per_tier=2,
        tiers={
            "eligible": {"postings": 9, "kept": 2, "floor": 61.5},
            "excluded": {"postings": 1, "kept": 1, "floor": 3.0},
        },
    )
    assert _has_room(None, result("eligible", 1.0), 2)  # never summed up: kept, as before
    assert not _has_room(summary, result("eligible", 61.5), 2)
    assert _has_room(summary, result("eligible", 61.6), 2)
    assert _has_room(summary, result("excluded", 0.0), 2)  # the tier has room
    assert _has_room(summary, result("needs_approval", 0.0), 2)
