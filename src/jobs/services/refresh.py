"""What follows a change: place postings on the map, read their requirements, re-match them."""

from __future__ import annotations

from collections.abc import Sequence

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.services.extraction import extract_postings
from jobs.services.geocoding import place_participants, place_postings
from jobs.services.matching import refresh_matches
from jobs.settings import Settings


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
