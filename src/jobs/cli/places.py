"""``jobs places``: the lists of schools, child care and other places for children."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from jobs.cli.runtime import load_runtime, print_json, run_async, transaction
from jobs.clock import program_today
from jobs.errors import InvalidInput
from jobs.services import child_places
from jobs.services.child_place_files import KINDS
from jobs.services.sources import parse_settings


@click.group("places")
def places() -> None:
    """Schools, child care and other places for children the registrant rules measure from."""


def _date(value: str | None, flag: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(f"{flag}: give a date as YYYY-MM-DD, not {value!r}") from None


def _report(result: dict, as_json: bool) -> None:
    if as_json:
        print_json(result)
        return
    for problem in result["skipped"]:
        click.echo(f"  skipped {problem}", err=True)
    click.echo(
        f"imported {result['imported']} places into {result['source']!r} as of {result['as_of']}"
        f" (replacing {result['replaced']}); skipped {len(result['skipped'])}",
        err=True,
    )
    if result["without_county"]:
        click.echo(
            f"  {result['without_county']} places have no county: they count for distances,"
            " not for coverage",
            err=True,
        )
    if result["counties"]:
        click.echo(f"  counties: {'; '.join(result['counties'])}", err=True)


@places.command("import-nces")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--as-of", help="The list's date (default: the end of its SCHOOLYEAR, June 30).")
@click.option("--json", "as_json", is_flag=True)
@run_async
async def import_nces_command(path: Path, as_of: str | None, as_json: bool) -> None:
    """Import an NCES EDGE public- or private-school geocode file (CSV or TXT)."""
    runtime = load_runtime()
    when = _date(as_of, "--as-of")
    async with transaction(runtime) as session:
        result = await child_places.import_nces(session, path, as_of=when)
    _report(result, as_json)


@places.command("import-csv")
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--as-of", required=True, help="The list's date, YYYY-MM-DD.")
@click.option("--source", help="The list's name (default: KIND list FILENAME).")
@click.option(
    "--set", "pairs", multiple=True, metavar="column.FIELD=HEADER", help="Map a header to a field."
)
@click.option("--json", "as_json", is_flag=True)
@run_async
async def import_csv_command(
    kind: str,
    path: Path,
    as_of: str,
    source: str | None,
    pairs: tuple[str, ...],
    as_json: bool,
) -> None:
    """Import a CSV list of places of KIND (a state's child-care providers, a hand list)."""
    runtime = load_runtime()
    when = _date(as_of, "--as-of")
    if when is None:  # --as-of is required; click says so first
        raise InvalidInput("--as-of: give the list's date")
    columns = parse_settings(pairs)
    async with transaction(runtime) as session:
        result = await child_places.import_csv(
            session, kind, path, as_of=when, source=source, columns=columns
        )
    _report(result, as_json)


def _point(text: str) -> tuple[float, float]:
    try:
        lat_text, lon_text = text.split(",")
        lat, lon = float(lat_text), float(lon_text)
    except ValueError:
        raise InvalidInput(f"--near: give LAT,LON, not {text!r}") from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise InvalidInput(f"--near: {text!r} is not a place on the map")
    return lat, lon


@places.command("list")
@click.option("--near", metavar="LAT,LON", help="Nearest first, with distances.")
@click.option("--within", type=click.FloatRange(0, None), metavar="M", help="Metres from --near.")
@click.option("--json", "as_json", is_flag=True)
@run_async
async def list_command(near: str | None, within: float | None, as_json: bool) -> None:
    """List the imported places (near a point, within a distance)."""
    if within is not None and near is None:
        raise InvalidInput("--within needs --near LAT,LON")
    runtime = load_runtime()
    point = _point(near) if near else None
    async with transaction(runtime) as session:
        rows = await child_places.list_places(session, near=point, within_m=within)
    if as_json:
        print_json(rows)
        return
    if not rows:
        click.echo("no places" + (" there" if near else " imported"), err=True)
    for row in rows:
        far = f"{row['metres']:>8,.0f} m  " if "metres" in row else ""
        where = ", ".join(p for p in (row["street"], row["city"], row["state"]) if p)
        click.echo(f"{far}{row['kind']:<10} {row['name']} · {where} ({row['source']})")


@places.command("coverage")
@click.option("--json", "as_json", is_flag=True)
@run_async
async def coverage_command(as_json: bool) -> None:
    """Which counties have which kinds, from which list, as of when."""
    runtime = load_runtime()
    today = program_today(runtime.settings.clock.zone)
    async with transaction(runtime) as session:
        rows = await child_places.coverage(session, today, runtime.settings.matching)
    if as_json:
        print_json(rows)
        return
    if not rows:
        click.echo(
            "no list imported: the registrant rules use the file list"
            " (JOBS_CHILD_PLACES_PATH or the bundled demo list)",
            err=True,
        )
    for row in rows:
        state = "current" if row["current"] else "NOT current"
        click.echo(
            f"{row['county_label']}, {row['state'] or '??'}  {row['kind']:<10}"
            f" {row['places']:>5} places  {row['source']} as of {row['as_of']}"
            f" ({row['age_days']} days)  {state}"
        )
