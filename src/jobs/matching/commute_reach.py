"""How far a commute can possibly go, and which postings lie beyond it: a grid of job sites.

A trip of ``m`` minutes scores no transit points once ``m`` reaches ``TRANSIT_ZERO_AT`` times
the participant's maximum commute (``score.transit_points``). No door-to-door trip covers
straight-line ground faster than the fastest way the participant travels, so a job site farther
than ``TRANSIT_ZERO_AT x max_commute x top speed`` is beyond any trip that could still count:
ranking need not judge its fit unless it could still reach the shown list (``rank``).

``SiteGrid`` puts every located job site in a bucket of ``CELL_DEGREES`` of latitude and
longitude, built once per ``PostingBook``; a query visits only the buckets a circle around the
home touches, so its cost grows with the sites near the home, not with all of them. Distances
are great-circle (unit vectors and one dot product, so the grid and the whole-list check give
the same answer for the same site bit for bit). The grid does not wrap at the antimeridian.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

from jobs.matching.inputs import PostingFacts
from jobs.matching.score import TRANSIT_ZERO_AT
from jobs.participant_format import ParticipantIn

EARTH_RADIUS_KM = 6371.0088  # mean radius (IUGG)
# The fastest scheduled public transport in Missouri is Amtrak's Missouri River Runner at 79 mph
# (127 km/h); buses are held to the 70 mph interstate limit. The straight line is never longer
# than the route and walking to and from stops only slows a trip, so no transit trip crosses
# ground faster than this, whatever feed the planner reads.
FASTEST_TRANSIT_KMH = 130.0
# A participant with a licence and a car: 90 mph, well over the 70 mph interstate limit.
FASTEST_DRIVE_KMH = 145.0
# A site placed only at its ZIP code's centre may lie well away from it (rural Missouri ZIP
# areas run to tens of kilometres across): such a site counts as this much nearer.
ZIP_CENTROID_SLACK_KM = 40.0
CELL_DEGREES = 0.5
# Rounding in the dot product must never push a site just inside the circle out of it.
_INCLUSIVE = 1e-12


def commute_radius_km(participant: ParticipantIn) -> float:
    """Straight-line distance beyond which no trip the participant can make scores any transit
    points: ``TRANSIT_ZERO_AT`` x their maximum commute at their fastest speed (a car when
    they have one and a licence, else transit)."""
    drives = participant.has_vehicle and participant.drivers_license
    speed = FASTEST_DRIVE_KMH if drives else FASTEST_TRANSIT_KMH
    return TRANSIT_ZERO_AT * participant.max_commute_minutes / 60.0 * speed


def home_of(participant: ParticipantIn) -> tuple[float, float] | None:
    """The participant's home coordinates, None when not placed."""
    home = participant.home
    if home.lat is None or home.lon is None:
        return None
    return (home.lat, home.lon)


def _unit(lat: np.ndarray | float, lon: np.ndarray | float) -> np.ndarray:
    phi, lam = np.radians(lat), np.radians(lon)
    return np.stack([np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)])


class SiteGrid:
    """Every located, on-site job site of a list of postings, bucketed by latitude and longitude.

    A posting is *beyond* a circle when it has at least one located site and every one of its
    sites lies outside it; remote postings and postings without coordinates never are."""

    def __init__(self, postings: Sequence[PostingFacts]) -> None:
        owners, lats, lons, slack = [], [], [], []
        for i, posting in enumerate(postings):
            if posting.workplace == "remote":
                continue
            for location in posting.locations:
                if location.lat is None or location.lon is None:
                    continue
                owners.append(i)
                lats.append(location.lat)
                lons.append(location.lon)
                slack.append(ZIP_CENTROID_SLACK_KM if location.precision == "zip_centroid" else 0.0)
        self.count = len(postings)
        lat = np.asarray(lats, dtype=np.float64)
        lon = np.asarray(lons, dtype=np.float64)
        row = np.floor(lat / CELL_DEGREES).astype(np.int64)
        col = np.floor(lon / CELL_DEGREES).astype(np.int64)
        order = np.lexsort((col, row))
        self.owner = np.asarray(owners, dtype=np.int64)[order]
        self.lat, self.lon = lat[order], lon[order]
        self.vector = _unit(self.lat, self.lon) if len(order) else np.zeros((3, 0))
        self.slack = np.asarray(slack, dtype=np.float64)[order]
        self.max_slack = float(self.slack.max()) if len(order) else 0.0
        self.located = np.zeros(self.count, dtype=bool)
        self.located[self.owner] = True
        self.by_posting = np.argsort(self.owner, kind="stable")
        self.posting_start = np.searchsorted(self.owner[self.by_posting], np.arange(self.count + 1))
        self.cells: dict[tuple[int, int], tuple[int, int]] = {}
        keys = list(zip(row[order].tolist(), col[order].tolist(), strict=True))
        start = 0
        for k in range(1, len(keys) + 1):
            if k == len(keys) or keys[k] != keys[start]:
                self.cells[keys[start]] = (start, k)
                start = k

    def _inside(self, sites: np.ndarray, home: tuple[float, float], radius_km: float) -> np.ndarray:
        """Which of the sites at ``sites`` (indexes) lie within ``radius_km`` (plus their slack)."""
        if not len(sites):
            return np.zeros(0, dtype=bool)
        centre = _unit(home[0], home[1])
        dot = centre[0] * self.vector[0, sites]
        dot = dot + centre[1] * self.vector[1, sites]
        dot = dot + centre[2] * self.vector[2, sites]
        # Two thresholds only (with and without slack), each from one scalar cosine.
        plain = math.cos(min(radius_km / EARTH_RADIUS_KM, math.pi))
        loose = math.cos(min((radius_km + ZIP_CENTROID_SLACK_KM) / EARTH_RADIUS_KM, math.pi))
        threshold = np.where(self.slack[sites] > 0.0, loose, plain)
        inside: np.ndarray = dot >= threshold - _INCLUSIVE
        return inside

    def _sites_near(self, home: tuple[float, float], radius_km: float) -> np.ndarray:
        """Indexes of the sites in the buckets a circle of ``radius_km`` (and the largest slack)
        around ``home`` touches."""
        angle = (radius_km + self.max_slack) / EARTH_RADIUS_KM
        lat, lon = home
        reach_lat = math.degrees(angle)
        if angle >= math.pi / 2 - math.radians(abs(lat)):  # the circle takes in a pole
            rows = range(math.floor(-90 / CELL_DEGREES), math.floor(90 / CELL_DEGREES) + 1)
            reach_lon = 180.0
        else:
            low = math.floor(max(-90.0, lat - reach_lat) / CELL_DEGREES)
            rows = range(low, math.floor(min(90.0, lat + reach_lat) / CELL_DEGREES) + 1)
            # Widest longitude of a spherical cap: asin(sin(angle) / cos(lat)).
            ratio = math.sin(angle) / math.cos(math.radians(lat))
            reach_lon = 180.0 if ratio >= 1.0 else math.degrees(math.asin(ratio))
        cols = range(
            math.floor((lon - reach_lon) / CELL_DEGREES) - 1,
            math.floor((lon + reach_lon) / CELL_DEGREES) + 2,
        )
        spans = [self.cells[(r, c)] for r in rows for c in cols if (r, c) in self.cells]
        if not spans:
            return np.zeros(0, dtype=np.int64)
        return np.concatenate([np.arange(a, b) for a, b in spans])

    def beyond(
        self, home: tuple[float, float], radius_km: float, everywhere: bool = False
    ) -> np.ndarray:
        """Per posting: True when it is beyond ``radius_km`` of ``home`` (see the class). The
        grid visits only nearby buckets; ``everywhere`` checks every site instead (the same
        answer, for tests and the unpruned ranking)."""
        sites = np.arange(len(self.owner)) if everywhere else self._sites_near(home, radius_km)
        near = self.owner[sites[self._inside(sites, home, radius_km)]]
        far = self.located.copy()
        far[near] = False
        return far

    def nearest_km(self, posting: int, home: tuple[float, float]) -> float | None:
        """Great-circle distance from ``home`` to the posting's nearest located site."""
        sites = self.by_posting[self.posting_start[posting] : self.posting_start[posting + 1]]
        if not len(sites):
            return None
        centre = _unit(home[0], home[1])
        dot = np.clip(centre @ self.vector[:, sites], -1.0, 1.0)
        return float(np.arccos(dot.max()) * EARTH_RADIUS_KM)


__all__ = [
    "CELL_DEGREES",
    "EARTH_RADIUS_KM",
    "FASTEST_DRIVE_KMH",
    "FASTEST_TRANSIT_KMH",
    "ZIP_CENTROID_SLACK_KM",
    "SiteGrid",
    "commute_radius_km",
    "home_of",
]
