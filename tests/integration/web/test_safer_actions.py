"""Safer actions: referring a needs-approval job records the officer's approval first; check-ins
start unchosen; "no longer working there" asks the last day and why and closes the job;
disabling, closing and stopping sharing ask to confirm."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from jobs.store import Checkpoint, Placement, Referral
from jobs.store.engine import session_factory
from tests.integration.web.test_specialist_pages import _hire
from tests.integration.web.world import sign_in

pytestmark = pytest.mark.anyio


async def _one(engine, query):
    async with session_factory(engine)() as session:
        return await session.scalar(query)


async def test_a_needs_approval_job_is_referred_only_with_the_officers_approval(
    client, world, engine
):
    csrf = await sign_in(client, "spec1")
    pid, mid = world.participants["ana"], world.matches["ana_packer"]
    url = f"/participants/{pid}/matches/{mid}/refer"
    page = await client.get(url)
    assert "Needs the officer&#39;s approval" in page.text
    assert "Job is in Kansas: needs a travel permit before the start date" in page.text
    assert 'name="approved_by"' in page.text and 'name="approved_on"' in page.text
    form = {"csrf_token": csrf, "agreed": "1", "approved_by": "", "approved_on": ""}
    refused = await client.post(url, data=form)
    assert refused.status_code == 400
    assert "Enter the name of the officer who approved this job" in refused.text
    assert "Enter the day the officer approved it, like 2026-12-01" in refused.text
    assert await _one(engine, select(Referral)) is None
    form.update(approved_by="Officer Dana Reyes", approved_on="2026-12-01")
    sent = await client.post(url, data=form, follow_redirects=False)
    assert sent.status_code == 303
    referral = await _one(engine, select(Referral))
    assert referral.approved_by == "Officer Dana Reyes"
    assert referral.approved_on == date(2026, 12, 1)


async def test_an_eligible_job_asks_for_no_approval(client, world, engine):
    await sign_in(client, "spec1")
    pid, mid = world.participants["ana"], world.matches["ana_forklift"]
    page = await client.get(f"/participants/{pid}/matches/{mid}/refer")
    assert "Tier: <strong" in page.text and ">Eligible</strong>" in page.text
    assert 'name="approved_by"' not in page.text


async def test_check_ins_start_unchosen_and_ending_a_job_asks_when_and_why(client, world, engine):
    csrf = await sign_in(client, "spec1")
    assert (await _hire(client, csrf, world)).status_code == 303
    page = await client.get("/reports/checkins")
    (first,) = re.findall(r'action="/reports/checkins/(\d+)"', page.text)[:1]
    assert re.search(r'type="radio"[^>]*name="status"[^>]*checked', page.text) is None
    url = f"/reports/checkins/{first}"
    nothing = await client.post(url, data={"csrf_token": csrf})
    assert nothing.status_code == 400
    assert "Choose whether they are still working there" in nothing.text
    left = await client.post(url, data={"csrf_token": csrf, "status": "missed"})
    assert left.status_code == 400
    for words in (
        "Enter the last day of work, like 2026-11-20",
        "Choose why the job ended",
        "Say in a few words what happened",
    ):
        assert words in left.text
    check = await _one(engine, select(Checkpoint).where(Checkpoint.id == int(first)))
    assert check.status == "due", "nothing is recorded until every answer is given"
    done = await client.post(
        url,
        data={
            "csrf_token": csrf,
            "status": "missed",
            "ended_on": "2026-08-01",
            "ended_kind": "laid_off",
            "ended_reason": "Warehouse cut the second shift",
        },
        follow_redirects=False,
    )
    assert done.status_code == 303
    placement = await _one(engine, select(Placement))
    assert placement.separated_on == date(2026, 8, 1)
    assert placement.separation_kind == "laid_off"
    assert placement.separation_reason == "Warehouse cut the second shift"
    profile = await client.get(f"/participants/{world.participants['ana']}")
    assert "ended 2026-08-01" in profile.text and "Warehouse cut the second shift" in profile.text


async def test_disabling_closing_and_stopping_sharing_ask_to_confirm(client, world):
    await sign_in(client, "admin")
    admin = await client.get("/admin")
    assert '<details class="confirm"><summary>Disable' in admin.text
    assert "Yes, disable spec2@example.org" in admin.text
    await sign_in(client, "emp1")
    employer = await client.get("/employer")
    assert "Yes, close this job" in employer.text
    assert re.search(r"<summary>Close.*?</summary>", employer.text)


async def test_stopping_sharing_asks_to_confirm(client, world):
    csrf = await sign_in(client, "spec1")
    pid, mid = world.participants["ana"], world.matches["ana_forklift"]
    referred = await client.post(
        f"/participants/{pid}/matches/{mid}/refer",
        data={"csrf_token": csrf, "agreed": "1", "shared": "record"},
        follow_redirects=False,
    )
    assert referred.status_code == 303
    staff = await client.get(f"/participants/{pid}/consents")
    assert "Yes, stop sharing" in staff.text
    await sign_in(client, "part1")
    mine = await client.get("/me/consents")
    assert '<details class="confirm"><summary class="button big">Stop sharing' in mine.text
    assert "Yes, stop sharing" in mine.text
