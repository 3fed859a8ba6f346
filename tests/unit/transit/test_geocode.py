"""Geocoding: ZIP centroids offline; the Census geocoder's query and answer, read without HTTP."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from jobs.transit import geocode
from jobs.transit.errors import QueryError
from jobs.transit.geocode import GeocoderError, census_query, read_census_answer, zip_centroid

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


def test_census_query_and_answer_are_read_without_http():
    assert census_query(" 3900 Prospect Ave, Kansas City, MO ") == {
        "address": "3900 Prospect Ave, Kansas City, MO",
        "benchmark": "Public_AR_Current",
        "format": "json",
    }
    with pytest.raises(QueryError, match="empty"):
        census_query("  ")
    found = read_census_answer(json.dumps(CENSUS_MATCH).encode(), "3900 Prospect Ave")
    assert found is not None and found.precision == "address" and found.source == "census"
    assert (found.lat, found.lon) == (39.05642, -94.55561) and found.postal_code == "64130"
    assert read_census_answer(json.dumps(NO_MATCH).encode(), "nowhere") is None
    with pytest.raises(GeocoderError, match="unexpected answer"):
        read_census_answer(b"<html>maintenance</html>", "broken")
    far = json.loads(json.dumps(CENSUS_MATCH))
    far["result"]["addressMatches"][0]["coordinates"]["y"] = 139.0
    with pytest.raises(GeocoderError, match="out of range"):
        read_census_answer(json.dumps(far).encode(), "far")


def test_transit_geocoding_does_no_http():
    # Asking the Census geocoder over HTTP lives in services/geocoding.py.
    tree = ast.parse(Path(geocode.__file__).read_text("utf-8"))
    modules = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not {m for m in modules if m and m.split(".")[0] in ("httpx", "anyio")}
