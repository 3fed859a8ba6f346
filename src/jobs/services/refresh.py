"""What follows a change: place postings on the map, read their requirements, re-match them;
and when the transit feed changes, re-match whoever's commute figures came from another feed."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.services.extraction import extract_postings
from jobs.services.geocoding import place_participants, place_postings
from jobs.services.matching import MatchRun, refresh_matches
from jobs.services.reach import feed_digest
from jobs.settings import Settings
from jobs.store import Match


async def postings_changed(
    session: AsyncSession,
    posting_ids: Sequence[int],
    client: httpx.AsyncClient | None = None,
    *,
    settings: Settings | None = None,
) -> None:
    """Geocode (online only when given a client), extract and re-match these postings."""
    if not posting_ids:
        return
    await place_postings(session, posting_ids, client)
    await extract_postings(session, posting_ids)
    await refresh_matches(session, posting_ids=posting_ids, settings=settings)


async def participants_changed(
    session: AsyncSession,
    participant_ids: Sequence[int],
    *,
    settings: Settings | None = None,
    client: httpx.AsyncClient | None = None,
) -> None:
    """Geocode homes that lack coordinates and re-match these participants."""
    if not participant_ids:
        return
    await place_participants(session, client)
    await refresh_matches(session, participant_ids=participant_ids, settings=settings)


async def feed_changed(session: AsyncSession, *, settings: Settings | None = None) -> MatchRun:
    """Load the configured transit feed and re-match every participant who has a match whose
    commute came from another feed. Nothing to do when every stored commute already came from
    this feed (a match stored without a feed digest, from before they were recorded, is left
    until its posting or participant changes)."""
    settings = settings or Settings.from_env()
    digest = await asyncio.to_thread(feed_digest, settings)
    feed = Match.transit["feed"].as_string()
    stale = await session.scalars(
        select(Match.participant_id).where(feed.is_not(None), feed != digest).distinct()
    )
    participant_ids = sorted(stale)
    if not participant_ids:
        return MatchRun()
    return await refresh_matches(session, participant_ids=participant_ids, settings=settings)
