"""USAJOBS Search API: ``/api/Search`` paged by ResultsPerPage/Page, stopping at a short page."""

from __future__ import annotations

import html
from collections.abc import Mapping
from typing import Any

from jobs.connectors.dates import parse_when, zone_named
from jobs.connectors.pay import pay_range
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

KIND = "usajobs"
DEFAULT_BASE = "https://data.usajobs.gov"
REQUIRED: tuple[str, ...] = ()
REQUIRED_ANY = ("keyword", "location")
OPTIONAL = ("keyword", "location", "radius", "page_size", "key", "email", "timezone")
# USAJOBS states times without a zone; announcements close at midnight Eastern.
DEFAULT_ZONE = "America/New_York"
MAX_PAGES = 200

# PositionSchedule codes (the API leaves Name empty) and PositionOfferingType codes.
_SCHEDULES = {
    "1": "full_time",
    "2": "part_time",
    "3": "shift_work",
    "4": "intermittent",
    "5": "job_sharing",
    "6": "multiple_schedules",
}
_OFFERINGS = {
    "15317": "permanent",
    "15318": "temporary",
    "15319": "term",
    "15320": "detail",
    "15321": "temporary_promotion",
    "15322": "seasonal",
    "15323": "summer",
    "15324": "presidential_management_fellows",
    "15326": "recent_graduates",
    "15327": "multiple_appointment_types",
    "15328": "intern",
    "15522": "intermittent",
    "15667": "ictap_only",
    "15668": "agency_employees_only",
    "15669": "telework",
}
# RateIntervalCode → a unit pay_range understands; fee basis, stipends and no-pay give none.
# PW is piece work, not per week; FB fee basis, ST student stipend, WC without compensation.
_INTERVALS = {"PA": "year", "PH": "hour", "PD": "day", "BW": "bw", "PM": "month", "SY": "year"}
_SECTIONS = (
    ("Summary", "JobSummary"),
    ("Duties", "MajorDuties"),
    ("Requirements", "KeyRequirements"),
    ("Conditions of employment", "Requirements"),
    ("Education", "Education"),
    ("How to apply", "HowToApply"),
    ("Other information", "OtherInformation"),
)


def _block(value: Any) -> str:
    if isinstance(value, list):
        items = "".join(f"<li>{html.escape(clean_text(v))}</li>" for v in value if clean_text(v))
        return f"<ul>{items}</ul>" if items else ""
    text = str(value or "").strip()
    if not text:
        return ""
    return "".join(f"<p>{html.escape(p.strip())}</p>" for p in text.split("\n") if p.strip())


def _description_html(item: dict[str, Any]) -> str:
    details = ((item.get("UserArea") or {}).get("Details")) or {}
    parts = []
    for heading, key in _SECTIONS:
        body = _block(details.get(key))
        if body:
            parts.append(f"<h3>{heading}</h3>{body}")
        if key == "MajorDuties" and item.get("QualificationSummary"):
            parts.append(f"<h3>Qualifications</h3>{_block(item['QualificationSummary'])}")
    return sanitise_html("".join(parts))


def _location(entry: dict[str, Any], notes: list[str]) -> Location:
    lat, lon = coordinates(entry.get("Latitude"), entry.get("Longitude"), notes=notes)
    city = clean_text(entry.get("CityName"))
    region = text_or_none(entry.get("CountrySubDivisionCode"))
    if region and city.endswith(", " + region):
        city = city[: -len(region) - 2]
    return Location(
        text=clean_text(entry.get("LocationName")) or city,
        city=city or None,
        region=region_code(region),
        country=country_code(entry.get("CountryCode")),
        lat=lat,
        lon=lon,
    )


def to_posting(item: dict[str, Any], *, zone: Any = None) -> PostingIn:
    """One USAJOBS search result (``MatchedObjectDescriptor``) as a posting."""
    notes: list[str] = []
    descriptor = item.get("MatchedObjectDescriptor") or {}
    control = require(item.get("MatchedObjectId") or descriptor.get("PositionID"), "id")
    details = ((descriptor.get("UserArea") or {}).get("Details")) or {}
    pay = None
    for band in descriptor.get("PositionRemuneration") or []:
        unit = _INTERVALS.get(str(band.get("RateIntervalCode", "")).upper())
        if unit:
            pay = pay_range(
                band.get("MinimumRange"),
                band.get("MaximumRange"),
                currency="USD",
                unit=unit,
                notes=notes,
            )
            break
    workplace: Workplace
    if details.get("RemoteIndicator") is True:
        workplace = "remote"
    elif details.get("TeleworkEligible") is True:
        workplace = "hybrid"
    else:
        workplace = "on_site"
    types = [
        _SCHEDULES.get(str(s.get("Code")), clean_text(s.get("Name")) or str(s.get("Code")))
        for s in descriptor.get("PositionSchedule") or []
    ]
    types += [
        _OFFERINGS.get(str(o.get("Code")), clean_text(o.get("Name")) or str(o.get("Code")))
        for o in descriptor.get("PositionOfferingType") or []
    ]
    apply = descriptor.get("ApplyURI") or []
    markup = _description_html(descriptor)
    employer = clean_text(descriptor.get("OrganizationName"))
    department = clean_text(descriptor.get("DepartmentName"))
    return PostingIn(
        source_job_id=str(control),
        title=require(descriptor.get("PositionTitle"), "title"),
        employer=employer or department or None,
        url=descriptor.get("PositionURI"),
        apply_url=apply[0] if apply else descriptor.get("PositionURI"),
        description_html=markup,
        description_text=html_to_text(markup),
        locations=[_location(e, notes) for e in descriptor.get("PositionLocation") or []],
        workplace=workplace,
        employment_types=[t for t in dict.fromkeys(types) if t],
        pay=pay,
        posted_at=parse_when(
            descriptor.get("PublicationStartDate"), label="posted_at", notes=notes, zone=zone
        ),
        closes_at=parse_when(
            descriptor.get("ApplicationCloseDate"),
            label="closes_at",
            notes=notes,
            zone=zone,
            end_of_day=True,
        ),
        ats_identity=f"usajobs:{control}",
        notes=notes,
        raw=item,
    )


def source_label(config: Mapping[str, str]) -> str:
    """The source's name in messages when it has none of its own."""
    return f"{KIND}:{config.get('keyword') or config.get('location') or 'search'}"


def read(
    config: dict[str, str],
    base_url: str | None,
    *,
    source: str,
    known: Mapping[str, str] | None = None,
) -> Reading:
    """Search USAJOBS page by page; the key and e-mail come in config from JOBS_USAJOBS_*."""
    builder = ListingBuilder(source, known=known, salt=config_salt(KIND, config))
    if not config.get("key") or not config.get("email"):
        builder.error(
            f"{source}: USAJOBS needs an API key and e-mail: set JOBS_USAJOBS_KEY and "
            "JOBS_USAJOBS_EMAIL"
        )
        return builder.build(complete=False)
    headers = {"Authorization-Key": config["key"], "User-Agent": config["email"]}
    size = int(config.get("page_size") or 250)
    params: dict[str, str | int] = {"ResultsPerPage": size}
    for key, name in (("keyword", "Keyword"), ("location", "LocationName"), ("radius", "Radius")):
        if config.get(key):
            params[name] = config[key]
    zone = zone_named(config.get("timezone") or DEFAULT_ZONE)
    url = api_url(base_url or DEFAULT_BASE, "/api/Search", None)
    for page_number in range(1, MAX_PAGES + 1):
        payload = yield Get(url, params={**params, "Page": page_number}, headers=headers)
        result = payload.get("SearchResult") if isinstance(payload, dict) else None
        items = listed(
            payload if isinstance(payload, Failed) else result,
            "SearchResultItems",
            builder,
            f"{source}: GET {url}: response has no SearchResultItems list",
        )
        if items is None:
            return builder.build(complete=False)
        builder.read(
            items,
            lambda item: to_posting(item, zone=zone),
            id_of=lambda item: item.get("MatchedObjectId"),
            start=(page_number - 1) * size,
        )
        pages = ((result or {}).get("UserArea") or {}).get("NumberOfPages")
        if len(items) < size or (str(pages).isdigit() and page_number >= int(str(pages))):
            return builder.build(complete=True)
    builder.error(f"{source}: stopped after {MAX_PAGES} pages")
    return builder.build(complete=False)
