"""Greenhouse Job Board API connector."""

from __future__ import annotations

import httpx
import pytest

from jobs.connectors import KINDS

from .fakes import fixture_response

BOARD = "/v1/boards/heartlandfreight/jobs"
CONFIG = {"board": "heartlandfreight"}


@pytest.mark.anyio
async def test_board_is_read_and_content_unescaped_and_sanitised(upstream, make_fetcher):
    upstream.route(BOARD, fixture_response("greenhouse/board.json"))
    async with upstream.client() as client:
        listing = await KINDS["greenhouse"].run(
            client, CONFIG, "http://mirror.test", fetcher=make_fetcher(client)
        )
    assert listing.complete and listing.errors == []
    assert upstream.requests[0].url.params["content"] == "true"
    warehouse, dispatcher = listing.postings
    assert warehouse.source_job_id == "4410021001"
    assert warehouse.ats_identity == "greenhouse:4410021001"
    assert warehouse.employer == "Heartland Freight Services"
    html = warehouse.description_html
    assert "<strong>fair chance employer</strong>" in html
    for bad in ("<script", "onclick", "javascript:", "style=", "&lt;"):
        assert bad not in html
    assert "alert" not in warehouse.description_text
    assert "• Operate a pallet jack" in warehouse.description_text
    assert "& start fast" in warehouse.description_text
    place = warehouse.locations[0]
    assert (place.city, place.region, place.country) == ("Kansas City", "MO", "US")
    assert warehouse.posted_at.isoformat() == "2026-09-28T08:00:00-05:00"
    assert warehouse.closes_at.date().isoformat() == "2026-11-15"
    assert any("no time zone" in note for note in warehouse.notes)
    assert dispatcher.workplace == "hybrid"
    assert warehouse.raw["requisition_id"] == "WH-118"
    assert len(warehouse.content_hash) == 64


@pytest.mark.anyio
async def test_post_without_title_is_quarantined_and_the_rest_kept(upstream, make_fetcher):
    upstream.route(BOARD, fixture_response("greenhouse/board.json"))
    async with upstream.client() as client:
        listing = await KINDS["greenhouse"].run(client, CONFIG, None, fetcher=make_fetcher(client))
    assert len(listing.postings) == 2
    (bad,) = listing.quarantined
    assert bad.source_job_id == "4410021003"
    assert "missing title" in bad.reason and "4410021003" in bad.reason
    assert bad.raw["content"].startswith("&lt;p&gt;")


@pytest.mark.anyio
async def test_pay_enrichment_adds_pay_and_its_failure_keeps_the_posting(upstream, make_fetcher):
    upstream.route(BOARD, fixture_response("greenhouse/board.json"))
    upstream.route(f"{BOARD}/4410021001", fixture_response("greenhouse/job_4410021001.json"))
    upstream.route(f"{BOARD}/4410021002", httpx.Response(500))
    async with upstream.client() as client:
        listing = await KINDS["greenhouse"].run(
            client, {**CONFIG, "pay": "true"}, None, fetcher=make_fetcher(client)
        )
    assert listing.complete
    by_id = {p.source_job_id: p for p in listing.postings}
    pay = by_id["4410021001"].pay
    assert (pay.min, pay.max, pay.currency, pay.unit) == (18.5, 21.5, "USD", "hour")
    assert by_id["4410021002"].pay is None
    assert any("pay not read" in e and "4410021002" in e for e in listing.errors)
    detail = next(r for r in upstream.requests if r.url.path.endswith("4410021001"))
    assert detail.url.params["pay_transparency"] == "true"


@pytest.mark.anyio
async def test_missing_board_is_a_failed_listing(upstream, make_fetcher):
    async with upstream.client() as client:
        listing = await KINDS["greenhouse"].run(
            client, {"board": "nosuchboard"}, None, fetcher=make_fetcher(client)
        )
    assert not listing.complete and listing.postings == []
    assert "404" in listing.errors[0] and "nosuchboard" in listing.errors[0]


@pytest.mark.anyio
async def test_malformed_json_is_a_failed_listing(upstream, make_fetcher):
    upstream.route(BOARD, httpx.Response(200, content=b'{"jobs": [{"id": 1, "title": "Cook"'))
    async with upstream.client() as client:
        listing = await KINDS["greenhouse"].run(client, CONFIG, None, fetcher=make_fetcher(client))
    assert not listing.complete
    assert "malformed JSON" in listing.errors[0]


@pytest.mark.anyio
async def test_empty_board_is_complete_and_empty(upstream, make_fetcher):
    upstream.route(BOARD, httpx.Response(200, json={"jobs": [], "meta": {"total": 0}}))
    async with upstream.client() as client:
        listing = await KINDS["greenhouse"].run(client, CONFIG, None, fetcher=make_fetcher(client))
    assert listing.complete and listing.postings == []


@pytest.mark.anyio
async def test_base_url_replaces_scheme_host_and_prefix(upstream, make_fetcher):
    upstream.route("/mirror" + BOARD, httpx.Response(200, json={"jobs": []}))
    async with upstream.client() as client:
        await KINDS["greenhouse"].run(
            client, CONFIG, "http://127.0.0.1:9/mirror/", fetcher=make_fetcher(client)
        )
    assert str(upstream.requests[0].url).startswith("http://127.0.0.1:9/mirror/v1/boards/")
