"""Walking: the pinned walking model and a grid index for the stops near a point."""

from __future__ import annotations

import math

import msgspec
import numpy as np

from jobs.transit.errors import QueryError
from jobs.transit.timetable import great_circle_m


class WalkModel(msgspec.Struct, frozen=True, kw_only=True):
    """DESIGN's transit model: walking speed, detour factor and the walking limits (metres)."""

    walk_speed: float = 1.25
    detour: float = 1.3
    max_access: float = 1000.0
    max_transfer_walk: float = 400.0
    max_walk_only: float = 2000.0
    max_transfers: int = 8
    max_minutes: float = 240.0

    def check(self) -> None:
        """Raise QueryError when a setting makes no sense."""
        if not 0.1 <= self.walk_speed <= 5:
            raise QueryError(f"walk speed {self.walk_speed} m/s is not between 0.1 and 5")
        if not 1 <= self.detour <= 3:
            raise QueryError(f"detour factor {self.detour} is not between 1 and 3")
        for name in ("max_access", "max_transfer_walk", "max_walk_only"):
            if not 0 <= getattr(self, name) <= 10_000:
                raise QueryError(f"{name} {getattr(self, name)} m is not between 0 and 10000")
        if not 0 <= self.max_transfers <= 20:
            raise QueryError(f"max transfers {self.max_transfers} is not between 0 and 20")

    def walk_meters(self, great_circle: np.ndarray | float) -> np.ndarray:
        """Walking distance for a great-circle distance."""
        return np.asarray(great_circle) * self.detour

    def walk_seconds(self, walk_meters: np.ndarray | float) -> np.ndarray:
        """Whole seconds to walk a walking distance (rounded up, after rounding to milliseconds so
        that a point on a stop, give or take a float's last digit, is 0 s away)."""
        return np.ceil(np.round(np.asarray(walk_meters) / self.walk_speed, 3)).astype(np.int64)

    def walk_only(self, a: tuple[float, float], b: tuple[float, float]) -> tuple[int, int] | None:
        """(seconds, metres) of walking from a to b, (lat, lon) each; None beyond the walk-only
        limit."""
        meters = float(self.walk_meters(great_circle_m(a[0], a[1], b[0], b[1])))
        if meters > self.max_walk_only:
            return None
        return int(self.walk_seconds(meters)), round(meters)


def check_point(lat: float, lon: float, what: str = "point") -> None:
    """Raise QueryError unless (lat, lon) are real coordinates."""
    if not (math.isfinite(lat) and math.isfinite(lon)):
        raise QueryError(f"{what}: coordinates ({lat}, {lon}) are not numbers")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise QueryError(f"{what}: coordinates ({lat}, {lon}) are out of range")


class StopIndex:
    """A uniform lat/lon grid over the stops: the stops within a radius of a point, quickly."""

    def __init__(self, lat: np.ndarray, lon: np.ndarray, cell_m: float = 500.0) -> None:
        self.lat = np.asarray(lat, dtype=np.float64)
        self.lon = np.asarray(lon, dtype=np.float64)
        mean_lat = float(np.mean(self.lat)) if len(self.lat) else 0.0
        self.cell_lat = cell_m / 111_195.0
        self.cell_lon = cell_m / (111_195.0 * max(math.cos(math.radians(mean_lat)), 0.05))
        self.cell_m = cell_m
        cy = np.floor(self.lat / self.cell_lat).astype(np.int64)
        cx = np.floor(self.lon / self.cell_lon).astype(np.int64)
        keys = cy * 1_000_003 + cx
        order = np.argsort(keys, kind="stable")
        self._order = order
        self._keys, self._starts = np.unique(keys[order], return_index=True)
        self._ends = np.r_[self._starts[1:], len(order)]

    def near(self, lat: float, lon: float, radius_m: float) -> tuple[np.ndarray, np.ndarray]:
        """Stops within `radius_m` great-circle metres of (lat, lon): (stop indices, distances)."""
        reach = math.ceil(radius_m / self.cell_m) + 1
        cy0 = math.floor(lat / self.cell_lat)
        cx0 = math.floor(lon / self.cell_lon)
        found = []
        for dy in range(-reach, reach + 1):
            row = (cy0 + dy) * 1_000_003
            lo = np.searchsorted(self._keys, row + cx0 - reach)
            hi = np.searchsorted(self._keys, row + cx0 + reach, side="right")
            for k in range(lo, hi):
                found.append(self._order[self._starts[k] : self._ends[k]])
        if not found:
            return np.zeros(0, dtype=np.int64), np.zeros(0)
        cand = np.concatenate(found)
        dist = great_circle_m(lat, lon, self.lat[cand], self.lon[cand])
        keep = dist <= radius_m
        return cand[keep], dist[keep]

    def pairs_within(self, radius_m: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Every ordered pair of distinct stops within `radius_m`: (from, to, metres)."""
        src, dst, dist = [], [], []
        for s in range(len(self.lat)):
            near, d = self.near(float(self.lat[s]), float(self.lon[s]), radius_m)
            other = near != s
            src.append(np.full(int(other.sum()), s, dtype=np.int64))
            dst.append(near[other])
            dist.append(d[other])
        if not src:
            return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
        return np.concatenate(src), np.concatenate(dst), np.concatenate(dist)
