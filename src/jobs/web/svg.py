"""Pictures drawn on the server as SVG: a participant's matches map and small bar charts.

No map tiles: the map is the home, the job sites, the transit lines of the feed in use and a
scale bar on a plain background, in an equirectangular projection that is true enough at city
scale. The lines come projected once per feed (``jobs.transit.lines.ProjectedLines``); a map
only scales them, cuts them at its edges and drops points closer than a pixel.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence
from html import escape

from jobs.transit.lines import ProjectedLine, ProjectedLines

TIER_COLOURS = {"eligible": "#1d6b3a", "needs_approval": "#8a5a00", "excluded": "#8a1c1c"}
LINE_COLOUR = "#6b7580"
Point = tuple[float, float]


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="t"><title id="t">{escape(title)}</title>'
        + "".join(body)
        + "</svg>"
    )


def _clip(a: Point, b: Point, width: float, height: float) -> tuple[Point, Point] | None:
    """The part of segment a–b inside the box 0..width × 0..height (Liang–Barsky), or None."""
    (x0, y0), (x1, y1) = a, b
    dx, dy = x1 - x0, y1 - y0
    low, high = 0.0, 1.0
    for p, q in ((-dx, x0), (dx, width - x0), (-dy, y0), (dy, height - y0)):
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
        if low > high:
            return None
    return (x0 + low * dx, y0 + low * dy), (x0 + high * dx, y0 + high * dy)


def clipped_runs(points: Sequence[Point], width: float, height: float) -> Iterator[list[Point]]:
    """The pieces of a polyline (in pixels) inside the box, each a list of points."""
    run: list[Point] = []
    for a, b in itertools.pairwise(points):
        piece = _clip(a, b, width, height)
        if piece is None:
            if len(run) > 1:
                yield run
            run = []
            continue
        start, end = piece
        if not run or run[-1] != start:
            if len(run) > 1:
                yield run
            run = [start]
        run.append(end)
        if end != b:  # left the box
            if len(run) > 1:
                yield run
            run = []
    if len(run) > 1:
        yield run


def _path(run: list[Point]) -> str:
    kept = [run[0]]
    for point in run[1:-1]:
        if abs(point[0] - kept[-1][0]) + abs(point[1] - kept[-1][1]) >= 1.0:
            kept.append(point)
    kept.append(run[-1])
    return "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in kept)


def transit_paths(
    transit: ProjectedLines,
    box: tuple[float, float, float, float],
    to_pixels: Sequence[float],
    width: int,
    height: int,
) -> list[str]:
    """SVG groups of the route lines crossing ``box`` (plane units), cut at the map's edges.

    ``to_pixels`` is (x offset, y offset, scale): pixel x = (x - offset) × scale, and y grows
    downwards.
    """
    x_off, y_off, scale = to_pixels
    min_x, min_y, max_x, max_y = box
    by_route: dict[str, tuple[ProjectedLine, list[str]]] = {}
    for line in transit.lines:
        lx0, ly0, lx1, ly1 = line.box
        if lx1 < min_x or lx0 > max_x or ly1 < min_y or ly0 > max_y:
            continue
        pixels = [
            ((x - x_off) * scale, (y_off - y) * scale)
            for x, y in zip(line.xs, line.ys, strict=True)
        ]
        for run in clipped_runs(pixels, width, height):
            by_route.setdefault(line.route_id, (line, []))[1].append(_path(run))
    groups = []
    for line, paths in by_route.values():
        groups.append(
            f'<g class="transit-line" data-route="{escape(line.route_id)}" '
            f'stroke="{line.colour or LINE_COLOUR}"><title>Route {escape(line.name)}</title>'
            + "".join(f'<path d="{d}"/>' for d in paths)
            + "</g>"
        )
    if not groups:
        return []
    return [
        '<g class="transit" fill="none" stroke-width="2.5" stroke-opacity="0.4" '
        'stroke-linecap="round" stroke-linejoin="round">' + "".join(groups) + "</g>"
    ]


def matches_map(
    home: tuple[float, float] | None,
    sites: Sequence[tuple[float, float, str, str]],
    *,
    width: int = 640,
    height: int = 420,
    title: str = "Map of matched jobs around home",
    transit: ProjectedLines | None = None,
) -> str:
    """An SVG map: home as a house, each (lat, lon, label, tier) site as a numbered dot, and
    under them, thin and light, the transit lines that cross the map."""
    points = [(lat, lon) for lat, lon, _, _ in sites]
    if home:
        points.append(home)
    body = [f'<rect width="{width}" height="{height}" fill="#f4f6f2"/>']
    if not points:
        body.append(
            f'<text x="{width / 2}" y="{height / 2}" text-anchor="middle" font-size="16">'
            "No places to show</text>"
        )
        return _svg(width, height, title, body)
    lat0 = sum(p[0] for p in points) / len(points)
    kx = transit.kx if transit and transit.lines else math.cos(math.radians(lat0))
    xs = [lon * kx for _, lon in points]
    ys = [lat for lat, _ in points]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 0.01)
    pad = 30
    scale = min(width - 2 * pad, height - 2 * pad) / span
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2

    def at(lat: float, lon: float) -> tuple[float, float]:
        return (
            round(width / 2 + (lon * kx - cx) * scale, 1),
            round(height / 2 - (lat - cy) * scale, 1),
        )

    if transit and transit.lines:
        half_w, half_h = width / 2 / scale, height / 2 / scale
        body += transit_paths(
            transit,
            (cx - half_w, cy - half_h, cx + half_w, cy + half_h),
            (cx - half_w, cy + half_h, scale),
            width,
            height,
        )
    if home:
        hx, hy = at(*home)
        for lat, lon, _, tier in sites:
            x, y = at(lat, lon)
            colour = TIER_COLOURS.get(tier, "#555")
            body.append(
                f'<line x1="{hx}" y1="{hy}" x2="{x}" y2="{y}" stroke="{colour}" '
                'stroke-opacity="0.25" stroke-width="1"/>'
            )
    for number, (lat, lon, label, tier) in enumerate(sites, start=1):
        x, y = at(lat, lon)
        colour = TIER_COLOURS.get(tier, "#555")
        body.append(
            f"<g><title>{number}. {escape(label)}</title>"
            f'<circle cx="{x}" cy="{y}" r="11" fill="{colour}"/>'
            f'<text x="{x}" y="{y + 4}" text-anchor="middle" font-size="11" '
            f'fill="#fff">{number}</text></g>'
        )
    if home:
        hx, hy = at(*home)
        body.append(
            f'<g><title>Home</title><path d="M{hx - 10},{hy + 8} v-10 l10,-9 l10,9 v10 z" '
            'fill="#0b5cad" stroke="#fff" stroke-width="1.5"/></g>'
        )
    km = 111.32 * span
    bar_km = max(1, round(km / 4))
    bar = bar_km / 111.32 * scale
    body.append(
        f'<line x1="{pad}" y1="{height - 12}" x2="{pad + bar:.1f}" y2="{height - 12}" '
        'stroke="#1b1f24" stroke-width="3"/>'
        f'<text x="{pad}" y="{height - 18}" font-size="12">{bar_km} km</text>'
    )
    return _svg(width, height, title, body)


def bar_chart(
    values: Sequence[tuple[str, float]], *, maximum: float = 100.0, title: str = "Score parts"
) -> str:
    """Small horizontal bars, one per (label, value), on a 0..maximum scale."""
    row, label_w, bar_w = 18, 90, 120
    height = row * max(len(values), 1) + 4
    body = []
    for i, (label, value) in enumerate(values):
        y = i * row + 2
        share = 0.0 if maximum <= 0 else max(0.0, min(1.0, value / maximum))
        body.append(
            f'<text x="0" y="{y + 12}" font-size="12">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y + 2}" width="{bar_w}" height="12" fill="#e3e7ec"/>'
            f'<rect x="{label_w}" y="{y + 2}" width="{share * bar_w:.1f}" height="12" '
            'fill="#0b5cad"/>'
            f'<text x="{label_w + bar_w + 6}" y="{y + 12}" font-size="12">{value:.0f}</text>'
        )
    return _svg(label_w + bar_w + 40, height, title, body)


def trip_picture(
    points: Sequence[Point], *, width: int = 360, height: int = 220, title: str = "The trip"
) -> str:
    """A small route picture: home (a house), the stops where the trip boards and leaves each
    ride (dots), the job (a square), joined in order; no map underneath."""
    body = [f'<rect width="{width}" height="{height}" fill="#f4f6f2"/>']
    if len(points) < 2:
        return _svg(width, height, title, body)
    lat0 = sum(p[0] for p in points) / len(points)
    kx = math.cos(math.radians(lat0))
    xs = [lon * kx for _, lon in points]
    ys = [lat for lat, _ in points]
    span = max(max(xs) - min(xs), max(ys) - min(ys), 0.002)
    pad = 24
    scale = min(width - 2 * pad, height - 2 * pad) / span
    cx, cy = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    at = [
        (round(width / 2 + (x - cx) * scale, 1), round(height / 2 - (y - cy) * scale, 1))
        for x, y in zip(xs, ys, strict=True)
    ]
    body.append(
        '<polyline fill="none" stroke="#0b5cad" stroke-width="3" stroke-linejoin="round" '
        f'points="{" ".join(f"{x},{y}" for x, y in at)}"/>'
    )
    for x, y in at[1:-1]:
        body.append(
            f'<circle cx="{x}" cy="{y}" r="5" fill="#fff" stroke="#0b5cad" stroke-width="2"/>'
        )
    hx, hy = at[0]
    body.append(
        f'<path d="M{hx - 10},{hy + 8} v-10 l10,-9 l10,9 v10 z" fill="#0b5cad" stroke="#fff" '
        'stroke-width="1.5"/>'
    )
    jx, jy = at[-1]
    body.append(f'<rect x="{jx - 8}" y="{jy - 8}" width="16" height="16" fill="#1d6b3a"/>')
    return _svg(width, height, title, body)
