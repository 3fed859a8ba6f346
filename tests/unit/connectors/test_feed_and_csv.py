"""RSS, Atom and Indeed-style XML feeds; CSV files and URLs."""

from __future__ import annotations

import httpx
import pytest

from jobs.connectors import KINDS

from .fakes import FIXTURES, fixture_response


async def read_feed(upstream, make_fetcher, body, **config):
    upstream.route("/feed", body if isinstance(body, httpx.Response) else fixture_response(body))
    async with upstream.client() as client:
        return await KINDS["feed"].run(
            client,
            {"url": "https://jobs.example/feed", **config},
            None,
            fetcher=make_fetcher(client),
        )


@pytest.mark.anyio
async def test_rss_items_repeat_once_and_scripts_are_removed(upstream, make_fetcher):
    listing = await read_feed(upstream, make_fetcher, "feed/jobs.rss")
    assert listing.complete
    warehouse, cook = listing.postings
    assert warehouse.source_job_id == "kcsc-5501"
    assert warehouse.employer == "Heartland Freight Services"
    assert warehouse.employment_types == ["full_time"]
    assert warehouse.locations[0].region == "MO"
    assert "<script" not in warehouse.description_html and "steal" not in warehouse.description_text
    assert cook.ats_identity == "lever:6f1c2a9e-4b3d-4c8e-9a71-0d2e5b8c1f01"
    assert cook.posted_at.isoformat() == "2026-09-29T09:00:00-05:00"
    (untitled,) = listing.quarantined
    assert untitled.source_job_id == "kcsc-5599" and "missing title" in untitled.reason
    assert untitled.raw["guid"]["#text"] == "kcsc-5599"


@pytest.mark.anyio
async def test_atom_entries_are_read(upstream, make_fetcher):
    listing = await read_feed(upstream, make_fetcher, "feed/jobs.atom", timezone="America/Chicago")
    washer, clerk = listing.postings
    assert washer.source_job_id == "urn:northland:job:301"
    assert washer.employer == "Northland Transit"
    assert washer.posted_at.isoformat() == "2026-09-29T08:00:00-05:00"
    assert "read as America/Chicago" in washer.notes[0]
    assert "javascript" not in washer.description_html and "onclick" not in washer.description_html
    assert clerk.description_text == "Issue parts to mechanics."


@pytest.mark.anyio
async def test_indeed_xml_feed_is_read(upstream, make_fetcher):
    listing = await read_feed(upstream, make_fetcher, "feed/indeed.xml")
    assert listing.complete
    assembly, janitor = listing.postings
    assert assembly.source_job_id == "BV-7781"
    place = assembly.locations[0]
    assert (place.city, place.region, place.postal_code, place.country) == (
        "Lenexa",
        "KS",
        "66215",
        "US",
    )
    assert (assembly.pay.min, assembly.pay.max, assembly.pay.unit) == (16.5, 18.0, "hour")
    assert assembly.employment_types == ["full_time", "temporary"]
    assert "<iframe" not in assembly.description_html
    assert assembly.closes_at.date().isoformat() == "2026-10-30"
    assert janitor.pay.min == 15 and janitor.pay.unit == "hour"


@pytest.mark.anyio
async def test_xml_bomb_is_refused(upstream, make_fetcher):
    listing = await read_feed(upstream, make_fetcher, "feed/bomb.xml")
    assert not listing.complete and listing.postings == []
    assert "unsafe XML" in listing.errors[0] and "https://jobs.example/feed" in listing.errors[0]


@pytest.mark.anyio
async def test_malformed_xml_fails_the_listing(upstream, make_fetcher):
    body = httpx.Response(200, content=b"<rss><channel><item><title>Cook</title></channel>")
    listing = await read_feed(upstream, make_fetcher, body)
    assert not listing.complete and "not well-formed XML" in listing.errors[0]


@pytest.mark.anyio
async def test_html_page_is_not_a_feed(upstream, make_fetcher):
    body = httpx.Response(200, content=b"<html><body><p>Maintenance</p></body></html>")
    listing = await read_feed(upstream, make_fetcher, body)
    assert not listing.complete and "not a job feed" in listing.errors[0]


@pytest.mark.anyio
async def test_empty_feed_is_complete_and_empty(upstream, make_fetcher):
    body = httpx.Response(
        200, content=b'<rss version="2.0"><channel><title>x</title></channel></rss>'
    )
    listing = await read_feed(upstream, make_fetcher, body)
    assert listing.complete and listing.postings == []


async def read_csv(upstream, make_fetcher, **config):
    async with upstream.client() as client:
        return await KINDS["csv"].run(client, config, None, fetcher=make_fetcher(client))


@pytest.mark.anyio
async def test_csv_common_headers_broken_rows_and_mojibake(upstream, make_fetcher):
    path = str(FIXTURES / "csv" / "openings.csv")
    listing = await read_csv(upstream, make_fetcher, path=path, timezone="America/Chicago")
    assert listing.complete
    assert [p.source_job_id for p in listing.postings] == ["KC-100", "KC-101", "KC-104"]
    custodian, grounds, sorter = listing.postings
    assert custodian.title == "Custodian" and custodian.employer == "City of Kansas City"
    assert "We’re a fair chance employer" in custodian.description_text  # "â€™" repaired
    assert "Requirements\nNo experience required." in custodian.description_text
    assert (custodian.pay.min, custodian.pay.max, custodian.pay.unit) == (16.25, 18.4, "hour")
    place = custodian.locations[0]
    assert (place.city, place.region, place.postal_code, place.lat) == (
        "Kansas City",
        "MO",
        "64106",
        39.1,
    )
    assert custodian.posted_at.isoformat() == "2026-09-30T00:00:00-05:00"
    assert custodian.closes_at.isoformat() == "2026-10-31T23:59:59.999999-05:00"
    assert custodian.employment_types == ["full_time"]
    assert custodian.raw["Internal Note"] == "keep"
    assert grounds.pay.unit == "year" and grounds.locations[0].lat is None
    assert any("latitude" in note for note in grounds.notes)
    assert sorter.pay.max is None  # trailing empty cells are not a broken row
    untitled, broken = listing.quarantined
    assert untitled.source_job_id == "KC-102" and "line 4: missing title" in untitled.reason
    assert "line 5: 6 fields where the header has 18" in broken.reason
    assert broken.raw["cells"][0] == "KC-103"


@pytest.mark.anyio
async def test_csv_windows_1252_is_read_and_said(upstream, make_fetcher):
    listing = await read_csv(upstream, make_fetcher, path=str(FIXTURES / "csv" / "windows1252.csv"))
    (dishwasher,) = listing.postings
    assert dishwasher.title == "Café Dishwasher" and dishwasher.employer == "Le Petit Café"
    assert dishwasher.description_text == "Wash dishes – nights; “fair chance” hiring."
    assert (dishwasher.pay.min, dishwasher.pay.unit) == (15.5, "hour")
    assert "read as Windows-1252" in listing.errors[0]
    assert dishwasher.source_job_id.startswith("row:")


@pytest.mark.anyio
async def test_csv_column_overrides_and_url_source(upstream, make_fetcher):
    body = 'Req,Role Name,Shop,Where,Hourly\nA-1,Tire Technician,Metro Tire,"Raytown, MO",$17\n'
    upstream.route("/jobs.csv", httpx.Response(200, content=body.encode()))
    listing = await read_csv(
        upstream,
        make_fetcher,
        url="https://files.example/jobs.csv",
        **{
            "column.id": "Req",
            "column.title": "Role Name",
            "column.employer": "Shop",
            "column.address": "Where",
            "column.pay": "Hourly",
        },
    )
    (tech,) = listing.postings
    assert (tech.source_job_id, tech.title, tech.employer) == (
        "A-1",
        "Tire Technician",
        "Metro Tire",
    )
    assert tech.locations[0].city == "Raytown" and tech.pay.min == 17


@pytest.mark.anyio
async def test_csv_without_a_title_column_says_how_to_map_one(upstream, make_fetcher, tmp_path):
    path = tmp_path / "jobs.csv"
    path.write_text("Req,Role Name\nA-1,Tire Technician\n")
    listing = await read_csv(upstream, make_fetcher, path=str(path))
    assert not listing.complete and "--set column.title=HEADER" in listing.errors[0]
    bad = await read_csv(upstream, make_fetcher, path=str(path), **{"column.title": "Nope"})
    assert not bad.complete and "no such header" in bad.errors[0]


@pytest.mark.anyio
async def test_csv_missing_file_fails_clearly(upstream, make_fetcher, tmp_path):
    listing = await read_csv(upstream, make_fetcher, path=str(tmp_path / "missing.csv"))
    assert not listing.complete and "missing.csv" in listing.errors[0]


@pytest.mark.anyio
async def test_csv_cell_with_good_utf8_and_mojibake_is_repaired(upstream, make_fetcher, tmp_path):
    # Issue 14: one cell holds correct UTF-8 ("Café") and UTF-8 read as Windows-1252 ("â€™");
    # the old repair could only fix a cell that was wholly mis-encoded, so this one stayed broken.
    path = tmp_path / "mixed.csv"
    path.write_text(
        "Job ID,Title,Company,Description\n"
        "M-1,Café Cook,Le Petit Café,Weâ€™re a fair chance café – nights â€” apply today\n",
        encoding="utf-8",
    )
    listing = await read_csv(upstream, make_fetcher, path=str(path))
    (cook,) = listing.postings
    assert cook.title == "Café Cook" and cook.employer == "Le Petit Café"
    assert cook.description_text == "We’re a fair chance café – nights — apply today"
    assert cook.raw["Description"] == "We’re a fair chance café – nights — apply today"
