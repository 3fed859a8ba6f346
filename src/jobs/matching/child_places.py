"""Places for children (schools, child care, similar): where they are, and the nearest one to a
job site, for the rules that keep registrants away from them.

The list comes from the program (a JSON file: ``[{"name", "kind", "lat", "lon"}, ...]``; the
service reads it, this module only parses and searches). Distances are great-circle metres, as
everywhere in matching, computed for all places at once with numpy and remembered per site.
"""

from __future__ import annotations

from collections.abc import Sequence
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


KIND_WORDS = {"school": "school", "child_care": "child care", "other": "place for children"}


def parse_child_places(raw: bytes | str) -> list[ChildPlace]:
    """Read a JSON array of places; raises ``msgspec.ValidationError`` naming the bad field."""
    return msgspec.json.decode(raw, type=list[ChildPlace])


class ChildPlaces:
    """A list of places for children, searched by distance (answers remembered per site)."""

    def __init__(self, places: Sequence[ChildPlace] = ()) -> None:
        self.places = list(places)
        lat = np.radians(np.asarray([p.lat for p in self.places], dtype=np.float64))
        self._lat = lat
        self._lon = np.radians(np.asarray([p.lon for p in self.places], dtype=np.float64))
        self._cos_lat = np.cos(lat)
        self._found: dict[tuple[float, float, float], list[tuple[ChildPlace, float]]] = {}

    def __len__(self) -> int:
        return len(self.places)

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
