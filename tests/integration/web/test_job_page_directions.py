"""The participant's job page plans its trips once and shows the same page each time."""

from __future__ import annotations

import weakref

import pytest

from jobs.services import trip_directions
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
