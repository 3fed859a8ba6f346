"""Sync of a 10,000-posting Greenhouse board served on loopback, into SQLite.

Figures: postings per second for the first sync and for an unchanged resync, and the ratio of the
first sync against a naive baseline that upserts posting by posting (select, then insert). Goals
(issue #3): first sync >= 500 postings/s, unchanged resync >= 5,000 postings/s. Extraction is not
part of this figure (bench_skills measures it).
"""

from __future__ import annotations

import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

import httpx
from sqlalchemy import select

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jobs.connectors import KINDS  # noqa: E402
from jobs.services.sync import posting_values, sync  # noqa: E402
from jobs.settings import DatabaseSettings  # noqa: E402
from jobs.store import Posting, Source  # noqa: E402
from jobs.store.engine import create_engine, session_factory  # noqa: E402
from jobs.store.migrate import upgrade  # noqa: E402
from tests.support.loopback import Reply, serve  # noqa: E402

COUNT = 10_000
BASELINE_COUNT = 2_000
PLACES = ["Kansas City, MO", "Lenexa, KS", "Riverside, MO", "Olathe, KS", "Independence, MO"]


def board(count: int) -> bytes:
    jobs = [
        {
            "id": 7_000_000 + i,
            "title": f"Warehouse Associate {i % 37}",
            "absolute_url": f"https://job-boards.greenhouse.io/benchco/jobs/{7_000_000 + i}",
            "location": {"name": PLACES[i % len(PLACES)]},
            "updated_at": "2026-11-20T09:00:00-05:00",
            "first_published": "2026-11-18T09:00:00-05:00",
            "content": "&lt;p&gt;Pick, pack and ship orders. 2nd shift 3:00 PM - 11:30 PM. "
            "$18.50/hr. Forklift certification preferred.&lt;/p&gt;",
            "offices": [{"name": PLACES[i % len(PLACES)], "location": PLACES[i % len(PLACES)]}],
            "metadata": [],
            "company_name": "Bench Co",
        }
        for i in range(count)
    ]
    return json.dumps({"jobs": jobs, "meta": {"total": count}}).encode()


async def setup(folder: Path, base_url: str):
    engine = create_engine(DatabaseSettings(url=f"sqlite+aiosqlite:///{folder / 'sync.sqlite3'}"))
    await upgrade(engine)
    sessions = session_factory(engine)
    async with sessions() as session, session.begin():
        session.add(
            Source(name="bench", kind="greenhouse", base_url=base_url, config={"board": "bench"})
        )
    return engine, sessions


async def timed_sync(sessions, client) -> tuple[float, dict]:
    started = time.perf_counter()
    (result,) = await sync(sessions, client, ["bench"])
    return time.perf_counter() - started, result


async def naive_baseline(sessions, client, base_url: str) -> float:
    """Fetch and normalise the same way, then upsert one posting at a time."""
    started = time.perf_counter()
    listing = await KINDS["greenhouse"].run(client, {"board": "bench"}, base_url)
    async with sessions() as session, session.begin():
        source = await session.scalar(select(Source).where(Source.name == "bench"))
        for posting in listing.postings:
            row = await session.scalar(
                select(Posting).where(
                    Posting.source_id == source.id, Posting.source_job_id == posting.source_job_id
                )
            )
            if row is None:
                session.add(
                    Posting(
                        source_id=source.id,
                        source_job_id=posting.source_job_id,
                        **posting_values(posting),
                    )
                )
                await session.flush()
    return time.perf_counter() - started


async def main() -> None:
    with (
        serve() as upstream,
        tempfile.TemporaryDirectory() as one,
        tempfile.TemporaryDirectory() as two,
    ):
        upstream.routes["/v1/boards/bench/jobs"] = Reply(board(COUNT))
        async with httpx.AsyncClient(timeout=60) as client:
            engine, sessions = await setup(Path(one), upstream.base_url)
            first, created = await timed_sync(sessions, client)
            again, unchanged = await timed_sync(sessions, client)
            await engine.dispose()

            upstream.routes["/v1/boards/bench/jobs"] = Reply(board(BASELINE_COUNT))
            engine, sessions = await setup(Path(two), upstream.base_url)
            baseline = await naive_baseline(sessions, client, upstream.base_url)
            await engine.dispose()
    assert created.created == COUNT, created
    assert unchanged.unchanged == COUNT and unchanged.created == 0, unchanged
    first_rate, again_rate = COUNT / first, COUNT / again
    baseline_rate = BASELINE_COUNT / baseline
    print(f"sync of a {COUNT:,}-posting Greenhouse board on loopback into SQLite")
    print(f"  first sync:         {first_rate:8.0f} postings/s ({first:.2f} s)   goal >= 500")
    print(f"  unchanged resync:   {again_rate:8.0f} postings/s ({again:.2f} s)   goal >= 5,000")
    print(f"  naive upsert:       {baseline_rate:8.0f} postings/s ({BASELINE_COUNT:,} postings)")
    print(f"  ratio first sync / naive baseline: {first_rate / baseline_rate:.1f}x")


if __name__ == "__main__":
    asyncio.run(main())
