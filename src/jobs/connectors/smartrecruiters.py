"""SmartRecruiters Posting API: list pages by offset/limit/totalFound, detail for the job ad."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jobs.connectors.dates import parse_when
from jobs.connectors.employment import employment_types
from jobs.connectors.places import coordinates, country_code, region_code
from jobs.connectors.posting import (
    ListingBuilder,
    Location,
    PostingIn,
    Workplace,
    config_salt,
    require,
)
from jobs.connectors.reading import Failed, Get, Reading, listed
from jobs.connectors.urls import api_url
from jobs.text_cleaning import clean_text, html_to_text, sanitise_html, text_or_none

KIND = "smartrecruiters"
DEFAULT_BASE = "https://api.smartrecruiters.com"
REQUIRED = ("company",)
OPTIONAL = ("employer", "details", "page_size")
MAX_PAGES = 1000
_SECTIONS = ("companyDescription", "jobDescription", "qualifications", "additionalInformation")


def _description_html(posting: dict[str, Any]) -> str:
    sections = ((posting.get("jobAd") or {}).get("sections")) or {}
    parts = []
    for name in _SECTIONS:
        section = sections.get(name) or {}
        if section.get("text"):
            title = clean_text(section.get("title"))
            parts.append((f"<h3>{title}</h3>" if title else "") + section["text"])
    return sanitise_html("\n".join(parts))


def to_posting(posting: dict[str, Any], *, company: str, employer: str | None = None) -> PostingIn:
    """One SmartRecruiters posting (list entry, with its detail merged in when read)."""
    notes: list[str] = []
    job_id = require(posting.get("id"), "id")
    where = posting.get("location") or {}
    lat, lon = coordinates(where.get("latitude"), where.get("longitude"), notes=notes)
    street = text_or_none(where.get("address"))
    text = clean_text(where.get("fullLocation")) or ", ".join(
        v for v in (where.get("city"), where.get("region"), where.get("country")) if v
    )
    location = Location(
        text=f"{street}, {text}" if street else text,
        city=text_or_none(where.get("city")),
        region=region_code(where.get("region")),
        postal_code=text_or_none(where.get("postalCode")),
        country=country_code(where.get("country")),
        lat=lat,
        lon=lon,
    )
    workplace: Workplace
    if where.get("remote") is True:
        workplace = "remote"
    elif where.get("hybrid") is True:
        workplace = "hybrid"
    elif where.get("remote") is False:
        workplace = "on_site"
    else:
        workplace = "unknown"
    kind_of = posting.get("typeOfEmployment") or {}
    markup = _description_html(posting)
    public_url = posting.get("postingUrl") or f"https://jobs.smartrecruiters.com/{company}/{job_id}"
    return PostingIn(
        source_job_id=job_id,
        title=require(posting.get("name"), "title"),
        employer=employer or text_or_none((posting.get("company") or {}).get("name")) or company,
        url=public_url,
        apply_url=posting.get("applyUrl") or public_url,
        description_html=markup,
        description_text=html_to_text(markup),
        locations=[location] if location.text else [],
        workplace=workplace,
        employment_types=employment_types(kind_of.get("label") or kind_of.get("id")),
        posted_at=parse_when(posting.get("releasedDate"), label="posted_at", notes=notes),
        ats_identity=f"smartrecruiters:{job_id}",
        notes=notes,
        raw=posting,
    )


def _with_detail(entry: dict[str, Any], detail: Any, builder: ListingBuilder) -> dict[str, Any]:
    if isinstance(detail, Failed):
        builder.error(f"job ad not read (posting kept from the list): {detail.message}")
        return entry
    return {**entry, **detail} if isinstance(detail, dict) else entry


def source_label(config: Mapping[str, str]) -> str:
    """The source's name in messages when it has none of its own."""
    return f"{KIND}:{config['company']}"


def read(
    config: dict[str, str],
    base_url: str | None,
    *,
    source: str,
    known: Mapping[str, str] | None = None,
) -> Reading:
    """Read every page of a company's postings, then each posting's job ad (``details=false``
    skips the ad)."""
    company = config["company"]
    builder = ListingBuilder(source, known=known, salt=config_salt(KIND, config))
    limit = int(config.get("page_size") or 100)
    url = api_url(base_url or DEFAULT_BASE, f"/v1/companies/{company}/postings", None)
    details = config.get("details", "true").lower() not in ("0", "false", "no", "off")
    offset = 0
    complete = False
    for _ in range(MAX_PAGES):
        page = yield Get(url, params={"offset": offset, "limit": limit})
        content = listed(
            page, "content", builder, f"{source}: GET {url}: response has no 'content' list"
        )
        if content is None:
            break
        entries = [e for e in content if isinstance(e, dict)]
        if details:
            ads = yield [Get(f"{url}/{e.get('id')}") for e in entries]
            entries = [_with_detail(e, ad, builder) for e, ad in zip(entries, ads, strict=True)]
        builder.read(
            entries,
            lambda p: to_posting(p, company=company, employer=config.get("employer")),
            id_of=lambda p: p.get("id"),
            start=offset,
        )
        offset += len(content)
        total = page.get("totalFound")
        done = offset >= total if isinstance(total, int) else len(content) < limit
        if done:
            complete = True
            break
        if not content:
            # Fewer postings than totalFound promised: some may be missing, so not complete.
            builder.error(f"{source}: GET {url}: empty page at offset {offset} of {total}")
            break
    else:
        builder.error(f"{source}: stopped after {MAX_PAGES} pages")
    return builder.build(complete=complete)
