"""The imported lists of schools and child care: importing, listing, coverage, and the list the
registrant rules measure from.

An import replaces the rows of the same list (``source``): importing next year's NCES file, or a
corrected child-care list, leaves no closed place behind. Coverage is stated per county and kind:
which list, as of when, how many places, and whether it is still current (younger than
``JOBS_CHILD_PLACES_MAX_AGE_YEARS``).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any, cast

from sqlalchemy import delete, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from jobs.errors import InvalidInput
from jobs.matching.child_places import ChildPlace, ChildPlaceKind, ChildPlaces, ListCoverage
from jobs.matching.places import county_label, metres_between
from jobs.services.child_place_files import (
    PlaceFileReading,
    read_nces,
    read_place_csv,
    read_text,
    summary,
)
from jobs.settings import MatchingSettings
from jobs.store import ChildPlaceRow
from jobs.store.base import utcnow


async def store_reading(session: AsyncSession, reading: PlaceFileReading) -> dict[str, Any]:
    """Replace the rows of the reading's list with its good rows; what was done, for the CLI."""
    if not reading.rows:
        raise InvalidInput(
            f"{reading.source_file}: no usable row ({len(reading.skipped)} skipped); nothing"
            " imported, the stored list is unchanged"
        )
    replaced = (
        await session.scalar(
            select(func.count())
            .select_from(ChildPlaceRow)
            .where(ChildPlaceRow.source == reading.source)
        )
        or 0
    )
    await session.execute(delete(ChildPlaceRow).where(ChildPlaceRow.source == reading.source))
    now = utcnow()
    session.add_all(
        ChildPlaceRow(
            kind=row.kind,
            name=row.name,
            ref=row.ref,
            street=row.street,
            city=row.city,
            state=row.state,
            postal_code=row.postal_code,
            county=row.county,
            lat=row.lat,
            lon=row.lon,
            precision=row.precision,
            source=reading.source,
            source_file=reading.source_file[:400],
            as_of=reading.as_of,
            imported_at=now,
        )
        for row in reading.rows
    )
    await session.flush()
    return {**summary(reading), "replaced": replaced}


async def import_nces(
    session: AsyncSession, path: Path, *, as_of: dt.date | None = None
) -> dict[str, Any]:
    """Import an NCES EDGE public- or private-school geocode file."""
    reading = read_nces(read_text(path), str(path), as_of=as_of)
    return await store_reading(session, reading)


async def import_csv(
    session: AsyncSession,
    kind: str,
    path: Path,
    *,
    as_of: dt.date,
    source: str | None = None,
    columns: dict[str, str] | None = None,
) -> dict[str, Any]:
    """Import a CSV list of places of one kind (child-care providers, a hand list)."""
    reading = read_place_csv(
        read_text(path), str(path), kind, as_of=as_of, source=source, columns=columns
    )
    return await store_reading(session, reading)


def _place_document(row: ChildPlaceRow, metres: float | None = None) -> dict[str, Any]:
    document: dict[str, Any] = {
        "id": row.id,
        "kind": row.kind,
        "name": row.name,
        "ref": row.ref,
        "street": row.street,
        "city": row.city,
        "state": row.state,
        "postal_code": row.postal_code,
        "county": row.county,
        "lat": row.lat,
        "lon": row.lon,
        "precision": row.precision,
        "source": row.source,
        "as_of": row.as_of.isoformat(),
    }
    if metres is not None:
        document["metres"] = round(metres, 1)
    return document


async def list_places(
    session: AsyncSession,
    *,
    near: tuple[float, float] | None = None,
    within_m: float | None = None,
    limit: int | None = None,
) -> list[dict[str, Any]]:
    """Stored places, by list and name; with ``near``, those within ``within_m`` metres (all
    when not given), nearest first, each with its distance."""
    rows = list(
        await session.scalars(
            select(ChildPlaceRow).order_by(ChildPlaceRow.source, ChildPlaceRow.name)
        )
    )
    if near is None:
        return [_place_document(row) for row in rows[:limit]]  # limit None: all
    measured = sorted(
        ((metres_between(near[0], near[1], row.lat, row.lon), row) for row in rows),
        key=lambda pair: pair[0],
    )
    return [
        _place_document(row, metres)
        for metres, row in measured
        if within_m is None or metres <= within_m
    ][:limit]


async def coverage(
    session: AsyncSession, today: dt.date, settings: MatchingSettings
) -> list[dict[str, Any]]:
    """Which counties have which kinds, from which list, as of when, and whether still current."""
    query = (
        select(
            ChildPlaceRow.state,
            ChildPlaceRow.county,
            ChildPlaceRow.kind,
            ChildPlaceRow.source,
            func.max(ChildPlaceRow.as_of),
            func.count(),
        )
        .group_by(
            ChildPlaceRow.state, ChildPlaceRow.county, ChildPlaceRow.kind, ChildPlaceRow.source
        )
        .order_by(ChildPlaceRow.state, ChildPlaceRow.county, ChildPlaceRow.kind)
    )
    oldest = today - dt.timedelta(days=365 * settings.child_places_max_age_years)
    found = []
    for state, county, kind, source, as_of, places in await session.execute(query):
        found.append(
            {
                "state": state,
                "county": county,
                "county_label": county_label(county) if county else "county not known",
                "kind": kind,
                "source": source,
                "as_of": as_of.isoformat(),
                "age_days": (today - as_of).days,
                "current": as_of >= oldest and bool(county and state),
                "places": places,
            }
        )
    return found


async def lists(session: AsyncSession, today: dt.date) -> list[dict[str, Any]]:
    """Each imported list: its kind, date, age, file, count and when it was imported."""
    query = (
        select(
            ChildPlaceRow.source,
            ChildPlaceRow.kind,
            func.max(ChildPlaceRow.as_of),
            func.max(ChildPlaceRow.source_file),
            func.count(),
            func.max(ChildPlaceRow.imported_at),
        )
        .group_by(ChildPlaceRow.source, ChildPlaceRow.kind)
        .order_by(ChildPlaceRow.source, ChildPlaceRow.kind)
    )
    return [
        {
            "source": source,
            "kind": kind,
            "as_of": as_of.isoformat(),
            "age_days": (today - as_of).days,
            "file": source_file,
            "places": places,
            "imported_at": imported_at.isoformat() if imported_at else None,
        }
        for source, kind, as_of, source_file, places, imported_at in await session.execute(query)
    ]


async def stored_child_places(
    session: AsyncSession, settings: MatchingSettings
) -> ChildPlaces | None:
    """The imported lists as the registrant rules read them, or None when nothing is imported."""
    rows = list(await session.execute(select(ChildPlaceRow)))
    if not rows:
        return None
    places = []
    covered: dict[tuple[str, str, str, str], dt.date] = {}
    for (row,) in rows:
        places.append(ChildPlace(row.name, row.lat, row.lon, cast(ChildPlaceKind, row.kind)))
        if row.state and row.county:
            key = (row.state, row.county, row.kind, row.source)
            covered[key] = max(covered.get(key, row.as_of), row.as_of)
    coverage_entries = [
        ListCoverage(
            state=state, county=county, kind=cast(ChildPlaceKind, kind), source=source, as_of=as_of
        )
        for (state, county, kind, source), as_of in covered.items()
    ]
    return ChildPlaces(
        places,
        coverage_entries,
        max_age_days=365 * settings.child_places_max_age_years,
        edge_margin_m=settings.child_places_edge_m,
    )


async def stored_digest(session: AsyncSession) -> tuple[int, str]:
    """How many places are stored and when the newest import was: changes when a list does."""
    count, newest = (
        await session.execute(select(func.count(), func.max(ChildPlaceRow.imported_at)))
    ).one()
    return int(count or 0), newest.isoformat() if newest else ""


async def in_use(
    session: AsyncSession, today: dt.date, settings: MatchingSettings, file_list: ChildPlaces
) -> dict[str, Any]:
    """What the registrant rules measure from, for the admin page: the imported lists with their
    age and coverage, or (none imported) the file list's own stated coverage."""
    imported = await lists(session, today)
    if imported:
        return {
            "from": "imported",
            "lists": imported,
            "coverage": await coverage(session, today, settings),
            "max_age_years": settings.child_places_max_age_years,
        }
    oldest = today - dt.timedelta(days=365 * settings.child_places_max_age_years)
    return {
        "from": "file",
        "file": str(settings.child_places_path or "the bundled Kansas City demo list"),
        "places": len(file_list),
        "lists": [],
        "coverage": [
            {
                "state": c.state,
                "county": c.county,
                "county_label": county_label(c.county),
                "kind": c.kind,
                "source": c.source + ("" if c.complete else " (partial)"),
                "as_of": c.as_of.isoformat(),
                "age_days": (today - c.as_of).days,
                "current": c.complete and c.as_of >= oldest,
                "places": None,
            }
            for c in file_list.coverage
        ],
        "max_age_years": settings.child_places_max_age_years,
    }
