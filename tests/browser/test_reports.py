"""The program report in Chromium: a specialist opens /reports, picks a period, sees the figures
and the SVG charts; the CSV link gives the same numbers as the page; the printable view."""

from __future__ import annotations

import asyncio
import csv
import io
from concurrent.futures import ThreadPoolExecutor
from datetime import date, timedelta

import pytest

from jobs.services.placements import (
    PlacementIn,
    enroll,
    record_check,
    record_custody,
    record_placement,
    set_projection,
)
from jobs.store.engine import session_factory
from tests.browser.conftest import SHOTS, shot, sign_in
from tests.support.db import engine_for

pytestmark = pytest.mark.browser

TODAY = date.today()
FROM, TO = TODAY - timedelta(days=300), TODAY


async def _outcomes(live_server) -> None:
    """Two people served, both placed (one confirmed at 30 and 90 days), one return to custody."""
    world = live_server.world
    ana, ben = world.participants["ana"], world.participants["ben"]
    engine = engine_for(live_server.settings)
    try:
        async with session_factory(engine)() as session:
            await enroll(session, ana, FROM + timedelta(days=10))
            await enroll(session, ben, FROM + timedelta(days=40))
            kept = await record_placement(
                session,
                PlacementIn(
                    participant_id=ana,
                    employer_id=world.employers["riverbend"],
                    posting_id=world.postings["forklift"],
                    start_date=TODAY - timedelta(days=200),
                    hourly_wage=18.5,
                    hours_per_week=40,
                ),
            )
            await record_placement(
                session,
                PlacementIn(
                    participant_id=ben,
                    employer_id=world.employers["northside"],
                    posting_id=world.postings["packer"],
                    start_date=TODAY - timedelta(days=100),
                    hourly_wage=16.0,
                    hours_per_week=32,
                ),
            )
            for check in kept.checkpoints:
                if check.kind in ("30", "90"):
                    await record_check(session, check.id, "confirmed", today=TODAY)
            await record_custody(session, ben, "technical_violation", TODAY - timedelta(days=20))
            await set_projection(session, FROM, TO, 4, 3)
            await session.commit()
    finally:
        await engine.dispose()


@pytest.fixture(scope="module")
def outcomes(live_server) -> None:
    # Playwright's own loop runs in this thread: seed from another one.
    with ThreadPoolExecutor(max_workers=1) as worker:
        worker.submit(asyncio.run, _outcomes(live_server)).result()


def _page_figures(page) -> dict[tuple[str, str], str]:
    cells = page.eval_on_selector_all(
        "td[data-measure]",
        "cells => cells.map(c => [c.dataset.group, c.dataset.measure, c.dataset.value])",
    )
    return {(group, measure): value for group, measure, value in cells}


def _csv_key(group: str, measure: str, csv_groups: dict[str, str]) -> tuple[str, str, str]:
    """Where a figure the page shows sits in the CSV (section, group, measure)."""
    if group == "program":
        return ("summary", "program", measure)
    if group.startswith("retention_"):
        return ("retention", group.removeprefix("retention_"), measure)
    if group in ("q2", "q4"):
        return ("employed_after_exit", group, measure)
    if group in ("returns_to_custody", "separations"):
        return (group, measure, "returns" if group == "returns_to_custody" else "separations")
    return (csv_groups[group], group, measure)  # a specialist's or an employer's row


def _same(shown: str, exported: str) -> bool:
    if shown in ("", "None") or exported == "":
        return shown in ("", "None") and exported == ""
    return abs(float(shown) - float(exported)) < 1e-6


def test_a_specialist_reads_the_report_for_a_period_and_its_csv_agrees(
    live_server, desktop, outcomes
):
    base, page = live_server.url, desktop
    sign_in(page, base, "spec1")
    page.get_by_role("link", name="Reports").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Program outcomes").is_visible()
    page.get_by_label("From", exact=True).fill(FROM.isoformat())
    page.get_by_label("To", exact=True).fill(TO.isoformat())
    page.get_by_role("button", name="Show").click()
    page.wait_for_load_state()
    assert f"from={FROM.isoformat()}" in page.url and f"to={TO.isoformat()}" in page.url
    assert (
        f"From {FROM.isoformat()} to {TO.isoformat()}" in page.locator("main p").first.inner_text()
    )

    shown = _page_figures(page)
    assert shown[("program", "participants_served")] == "2"
    assert shown[("program", "participants_projected")] == "4"
    assert shown[("program", "placements")] == "2"
    assert float(shown[("program", "placement_rate")]) == 1.0
    assert float(shown[("program", "median_hourly_wage")]) == 17.25
    assert shown[("program", "returns_to_custody")] == "1"
    assert float(shown[("program", "recidivism_rate")]) == 0.5
    assert shown[("retention_30", "eligible")] == "2" and shown[("retention_30", "retained")] == "1"
    assert shown[("retention_90", "eligible")] == "2" and shown[("retention_90", "retained")] == "1"
    assert shown[("retention_180", "eligible")] == "1"
    row = page.get_by_role("row", name="Median hourly wage")
    assert "$17.25" in row.inner_text(), "figures are shown readably, not only as data"

    charts = page.locator("svg.chart")
    assert charts.count() == 3
    for i in range(3):
        chart = charts.nth(i)
        assert chart.is_visible() and chart.get_attribute("role") == "img"
        assert chart.get_attribute("aria-label"), "each chart says what it shows"
        box = chart.bounding_box()
        assert box and box["width"] > 200 and box["height"] > 40
    assert page.locator("svg.chart rect").count() >= 8, "bars are drawn"
    assert (
        "2 of 2" not in charts.nth(1).inner_html() and "1 of 2 (50%)" in charts.nth(1).inner_html()
    )
    shot(page, "desktop-reports")

    link = page.get_by_role("link", name="Download CSV")
    exported = page.request.get(base + link.get_attribute("href"))
    assert exported.ok and exported.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(exported.text())))
    assert rows[0] == ["section", "group", "measure", "value"]
    figures = {(s, g, m): v for s, g, m, v in rows[1:]}
    assert figures[("period", "program", "from")] == FROM.isoformat()
    assert figures[("period", "program", "to")] == TO.isoformat()
    groups = {g: s for s, g, _ in figures if s in ("by_specialist", "by_employer")}
    assert {"spec1", "Riverbend Logistics", "Northside Foods"} <= set(groups)
    for (group, measure), value in shown.items():
        key = _csv_key(group, measure, groups)
        assert key in figures, f"the CSV lacks {key} that the page shows"
        assert _same(value, figures[key]), f"{key}: page {value!r}, CSV {figures[key]!r}"
    assert len(shown) >= 40


def test_the_report_prints_for_a_funder(live_server, desktop, outcomes):
    base, page = live_server.url, desktop
    sign_in(page, base, "spec1")
    page.goto(f"{base}/reports/?from={FROM.isoformat()}&to={TO.isoformat()}")
    page.emulate_media(media="print")
    assert not page.locator("header.top").is_visible(), "no navigation on paper"
    assert not page.locator("form.period-form").is_visible(), "no period form on paper"
    assert page.get_by_role("heading", name="Program outcomes").is_visible()
    assert page.locator("svg.chart").first.is_visible()
    assert page.get_by_role("heading", name="By employer").is_visible()
    SHOTS.mkdir(parents=True, exist_ok=True)
    pdf = page.pdf(path=str(SHOTS / "report.pdf"), format="Letter")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    shot(page, "desktop-reports-print")
    page.emulate_media(media="screen")
    assert page.locator("form.period-form").is_visible()
