"""Places for children (schools, child care, similar): where they are, which counties the lists
cover and how old they are, and the nearest one to a job site, for the rules that keep registrants
away from them.

The lists come from the program: imported public lists (the ``child_places`` table) or a JSON file
(``{"coverage": [...], "places": [{"name", "kind", "lat", "lon"}, ...]}``, or a bare array of
places, which covers no county). The service reads them; this module only parses and searches.
Distances are great-circle metres, as everywhere in matching, computed for all places at once with
numpy and remembered per site.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Annotated, Literal

import msgspec
import numpy as np

ChildPlaceKind = Literal["school", "child_care", "other"]
EARTH_RADIUS_M = 6_371_008.8


class ChildPlace(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A school, child-care facility or similar place for children."""

    name: Annotated[str, msgspec.Meta(min_length=1, max_length=200)]
    lat: Annotated[float, msgspec.Meta(ge=-90, le=90)]
    lon: Annotated[float, msgspec.Meta(ge=-180, le=180)]
    kind: ChildPlaceKind = "school"
    # False when no second public source confirmed the position: its distance is not trusted
    # to exclude a job, only to ask the officer (within ``UNCHECKED_MARGIN_M`` of the buffer).
    position_checked: bool = True


KIND_WORDS = {"school": "school", "child_care": "child care", "other": "place for children"}
# The kinds a county needs a current list of before a registrant's job there can be cleared.
NEEDED_KINDS: tuple[ChildPlaceKind, ...] = ("school", "child_care")
DEFAULT_MAX_AGE_DAYS = 730  # two years
DEFAULT_EDGE_MARGIN_M = 100.0
# How far off a place whose position nobody checked may be: hand-placed schools were found
# several hundred metres out, so such a place asks the officer this far past the 500 ft buffer.
UNCHECKED_MARGIN_M = 500.0


class ListCoverage(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One list's reach: the places of ``kind`` in one county, from ``source``, as of a date.

    ``complete`` is false for a hand list that names some places but vouches for no county."""

    state: Annotated[str, msgspec.Meta(min_length=2, max_length=2)]
    county: Annotated[str, msgspec.Meta(min_length=1, max_length=100)]  # county key: "jackson"
    kind: ChildPlaceKind
    source: str
    as_of: dt.date
    complete: bool = True


class ChildPlaceList(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The JSON file format: what the list covers, the places, and notes on where they came from."""

    places: list[ChildPlace]
    coverage: list[ListCoverage] = []
    note: str = ""
    sources: dict[str, str] = {}


def parse_child_places(raw: bytes | str) -> list[ChildPlace]:
    """Read the places of a JSON list (an array of places, or the object with ``places`` and
    ``coverage``); raises ``msgspec.ValidationError`` naming the bad field."""
    return parse_child_place_list(raw).places


def parse_child_place_list(raw: bytes | str) -> ChildPlaceList:
    """Read a JSON list with its coverage (a bare array covers no county)."""
    text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
    if text.lstrip().startswith("["):
        return ChildPlaceList(places=msgspec.json.decode(text, type=list[ChildPlace]))
    return msgspec.json.decode(text, type=ChildPlaceList)


class CountyCover(msgspec.Struct, frozen=True):
    """What the lists say about one county on one day: the current list of each needed kind, and
    why each missing kind is missing ("none", or the stale list's date)."""

    current: dict[str, ListCoverage]
    missing: dict[str, str]  # kind → "none" | "stale:<as_of>" | "partial"


class ChildPlaces:
    """A list of places for children, searched by distance (answers remembered per site), with
    what it covers: counties by kind, each list as of a date. ``max_age_days`` is how old a list
    may be and still clear a job; ``edge_margin_m`` how far past the 500 ft buffer a listed place
    still asks for the officer, since geocodes carry error."""

    def __init__(
        self,
        places: Sequence[ChildPlace] = (),
        coverage: Iterable[ListCoverage] = (),
        *,
        max_age_days: int = DEFAULT_MAX_AGE_DAYS,
        edge_margin_m: float = DEFAULT_EDGE_MARGIN_M,
    ) -> None:
        self.places = list(places)
        self.coverage = list(coverage)
        self.max_age_days = max_age_days
        self.edge_margin_m = edge_margin_m
        self._by_county: dict[tuple[str, str], list[ListCoverage]] = {}
        for entry in self.coverage:
            self._by_county.setdefault((entry.state.upper(), entry.county), []).append(entry)
        lat = np.radians(np.asarray([p.lat for p in self.places], dtype=np.float64))
        self._lat = lat
        self._lon = np.radians(np.asarray([p.lon for p in self.places], dtype=np.float64))
        self._cos_lat = np.cos(lat)
        self._found: dict[tuple[float, float, float], list[tuple[ChildPlace, float]]] = {}

    def __len__(self) -> int:
        return len(self.places)

    def cover(self, state: str, county: str, today: dt.date) -> CountyCover:
        """The current list of each needed kind for a county, and why any kind has none."""
        oldest = today - dt.timedelta(days=self.max_age_days)
        current: dict[str, ListCoverage] = {}
        missing: dict[str, str] = {}
        entries = self._by_county.get((state.upper(), county), []) if county else []
        for kind in NEEDED_KINDS:
            of_kind = [e for e in entries if e.kind == kind]
            fresh = [e for e in of_kind if e.complete and e.as_of >= oldest]
            if fresh:
                current[kind] = max(fresh, key=lambda e: e.as_of)
            elif any(e.complete for e in of_kind):
                newest = max((e for e in of_kind if e.complete), key=lambda e: e.as_of)
                missing[kind] = f"stale:{newest.as_of.isoformat()}"
            else:
                missing[kind] = "partial" if of_kind else "none"
        return CountyCover(current, missing)

    def around(self, lat: float, lon: float, radius_m: float) -> list[tuple[ChildPlace, float]]:
        """Places within `radius_m` metres, nearest first, each with its distance; when none is
        that close, the single nearest place (empty only when the list is)."""
        key = (lat, lon, radius_m)
        found = self._found.get(key)
        if found is not None:
            return found
        found = []
        if self.places:
            p1, l1 = np.radians(lat), np.radians(lon)
            h = (
                np.sin((self._lat - p1) / 2) ** 2
                + np.cos(p1) * self._cos_lat * np.sin((self._lon - l1) / 2) ** 2
            )
            metres = 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(np.minimum(1.0, h)))
            close = np.flatnonzero(metres <= radius_m)
            picked = close[np.argsort(metres[close])] if len(close) else [int(np.argmin(metres))]
            found = [(self.places[int(i)], float(metres[int(i)])) for i in picked]
        self._found[key] = found
        return found
