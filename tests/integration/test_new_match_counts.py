"""The specialist's "new matches per tier" and the participant's daily "new jobs" message count
every new match, not only the rows kept: with the kept rows capped (``JOBS_MATCHES_KEPT_PER_TIER``
set low, as 200 caps them in a state's caseload), the dashboard counts from the whole ranking's
summary, and the message says "N+" when postings may have gone uncounted."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
from collections import Counter

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select, update

from jobs.cli import main
from jobs.services.caseload import dashboard
from jobs.services.message_events import queue_match_digests
from jobs.services.web_sessions import Viewer
from jobs.settings import Settings
from jobs.store import Match, OutboxMessage, Participant, ParticipantContact, Posting, User
from jobs.store.engine import session_factory
from tests.support.db import engine_for
from tests.support.demo_db import demo_env as loaded_demo

KEEP = 2


@pytest.fixture(scope="module")
def demo_env(tmp_path_factory):
    return loaded_demo(tmp_path_factory.mktemp("counts"))


def match_all(env, ref):
    result = CliRunner().invoke(main, ["match", ref, "--all-tiers", "--json"], env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["results"]


def in_session(env, work):
    async def run():
        settings = Settings.from_env(env)
        engine = engine_for(settings)
        try:
            async with session_factory(engine)() as session, session.begin():
                return await work(session, settings)
        finally:
            await engine.dispose()

    return asyncio.run(run())


async def _person(session) -> Participant:
    return await session.scalar(select(Participant).where(Participant.external_ref == "KC-0001"))


async def _admin(session) -> Viewer:
    user = await session.scalar(select(User).where(User.role == "admin").order_by(User.id))
    return Viewer(user_id=user.id, role="admin", email=user.email, display_name="Admin")


def test_the_caseload_counts_every_unreviewed_match_of_a_tier_past_the_kept_rows(demo_env):
    env = {**demo_env, "JOBS_MATCHES_KEPT_PER_TIER": str(KEEP)}
    whole = Counter(r["tier"] for r in match_all(env, "KC-0001"))
    assert whole["eligible"] > KEEP + 3, "the tier holds more postings than rows are kept"

    async def count(session, settings):
        person = await _person(session)
        reviewed = Counter(
            tier
            for (tier,) in await session.execute(
                select(Match.tier)
                .join(Posting, Posting.id == Match.posting_id)
                .where(
                    Match.participant_id == person.id,
                    Match.review_status != "new",
                    Posting.status == "open",
                )
            )
        )
        rows = await dashboard(session, await _admin(session), dt.date(2026, 12, 1))
        (row,) = [r for r in rows if r.id == person.id]
        return row, reviewed

    row, reviewed = in_session(env, count)
    assert row.new_eligible == whole["eligible"] - reviewed["eligible"]
    assert row.new_needs_approval == whole["needs_approval"] - reviewed["needs_approval"]
    assert row.new_eligible > KEEP

    async def review_one(session, settings):
        person = await _person(session)
        kept = await session.scalar(
            select(Match.id).where(
                Match.participant_id == person.id,
                Match.tier == "eligible",
                Match.review_status == "new",
            )
        )
        await session.execute(
            update(Match).where(Match.id == kept).values(review_status="shortlisted")
        )

    in_session(env, review_one)
    after, _ = in_session(env, count)
    assert after.new_eligible == row.new_eligible - 1  # a reviewed match is not new

    async def a_new_job_matched_since(session, settings):
        # A rematch of new postings kept a job first seen after the whole ranking: the
        # ranking's counts do not hold it, its row does.
        person = await _person(session)
        known = await session.get(Posting, await session.scalar(select(Match.posting_id)))
        job = Posting(
            source_id=known.source_id,
            source_job_id="new-since-the-ranking",
            title="Order Picker",
            employer_name="Riverbend Logistics",
            content_hash="n1",
            raw_hash="n1",
            first_seen_at=dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1),
        )
        session.add(job)
        await session.flush()
        session.add(Match(participant_id=person.id, posting_id=job.id, tier="eligible", score=99))

    in_session(env, a_new_job_matched_since)
    newest, _ = in_session(env, count)
    assert newest.new_eligible == after.new_eligible + 1


@pytest.mark.parametrize("keep", [KEEP, 200])
def test_the_new_jobs_message_says_plus_only_when_the_kept_rows_are_full(demo_env, keep):
    env = {**demo_env, "JOBS_MATCHES_KEPT_PER_TIER": str(keep)}
    eligible = sum(r["tier"] == "eligible" for r in match_all(env, "KC-0001"))
    now = dt.datetime.now(dt.UTC)

    async def digest(session, settings):
        person = await _person(session)
        assert await session.get(ParticipantContact, person.id), "KC-0001 gets messages"
        await session.execute(
            update(Posting).values(first_seen_at=now - dt.timedelta(hours=2))
        )  # every job is new since the last message
        await session.execute(
            OutboxMessage.__table__.delete().where(OutboxMessage.participant_id == person.id)
        )
        await queue_match_digests(session, settings, now)
        dismissed = await session.scalar(
            select(func.count(Match.id)).where(
                Match.participant_id == person.id,
                Match.tier == "eligible",
                Match.review_status == "dismissed",
            )
        )
        message = await session.scalar(
            select(OutboxMessage).where(
                OutboxMessage.participant_id == person.id,
                OutboxMessage.template == "new_matches",
            )
        )
        return message.body, dismissed

    body, dismissed = in_session(env, digest)
    if keep == KEEP:  # rows kept: the best two, and whatever was acted on
        assert re.search(r": \d+\+ new job\(s\) match you", body), body
    else:  # every eligible job has its row: the count is exact
        assert f": {eligible - dismissed} new job(s) match you" in body, body
