"""Geocoding: postal codes and addresses to coordinates, with the precision recorded.

Offline: the centre of a US ZIP code (the `zipcodes` package). Online: the US Census Bureau's
one-line address geocoder; asking it is ``services.geocoding``'s job (over the app's shared HTTP
client), reading its answer is done here. Caching the answers in the database is the caller's job.
"""

from __future__ import annotations

import re

import msgspec
import zipcodes

from jobs.transit.errors import QueryError

ZIP_RE = re.compile(r"^\s*(\d{5})(?:-\d{4})?\s*$")


class Geocode(msgspec.Struct, kw_only=True):
    """Coordinates for a place, how precise they are and where they came from."""

    lat: float
    lon: float
    precision: str  # "address" (street address match) | "zip_centroid"
    source: str  # "census" | "zipcodes"
    label: str  # what was matched, e.g. the normalised address or "64130 Kansas City, MO"
    postal_code: str | None = None


def zip_centroid(postal_code: str) -> Geocode | None:
    """The centre of a US ZIP code (offline); None for an unknown ZIP. QueryError if malformed."""
    match = ZIP_RE.match(postal_code or "")
    if match is None:
        raise QueryError(f"postal code {postal_code!r} is not a US ZIP code (5 digits)")
    code = match.group(1)
    try:
        found = zipcodes.matching(code)
    except (ValueError, TypeError):
        return None
    if not found:
        return None
    row = found[0]
    return Geocode(
        lat=float(row["lat"]),
        lon=float(row["long"]),
        precision="zip_centroid",
        source="zipcodes",
        label=f"{code} {row['city']}, {row['state']}",
        postal_code=code,
    )


class _Coordinates(msgspec.Struct):
    x: float
    y: float


class _AddressMatch(msgspec.Struct):
    matchedAddress: str
    coordinates: _Coordinates
    addressComponents: dict[str, object] = {}


class _Result(msgspec.Struct):
    addressMatches: list[_AddressMatch] = []


class _Response(msgspec.Struct):
    result: _Result


class GeocoderError(QueryError):
    """The online geocoder did not answer usefully (network error, bad status, bad payload)."""


def census_query(address: str, *, benchmark: str = "Public_AR_Current") -> dict[str, str]:
    """The query string asking the Census geocoder for a one-line US address."""
    if not address or not address.strip():
        raise QueryError("address is empty")
    return {"address": address.strip(), "benchmark": benchmark, "format": "json"}


def read_census_answer(body: bytes, address: str) -> Geocode | None:
    """The best match in the Census geocoder's JSON answer; None when nothing matches."""
    try:
        payload = msgspec.json.decode(body, type=_Response)
    except msgspec.DecodeError as exc:
        raise GeocoderError(f"Census geocoder sent an unexpected answer: {exc}") from exc
    if not payload.result.addressMatches:
        return None
    best = payload.result.addressMatches[0]
    lat, lon = best.coordinates.y, best.coordinates.x
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise GeocoderError(f"Census geocoder gave coordinates out of range for {address!r}")
    zip_code = best.addressComponents.get("zip")
    return Geocode(
        lat=lat,
        lon=lon,
        precision="address",
        source="census",
        label=best.matchedAddress,
        postal_code=str(zip_code) if zip_code else None,
    )
