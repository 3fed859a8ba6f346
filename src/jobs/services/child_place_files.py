"""Reading public lists of places for children: the NCES EDGE school geocode files and CSV lists
(state licensed child-care providers, the program's own hand list of parks, pools, youth centres).

Pure: text in, rows and problems out. A bad row is skipped and said, naming the file and line;
the good rows are kept. A problem with the file as a whole (an unknown layout, a missing column)
raises ``InvalidInput`` naming the file.

NCES EDGE geocode files (public schools ``EDGE_GEOCODE_PUBLICSCH_YYZZ``, private schools
``EDGE_GEOCODE_PRIVATESCH_YYZZ``; CSV or TXT, public domain) carry one row per school: ``NCESSCH``
(public) or ``PPIN`` (private), ``NAME``, ``STREET``, ``CITY``, ``STATE``, ``ZIP``, ``NMCNTY``
(county name), ``LAT``, ``LON`` and ``SCHOOLYEAR`` ("2022-2023"), among others. Their points are
geocoded from the school's address. A list is as of the last day of its school year (June 30: the
schools it lists were open that year) unless an as-of date is given.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import msgspec

from jobs.connectors.csv_file import header_key, recognise_columns
from jobs.errors import InvalidInput
from jobs.matching.places import county_key, postal_facts

KINDS = ("school", "child_care", "other")
NCES_PUBLIC = "NCES EDGE public schools"
NCES_PRIVATE = "NCES EDGE private schools"

# CSV lists: field → recognised headers (lower case, punctuation as spaces), best first.
HEADERS: dict[str, tuple[str, ...]] = {
    "ref": ("id", "provider id", "facility id", "license number", "license id", "license no"),
    "name": (
        "name",
        "provider name",
        "facility name",
        "program name",
        "site name",
        "business name",
        "place",
    ),
    "street": ("street", "address", "street address", "location address", "address 1"),
    "city": ("city", "town"),
    "state": ("state", "st"),
    "postal_code": ("zip", "zip code", "zipcode", "postal code"),
    "county": ("county", "county name"),
    "lat": ("latitude", "lat", "y"),
    "lon": ("longitude", "lon", "lng", "long", "x"),
}
COLUMN_FIELDS = tuple(HEADERS)


class PlaceRowIn(msgspec.Struct, kw_only=True):
    """One good row of a list, ready for the ``child_places`` table."""

    kind: str
    name: str
    ref: str = ""
    street: str = ""
    city: str = ""
    state: str = ""
    postal_code: str = ""
    county: str = ""
    lat: float
    lon: float
    precision: str


class PlaceFileReading(msgspec.Struct, kw_only=True):
    """What one file gave: its list's name and date, the good rows, and each skipped row said."""

    source: str
    source_file: str
    as_of: dt.date
    rows: list[PlaceRowIn]
    skipped: list[str]
    without_county: int = 0  # rows kept for distances that count for no county's coverage


def read_text(path: Path) -> str:
    """The file's text (UTF-8, else Windows-1252), or an error naming the file."""
    try:
        body = path.read_bytes()
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError:
        return body.decode("cp1252", errors="replace")


def _table(text: str, name: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Headers and (line, cells) of a delimited file; the delimiter is the first line's commonest
    of comma, tab and pipe."""
    first = text.split("\n", 1)[0]
    if not first.strip():
        raise InvalidInput(f"{name}: the file is empty")
    delimiter = max((",", "\t", "|"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers = [h.strip() for h in next(reader)]
    rows = []
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                rows.append((reader.line_num, cells))
    except csv.Error as exc:
        raise InvalidInput(f"{name}: line {reader.line_num}: {exc}") from None
    return headers, rows


def _coordinate(text: str, low: float, high: float) -> float | None:
    try:
        value = float(text.strip())
    except ValueError:
        return None
    return value if math.isfinite(value) and low <= value <= high else None


def _place_row(
    cell: Mapping[str, str], kind: str, precision: str, where: str
) -> tuple[PlaceRowIn | None, str]:
    """One row as a place, or None with the reason it is skipped."""
    name = " ".join(cell.get("name", "").split())
    if not name:
        return None, f"{where}: no name"
    lat_text, lon_text = cell.get("lat", ""), cell.get("lon", "")
    if not lat_text.strip() or not lon_text.strip():
        return None, f"{where}: {name}: no position (latitude and longitude); geocode it first"
    lat, lon = _coordinate(lat_text, -90, 90), _coordinate(lon_text, -180, 180)
    if lat is None or lon is None or (lat == 0 and lon == 0):
        return None, f"{where}: {name}: position {lat_text!r}, {lon_text!r} is not a place"
    state = cell.get("state", "").strip().upper()
    postal = cell.get("postal_code", "").strip()[:10]
    county = county_key(cell.get("county", "")) if cell.get("county", "").strip() else ""
    if (not county or not state) and postal:
        zip_state, zip_county = postal_facts(postal)
        state = state or zip_state
        if not county and zip_state == state:
            county = zip_county
    return (
        PlaceRowIn(
            kind=kind,
            name=name[:200],
            ref=cell.get("ref", "").strip()[:40],
            street=cell.get("street", "").strip()[:200],
            city=cell.get("city", "").strip()[:100],
            state=state[:2] if len(state) == 2 else "",
            postal_code=postal,
            county=county[:100],
            lat=lat,
            lon=lon,
            precision=precision,
        ),
        "",
    )


def school_year_end(text: str) -> dt.date | None:
    """'2022-2023' (or '2022-23', '2223') → 2023-06-30, the last day of that school year."""
    text = text.strip()
    found = re.fullmatch(r"(\d{4})\s*[-/]\s*(\d{2}|\d{4})", text)
    if found:
        return dt.date(int(found.group(1)) + 1, 6, 30)
    if re.fullmatch(r"\d{4}", text) and int(text[2:]) == (int(text[:2]) + 1) % 100:
        return dt.date(2001 + int(text[:2]), 6, 30)
    return None


def read_nces(text: str, name: str, *, as_of: dt.date | None = None) -> PlaceFileReading:
    """An NCES EDGE public- or private-school geocode file (CSV or TXT)."""
    headers, rows = _table(text, name)
    upper = [h.upper() for h in headers]
    if "NCESSCH" in upper:
        source, ref_column = NCES_PUBLIC, "NCESSCH"
    elif "PPIN" in upper:
        source, ref_column = NCES_PRIVATE, "PPIN"
    else:
        raise InvalidInput(
            f"{name}: not an NCES EDGE school geocode file: no NCESSCH (public) or PPIN (private)"
            " column"
        )
    missing = [c for c in ("NAME", "LAT", "LON") if c not in upper]
    if missing:
        raise InvalidInput(f"{name}: NCES file without the {', '.join(missing)} column(s)")
    columns = {
        "ref": ref_column,
        "name": "NAME",
        "street": "STREET",
        "city": "CITY",
        "state": "STATE",
        "postal_code": "ZIP",
        "county": "NMCNTY",
        "lat": "LAT",
        "lon": "LON",
    }
    index = {field: upper.index(col) for field, col in columns.items() if col in upper}
    year_at = upper.index("SCHOOLYEAR") if "SCHOOLYEAR" in upper else None
    years: set[dt.date] = set()
    reading = PlaceFileReading(
        source=source, source_file=name, as_of=dt.date.min, rows=[], skipped=[]
    )
    for line, cells in rows:
        if len(cells) != len(headers):
            reading.skipped.append(
                f"{name}: line {line}: {len(cells)} fields where the header has {len(headers)}"
            )
            continue
        if year_at is not None:
            end = school_year_end(cells[year_at])
            if end:
                years.add(end)
        cell = {field: cells[i] for field, i in index.items()}
        _keep(reading, *_place_row(cell, "school", "address", f"{name}: line {line}"))
    if as_of is None:
        if not years:
            raise InvalidInput(f"{name}: no SCHOOLYEAR in the file: give the list's date (--as-of)")
        as_of = max(years)
    reading.as_of = as_of
    return reading


def column_map(headers: list[str], columns: Mapping[str, str], name: str) -> dict[str, int]:
    """Which column holds each field: the ``column.FIELD=HEADER`` settings first, then the
    recognised headers."""
    keys = [header_key(h) for h in headers]
    mapping: dict[str, int] = {}
    for key, value in columns.items():
        field = key.removeprefix("column.")
        if not key.startswith("column.") or field not in HEADERS:
            raise InvalidInput(
                f"--set {key}: expected column.FIELD=HEADER, FIELD one of {', '.join(HEADERS)}"
            )
        if header_key(value) not in keys:
            raise InvalidInput(f"{name}: --set {key}={value!r}: no such header in the file")
        mapping[field] = keys.index(header_key(value))
    return recognise_columns(keys, HEADERS, mapping)


def read_place_csv(
    text: str,
    name: str,
    kind: str,
    *,
    as_of: dt.date,
    source: str | None = None,
    columns: Mapping[str, str] | None = None,
) -> PlaceFileReading:
    """A CSV list of places of one ``kind`` (a state's licensed child-care providers, a hand
    list), each row with a name and a position; ``columns`` maps fields to other headers."""
    if kind not in KINDS:
        raise InvalidInput(f"kind: choose one of {', '.join(KINDS)}, not {kind!r}")
    headers, rows = _table(text, name)
    mapping = column_map(headers, columns or {}, name)
    lacking = [f for f in ("name", "lat", "lon") if f not in mapping]
    if lacking:
        raise InvalidInput(
            f"{name}: no {', '.join(lacking)} column among {headers}; map one with"
            f" --set column.{lacking[0]}=HEADER"
        )
    reading = PlaceFileReading(
        source=source or f"{kind.replace('_', ' ')} list {Path(name).name}",
        source_file=name,
        as_of=as_of,
        rows=[],
        skipped=[],
    )
    for line, cells in rows:
        if len(cells) != len(headers):
            reading.skipped.append(
                f"{name}: line {line}: {len(cells)} fields where the header has {len(headers)}"
            )
            continue
        cell = {field: cells[i] for field, i in mapping.items()}
        _keep(reading, *_place_row(cell, kind, "given", f"{name}: line {line}"))
    return reading


def _keep(reading: PlaceFileReading, row: PlaceRowIn | None, problem: str) -> None:
    if row is None:
        reading.skipped.append(problem)
        return
    reading.rows.append(row)
    if not row.county or not row.state:
        reading.without_county += 1


def summary(reading: PlaceFileReading) -> dict[str, Any]:
    """What an import did, for the CLI."""
    counties = sorted({f"{r.county}, {r.state}" for r in reading.rows if r.county and r.state})
    return {
        "source": reading.source,
        "file": reading.source_file,
        "as_of": reading.as_of.isoformat(),
        "imported": len(reading.rows),
        "skipped": reading.skipped,
        "without_county": reading.without_county,
        "counties": counties,
    }
