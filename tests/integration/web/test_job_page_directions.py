"""The participant's job page plans its trips once and shows the same page each time."""

from __future__ import annotations

import weakref

import pytest
from sqlalchemy import delete, event
from sqlalchemy.engine import Engine

from jobs.services import trip_directions
from jobs.store import Supervision
from tests.integration.web.world import sign_in

pytestmark = pytest.mark.anyio


async def test_a_job_page_opened_again_is_the_same_page_without_planning_again(
    client, world, monkeypatch
):
    monkeypatch.setattr(trip_directions, "_planned", weakref.WeakKeyDictionary())
    planned = []
    original = trip_directions.plan_directions

    def counted(*args, **kwargs):
        planned.append(args[1:])
        return original(*args, **kwargs)

    monkeypatch.setattr(trip_directions, "plan_directions", counted)
    await sign_in(client, "part1")
    job = f"/me/jobs/{world.postings['forklift']}"
    first = await client.get(job)
    again = await client.get(job)
    assert first.status_code == again.status_code == 200
    assert "Leave home at" in first.text and "before your curfew" in first.text
    assert again.text == first.text
    assert len(planned) == 1
    # Another job is another question.
    other = await client.get(f"/me/jobs/{world.postings['packer']}")
    assert other.status_code == 200 and other.text != first.text
    assert len(planned) == 2


async def test_the_job_page_reads_the_curfew_with_the_home_and_plans_by_it(
    client, world, engine, monkeypatch
):
    monkeypatch.setattr(trip_directions, "_planned", weakref.WeakKeyDictionary())
    curfews = []
    original = trip_directions.plan_directions

    def noted(planner, home, site, today, curfew_start=None):
        curfews.append(curfew_start)
        return original(planner, home, site, today, curfew_start)

    monkeypatch.setattr(trip_directions, "plan_directions", noted)
    await sign_in(client, "part1")
    job = f"/me/jobs/{world.postings['forklift']}"
    said: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        said.append(" ".join(statement.split()))

    event.listen(Engine, "before_cursor_execute", note)
    try:
        page = await client.get(job)
    finally:
        event.remove(Engine, "before_cursor_execute", note)
    assert page.status_code == 200 and "(before your curfew at 10:00\u202fPM)" in page.text
    assert curfews == ["22:00"]
    reads = [s for s in said if "participant_supervision" in s]
    assert len(reads) == 1 and "home_lat" in reads[0]  # one statement: the home and the curfew
    # Without supervision terms there is no curfew: the way home is planned without one.
    async with engine.begin() as connection:
        await connection.execute(
            delete(Supervision).where(Supervision.participant_id == world.participants["ana"])
        )
    page = await client.get(job)
    assert page.status_code == 200 and "curfew" not in page.text
    assert curfews == ["22:00", None]
