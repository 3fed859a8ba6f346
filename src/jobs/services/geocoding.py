"""Coordinates for participants' homes and postings' places, looked up once and cached.

Offline (the default) a place gets its ZIP code's centre; with ``JOBS_GEOCODER=census`` a street
address is first sent to the US Census geocoder over the shared HTTP client. Every answer, a miss
included, is cached in ``geocoded_places``; the precision travels with the coordinates.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import httpx
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.store import GeocodedPlace, Participant, Posting
from jobs.transit.errors import QueryError
from jobs.transit.geocode import (
    Geocode,
    GeocoderError,
    census_query,
    read_census_answer,
    zip_centroid,
)

CENSUS_URL = "https://geocoding.geo.census.gov/geocoder/locations/onelineaddress"

_ZIP_IN_TEXT = re.compile(r"\b(\d{5})(?:-\d{4})?\b")


async def census_geocode(
    client: httpx.AsyncClient,
    address: str,
    *,
    benchmark: str = "Public_AR_Current",
    url: str = CENSUS_URL,
) -> Geocode | None:
    """Geocode a one-line US address with the Census geocoder; None when nothing matches."""
    params = census_query(address, benchmark=benchmark)
    try:
        response = await client.get(url, params=params)
    except httpx.HTTPError as exc:
        raise GeocoderError(f"Census geocoder unreachable: {exc}") from exc
    if response.status_code != 200:
        raise GeocoderError(f"Census geocoder answered HTTP {response.status_code} for {address!r}")
    return read_census_answer(response.content, address)


def cache_key(address: str, postal_code: str) -> str:
    """The cache key: lower-cased address with spaces collapsed, and the ZIP."""
    return f"{' '.join(address.lower().split())}|{postal_code.strip()[:5]}"


async def locate(
    session: AsyncSession,
    *,
    address: str = "",
    postal_code: str = "",
    client: httpx.AsyncClient | None = None,
) -> Geocode | None:
    """Coordinates for an address and/or ZIP; None when neither can be placed.

    With a ``client`` the street address goes to the Census geocoder first; a network failure
    falls back to the ZIP centre and is not cached as a miss.
    """
    if not postal_code:
        found = _ZIP_IN_TEXT.search(address or "")
        postal_code = found.group(1) if found else ""
    online = client is not None and bool(address.strip())
    key = cache_key(address if online else "", postal_code)
    cached = await session.get(GeocodedPlace, key)
    if cached is not None:
        if cached.lat is None or cached.lon is None:
            return None
        return Geocode(
            lat=cached.lat,
            lon=cached.lon,
            precision=cached.precision,
            source=cached.source,
            label=cached.label,
            postal_code=postal_code or None,
        )
    result: Geocode | None = None
    cacheable = True
    if online and client is not None:
        try:
            result = await census_geocode(client, address)
        except QueryError:
            cacheable = False  # the service failed; ask again next time
    if result is None and postal_code:
        try:
            result = zip_centroid(postal_code)
        except QueryError:
            result = None
    if cacheable:
        session.add(
            GeocodedPlace(
                query=key,
                lat=result.lat if result else None,
                lon=result.lon if result else None,
                precision=result.precision if result else "not_found",
                source=result.source if result else ("census" if online else "zipcodes"),
                label=result.label if result else "",
            )
        )
        await session.flush()
    return result


async def place_participants(session: AsyncSession, client: httpx.AsyncClient | None = None) -> int:
    """Give coordinates to participants whose home has none; returns how many were placed."""
    placed = 0
    rows = await session.scalars(select(Participant).where(Participant.home_lat.is_(None)))
    for participant in rows:
        found = await locate(
            session,
            address=participant.home_address,
            postal_code=participant.home_postal_code,
            client=client,
        )
        if found is not None:
            participant.home_lat, participant.home_lon = found.lat, found.lon
            participant.home_precision = found.precision
            placed += 1
    return placed


async def place_postings(
    session: AsyncSession,
    posting_ids: Sequence[int],
    client: httpx.AsyncClient | None = None,
) -> int:
    """Give coordinates to the postings' locations that have none; returns places filled."""
    placed = 0
    rows = await session.scalars(select(Posting).where(Posting.id.in_(list(posting_ids))))
    for posting in rows:
        locations: list[dict[str, Any]] = [dict(loc) for loc in posting.locations]
        changed = False
        for location in locations:
            if location.get("lat") is not None and location.get("lon") is not None:
                location.setdefault("precision", "given")
                continue
            found = await locate(
                session,
                address=location.get("text") or "",
                postal_code=location.get("postal_code") or "",
                client=client,
            )
            if found is not None:
                location.update(lat=found.lat, lon=found.lon, precision=found.precision)
                changed = True
                placed += 1
        if changed:
            posting.locations = locations
    return placed
