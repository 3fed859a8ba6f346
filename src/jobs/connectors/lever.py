"""Lever Postings API: ``/v0/postings/{site}?mode=json``, a bare array paged by skip/limit."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jobs.connectors.dates import parse_when
from jobs.connectors.employment import employment_types
from jobs.connectors.pay import pay_range
from jobs.connectors.places import country_code, parse_place, workplace_of, workplace_word
from jobs.connectors.posting import ListingBuilder, PostingIn, config_salt, require
from jobs.connectors.reading import Get, Reading, listed
from jobs.connectors.urls import api_url
from jobs.text_cleaning import clean_text, html_to_text, sanitise_html

KIND = "lever"
DEFAULT_BASE = "https://api.lever.co"
REQUIRED = ("site",)
OPTIONAL = ("employer", "page_size")
MAX_PAGES = 1000


def _description_html(posting: dict[str, Any]) -> str:
    parts = [posting.get("opening") or "", posting.get("description") or ""]
    for block in posting.get("lists") or []:
        if isinstance(block, dict):
            heading = clean_text(block.get("text"))
            if heading:
                parts.append(f"<h3>{heading}</h3>")
            parts.append(f"<ul>{block.get('content') or ''}</ul>")
    parts.append(posting.get("additional") or "")
    parts.append(posting.get("salaryDescription") or "")
    return sanitise_html("\n".join(p for p in parts if p))


def to_posting(posting: dict[str, Any], *, site: str, employer: str | None = None) -> PostingIn:
    """One Lever posting as a normalised posting."""
    notes: list[str] = []
    job_id = require(posting.get("id"), "id")
    categories = posting.get("categories") or {}
    names = categories.get("allLocations") or (
        [categories["location"]] if categories.get("location") else []
    )
    country = country_code(posting.get("country"))
    locations = []
    for name in names:
        place = parse_place(name)
        if place.country is None and country and (place.city or place.region):
            place.country = country
        locations.append(place)
    workplace = workplace_word(posting.get("workplaceType"))
    if workplace == "unknown":
        workplace = workplace_of(*names)
    salary = posting.get("salaryRange") or {}
    markup = _description_html(posting)
    return PostingIn(
        source_job_id=job_id,
        title=require(posting.get("text"), "title"),
        employer=employer or site,
        url=posting.get("hostedUrl"),
        apply_url=posting.get("applyUrl") or posting.get("hostedUrl"),
        description_html=markup,
        description_text=html_to_text(markup),
        locations=locations,
        workplace=workplace,
        employment_types=employment_types(categories.get("commitment")),
        pay=pay_range(
            salary.get("min"),
            salary.get("max"),
            currency=salary.get("currency"),
            unit=salary.get("interval"),
            notes=notes,
        )
        if salary
        else None,
        posted_at=parse_when(posting.get("createdAt"), label="posted_at", notes=notes),
        ats_identity=f"lever:{job_id.lower()}",
        notes=notes,
        raw=posting,
    )


def source_label(config: Mapping[str, str]) -> str:
    """The source's name in messages when it has none of its own."""
    return f"{KIND}:{config['site']}"


def read(
    config: dict[str, str],
    base_url: str | None,
    *,
    source: str,
    known: Mapping[str, str] | None = None,
) -> Reading:
    """Read every page of a Lever site; a page failing midway keeps the pages read."""
    site = config["site"]
    builder = ListingBuilder(source, known=known, salt=config_salt(KIND, config))
    limit = int(config.get("page_size") or 100)
    url = api_url(base_url or DEFAULT_BASE, f"/v0/postings/{site}", None)
    skip = 0
    for _ in range(MAX_PAGES):
        answer = yield Get(url, params={"mode": "json", "skip": skip, "limit": limit})
        page = listed(
            answer, None, builder, f"{source}: GET {url}: expected a JSON array of postings"
        )
        if page is None:
            return builder.build(complete=False)
        before = len(builder)
        builder.read(
            page,
            lambda p: to_posting(p, site=site, employer=config.get("employer")),
            id_of=lambda p: p.get("id"),
            start=skip,
        )
        if len(page) < limit:
            return builder.build(complete=True)
        if len(builder) == before:
            builder.error(f"{source}: paging returned no new postings at skip={skip}")
            return builder.build(complete=False)
        skip += len(page)
    builder.error(f"{source}: stopped after {MAX_PAGES} pages")
    return builder.build(complete=False)
