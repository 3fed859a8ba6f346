"""Ashby posting API: ``/posting-api/job-board/{board}?includeCompensation=true``."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jobs.connectors.dates import parse_when
from jobs.connectors.employment import employment_types
from jobs.connectors.pay import pay_range
from jobs.connectors.places import country_code, parse_place, region_code, workplace_word
from jobs.connectors.posting import (
    ListingBuilder,
    Location,
    Pay,
    PostingIn,
    config_salt,
    require,
)
from jobs.connectors.reading import Get, Reading, listed
from jobs.connectors.urls import api_url
from jobs.text_cleaning import html_to_text, sanitise_html, text_or_none

KIND = "ashby"
DEFAULT_BASE = "https://api.ashbyhq.com"
REQUIRED = ("board",)
OPTIONAL = ("employer",)


def _place(name: str | None, address: dict[str, Any] | None) -> Location:
    postal = (address or {}).get("postalAddress") or address or {}
    place = parse_place(name or "")
    if postal.get("addressLocality"):
        place.city = postal["addressLocality"]
    if postal.get("addressRegion"):
        place.region = region_code(postal["addressRegion"])
    if postal.get("postalCode"):
        place.postal_code = str(postal["postalCode"])
    if postal.get("addressCountry"):
        place.country = country_code(postal["addressCountry"])
    if not place.text:
        place.text = ", ".join(v for v in (place.city, place.region, place.country) if v)
    return place


def _pay(job: dict[str, Any], notes: list[str]) -> Pay | None:
    compensation = job.get("compensation") or {}
    components = list(compensation.get("summaryComponents") or [])
    for tier in compensation.get("compensationTiers") or []:
        components.extend(tier.get("components") or [])
    for component in components:
        if str(component.get("compensationType", "")).lower() == "salary":
            return pay_range(
                component.get("minValue"),
                component.get("maxValue"),
                currency=component.get("currencyCode"),
                unit=component.get("interval"),
                notes=notes,
            )
    return None


def to_posting(job: dict[str, Any], *, board: str, employer: str | None = None) -> PostingIn | None:
    """One Ashby job as a posting; None for a job the board hides (``isListed`` false)."""
    if job.get("isListed") is False:
        return None
    notes: list[str] = []
    job_id = require(job.get("id"), "id")
    locations = [_place(job.get("location"), job.get("address"))]
    for extra in job.get("secondaryLocations") or []:
        if isinstance(extra, dict):
            locations.append(_place(extra.get("location"), extra.get("address")))
    workplace = workplace_word(job.get("workplaceType"))
    if workplace == "unknown" and job.get("isRemote") is True:
        workplace = "remote"
    markup = sanitise_html(job.get("descriptionHtml") or "")
    return PostingIn(
        source_job_id=job_id,
        title=require(job.get("title"), "title"),
        employer=employer or text_or_none(job.get("organizationName")) or board,
        url=job.get("jobUrl"),
        apply_url=job.get("applyUrl") or job.get("jobUrl"),
        description_html=markup,
        description_text=html_to_text(markup) or (job.get("descriptionPlain") or "").strip(),
        locations=[loc for loc in locations if loc.text],
        workplace=workplace,
        employment_types=employment_types(job.get("employmentType")),
        pay=_pay(job, notes),
        posted_at=parse_when(job.get("publishedAt"), label="posted_at", notes=notes),
        ats_identity=f"ashby:{job_id.lower()}",
        notes=notes,
        raw=job,
    )


def source_label(config: Mapping[str, str]) -> str:
    """The source's name in messages when it has none of its own."""
    return f"{KIND}:{config['board']}"


def read(
    config: dict[str, str],
    base_url: str | None,
    *,
    source: str,
    known: Mapping[str, str] | None = None,
) -> Reading:
    """Read an Ashby job board (one response holds every listed job)."""
    board = config["board"]
    builder = ListingBuilder(source, known=known, salt=config_salt(KIND, config))
    url = api_url(base_url or DEFAULT_BASE, f"/posting-api/job-board/{board}", None)
    payload = yield Get(url, params={"includeCompensation": "true"})
    jobs = listed(payload, "jobs", builder, f"{source}: GET {url}: response has no 'jobs' list")
    if jobs is None:
        return builder.build(complete=False)
    builder.read(
        jobs,
        lambda job: to_posting(job, board=board, employer=config.get("employer")),
        id_of=lambda job: job.get("id"),
    )
    return builder.build(complete=True)
