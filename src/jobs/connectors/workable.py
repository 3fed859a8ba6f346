"""Workable public account widget: ``/api/accounts/{subdomain}?details=true``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jobs.connectors.dates import parse_when, zone_named
from jobs.connectors.employment import employment_types
from jobs.connectors.places import country_code, region_code
from jobs.connectors.posting import (
    ListingBuilder,
    Location,
    PostingIn,
    config_salt,
    require,
)
from jobs.connectors.reading import Get, Reading, listed
from jobs.connectors.urls import api_url
from jobs.text_cleaning import html_to_text, sanitise_html, text_or_none

KIND = "workable"
DEFAULT_BASE = "https://www.workable.com"
REQUIRED = ("account",)
OPTIONAL = ("employer", "timezone")


def _location(city: Any, region: Any, country: Any) -> Location:
    parts = [text_or_none(city), text_or_none(region), text_or_none(country)]
    return Location(
        text=", ".join(p for p in parts if p),
        city=parts[0],
        region=region_code(region),
        country=country_code(country),
    )


def to_posting(
    job: dict[str, Any], *, account: str, employer: str | None = None, zone: Any = None
) -> PostingIn:
    """One Workable widget job as a posting."""
    notes: list[str] = []
    shortcode = require(job.get("shortcode"), "shortcode")
    places = [
        _location(loc.get("city"), loc.get("region"), loc.get("country") or loc.get("countryCode"))
        for loc in job.get("locations") or []
        if isinstance(loc, dict) and not loc.get("hidden")
    ]
    if not places:
        places = [_location(job.get("city"), job.get("state"), job.get("country"))]
    markup = sanitise_html(job.get("description") or "")
    return PostingIn(
        source_job_id=shortcode,
        title=require(job.get("title"), "title"),
        employer=employer or account,
        url=job.get("url") or job.get("shortlink"),
        apply_url=job.get("application_url") or job.get("url"),
        description_html=markup,
        description_text=html_to_text(markup),
        locations=[p for p in places if p.text],
        workplace="remote" if job.get("telecommuting") is True else "unknown",
        employment_types=employment_types(job.get("employment_type")),
        posted_at=parse_when(
            job.get("published_on") or job.get("created_at"),
            label="posted_at",
            notes=notes,
            zone=zone,
        ),
        ats_identity=f"workable:{shortcode}",
        notes=notes,
        raw=job,
    )


def source_label(config: Mapping[str, str]) -> str:
    """The source's name in messages when it has none of its own."""
    return f"{KIND}:{config['account']}"


def read(
    config: dict[str, str],
    base_url: str | None,
    *,
    source: str,
    known: Mapping[str, str] | None = None,
) -> Reading:
    """Read a Workable account's published jobs."""
    account = config["account"]
    builder = ListingBuilder(source, known=known, salt=config_salt(KIND, config))
    url = api_url(base_url or DEFAULT_BASE, f"/api/accounts/{account}", None)
    payload = yield Get(url, params={"details": "true"})
    jobs = listed(payload, "jobs", builder, f"{source}: GET {url}: response has no 'jobs' list")
    if jobs is None:
        return builder.build(complete=False)
    employer = config.get("employer") or text_or_none(payload.get("name"))
    zone = zone_named(config.get("timezone"))
    builder.read(
        jobs,
        lambda job: to_posting(job, account=account, employer=employer, zone=zone),
        id_of=lambda job: job.get("shortcode"),
    )
    return builder.build(complete=True)
