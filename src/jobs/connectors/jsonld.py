"""schema.org ``JobPosting`` JSON-LD in employer career pages (one or several URLs)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Mapping
from functools import partial
from html.parser import HTMLParser
from typing import Any

import msgspec

from jobs.connectors.dates import parse_when, zone_named
from jobs.connectors.dedupe import ats_identity
from jobs.connectors.employment import employment_types
from jobs.connectors.pay import pay_range
from jobs.connectors.places import coordinates, country_code, parse_place, region_code
from jobs.connectors.posting import (
    ListingBuilder,
    Location,
    Pay,
    PostingIn,
    Workplace,
    config_salt,
    require,
)
from jobs.connectors.reading import Failed, Get, Reading
from jobs.connectors.urls import rebase
from jobs.text_cleaning import clean_text, html_to_text, sanitise_html, text_or_none

KIND = "jsonld"
REQUIRED = ("url",)
OPTIONAL = ("employer", "timezone")


class _ScriptFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.blocks: list[str] = []
        self._inside = False
        self._parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kind = dict(attrs).get("type") or ""
        if tag == "script" and kind.split(";")[0].strip().lower() == "application/ld+json":
            self._inside = True
            self._parts = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._inside:
            self.blocks.append("".join(self._parts))
            self._inside = False

    def handle_data(self, data: str) -> None:
        if self._inside:
            self._parts.append(data)


def script_blocks(page: str) -> list[str]:
    """The text of every ``<script type="application/ld+json">`` in an HTML page."""
    finder = _ScriptFinder()
    finder.feed(page)
    finder.close()
    return finder.blocks


def _is_job(node: dict[str, Any]) -> bool:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and k.rsplit("/", 1)[-1] == "JobPosting" for k in kinds)


def job_postings(document: Any) -> Iterator[dict[str, Any]]:
    """Every JobPosting object in a JSON-LD document: top level, lists and ``@graph``."""
    if isinstance(document, list):
        for node in document:
            yield from job_postings(node)
    elif isinstance(document, dict):
        if _is_job(document):
            yield document
        elif "@graph" in document:
            yield from job_postings(document["@graph"])
        elif isinstance(document.get("itemListElement"), list):
            for element in document["itemListElement"]:
                yield from job_postings(
                    element.get("item", element) if isinstance(element, dict) else element
                )


def _value(node: Any) -> Any:
    if isinstance(node, dict):
        return node.get("value", node.get("name", node.get("@id")))
    return node


def _first(node: Any) -> Any:
    return node[0] if isinstance(node, list) and node else node


def _places(job: dict[str, Any], notes: list[str]) -> list[Location]:
    raw = job.get("jobLocation")
    places = raw if isinstance(raw, list) else [raw] if raw else []
    result = []
    for place in places:
        if isinstance(place, str):
            result.append(parse_place(place))
            continue
        if not isinstance(place, dict):
            continue
        address = _first(place.get("address")) or {}
        if isinstance(address, str):
            location = parse_place(address)
        else:
            street = text_or_none(address.get("streetAddress"))
            city = text_or_none(address.get("addressLocality"))
            region = text_or_none(_value(address.get("addressRegion")))
            country = text_or_none(_value(address.get("addressCountry")))
            postal = text_or_none(address.get("postalCode"))
            location = Location(
                text=", ".join(v for v in (street, city, region, postal, country) if v),
                city=city,
                region=region_code(region),
                postal_code=postal,
                country=country_code(country),
            )
        geo = place.get("geo") or {}
        if isinstance(geo, dict) and geo:
            location.lat, location.lon = coordinates(
                geo.get("latitude"), geo.get("longitude"), notes=notes
            )
        if location.text or location.lat is not None:
            result.append(location)
    return result


def _pay(job: dict[str, Any], notes: list[str]) -> Pay | None:
    salary = _first(job.get("baseSalary") or job.get("estimatedSalary"))
    if salary is None:
        return None
    if not isinstance(salary, dict):
        return pay_range(salary, None, notes=notes, label="baseSalary")
    value = _first(salary.get("value"))
    currency = salary.get("currency")
    if isinstance(value, dict):
        low = value.get("minValue", value.get("value"))
        high = value.get("maxValue")
        unit = value.get("unitText") or salary.get("unitText")
        currency = currency or value.get("currency")
    else:
        low, high, unit = value, None, salary.get("unitText")
    return pay_range(low, high, currency=currency, unit=unit, notes=notes, label="baseSalary")


def to_posting(
    job: dict[str, Any], *, page_url: str, employer: str | None = None, zone: Any = None
) -> PostingIn:
    """One schema.org JobPosting as a posting; odd values are kept, not fatal."""
    notes: list[str] = []
    identifier = _value(job.get("identifier"))
    url = text_or_none(job.get("url")) or page_url
    job_id = text_or_none(identifier) or url
    title = require(job.get("title"), "title")
    if not text_or_none(identifier) and not job.get("url"):
        # several postings on one page with neither id nor URL: tell them apart by title
        job_id = f"{page_url}#{hashlib.sha256(title.encode()).hexdigest()[:12]}"
    markup = sanitise_html(str(job.get("description") or ""))
    organisation = job.get("hiringOrganization")
    name = _value(organisation) if isinstance(organisation, dict) else organisation
    kinds = job.get("jobLocationType")
    location_type = " ".join(str(t) for t in (kinds if isinstance(kinds, list) else [kinds]) if t)
    workplace: Workplace = "remote" if "TELECOMMUTE" in location_type.upper() else "unknown"
    places = _places(job, notes)
    if (
        workplace == "unknown"
        and places
        and all((p.city or "").lower() == "remote" for p in places)
    ):
        workplace = "remote"
        places = []
    if workplace == "unknown" and places:
        workplace = "on_site"
    return PostingIn(
        source_job_id=job_id,
        title=title,
        employer=employer or text_or_none(name),
        url=url,
        apply_url=text_or_none(job.get("applicationUrl")) or url,
        description_html=markup,
        description_text=html_to_text(markup) or clean_text(job.get("description")),
        locations=places,
        workplace=workplace,
        employment_types=employment_types(job.get("employmentType")),
        pay=_pay(job, notes),
        posted_at=parse_when(job.get("datePosted"), label="posted_at", notes=notes, zone=zone),
        closes_at=parse_when(
            job.get("validThrough"), label="closes_at", notes=notes, zone=zone, end_of_day=True
        ),
        ats_identity=ats_identity(url)
        or (ats_identity(f"/{identifier}") if isinstance(identifier, str) else None),
        notes=notes,
        raw=job,
    )


def _documents(body: bytes, text: str, url: str, builder: ListingBuilder) -> tuple[list[Any], bool]:
    """The JSON-LD documents of a page (or a JSON-LD feed) and whether all of them parsed."""
    stripped = body.lstrip()[:1]
    blocks = [text] if stripped in (b"{", b"[") else script_blocks(text)
    documents = []
    readable = True
    for number, block in enumerate(blocks, start=1):
        try:
            documents.append(msgspec.json.decode(block.strip().encode()))
        except msgspec.DecodeError as exc:
            builder.quarantine(
                f"{url}: JSON-LD block {number} is malformed: {exc}",
                raw=block[:10000],
                position=number,
            )
            readable = False
    return documents, readable


def source_label(config: Mapping[str, str]) -> str:
    """The source's name in messages when it has none of its own."""
    urls = [u.strip() for u in config["url"].splitlines() if u.strip()]
    return f"{KIND}:{urls[0] if urls else ''}"


def read(
    config: dict[str, str],
    base_url: str | None,
    *,
    source: str,
    known: Mapping[str, str] | None = None,
) -> Reading:
    """Read every JobPosting from each page URL (``url`` may list several, one a line)."""
    urls = [u.strip() for u in config["url"].splitlines() if u.strip()]
    builder = ListingBuilder(source, known=known, salt=config_salt(KIND, config))
    zone = zone_named(config.get("timezone"))
    complete = bool(urls)
    for page_url in urls:
        page = yield Get(rebase(page_url, base_url), json=False)
        if isinstance(page, Failed):
            builder.error(page.message)
            complete = False
            continue
        documents, readable = _documents(page.content, page.text, page_url, builder)
        if not readable:
            # What the broken block held is unknown, so nothing of this source may close.
            complete = False
        for document in documents:
            builder.read(
                list(job_postings(document)),
                partial(to_posting, page_url=page_url, employer=config.get("employer"), zone=zone),
                id_of=lambda job: _value(job.get("identifier")) or job.get("url"),
            )
    return builder.build(complete=complete)
