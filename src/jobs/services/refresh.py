"""What follows a change of postings: place them on the map, extract their requirements."""

from __future__ import annotations

from collections.abc import Sequence

import httpx
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.services.extraction import extract_postings
from jobs.services.geocoding import place_postings


async def postings_changed(
    session: AsyncSession,
    posting_ids: Sequence[int],
    client: httpx.AsyncClient | None = None,
) -> None:
    """Geocode (online only when given a client) and extract these postings."""
    await place_postings(session, posting_ids, client)
    await extract_postings(session, posting_ids)
