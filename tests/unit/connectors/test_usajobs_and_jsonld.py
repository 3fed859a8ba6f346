"""USAJOBS Search API and schema.org JSON-LD connectors."""

from __future__ import annotations

import httpx
import pytest

from jobs.connectors import KINDS, jsonld

from .fakes import fixture_response

SEARCH = {
    "keyword": "custodian",
    "location": "Kansas City, MO",
    "key": "secret-key",
    "email": "specialist@example.org",
    "page_size": "2",
}


@pytest.mark.anyio
async def test_usajobs_pages_until_a_short_page_with_key_headers(upstream, make_fetcher):
    upstream.route(
        "/api/Search", lambda r: fixture_response(f"usajobs/page{r.url.params['Page']}.json")
    )
    async with upstream.client() as client:
        listing = await KINDS["usajobs"].run(client, SEARCH, None, fetcher=make_fetcher(client))
    assert listing.complete
    assert [r.url.params["Page"] for r in upstream.requests] == ["1", "2"]
    first = upstream.requests[0]
    assert first.headers["Authorization-Key"] == "secret-key"
    assert first.headers["User-Agent"] == "specialist@example.org"
    assert first.url.params["Keyword"] == "custodian"
    assert first.url.params["LocationName"] == "Kansas City, MO"
    assert first.url.params["ResultsPerPage"] == "2"
    aid, contact, driver = listing.postings
    assert aid.source_job_id == "801234500" and aid.ats_identity == "usajobs:801234500"
    assert aid.employer == "Veterans Health Administration"
    assert (aid.pay.min, aid.pay.max, aid.pay.unit) == (17.94, 20.93, "hour")
    assert aid.closes_at.isoformat() == "2026-10-15T23:59:59.997000-04:00"
    assert any("read as America/New_York" in n for n in aid.notes)
    assert aid.locations[0].city == "Kansas City" and aid.locations[0].region == "MO"
    assert aid.employment_types == ["full_time", "permanent"]
    assert "Remove trash" in aid.description_text
    assert contact.workplace == "hybrid" and contact.pay.unit == "year"
    assert driver.pay.unit == "week" and driver.pay.min == 900  # bi-weekly halved
    assert driver.employment_types == ["part_time", "temporary"]


@pytest.mark.anyio
async def test_usajobs_without_key_fails_clearly_and_sends_nothing(upstream, make_fetcher):
    async with upstream.client() as client:
        listing = await KINDS["usajobs"].run(
            client, {"keyword": "cook"}, None, fetcher=make_fetcher(client)
        )
    assert not listing.complete and "JOBS_USAJOBS_KEY" in listing.errors[0]
    assert upstream.requests == []


@pytest.mark.anyio
async def test_jsonld_graph_lists_and_messy_values(upstream, make_fetcher):
    upstream.route("/careers", fixture_response("jsonld/career_page.html"))
    upstream.route("/careers.json", fixture_response("jsonld/listing.json"))
    config = {
        "url": "https://www.riverbendsupply.example/careers\n"
        "https://www.riverbendsupply.example/careers.json"
    }
    async with upstream.client() as client:
        listing = await KINDS["jsonld"].run(client, config, None, fetcher=make_fetcher(client))
    assert listing.complete and listing.quarantined == []
    yard, driver, remote = listing.postings  # the feed's repeated job counts once
    assert yard.source_job_id == "RB-2031"
    assert yard.employment_types == ["full_time", "part_time"]
    assert [loc.city for loc in yard.locations] == ["Kansas City", "Grandview"]
    assert (yard.locations[0].lat, yard.locations[0].lon) == (39.1185, -94.5302)
    assert yard.locations[0].country == "US"
    assert (yard.pay.min, yard.pay.max, yard.pay.unit) == (17.5, 19.25, "hour")
    assert yard.closes_at is not None and yard.closes_at.tzinfo is not None
    assert "onclick" not in yard.description_html
    # A value that is not in the schema.org enumeration is kept as given, not fatal.
    assert driver.employment_types == ["FULLTIME_WITH_BENEFITS_SEE_STORE"]
    assert (driver.pay.min, driver.pay.max, driver.pay.unit) == (52000, None, "year")
    assert driver.locations[0].region == "MO"
    assert remote.workplace == "remote" and remote.locations == []
    assert remote.ats_identity == "uuid:3c9d8e7f-1a2b-4c3d-8e9f-0a1b2c3d4e5f"


@pytest.mark.anyio
async def test_jsonld_malformed_block_is_quarantined_and_the_listing_incomplete(
    upstream, make_fetcher
):
    page = (
        b'<html><head><script type="application/ld+json">{"@type": "JobPosting", '
        b'"title": "Cook",</script></head></html>'
    )
    upstream.route("/careers", httpx.Response(200, content=page))
    async with upstream.client() as client:
        listing = await KINDS["jsonld"].run(
            client, {"url": "https://x.example/careers"}, None, fetcher=make_fetcher(client)
        )
    assert not listing.complete
    assert "malformed" in listing.quarantined[0].reason
    assert "https://x.example/careers" in listing.quarantined[0].reason


@pytest.mark.anyio
async def test_jsonld_one_page_failing_keeps_the_other(upstream, make_fetcher):
    upstream.route("/careers", fixture_response("jsonld/career_page.html"))
    upstream.route("/gone", httpx.Response(500))
    config = {"url": "https://x.example/careers\nhttps://x.example/gone"}
    async with upstream.client() as client:
        listing = await KINDS["jsonld"].run(client, config, None, fetcher=make_fetcher(client))
    assert not listing.complete and len(listing.postings) == 2
    assert "https://x.example/gone" in listing.errors[0]


def test_jsonld_finds_postings_in_graphs_and_lists():
    document = {
        "@graph": [
            {"@type": "WebPage"},
            {"@type": ["JobPosting"], "title": "A"},
            [{"@type": "http://schema.org/JobPosting", "title": "B"}],
        ]
    }
    assert [j["title"] for j in jsonld.job_postings(document)] == ["A", "B"]
