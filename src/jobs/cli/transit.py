"""`jobs transit reach|batch|info`: travel by walking and public transit over a GTFS feed."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
import msgspec

from jobs.transit.cache import cache_dir_in, demo_feed_path, load_timetable
from jobs.transit.errors import TransitError
from jobs.transit.info import summarise
from jobs.transit.journey import Journey, Query
from jobs.transit.planner import Planner, parse_when
from jobs.transit.timetable import Timetable
from jobs.transit.walking import WalkModel

_encoder = msgspec.json.Encoder()


def _feed_path(gtfs: str | None) -> Path:
    """--gtfs, else $JOBS_GTFS_PATH, else the bundled Kansas City demo feed."""
    return Path(gtfs or os.environ.get("JOBS_GTFS_PATH") or demo_feed_path())


def _load(gtfs: str | None, cache_dir: str | None, no_cache: bool) -> Timetable:
    path = _feed_path(gtfs)
    data_dir = Path(os.environ.get("JOBS_DATA_DIR") or "var")
    cache = None if no_cache else (Path(cache_dir) if cache_dir else cache_dir_in(data_dir))
    try:
        return load_timetable(path, cache)
    except TransitError as exc:
        raise click.ClickException(str(exc)) from exc


def _point(option: str, text: str) -> tuple[float, float]:
    parts = text.split(",")
    try:
        if len(parts) != 2:
            raise ValueError
        return float(parts[0]), float(parts[1])
    except ValueError as exc:
        raise click.ClickException(f"{option}: expected LAT,LON, got {text!r}") from exc


def feed_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--gtfs and the cache options."""

    @click.option(
        "--gtfs",
        "gtfs",
        default=None,
        help="GTFS zip or folder (default: "
        "$JOBS_GTFS_PATH, else the bundled Kansas City demo feed).",
    )
    @click.option(
        "--cache-dir",
        default=None,
        help="Parsed-feed cache folder (default: $JOBS_DATA_DIR/cache/gtfs or ./var/cache/gtfs).",
    )
    @click.option(
        "--no-cache", is_flag=True, help="Parse the feed without reading or writing the cache."
    )
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapper


def model_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """DESIGN's walking-model flags."""

    @click.option(
        "--walk-speed", default=1.25, show_default=True, type=float, help="Metres a second."
    )
    @click.option(
        "--detour",
        default=1.3,
        show_default=True,
        type=float,
        help="Walking distance / great-circle distance.",
    )
    @click.option(
        "--max-access",
        default=1000.0,
        show_default=True,
        type=float,
        help="Longest walk (m) to the first stop and from the last.",
    )
    @click.option(
        "--max-transfer-walk",
        default=400.0,
        show_default=True,
        type=float,
        help="Longest walk (m) between two rides.",
    )
    @click.option("--max-transfers", default=8, show_default=True, type=int)
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(*args, **kwargs)

    return wrapper


def _planner(timetable: Timetable, kwargs: dict[str, Any]) -> Planner:
    model = WalkModel(
        walk_speed=kwargs.pop("walk_speed"),
        detour=kwargs.pop("detour"),
        max_access=kwargs.pop("max_access"),
        max_transfer_walk=kwargs.pop("max_transfer_walk"),
        max_transfers=kwargs.pop("max_transfers"),
    )
    try:
        return Planner(timetable, model)
    except TransitError as exc:
        raise click.ClickException(str(exc)) from exc


def _describe(journey: Journey) -> str:
    if not journey.reachable or journey.depart is None or journey.arrive is None:
        return "No journey within 4 hours."
    plural = "" if journey.transfers == 1 else "s"
    lines = [
        f"Leave {journey.depart:%a %d %b %H:%M}, arrive {journey.arrive:%H:%M} "
        f"({journey.minutes:g} min, {journey.transfers} transfer{plural}, "
        f"{journey.walk_meters} m walking)"
    ]
    for leg in journey.legs:
        if leg.mode == "walk":
            lines.append(
                f"  {leg.depart:%H:%M}  walk {leg.meters} m from {leg.from_} to {leg.to}, "
                f"arrive {leg.arrive:%H:%M}"
            )
        else:
            lines.append(
                f"  {leg.depart:%H:%M}  route {leg.route} from {leg.from_} to {leg.to}, "
                f"arrive {leg.arrive:%H:%M}"
            )
    return "\n".join(lines)


@click.group("transit")
def transit() -> None:
    """Travel by walking and public transit over a GTFS feed."""


@transit.command("reach")
@feed_options
@model_options
@click.option(
    "--from", "origin", required=True, metavar="LAT,LON", help="Where the journey starts."
)
@click.option("--to", "destination", required=True, metavar="LAT,LON", help="Where it ends.")
@click.option("--depart-at", default=None, metavar='"YYYY-MM-DD HH:MM"', help="Leave at this time.")
@click.option(
    "--arrive-by", default=None, metavar='"YYYY-MM-DD HH:MM"', help="Arrive by this time."
)
@click.option("--json", "as_json", is_flag=True, help="Print JSON only.")
def reach_command(
    gtfs: str | None,
    cache_dir: str | None,
    no_cache: bool,
    origin: str,
    destination: str,
    depart_at: str | None,
    arrive_by: str | None,
    as_json: bool,
    **model: Any,
) -> None:
    """Door-to-door journey from one point to another, leaving at or arriving by a time."""
    if (depart_at is None) == (arrive_by is None):
        raise click.ClickException("give exactly one of --depart-at and --arrive-by")
    start, end = _point("--from", origin), _point("--to", destination)
    try:
        when = parse_when(depart_at or arrive_by or "")
    except TransitError as exc:
        raise click.ClickException(str(exc)) from exc
    timetable = _load(gtfs, cache_dir, no_cache)
    planner = _planner(timetable, model)
    query = Query(
        origin=start,
        destination=end,
        depart_at=when if depart_at else None,
        arrive_by=when if arrive_by else None,
    )
    try:
        journey = planner.plan([query])[0]
    except TransitError as exc:
        raise click.ClickException(str(exc)) from exc
    if as_json:
        click.echo(_encoder.encode(journey).decode())
    else:
        click.echo(_describe(journey))


class _Line(msgspec.Struct, forbid_unknown_fields=True):
    id: str | int | None = None
    from_: tuple[float, float] | None = msgspec.field(name="from", default=None)
    to: tuple[float, float] | None = None
    depart_at: str | None = None
    arrive_by: str | None = None


@transit.command("batch")
@feed_options
@model_options
@click.option(
    "--queries",
    "queries_path",
    required=True,
    type=click.Path(dir_okay=False),
    help='JSON lines: {"id", "from": [lat, lon], "to": [lat, lon], '
    '"depart_at"|"arrive_by": "YYYY-MM-DD HH:MM"}; "-" reads stdin.',
)
def batch_command(
    gtfs: str | None, cache_dir: str | None, no_cache: bool, queries_path: str, **model: Any
) -> None:
    """Answer many journeys, one JSON line per query (the reach fields plus "id")."""
    try:
        if queries_path == "-":
            text = sys.stdin.read()
        else:
            text = Path(queries_path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"cannot read {queries_path}: {exc}") from exc
    timetable = _load(gtfs, cache_dir, no_cache)
    planner = _planner(timetable, model)
    decoder = msgspec.json.Decoder(_Line)
    slots: list[tuple[Any, Query | str]] = []
    for n, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            line = decoder.decode(raw)
        except msgspec.DecodeError as exc:
            slots.append((None, f"{queries_path} line {n}: {exc}"))
            continue
        try:
            if line.from_ is None or line.to is None:
                raise TransitError('"from" and "to" are required')
            if (line.depart_at is None) == (line.arrive_by is None):
                raise TransitError('give exactly one of "depart_at" and "arrive_by"')
            when = parse_when(line.depart_at or line.arrive_by or "")
            query = Query(
                id=line.id,
                origin=line.from_,
                destination=line.to,
                depart_at=when if line.depart_at else None,
                arrive_by=when if line.arrive_by else None,
            )
        except TransitError as exc:
            slots.append((line.id, f"{queries_path} line {n}: {exc}"))
            continue
        slots.append((line.id, query))
    queries = [q for _, q in slots if isinstance(q, Query)]
    answers = iter(planner.plan_each(queries))
    errors = 0
    for ident, item in slots:
        if isinstance(item, Query):
            answer = next(answers)
            if isinstance(answer, TransitError):
                errors += 1
                record: dict[str, Any] = {"id": ident, "error": str(answer)}
            else:
                record = {"id": ident, **msgspec.to_builtins(answer)}
        else:
            errors += 1
            record = {"id": ident, "error": item}
        click.echo(_encoder.encode(record).decode())
    if errors:
        click.echo(f"{errors} of {len(slots)} queries could not be answered", err=True)


@transit.command("info")
@feed_options
@click.option("--json", "as_json", is_flag=True, help="Print JSON only.")
def info_command(gtfs: str | None, cache_dir: str | None, no_cache: bool, as_json: bool) -> None:
    """Summarise a feed: agencies, routes, stops, service dates, first and last trips, warnings."""
    info = summarise(_load(gtfs, cache_dir, no_cache))
    if as_json:
        click.echo(_encoder.encode(info).decode())
        return
    click.echo(f"Feed {_feed_path(gtfs)} (sha256 {info.checksum[:12]}…)")
    click.echo(
        f"Agencies: {', '.join(info.agencies) or '(none listed)'}; time zone {info.timezone}"
    )
    click.echo(
        f"Routes: {len(info.routes)} ({', '.join(r.name for r in info.routes[:12])}"
        f"{', …' if len(info.routes) > 12 else ''})"
    )
    click.echo(f"Stops: {info.stops}; trips: {info.trips}; stop times: {info.stop_times}")
    click.echo(
        f"Service: {info.first_service_date} to {info.last_service_date} "
        f"({info.service_days} days with service)"
    )
    click.echo(f"First departure {info.first_departure}, last arrival {info.last_arrival}")
    for warning in info.warnings:
        click.echo(f"warning: {warning}", err=True)
