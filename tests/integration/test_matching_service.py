"""The batch engine through the store and `jobs match` on the demo data."""

import json

import pytest
from click.testing import CliRunner

from jobs.cli import main
from tests.support.db import query
from tests.support.demo_db import demo_env as loaded_demo

TIER_ORDER = {"eligible": 0, "needs_approval": 1, "excluded": 2}


@pytest.fixture(scope="module")
def demo_env(tmp_path_factory):
    """One demo database for the module (loading it takes a while)."""
    return loaded_demo(tmp_path_factory.mktemp("matching"))


def match(env, *args):
    result = CliRunner().invoke(main, ["match", *args, "--json"], env=env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_demo_load_stores_a_match_for_every_participant_and_open_posting(demo_env):
    url = demo_env["JOBS_DATABASE_URL"]
    (postings,) = query(
        url, "SELECT count(*) FROM postings WHERE status = 'open' AND duplicate_of IS NULL"
    )[0:1]
    (people,) = query(url, "SELECT count(*) FROM participants")[0:1]
    (matches,) = query(url, "SELECT count(*) FROM matches")[0:1]
    assert matches[0] == postings[0] * people[0]


def test_match_json_has_designs_fields_best_first_and_excluded_only_when_asked(demo_env):
    shown = match(demo_env, "KC-0001")
    everything = match(demo_env, "KC-0001", "--all-tiers")
    assert shown["participant"] == "KC-0001"
    assert {r["tier"] for r in shown["results"]} <= {"eligible", "needs_approval"}
    tiers = [TIER_ORDER[r["tier"]] for r in everything["results"]]
    assert tiers == sorted(tiers)
    assert "excluded" in {r["tier"] for r in everything["results"]}
    first = everything["results"][0]
    assert set(first) >= {
        "posting_id",
        "title",
        "employer",
        "tier",
        "score",
        "components",
        "reasons",
        "transit",
    }
    assert set(first["components"]) == {
        "skills",
        "title",
        "transit",
        "pay",
        "schedule",
        "fair_chance",
    }
    assert set(first["transit"]) >= {"minutes", "transfers", "home_after_shift"}
    assert all({"code", "tier", "text"} <= set(reason) for reason in first["reasons"])
    for tier in ("eligible", "needs_approval"):
        scores = [r["score"] for r in everything["results"] if r["tier"] == tier]
        assert scores == sorted(scores, reverse=True)
    excluded = [r for r in everything["results"] if r["tier"] == "excluded"]
    assert all(any(x["tier"] == "excluded" for x in r["reasons"]) for r in excluded)
    assert len(match(demo_env, "KC-0001", "--limit", "3")["results"]) == 3


def test_match_json_names_postings_by_the_integer_ids_postings_list_gives(demo_env):
    listed = CliRunner().invoke(main, ["postings", "list", "--json"], env=demo_env)
    assert listed.exit_code == 0, listed.output
    ids = {posting["id"] for posting in json.loads(listed.stdout)}
    results = match(demo_env, "KC-0001", "--all-tiers")["results"]
    assert results and all(type(r["posting_id"]) is int for r in results)
    assert {r["posting_id"] for r in results} <= ids


def test_a_review_survives_a_recompute(demo_env):
    url = demo_env["JOBS_DATABASE_URL"]
    import asyncio

    from sqlalchemy import text

    from jobs.settings import DatabaseSettings
    from jobs.store.engine import create_engine

    async def dismiss():
        engine = create_engine(DatabaseSettings(url=url))
        async with engine.begin() as conn:
            await conn.execute(
                text(
                    "UPDATE matches SET review_status = 'dismissed', dismissal_reason = 'too far'"
                    " WHERE id = (SELECT min(id) FROM matches)"
                )
            )
        await engine.dispose()

    asyncio.run(dismiss())
    match(demo_env, "KC-0001")
    match(demo_env, "KC-0002")
    rows = query(
        url,
        "SELECT review_status, dismissal_reason FROM matches WHERE id = "
        "(SELECT min(id) FROM matches)",
    )
    assert rows == [("dismissed", "too far")]


def test_an_unknown_participant_is_named(demo_env):
    result = CliRunner().invoke(main, ["match", "KC-9999"], env=demo_env)
    assert result.exit_code == 1
    assert "no participant with id or external_ref 'KC-9999'" in result.output


def test_a_new_transit_feed_rematches_the_commutes_it_changes(demo_env, tmp_path):
    """Matches record the feed their commute came from; loading another feed re-matches them."""
    import asyncio
    import shutil

    from sqlalchemy import select

    from jobs.runtime import Runtime
    from jobs.services.refresh import feed_changed
    from jobs.settings import Settings
    from jobs.store import Match
    from jobs.store.engine import create_engine, session_factory
    from jobs.transit.cache import demo_feed_path

    old = Settings.from_env(demo_env)
    feed = tmp_path / "feed"
    shutil.copytree(demo_feed_path(), feed)
    info = feed / "feed_info.txt"
    info.write_text(info.read_text().replace("demo-1", "demo-2"))
    new = Settings.from_env({**demo_env, "JOBS_GTFS_PATH": str(feed)})
    old_digest, new_digest = (Runtime.build(s).planner().timetable.checksum for s in (old, new))
    assert old_digest != new_digest

    async def feeds() -> dict[int, set[str | None]]:
        engine = create_engine(old.database, Runtime.build(old).key_ring)  # reasons are sealed
        async with session_factory(engine)() as session:
            rows = await session.scalars(select(Match))
            found: dict[int, set[str | None]] = {}
            for row in rows:
                if row.transit:
                    found.setdefault(row.participant_id, set()).add(row.transit.get("feed"))
        await engine.dispose()
        return found

    async def load(settings):
        runtime = Runtime.build(settings)
        engine = create_engine(settings.database, runtime.key_ring, runtime.audit_key)
        async with session_factory(engine)() as session, session.begin():
            run = await feed_changed(session, runtime)
        await engine.dispose()
        return run

    before = asyncio.run(feeds())
    assert before and all(found == {old_digest} for found in before.values())
    assert asyncio.run(load(old)).participants == 0  # same feed: nothing to do
    run = asyncio.run(load(new))
    assert run.participants == len(before)
    after = asyncio.run(feeds())
    assert set(after) == set(before) and all(found == {new_digest} for found in after.values())
    assert asyncio.run(load(new)).participants == 0
    assert asyncio.run(load(old)).participants == len(before)  # and back again


def _set_extractor_version(url, old, new):
    import asyncio

    from sqlalchemy import text

    from jobs.settings import DatabaseSettings
    from jobs.store.engine import create_engine

    async def run():
        engine = create_engine(DatabaseSettings(url=url))
        try:
            async with engine.begin() as conn:
                await conn.execute(
                    text(
                        "UPDATE extractions SET extractor_version = :new"
                        " WHERE extractor_version = :old"
                    ),
                    {"new": new, "old": old},
                )
        finally:
            await engine.dispose()

    asyncio.run(run())


def test_after_an_extractor_upgrade_matching_keeps_the_older_reading(demo_env):
    url = demo_env["JOBS_DATABASE_URL"]
    before = match(demo_env, "KC-0001", "--all-tiers")
    (version,) = query(url, "SELECT DISTINCT extractor_version FROM extractions")[0]
    _set_extractor_version(url, version, "0.1+older")  # as if the extractor had just been upgraded
    try:
        after = match(demo_env, "KC-0001", "--all-tiers")
    finally:
        _set_extractor_version(url, "0.1+older", version)
    skills = {r["posting_id"]: r["components"]["skills"] for r in before["results"]}
    assert {r["posting_id"]: r["components"]["skills"] for r in after["results"]} == skills
    assert len(set(skills.values())) > 1  # real skill scores, not one neutral value for all
