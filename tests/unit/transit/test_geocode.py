"""Geocoding: ZIP centroids offline, the Census geocoder over a mocked transport."""

from __future__ import annotations

import httpx
import pytest

from jobs.transit.errors import QueryError
from jobs.transit.geocode import GeocoderError, census_geocode, zip_centroid

# Written by us in the Census geocoder's wire format (locations/onelineaddress, format=json).
CENSUS_MATCH = {
    "result": {
        "input": {
            "address": {"address": "3900 Prospect Ave, Kansas City, MO 64130"},
            "benchmark": {"id": "4", "benchmarkName": "Public_AR_Current", "isDefault": True},
        },
        "addressMatches": [
            {
                "tigerLine": {"side": "L", "tigerLineId": "000000000"},
                "coordinates": {"x": -94.55561, "y": 39.05642},
                "addressComponents": {
                    "zip": "64130",
                    "streetName": "PROSPECT",
                    "city": "KANSAS CITY",
                    "state": "MO",
                    "fromAddress": "3900",
                    "toAddress": "3998",
                },
                "matchedAddress": "3900 PROSPECT AVE, KANSAS CITY, MO, 64130",
            }
        ],
    }
}
NO_MATCH = {"result": {"input": {"address": {"address": "nowhere"}}, "addressMatches": []}}


def test_zip_centroid():
    found = zip_centroid("64130")
    assert found is not None and found.precision == "zip_centroid" and found.source == "zipcodes"
    assert 38.9 < found.lat < 39.2 and -94.7 < found.lon < -94.4 and "Kansas City" in found.label
    assert zip_centroid("64130-1234").postal_code == "64130"
    assert zip_centroid("00000") is None
    with pytest.raises(QueryError, match="not a US ZIP"):
        zip_centroid("KC 64130")


@pytest.mark.anyio
async def test_census_geocoder():
    seen = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        if "nowhere" in request.url.params["address"]:
            return httpx.Response(200, json=NO_MATCH)
        if "broken" in request.url.params["address"]:
            return httpx.Response(200, content=b"<html>maintenance</html>")
        if "down" in request.url.params["address"]:
            return httpx.Response(503)
        return httpx.Response(200, json=CENSUS_MATCH)

    async with httpx.AsyncClient(transport=httpx.MockTransport(answer)) as client:
        found = await census_geocode(client, "3900 Prospect Ave, Kansas City, MO")
        assert found is not None and found.precision == "address" and found.source == "census"
        assert (found.lat, found.lon) == (39.05642, -94.55561) and found.postal_code == "64130"
        assert seen[0].url.params["benchmark"] == "Public_AR_Current"
        assert seen[0].url.params["format"] == "json"
        assert await census_geocode(client, "nowhere") is None
        with pytest.raises(GeocoderError, match="unexpected answer"):
            await census_geocode(client, "broken")
        with pytest.raises(GeocoderError, match="HTTP 503"):
            await census_geocode(client, "down")
        with pytest.raises(QueryError, match="empty"):
            await census_geocode(client, "  ")
