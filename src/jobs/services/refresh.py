"""What follows a change: place postings on the map, read their requirements, re-match them;
and when the transit feed changes, re-match whoever's commute figures came from another feed.

Re-matching a posting or a participant first claims it (``services.work_leases``, kind ``rematch``,
key ``posting:<id>`` or ``participant:<id>``) inside the caller's transaction, so two processes
never recompute the same one at once. A key another transaction is recomputing right now is
skipped (its row is locked: SKIP LOCKED on PostgreSQL, while on SQLite transactions run one at
a time), and so is a key whose recompute *started* after this one was asked for: that recompute
reads everything committed before it, so doing it again would repeat the same work. The claim
is given back before the transaction commits; a crash rolls it back with everything else.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.services.extraction import extract_postings
from jobs.services.geocoding import place_participants, place_postings
from jobs.services.matching import MatchRun, refresh_matches
from jobs.services.work_leases import DEFAULT_LEASE, lock_free, release, take, worker_name
from jobs.store import Match
from jobs.store.base import utcnow

if TYPE_CHECKING:
    from jobs.runtime import Runtime

REMATCH = "rematch"


def _geocoder_client(runtime: Runtime) -> httpx.AsyncClient | None:
    # Street addresses leave the machine only when the program chose the online geocoder.
    return runtime.http if runtime.settings.geocoding.online else None


async def _claimed_rematch(
    session: AsyncSession,
    asked: dt.datetime,
    runtime: Runtime,
    *,
    posting_ids: Sequence[int] = (),
    participant_ids: Sequence[int] = (),
) -> MatchRun:
    """Claim the postings (or participants) to re-match, re-match the ones this transaction
    got, and give the claims back. ``asked`` is when the caller asked for the recompute, taken
    before its first statement."""
    kind, ids = ("posting", posting_ids) if posting_ids else ("participant", participant_ids)
    wanted = {f"{kind}:{number}": number for number in ids}
    worker, now = worker_name(), utcnow()
    free = await lock_free(session, REMATCH, list(wanted), now)
    # A recompute that started after we asked has read all we could have asked it to.
    mine = take(
        [c for c in free if c.claimed_at is None or c.claimed_at < asked],
        worker,
        now,
        DEFAULT_LEASE,
    )
    if not mine:
        return MatchRun()
    try:
        numbers = sorted(wanted[key] for key in mine)
        if kind == "posting":
            return await refresh_matches(session, runtime, posting_ids=numbers)
        return await refresh_matches(session, runtime, participant_ids=numbers)
    finally:
        await release(session, REMATCH, mine, worker)


async def postings_changed(
    session: AsyncSession, runtime: Runtime, posting_ids: Sequence[int]
) -> None:
    """Geocode (online only when the runtime has an HTTP client and JOBS_GEOCODER=census),
    extract and re-match these postings."""
    asked = utcnow()
    if not posting_ids:
        return
    await place_postings(session, posting_ids, _geocoder_client(runtime))
    await extract_postings(session, runtime, posting_ids)
    await _claimed_rematch(session, asked, runtime, posting_ids=posting_ids)


def after_sync(runtime: Runtime) -> Callable[[AsyncSession, list[int]], Awaitable[None]]:
    """What a sync does with the postings it stored or changed: ``postings_changed``."""

    async def changed(session: AsyncSession, posting_ids: list[int]) -> None:
        await postings_changed(session, runtime, posting_ids)

    return changed


async def participants_changed(
    session: AsyncSession, runtime: Runtime, participant_ids: Sequence[int]
) -> MatchRun:
    """Geocode homes that lack coordinates and re-match these participants (those another
    process is re-matching at the same time are skipped)."""
    asked = utcnow()
    if not participant_ids:
        return MatchRun()
    await place_participants(session, _geocoder_client(runtime))
    return await _claimed_rematch(session, asked, runtime, participant_ids=participant_ids)


async def feed_changed(session: AsyncSession, runtime: Runtime) -> MatchRun:
    """Load the configured transit feed and re-match every participant who has a match whose
    commute came from another feed. Nothing to do when every stored commute already came from
    this feed (a match stored without a feed digest, from before they were recorded, is left
    until its posting or participant changes). Participants another process is re-matching
    at the same time are skipped."""
    asked = utcnow()
    digest = (await asyncio.to_thread(runtime.planner)).timetable.checksum
    feed = Match.transit["feed"].as_string()
    stale = await session.scalars(
        select(Match.participant_id).where(feed.is_not(None), feed != digest).distinct()
    )
    participant_ids = sorted(stale)
    if not participant_ids:
        return MatchRun()
    return await _claimed_rematch(session, asked, runtime, participant_ids=participant_ids)
