"""The lines of a GTFS feed as drawable polylines: one per distinct route alignment.

A route's alignments come from shapes.txt (the shapes its trips use) where the feed has them,
else from the stop sequences of its trips, stop to stop. Duplicates (the same alignment on many
trips, or run in the other direction) are kept once, and long shapes are thinned with the
Ramer–Douglas–Peucker rule to about ten metres, which is far below a pixel on a city map.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from pathlib import Path

import msgspec

from jobs.transit.gtfs import FeedFiles

COLOUR = re.compile(r"^[0-9A-Fa-f]{6}$")
THIN_DEGREES = 0.0001  # about 11 m north-south


class RouteLine(msgspec.Struct, frozen=True, kw_only=True):
    """One alignment of one route: its name, its colour (``#RRGGBB`` or None) and its points."""

    route_id: str
    name: str
    colour: str | None
    points: tuple[tuple[float, float], ...]  # (lat, lon)


def _routes(feed: FeedFiles) -> dict[str, tuple[str, str | None]]:
    columns, rows = feed.rows("routes.txt")
    found: dict[str, tuple[str, str | None]] = {}
    for row in rows:
        route_id = row[columns["route_id"]] if "route_id" in columns else ""
        short = row[columns["route_short_name"]] if "route_short_name" in columns else ""
        long = row[columns["route_long_name"]] if "route_long_name" in columns else ""
        raw = row[columns["route_color"]] if "route_color" in columns else ""
        colour = f"#{raw.upper()}" if COLOUR.match(raw) else None
        found[route_id] = (short or long or route_id, colour)
    return found


def _trips(feed: FeedFiles) -> dict[str, tuple[str, str]]:
    """trip_id -> (route_id, shape_id or "")."""
    columns, rows = feed.rows("trips.txt")
    shape = columns.get("shape_id")
    return {
        row[columns["trip_id"]]: (row[columns["route_id"]], row[shape] if shape is not None else "")
        for row in rows
    }


def _shapes(feed: FeedFiles, wanted: set[str]) -> dict[str, list[tuple[float, float]]]:
    columns, rows = feed.rows("shapes.txt")
    if not wanted or not {"shape_id", "shape_pt_lat", "shape_pt_lon"} <= set(columns):
        return {}
    sid, lat, lon = columns["shape_id"], columns["shape_pt_lat"], columns["shape_pt_lon"]
    seq = columns.get("shape_pt_sequence")
    points: dict[str, list[tuple[float, float, float]]] = defaultdict(list)
    for row in rows:
        if row[sid] not in wanted:
            continue
        try:
            order = float(row[seq]) if seq is not None else len(points[row[sid]])
            points[row[sid]].append((order, float(row[lat]), float(row[lon])))
        except ValueError:
            continue
    return {key: [(la, lo) for _, la, lo in sorted(pts)] for key, pts in points.items()}


def _stops(feed: FeedFiles) -> dict[str, tuple[float, float]]:
    columns, rows = feed.rows("stops.txt")
    found: dict[str, tuple[float, float]] = {}
    for row in rows:
        try:
            found[row[columns["stop_id"]]] = (
                float(row[columns["stop_lat"]]),
                float(row[columns["stop_lon"]]),
            )
        except (KeyError, ValueError):
            continue
    return found


def _stop_sequences(feed: FeedFiles, wanted: set[str]) -> dict[str, list[str]]:
    columns, rows = feed.rows("stop_times.txt")
    if not wanted:
        return {}
    trip, stop, seq = columns["trip_id"], columns["stop_id"], columns["stop_sequence"]
    calls: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for row in rows:
        if row[trip] in wanted:
            try:
                calls[row[trip]].append((int(row[seq]), row[stop]))
            except ValueError:
                continue
    return {key: [s for _, s in sorted(found)] for key, found in calls.items()}


def thin(
    points: list[tuple[float, float]], tolerance: float = THIN_DEGREES
) -> list[tuple[float, float]]:
    """The points that keep the line's course within ``tolerance`` degrees (Douglas–Peucker)."""
    if len(points) < 3:
        return list(points)
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (y1, x1), (y2, x2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        length = math.hypot(dx, dy)
        worst, at = -1.0, -1
        for i in range(first + 1, last):
            y, x = points[i]
            if length == 0:
                distance = math.hypot(x - x1, y - y1)
            else:
                distance = abs(dy * (x - x1) - dx * (y - y1)) / length
            if distance > worst:
                worst, at = distance, i
        if worst > tolerance:
            keep[at] = True
            stack.append((first, at))
            stack.append((at, last))
    return [p for p, kept in zip(points, keep, strict=True) if kept]


def route_lines(feed: FeedFiles) -> list[RouteLine]:
    """Every distinct alignment of every route of ``feed``, ordered by route."""
    routes = _routes(feed)
    trips = _trips(feed)
    shaped = {trip_id: shape for trip_id, (_, shape) in trips.items() if shape}
    shapes = _shapes(feed, set(shaped.values())) if feed.has("shapes.txt") else {}
    unshaped = {trip_id for trip_id in trips if shaped.get(trip_id) not in shapes}
    sequences = _stop_sequences(feed, unshaped)
    stops = _stops(feed) if sequences else {}
    seen: set[tuple[str, tuple[tuple[float, float], ...]]] = set()
    lines: list[RouteLine] = []
    for trip_id, (route_id, shape_id) in sorted(trips.items(), key=lambda kv: (kv[1], kv[0])):
        if shape_id in shapes:
            points = shapes[shape_id]
        else:
            points = [stops[s] for s in sequences.get(trip_id, []) if s in stops]
        path = tuple(thin(points))
        if len(path) < 2 or (route_id, path) in seen or (route_id, path[::-1]) in seen:
            continue
        seen.add((route_id, path))
        name, colour = routes.get(route_id, (route_id, None))
        lines.append(RouteLine(route_id=route_id, name=name, colour=colour, points=path))
    return lines


def load_route_lines(path: str | Path) -> list[RouteLine]:
    """The route lines of the feed at ``path`` (a GTFS zip or folder)."""
    feed = FeedFiles(path)
    try:
        return route_lines(feed)
    finally:
        feed.close()


class ProjectedLine(msgspec.Struct, frozen=True, kw_only=True):
    """A route line in plane units (x = lon × kx, y = lat) with its bounding box."""

    route_id: str
    name: str
    colour: str | None
    xs: tuple[float, ...]
    ys: tuple[float, ...]
    box: tuple[float, float, float, float]  # min x, min y, max x, max y


class ProjectedLines(msgspec.Struct, frozen=True, kw_only=True):
    """A feed's lines in one equirectangular plane: ``kx`` is cos(the feed's middle latitude)."""

    kx: float
    lines: tuple[ProjectedLine, ...]


def project(lines: list[RouteLine]) -> ProjectedLines:
    """The lines in the plane a city map draws in (true enough at city scale)."""
    lats = [lat for line in lines for lat, _ in line.points]
    kx = math.cos(math.radians((min(lats) + max(lats)) / 2)) if lats else 1.0
    projected = []
    for line in lines:
        xs = tuple(lon * kx for _, lon in line.points)
        ys = tuple(lat for lat, _ in line.points)
        projected.append(
            ProjectedLine(
                route_id=line.route_id,
                name=line.name,
                colour=line.colour,
                xs=xs,
                ys=ys,
                box=(min(xs), min(ys), max(xs), max(ys)),
            )
        )
    return ProjectedLines(kx=kx, lines=tuple(projected))
