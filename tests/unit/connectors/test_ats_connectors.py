"""Lever, Ashby, SmartRecruiters and Workable connectors against our recorded-format fixtures."""

from __future__ import annotations

import httpx
import pytest

from jobs.connectors import KINDS

from .fakes import fixture_response

LEVER = "/v0/postings/crossroadskitchen"
SR = "/v1/companies/MidwestPackaging/postings"


def lever_pages(request: httpx.Request) -> httpx.Response:
    skip = int(request.url.params["skip"])
    return fixture_response({0: "lever/page1.json", 2: "lever/page2.json"}[skip])


@pytest.mark.anyio
async def test_lever_reads_every_page_with_skip_and_limit(upstream, make_fetcher):
    upstream.route(LEVER, lever_pages)
    config = {"site": "crossroadskitchen", "page_size": "2", "employer": "Crossroads Kitchen"}
    async with upstream.client() as client:
        listing = await KINDS["lever"].run(client, config, None, fetcher=make_fetcher(client))
    assert listing.complete
    assert [r.url.params["skip"] for r in upstream.requests] == ["0", "2"]
    assert all(r.url.params["mode"] == "json" for r in upstream.requests)
    cook, server, tech = listing.postings
    assert cook.title == "Line Cook" and cook.employer == "Crossroads Kitchen"
    assert cook.ats_identity == "lever:6f1c2a9e-4b3d-4c8e-9a71-0d2e5b8c1f01"
    assert cook.posted_at.year == 2026 and cook.posted_at.utcoffset().total_seconds() == 0
    assert cook.workplace == "on_site" and cook.employment_types == ["full_time"]
    assert (cook.pay.min, cook.pay.max, cook.pay.unit) == (17, 20, "hour")
    assert "Food handler card" in cook.description_text
    assert cook.apply_url.endswith("/apply")
    assert [loc.city for loc in server.locations] == ["Kansas City", "Independence"]
    assert server.employment_types == ["part_time"] and server.pay is None
    assert tech.locations[0].region == "KS"


@pytest.mark.anyio
async def test_lever_page_failing_midway_keeps_read_pages_and_is_incomplete(upstream, make_fetcher):
    def pages(request: httpx.Request) -> httpx.Response:
        if request.url.params["skip"] == "0":
            return fixture_response("lever/page1.json")
        return httpx.Response(503)

    upstream.route(LEVER, pages)
    async with upstream.client() as client:
        listing = await KINDS["lever"].run(
            client,
            {"site": "crossroadskitchen", "page_size": "2"},
            None,
            fetcher=make_fetcher(client),
        )
    assert not listing.complete
    assert len(listing.postings) == 2
    assert "HTTP 503" in listing.errors[0] and "skip=2" in listing.errors[0]


@pytest.mark.anyio
async def test_lever_empty_site_is_complete(upstream, make_fetcher):
    upstream.route(LEVER, httpx.Response(200, json=[]))
    async with upstream.client() as client:
        listing = await KINDS["lever"].run(
            client, {"site": "crossroadskitchen"}, None, fetcher=make_fetcher(client)
        )
    assert listing.complete and listing.postings == []


@pytest.mark.anyio
async def test_ashby_hides_unlisted_jobs_and_reads_compensation(upstream, make_fetcher):
    upstream.route("/posting-api/job-board/brightroofsolar", fixture_response("ashby/board.json"))
    config = {"board": "brightroofsolar", "employer": "Bright Roof Solar"}
    async with upstream.client() as client:
        listing = await KINDS["ashby"].run(client, config, None, fetcher=make_fetcher(client))
    assert listing.complete
    assert upstream.requests[0].url.params["includeCompensation"] == "true"
    assert [p.title for p in listing.postings] == [
        "Solar Installer Apprentice",
        "Customer Support Specialist",
    ]
    installer, support = listing.postings
    assert installer.employer == "Bright Roof Solar"
    assert (installer.pay.min, installer.pay.max, installer.pay.unit) == (19, 23, "hour")
    assert installer.locations[0].postal_code == "64120"
    assert installer.locations[1].city == "Lee's Summit" and installer.locations[1].region == "MO"
    assert "onerror" not in installer.description_html and "<img" not in installer.description_html
    assert installer.employment_types == ["full_time"] and installer.workplace == "on_site"
    assert support.workplace == "remote" and support.locations[0].city is None


@pytest.mark.anyio
async def test_smartrecruiters_pages_by_offset_and_reads_job_ads(upstream, make_fetcher):
    upstream.route(
        SR,
        lambda r: fixture_response(f"smartrecruiters/postings_offset{r.url.params['offset']}.json"),
    )
    upstream.route(
        f"{SR}/744000200000001", fixture_response("smartrecruiters/posting_744000200000001.json")
    )
    upstream.route(
        f"{SR}/744000200000002",
        httpx.Response(
            200,
            json={
                "jobAd": {
                    "sections": {
                        "jobDescription": {
                            "title": "Job Description",
                            "text": "<p>Run the line.</p>",
                        }
                    }
                }
            },
        ),
    )
    upstream.route(f"{SR}/744000200000003", httpx.Response(500))
    config = {"company": "MidwestPackaging", "page_size": "2"}
    async with upstream.client() as client:
        listing = await KINDS["smartrecruiters"].run(
            client, config, None, fetcher=make_fetcher(client)
        )
    assert listing.complete
    offsets = [r.url.params["offset"] for r in upstream.requests if r.url.path == SR]
    assert offsets == ["0", "2"]
    forklift, line, clerk = listing.postings
    assert forklift.ats_identity == "smartrecruiters:744000200000001"
    assert forklift.url.startswith("https://jobs.smartrecruiters.com/MidwestPackaging/")
    assert "sit-down forklift" in forklift.description_text
    assert (forklift.locations[0].lat, forklift.locations[0].lon) == (39.0997, -94.5786)
    assert forklift.locations[0].postal_code == "64120"
    assert line.description_text == "Job Description\nRun the line."
    assert line.locations[0].lat is None and any("latitude" in n for n in line.notes)
    assert line.employment_types == ["temporary"]
    assert clerk.workplace == "hybrid" and clerk.description_text == ""
    assert any("job ad not read" in e and "744000200000003" in e for e in listing.errors)


@pytest.mark.anyio
async def test_smartrecruiters_page_failing_midway_is_incomplete(upstream, make_fetcher):
    def pages(request: httpx.Request) -> httpx.Response:
        if request.url.params["offset"] == "0":
            return fixture_response("smartrecruiters/postings_offset0.json")
        return httpx.Response(502)

    upstream.route(SR, pages)
    config = {"company": "MidwestPackaging", "page_size": "2", "details": "false"}
    async with upstream.client() as client:
        listing = await KINDS["smartrecruiters"].run(
            client, config, None, fetcher=make_fetcher(client)
        )
    assert not listing.complete and len(listing.postings) == 2
    assert "HTTP 502" in listing.errors[0]


@pytest.mark.anyio
async def test_workable_widget_is_read(upstream, make_fetcher):
    upstream.route("/api/accounts/prairiehomehealth", fixture_response("workable/account.json"))
    config = {"account": "prairiehomehealth", "timezone": "America/Chicago"}
    async with upstream.client() as client:
        listing = await KINDS["workable"].run(client, config, None, fetcher=make_fetcher(client))
    assert listing.complete
    assert upstream.requests[0].url.params["details"] == "true"
    aide, coordinator = listing.postings
    assert aide.source_job_id == "8F3C2A1B9D" and aide.ats_identity == "workable:8F3C2A1B9D"
    assert aide.employer == "Prairie Home Health"
    assert aide.locations[0].region == "MO"
    assert aide.posted_at.isoformat() == "2026-09-18T00:00:00-05:00"
    assert "read as America/Chicago" in aide.notes[0]
    assert "onmouseover" not in aide.description_html
    assert coordinator.workplace == "remote" and coordinator.employment_types == ["full_time"]
