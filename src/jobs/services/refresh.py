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
from collections.abc import Sequence

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.services.commutes import feed_digest
from jobs.services.extraction import extract_postings
from jobs.services.geocoding import place_participants, place_postings
from jobs.services.matching import MatchRun, refresh_matches
from jobs.services.work_leases import DEFAULT_LEASE, lock_free, release, take, worker_name
from jobs.settings import Settings
from jobs.store import Match
from jobs.store.base import utcnow

REMATCH = "rematch"


async def _claimed_rematch(
    session: AsyncSession,
    asked: dt.datetime,
    *,
    posting_ids: Sequence[int] = (),
    participant_ids: Sequence[int] = (),
    settings: Settings | None = None,
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
            return await refresh_matches(session, posting_ids=numbers, settings=settings)
        return await refresh_matches(session, participant_ids=numbers, settings=settings)
    finally:
        await release(session, REMATCH, mine, worker)


async def postings_changed(
    session: AsyncSession,
    posting_ids: Sequence[int],
    client: httpx.AsyncClient | None = None,
    *,
    settings: Settings | None = None,
) -> None:
    """Geocode (online only when given a client), extract and re-match these postings."""
    asked = utcnow()
    if not posting_ids:
        return
    await place_postings(session, posting_ids, client)
    await extract_postings(session, posting_ids)
    await _claimed_rematch(session, asked, posting_ids=posting_ids, settings=settings)


async def participants_changed(
    session: AsyncSession,
    participant_ids: Sequence[int],
    *,
    settings: Settings | None = None,
    client: httpx.AsyncClient | None = None,
) -> MatchRun:
    """Geocode homes that lack coordinates and re-match these participants (those another
    process is re-matching at the same time are skipped)."""
    asked = utcnow()
    if not participant_ids:
        return MatchRun()
    await place_participants(session, client)
    return await _claimed_rematch(
        session, asked, participant_ids=participant_ids, settings=settings
    )


async def feed_changed(session: AsyncSession, *, settings: Settings | None = None) -> MatchRun:
    """Load the configured transit feed and re-match every participant who has a match whose
    commute came from another feed. Nothing to do when every stored commute already came from
    this feed (a match stored without a feed digest, from before they were recorded, is left
    until its posting or participant changes). Participants another process is re-matching
    at the same time are skipped."""
    asked = utcnow()
    settings = settings or Settings.from_env()
    digest = await asyncio.to_thread(feed_digest, settings)
    feed = Match.transit["feed"].as_string()
    stale = await session.scalars(
        select(Match.participant_id).where(feed.is_not(None), feed != digest).distinct()
    )
    participant_ids = sorted(stale)
    if not participant_ids:
        return MatchRun()
    return await _claimed_rematch(
        session, asked, participant_ids=participant_ids, settings=settings
    )
