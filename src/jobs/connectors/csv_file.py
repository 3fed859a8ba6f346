"""CSV files or URLs of openings: common headers recognised, others mapped by config.

``--set column.FIELD=HEADER`` maps any header to a field (FIELD is one of COLUMN_FIELDS).
Text that is not UTF-8 is read as Windows-1252, and UTF-8 mojibake ("â€™") is repaired.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import re
from collections.abc import Iterable, Mapping
from typing import Any

import msgspec

from jobs.connectors.dates import parse_when, zone_named
from jobs.connectors.dedupe import ats_identity
from jobs.connectors.employment import employment_types
from jobs.connectors.pay import parse_pay_text, pay_range
from jobs.connectors.places import coordinates, country_code, parse_place, region_code, workplace_of
from jobs.connectors.posting import (
    ListingBuilder,
    Location,
    PostingIn,
    RecordError,
    config_salt,
    raw_digest,
)
from jobs.connectors.reading import Failed, Get, ReadFile, Reading
from jobs.connectors.urls import rebase
from jobs.text_cleaning import html_to_text, repair_mojibake, sanitise_html, text_or_none

KIND = "csv"
REQUIRED: tuple[str, ...] = ()
REQUIRED_ANY = ("path", "url")
OPTIONAL = ("path", "url", "employer", "timezone", "encoding", "delimiter")

# Field → recognised headers (lower case, punctuation as spaces), best first.
HEADERS: dict[str, tuple[str, ...]] = {
    "id": (
        "job id",
        "id",
        "requisition id",
        "req id",
        "posting id",
        "reference number",
        "reference",
        "job number",
        "job code",
    ),
    "title": (
        "title",
        "job title",
        "business title",
        "position title",
        "position",
        "civil service title",
    ),
    "employer": (
        "company",
        "employer",
        "agency",
        "company name",
        "employer name",
        "organization",
        "organisation",
        "hiring organization",
    ),
    "address": ("address", "street address", "work location", "job location", "location"),
    "city": ("city", "town"),
    "state": ("state", "region", "province", "state province"),
    "postal_code": ("zip", "zip code", "zipcode", "postal code", "postcode"),
    "country": ("country",),
    "lat": ("latitude", "lat"),
    "lon": ("longitude", "lon", "lng", "long"),
    "pay": ("pay", "salary", "wage", "pay rate", "compensation", "salary range"),
    "pay_min": (
        "salary from",
        "salary range from",
        "pay from",
        "pay min",
        "min pay",
        "minimum pay",
        "salary min",
        "min salary",
        "wage from",
        "pay range from",
    ),
    "pay_max": (
        "salary to",
        "salary range to",
        "pay to",
        "pay max",
        "max pay",
        "maximum pay",
        "salary max",
        "max salary",
        "wage to",
        "pay range to",
    ),
    "pay_unit": (
        "salary frequency",
        "pay frequency",
        "pay period",
        "salary period",
        "period",
        "pay unit",
        "per",
    ),
    "currency": ("currency",),
    "description": ("description", "job description", "duties", "summary", "job summary"),
    "requirements": (
        "requirements",
        "qualifications",
        "minimum qual requirements",
        "minimum qualifications",
        "minimum requirements",
    ),
    "skills": ("preferred skills", "skills"),
    "url": ("url", "link", "job url", "posting url", "job link"),
    "apply_url": ("apply url", "application url", "apply link", "how to apply url"),
    "posted_at": (
        "posting date",
        "posted",
        "date posted",
        "posted date",
        "post date",
        "open date",
        "opening date",
        "posted on",
    ),
    "closes_at": (
        "close date",
        "closing date",
        "post until",
        "deadline",
        "expiration date",
        "expires",
        "application deadline",
        "apply by",
    ),
    "employment_type": (
        "employment type",
        "job type",
        "full time part time indicator",
        "full time part time",
        "schedule",
        "type",
    ),
    "workplace": ("workplace", "remote", "work arrangement", "workplace type"),
}
COLUMN_FIELDS = tuple(HEADERS)


def header_key(header: str) -> str:
    """A header reduced for matching: lower case, punctuation as single spaces."""
    return " ".join(re.findall(r"[a-z0-9]+", header.lower().replace("/", " ")))


def column_map(headers: list[str], config: dict[str, str]) -> dict[str, int]:
    """Which column holds each field: config overrides first, then the recognised headers."""
    keys = [header_key(h) for h in headers]
    mapping: dict[str, int] = {}
    for name, value in config.items():
        if not name.startswith("column."):
            continue
        field = name.removeprefix("column.")
        if field not in HEADERS:
            raise ValueError(f"column.{field}: unknown field; use one of {', '.join(HEADERS)}")
        wanted = header_key(value)
        if wanted not in keys:
            raise ValueError(f"column.{field}={value!r}: no such header in the file")
        mapping[field] = keys.index(wanted)
    return recognise_columns(keys, HEADERS, mapping)


def recognise_columns(
    keys: list[str], aliases: Mapping[str, Iterable[str]], mapping: dict[str, int]
) -> dict[str, int]:
    """Fill ``mapping`` (field → column) for the fields not set yet: the first column, in
    ``aliases`` order, whose header key is one of the field's aliases and no other field took."""
    taken = set(mapping.values())
    for field, names in aliases.items():
        if field in mapping:
            continue
        for alias in names:
            if alias in keys and keys.index(alias) not in taken:
                mapping[field] = keys.index(alias)
                taken.add(mapping[field])
                break
    return mapping


def decode(body: bytes, encoding: str | None, builder: ListingBuilder) -> str:
    """Text of the file: the configured encoding, else UTF-8, else Windows-1252 (said so)."""
    if encoding:
        return body.decode(encoding, errors="replace")
    try:
        return body.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        builder.error(f"{builder.source}: not UTF-8 (byte {exc.start}); read as Windows-1252")
        # The five bytes Windows-1252 leaves undefined become U+FFFD; all else is kept.
        return body.decode("cp1252", errors="replace")


def _html_block(heading: str, text: str) -> str:
    if not text:
        return ""
    if re.search(r"<[a-z][^>]*>", text, re.I):
        body = text
    else:
        body = "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
    return (f"<h3>{heading}</h3>" if heading else "") + body


def row_posting(
    row: dict[str, str],
    *,
    line: int,
    employer: str | None,
    zone: Any,
    raw: dict[str, str] | None = None,
) -> PostingIn:
    """One CSV row (field → cell text) as a posting; ``raw`` is the row by its own headers."""
    notes: list[str] = []
    title = text_or_none(row.get("title"))
    if not title:
        raise RecordError(f"line {line}: missing title")
    place = parse_place(row.get("address", "")) if row.get("address") else Location()
    city, state = text_or_none(row.get("city")), text_or_none(row.get("state"))
    postal, country = text_or_none(row.get("postal_code")), text_or_none(row.get("country"))
    lat, lon = coordinates(row.get("lat"), row.get("lon"), notes=notes)
    location_state = state or place.region
    location = Location(
        text=", ".join(v for v in (text_or_none(row.get("address")), city, state, postal) if v),
        city=city or place.city,
        region=region_code(state) or place.region,
        postal_code=postal or place.postal_code,
        country=country_code(country) or place.country or ("US" if location_state else None),
        lat=lat,
        lon=lon,
    )
    pay = pay_range(
        row.get("pay_min"),
        row.get("pay_max"),
        currency=row.get("currency"),
        unit=row.get("pay_unit"),
        notes=notes,
    )
    if pay is None and row.get("pay"):
        pay = parse_pay_text(row["pay"], unit=row.get("pay_unit"), notes=notes)
    markup = sanitise_html(
        _html_block("", row.get("description", ""))
        + _html_block("Requirements", row.get("requirements", ""))
        + _html_block("Preferred skills", row.get("skills", ""))
    )
    url = text_or_none(row.get("url"))
    employer_name = text_or_none(row.get("employer")) or employer
    job_id = text_or_none(row.get("id")) or url
    if not job_id:
        basis = "|".join([title, employer_name or "", location.text])
        job_id = "row:" + hashlib.sha256(basis.encode()).hexdigest()[:24]
        notes.append("no job id or URL column: id made from title, employer and place")
    workplace_text = row.get("workplace", "")
    return PostingIn(
        source_job_id=job_id,
        title=title,
        employer=employer_name,
        url=url,
        apply_url=text_or_none(row.get("apply_url")) or url,
        description_html=markup,
        description_text=html_to_text(markup),
        locations=[location] if location.text or lat is not None else [],
        workplace=workplace_of(workplace_text, location.text)
        if workplace_text.lower() not in ("yes", "true", "y", "1")
        else "remote",
        employment_types=employment_types(row.get("employment_type")),
        pay=pay,
        posted_at=parse_when(row.get("posted_at"), label="posted_at", notes=notes, zone=zone),
        closes_at=parse_when(
            row.get("closes_at"), label="closes_at", notes=notes, zone=zone, end_of_day=True
        ),
        ats_identity=ats_identity(url),
        notes=notes,
        raw=raw if raw is not None else row,
    )


def read_csv(text: str, builder: ListingBuilder, config: dict[str, str]) -> bool:
    """Parse CSV text into the builder; False when the file as a whole could not be read."""
    delimiter = config.get("delimiter") or None
    first_line = text.split("\n", 1)[0]
    if delimiter is None:
        delimiter = max((",", ";", "\t", "|"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        headers = [repair_mojibake(h).strip() for h in next(reader)]
    except StopIteration:
        builder.error(f"{builder.source}: the file is empty")
        return False
    except csv.Error as exc:
        builder.error(f"{builder.source}: header line unreadable: {exc}")
        return False
    try:
        columns = column_map(headers, config)
    except ValueError as exc:
        builder.error(f"{builder.source}: {exc}")
        return False
    if "title" not in columns:
        builder.error(
            f"{builder.source}: no title column among {headers}; "
            "map one with --set column.title=HEADER"
        )
        return False
    zone = zone_named(config.get("timezone"))
    employer = config.get("employer")
    position = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return True
        except csv.Error as exc:
            builder.error(f"{builder.source}: line {reader.line_num}: {exc}; rest of file unread")
            return False
        position += 1
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) > len(headers) and not any(c.strip() for c in cells[len(headers) :]):
            cells = cells[: len(headers)]
        if len(cells) != len(headers):
            builder.quarantine(
                f"line {line}: {len(cells)} fields where the header has {len(headers)}",
                raw={"line": line, "cells": cells},
                position=position,
            )
            continue
        row = {field: repair_mojibake(cells[index]).strip() for field, index in columns.items()}
        raw = dict(zip(headers, (repair_mojibake(c) for c in cells), strict=True))
        digest = raw_digest(raw, builder.salt)
        if builder.known and builder.carry(row.get("id"), digest):
            continue
        try:
            posting = row_posting(row, line=line, employer=employer, zone=zone, raw=raw)
        except (RecordError, ValueError) as exc:
            builder.quarantine(
                str(exc), raw=raw, source_job_id=row.get("id") or None, position=position
            )
            continue
        builder.add(msgspec.structs.replace(posting, raw_hash=digest))


def source_label(config: Mapping[str, str]) -> str:
    """The source's name in messages when it has none of its own."""
    return f"{KIND}:{config.get('path') or config.get('url') or ''}"


def read(
    config: dict[str, str],
    base_url: str | None,
    *,
    source: str,
    known: Mapping[str, str] | None = None,
) -> Reading:
    """Read a CSV of openings from ``path`` (a local file) or ``url``."""
    where = config.get("path") or config.get("url") or ""
    builder = ListingBuilder(
        source if where in source else f"{source} ({where})",
        known=known,
        salt=config_salt(KIND, config),
    )
    if config.get("path"):
        body = yield ReadFile(config["path"])
    elif config.get("url"):
        body = yield Get(rebase(config["url"], base_url), json=False)
    else:
        builder.error(f"{source}: set path=FILE or url=URL")
        return builder.build(complete=False)
    if isinstance(body, Failed):
        builder.error(body.message)
        return builder.build(complete=False)
    text = decode(body.content, config.get("encoding"), builder)
    ok = read_csv(text, builder, config)
    return builder.build(complete=ok)
