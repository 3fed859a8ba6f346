"""Greenhouse Job Board API: ``/v1/boards/{board}/jobs?content=true``, pay per job optional."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from jobs.connectors.dates import parse_when, zone_named
from jobs.connectors.employment import employment_types
from jobs.connectors.pay import pay_range, pay_unit
from jobs.connectors.places import parse_place, workplace_of
from jobs.connectors.posting import ListingBuilder, Pay, PostingIn, config_salt, require
from jobs.connectors.reading import Failed, Get, Reading, listed
from jobs.connectors.urls import api_url
from jobs.text_cleaning import html_to_text, sanitise_html, text_or_none, unescape_twice

KIND = "greenhouse"
DEFAULT_BASE = "https://boards-api.greenhouse.io"
REQUIRED = ("board",)
OPTIONAL = ("employer", "pay")


def to_posting(
    job: dict[str, Any], *, board: str, employer: str | None = None, zone: Any = None
) -> PostingIn:
    """One Greenhouse job post (from the list or the single-job call) as a posting."""
    notes: list[str] = []
    job_id = require(job.get("id"), "id")
    markup = sanitise_html(unescape_twice(job.get("content") or ""))
    location_name = (job.get("location") or {}).get("name") or ""
    offices = [o.get("location") or o.get("name") for o in job.get("offices") or []]
    places = [parse_place(text) for text in offices if text]
    if not places and location_name:
        places = [parse_place(location_name)]
    return PostingIn(
        source_job_id=job_id,
        title=require(job.get("title"), "title"),
        employer=employer or text_or_none(job.get("company_name")) or board,
        url=job.get("absolute_url"),
        apply_url=job.get("absolute_url"),
        description_html=markup,
        description_text=html_to_text(markup),
        locations=[p for p in places if p.text],
        workplace=workplace_of(location_name, *(m.get("value") for m in _metadata(job))),
        employment_types=employment_types(
            [m["value"] for m in _metadata(job) if _is_type_field(m.get("name"))]
        ),
        pay=pay_of(job, notes),
        posted_at=parse_when(
            job.get("first_published") or job.get("updated_at"),
            label="posted_at",
            notes=notes,
            zone=zone,
        ),
        closes_at=parse_when(
            job.get("application_deadline"),
            label="closes_at",
            notes=notes,
            zone=zone,
            end_of_day=True,
        ),
        ats_identity=f"greenhouse:{job_id}",
        notes=notes,
        raw=job,
    )


def _metadata(job: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        m
        for m in job.get("metadata") or []
        if isinstance(m, dict) and isinstance(m.get("value"), str)
    ]


def _is_type_field(name: object) -> bool:
    words = str(name or "").lower()
    return "type" in words and ("employ" in words or "job" in words or "position" in words)


def pay_of(job: dict[str, Any], notes: list[str]) -> Pay | None:
    """Pay from ``pay_input_ranges`` (amounts in cents) of the single-job call, if present."""
    for band in job.get("pay_input_ranges") or []:
        low, high = band.get("min_cents"), band.get("max_cents")
        unit = pay_unit(band.get("title")) or pay_unit(band.get("blurb"))
        return pay_range(
            low / 100 if isinstance(low, int | float) else None,
            high / 100 if isinstance(high, int | float) else None,
            currency=band.get("currency_type"),
            unit=unit,
            notes=notes,
        )
    return None


def _pay_request(base: str, board: str, job: dict[str, Any]) -> Get:
    url = api_url(base, f"/v1/boards/{board}/jobs/{job.get('id')}", None)
    return Get(url, params={"pay_transparency": "true"})


def _with_pay(job: dict[str, Any], detail: Any, builder: ListingBuilder) -> dict[str, Any]:
    if isinstance(detail, Failed):
        builder.error(f"pay not read (posting kept without it): {detail.message}")
        return job
    if isinstance(detail, dict) and detail.get("pay_input_ranges"):
        return {**job, "pay_input_ranges": detail["pay_input_ranges"]}
    return job


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
    """Read a whole Greenhouse board; ``--set pay=true`` also asks each job for its pay."""
    board = config["board"]
    builder = ListingBuilder(source, known=known, salt=config_salt(KIND, config))
    base = base_url or DEFAULT_BASE
    payload = yield Get(api_url(base, f"/v1/boards/{board}/jobs", None), params={"content": "true"})
    jobs = listed(payload, "jobs", builder, f"{source}: response has no 'jobs' list")
    if jobs is None:
        return builder.build(complete=False)
    zone = zone_named(config.get("timezone"))
    if config.get("pay", "").lower() in ("1", "true", "yes", "on"):
        jobs = [j for j in jobs if isinstance(j, dict)]
        details = yield [_pay_request(base, board, j) for j in jobs]
        jobs = [_with_pay(j, d, builder) for j, d in zip(jobs, details, strict=True)]
    builder.read(
        jobs,
        lambda job: to_posting(job, board=board, employer=config.get("employer"), zone=zone),
        id_of=lambda job: job.get("id"),
    )
    return builder.build(complete=True)
