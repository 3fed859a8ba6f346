"""Pictures drawn on the server as SVG: a participant's matches map and small bar charts.

No map tiles: the map is the home, the job sites and a scale bar on a plain background, in an
equirectangular projection that is true enough at city scale.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape

TIER_COLOURS = {"eligible": "#1d6b3a", "needs_approval": "#8a5a00", "excluded": "#8a1c1c"}


def _svg(width: int, height: int, title: str, body: list[str]) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="100%" role="img" aria-labelledby="t"><title id="t">{escape(title)}</title>'
        + "".join(body)
        + "</svg>"
    )


def matches_map(
    home: tuple[float, float] | None,
    sites: Sequence[tuple[float, float, str, str]],
    *,
    width: int = 640,
    height: int = 420,
    title: str = "Map of matched jobs around home",
) -> str:
    """An SVG map: home as a house, each (lat, lon, label, tier) site as a numbered dot."""
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
    kx = math.cos(math.radians(lat0))
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
