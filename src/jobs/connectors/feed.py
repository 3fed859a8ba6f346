"""Job feeds: RSS 2.0 and Atom (feedparser) and the Indeed-style XML job feed (defusedxml).

Every feed is first parsed with defusedxml, so entity bombs and external entities are refused
before any other parser sees the bytes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from xml.etree.ElementTree import Element, ParseError

import feedparser
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from jobs.connectors.dates import parse_when, zone_named
from jobs.connectors.dedupe import ats_identity, strip_tracking
from jobs.connectors.employment import employment_types
from jobs.connectors.pay import parse_pay_text
from jobs.connectors.places import country_code, parse_place, region_code, workplace_of
from jobs.connectors.posting import (
    ListingBuilder,
    Location,
    PostingIn,
    config_salt,
    require,
)
from jobs.connectors.reading import Failed, Get, Reading
from jobs.connectors.urls import rebase
from jobs.text_cleaning import clean_text, html_to_text, sanitise_html, text_or_none

KIND = "feed"
REQUIRED = ("url",)
OPTIONAL = ("employer", "timezone")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def element_record(element: Element) -> dict[str, Any]:
    """An XML element as a plain dict (local tag names; repeated tags become lists)."""
    record: dict[str, Any] = {f"@{_local(k)}": v for k, v in element.attrib.items()}
    for child in element:
        key = _local(child.tag)
        value: Any = element_record(child) if len(child) or child.attrib else (child.text or "")
        if isinstance(value, dict) and not len(child) and child.text and child.text.strip():
            value["#text"] = child.text
        if key in record:
            existing = record[key]
            record[key] = [*existing, value] if isinstance(existing, list) else [existing, value]
        else:
            record[key] = value
    return record


def _text(record: dict[str, Any], key: str) -> str:
    value = record.get(key)
    if isinstance(value, list):
        value = value[0] if value else ""
    if isinstance(value, dict):
        value = value.get("#text", "")
    return clean_text(value)


def indeed_posting(job: dict[str, Any], *, employer: str | None, zone: Any) -> PostingIn:
    """One ``<job>`` of an Indeed-style XML feed as a posting."""
    notes: list[str] = []
    url = text_or_none(_text(job, "url"))
    job_id = require(_text(job, "referencenumber") or url, "referencenumber or url")
    raw_description = job.get("description")
    if isinstance(raw_description, dict):
        raw_description = raw_description.get("#text", "")
    markup = sanitise_html(str(raw_description or ""))
    city, state = _text(job, "city"), _text(job, "state")
    postal, country = _text(job, "postalcode"), _text(job, "country")
    street = _text(job, "streetaddress")
    location = Location(
        text=", ".join(v for v in (street, city, state, postal, country) if v),
        city=city or None,
        region=region_code(state),
        postal_code=postal or None,
        country=country_code(country),
    )
    remote = _text(job, "remotetype")
    return PostingIn(
        source_job_id=job_id,
        title=require(_text(job, "title"), "title"),
        employer=employer or text_or_none(_text(job, "company")),
        url=url,
        apply_url=url,
        description_html=markup,
        description_text=html_to_text(markup),
        locations=[location] if location.text else [],
        workplace=workplace_of(remote) if remote else "unknown",
        employment_types=employment_types(_text(job, "jobtype")),
        pay=parse_pay_text(_text(job, "salary"), notes=notes),
        posted_at=parse_when(_text(job, "date"), label="posted_at", notes=notes, zone=zone),
        closes_at=parse_when(
            _text(job, "expirationdate"), label="closes_at", notes=notes, zone=zone, end_of_day=True
        ),
        ats_identity=ats_identity(url),
        notes=notes,
        raw=job,
    )


def entry_posting(
    entry: Any, record: dict[str, Any], *, employer: str | None, zone: Any
) -> PostingIn:
    """One RSS item or Atom entry (as feedparser read it) as a posting."""
    notes: list[str] = []
    link = text_or_none(entry.get("link"))
    title = require(entry.get("title"), "title")
    guid = text_or_none(entry.get("id"))
    job_id = guid or (strip_tracking(link) if link else None)
    if not job_id:
        stamp = f"{title}|{entry.get('published', '')}"
        job_id = "sha256:" + hashlib.sha256(stamp.encode()).hexdigest()[:24]
    contents = entry.get("content") or []
    markup = sanitise_html(contents[0].get("value", "") if contents else entry.get("summary", ""))
    region = text_or_none(entry.get("region") or entry.get("location"))
    categories = [t.get("term") for t in entry.get("tags") or [] if t.get("term")]
    posted = entry.get("published") or entry.get("updated")
    posted_at = parse_when(posted, label="posted_at", notes=notes, zone=zone)
    if posted_at is None:
        parsed = entry.get("published_parsed") or entry.get("updated_parsed")
        if parsed:
            year, month, day, hour, minute, second = parsed[:6]
            posted_at = datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    place = parse_place(region) if region else None
    if place and region and "," not in region:
        place.city = None  # a lone feed region ("North America Only") is not a city
    return PostingIn(
        source_job_id=job_id,
        title=title,
        employer=employer or text_or_none(entry.get("author")),
        url=link,
        apply_url=link,
        description_html=markup,
        description_text=html_to_text(markup),
        locations=[place] if place and workplace_of(region) != "remote" else [],
        workplace=workplace_of(region, title),
        employment_types=employment_types([c for c in categories if employment_types(c) != [c]]),
        posted_at=posted_at,
        ats_identity=ats_identity(link) or ats_identity(guid),
        notes=notes,
        raw=record,
    )


def read_feed(
    body: bytes, builder: ListingBuilder, *, url: str, employer: str | None, zone: Any
) -> bool:
    """Parse a feed body into the builder; False when the feed itself could not be read."""
    where = f"{builder.source}: {url}"
    try:
        root = fromstring(body)
    except DefusedXmlException as exc:
        builder.error(f"{where}: feed refused as unsafe XML ({type(exc).__name__})")
        return False
    except (ParseError, ValueError) as exc:
        builder.error(f"{where}: feed is not well-formed XML: {exc}")
        return False
    name = _local(root.tag).lower()
    if name == "source":
        jobs = [element_record(job) for job in root if _local(job.tag) == "job"]
        builder.read(
            jobs,
            lambda job: indeed_posting(job, employer=employer, zone=zone),
            id_of=lambda job: _text(job, "referencenumber") or _text(job, "url"),
        )
        return True
    if name not in ("rss", "feed", "rdf"):
        builder.error(f"{where}: not a job feed (root element <{_local(root.tag)}>)")
        return False
    items = [el for el in root.iter() if _local(el.tag) in ("item", "entry")]
    parsed = feedparser.parse(body)
    if len(parsed.entries) != len(items):
        builder.error(
            f"{where}: feed parsers disagree ({len(parsed.entries)} entries read, "
            f"{len(items)} items in the XML)"
        )
        return False
    pairs = list(zip(parsed.entries, (element_record(i) for i in items), strict=True))
    builder.read(
        pairs,
        lambda pair: entry_posting(pair[0], pair[1], employer=employer, zone=zone),
        id_of=lambda pair: pair[0].get("id") or pair[0].get("link"),
        raw_of=lambda pair: pair[1],
    )
    return True


def source_label(config: Mapping[str, str]) -> str:
    """The source's name in messages when it has none of its own."""
    return f"{KIND}:{config['url']}"


def read(
    config: dict[str, str],
    base_url: str | None,
    *,
    source: str,
    known: Mapping[str, str] | None = None,
) -> Reading:
    """Read an RSS, Atom or Indeed-style XML job feed; repeated items count once."""
    url = config["url"]
    builder = ListingBuilder(source, known=known, salt=config_salt(KIND, config))
    page = yield Get(rebase(url, base_url), json=False)
    if isinstance(page, Failed):
        builder.error(page.message)
        return builder.build(complete=False)
    ok = read_feed(
        page.content,
        builder,
        url=url,
        employer=config.get("employer"),
        zone=zone_named(config.get("timezone")),
    )
    return builder.build(complete=ok)
