"""Geocoding through the store: ZIP centres offline, Census online, every answer cached once."""

import httpx
import pytest
from sqlalchemy import func, select

from jobs.participant_format import parse_participant
from jobs.services.geocoding import census_geocode, locate, place_participants, place_postings
from jobs.services.participants import import_participants
from jobs.store import GeocodedPlace, Posting, Source
from jobs.transit.errors import QueryError
from jobs.transit.geocode import GeocoderError

pytestmark = pytest.mark.anyio

CENSUS_MATCH = {
    "result": {
        "addressMatches": [
            {
                "coordinates": {"x": -94.55561, "y": 39.05642},
                "addressComponents": {"zip": "64130"},
                "matchedAddress": "3900 PROSPECT AVE, KANSAS CITY, MO, 64130",
            }
        ]
    }
}


def census(calls):
    def answer(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.params["address"])
        return httpx.Response(200, json=CENSUS_MATCH)

    return httpx.AsyncClient(transport=httpx.MockTransport(answer))


async def test_a_home_without_coordinates_gets_its_zip_centre(session):
    person = parse_participant(
        {"external_ref": "G-1", "name": "No Coordinates", "home": {"postal_code": "64130"}}
    )
    await import_participants(session, [person])
    assert await place_participants(session) == 1
    await session.commit()
    (row,) = (await session.execute(select(GeocodedPlace))).scalars().all()
    assert row.precision == "zip_centroid" and row.query == "|64130"
    again = await place_participants(session)
    assert again == 0  # already placed


async def test_posting_places_are_filled_and_the_cache_answers_the_second_time(session):
    source = Source(name="s", kind="portal")
    session.add(source)
    await session.flush()
    locations = [
        {
            "text": "1 Main St, Lenexa, KS 66215",
            "city": "Lenexa",
            "region": "KS",
            "postal_code": "66215",
        },
        {"text": "Somewhere", "lat": 39.1, "lon": -94.5},
    ]
    posting = Posting(
        source_id=source.id,
        source_job_id="1",
        title="Picker",
        content_hash="x",
        locations=locations,
    )
    session.add(posting)
    await session.flush()
    assert await place_postings(session, [posting.id]) == 1
    placed, given = posting.locations
    assert placed["precision"] == "zip_centroid" and 38.8 < placed["lat"] < 39.1
    assert given["precision"] == "given"
    calls = []
    async with census(calls) as client:
        first = await locate(
            session, address="3900 Prospect Ave, Kansas City, MO 64130", client=client
        )
        second = await locate(
            session, address="3900  prospect ave, Kansas City, MO 64130", client=client
        )
    assert first.precision == second.precision == "address"
    assert calls == ["3900 Prospect Ave, Kansas City, MO 64130"]  # the cache answered
    count = await session.scalar(select(func.count()).select_from(GeocodedPlace))
    assert count == 2


async def test_an_unreachable_geocoder_falls_back_to_the_zip_and_is_not_cached(session):
    def broken(request):
        raise httpx.ConnectError("down", request=request)

    async with httpx.AsyncClient(transport=httpx.MockTransport(broken)) as client:
        found = await locate(
            session, address="3900 Prospect Ave, Kansas City, MO 64130", client=client
        )
    assert found.precision == "zip_centroid"
    assert await session.scalar(select(func.count()).select_from(GeocodedPlace)) == 0


async def test_census_geocoder_over_the_shared_client():
    seen = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if "nowhere" in request.url.params["address"]:
            return httpx.Response(200, json={"result": {"addressMatches": []}})
        if "broken" in request.url.params["address"]:
            return httpx.Response(200, content=b"<html>maintenance</html>")
        if "down" in request.url.params["address"]:
            return httpx.Response(503)
        return httpx.Response(200, json=CENSUS_MATCH)

    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as client:
        found = await census_geocode(client, "3900 Prospect Ave, Kansas City, MO")
        assert found is not None and found.precision == "address" and found.source == "census"
        assert (found.lat, found.lon) == (39.05642, -94.55561) and found.postal_code == "64130"
        assert seen[0].url.host == "geocoding.geo.census.gov"
        assert seen[0].url.params["benchmark"] == "Public_AR_Current"
        assert seen[0].url.params["format"] == "json"
        assert await census_geocode(client, "nowhere") is None
        with pytest.raises(GeocoderError, match="unexpected answer"):
            await census_geocode(client, "broken")
        with pytest.raises(GeocoderError, match="HTTP 503"):
            await census_geocode(client, "down")
        with pytest.raises(QueryError, match="empty"):
            await census_geocode(client, "  ")
        assert len(seen) == 4  # an empty address is refused before any request
