"""The road from interest to hire and work readiness on the specialist's participant page, and
their figures in the outcomes report (issue 16, items 4 and 5)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import update

from jobs.clock import program_today
from jobs.store import Posting
from jobs.store.base import utcnow
from jobs.store.engine import session_factory
from tests.integration.web.world import sign_in

pytestmark = pytest.mark.anyio


async def test_the_road_from_interested_to_hired_is_kept_with_dates_and_names(client, world):
    csrf = await sign_in(client, "part1")
    forklift = world.postings["forklift"]
    await client.post(f"/me/jobs/{forklift}/interest", data={"csrf_token": csrf})
    await client.post("/logout", data={"csrf_token": csrf})
    csrf = await sign_in(client, "spec1")
    ana = world.participants["ana"]
    mid = world.matches["ana_forklift"]
    await client.post(
        f"/participants/{ana}/matches/{mid}/review", data={"csrf_token": csrf, "action": "applied"}
    )
    for step, day in (("interview_booked", "2026-12-09"), ("offer", "2026-12-11")):
        done = await client.post(
            f"/participants/{ana}/applications",
            data={"csrf_token": csrf, "posting_id": forklift, "step": step, "happened_on": day},
            follow_redirects=False,
        )
        assert done.status_code == 303, done.text
    page = (await client.get(f"/participants/{ana}")).text
    history = page[page.index('id="apps-h"') :]
    for words in ("Interested, ", "Applied, ", "Interview booked, 9 December 2026",
                  "Offer made, 11 December 2026"):  # fmt: skip
        assert words in history
    steps = history[history.index('<ol class="steps">') :]
    assert steps.index("Interested") < steps.index("Applied") < steps.index("Offer made")
    assert '<span class="badge">Offer made</span>' in history  # where it stands now
    assert "(recorded by" in history
    # Unsuccessful needs a reason; the page says so next to the field, nothing is saved.
    refused = await client.post(
        f"/participants/{ana}/applications",
        data={"csrf_token": csrf, "posting_id": world.postings["loader"],
              "step": "unsuccessful_interview", "happened_on": "2026-12-10"},
    )  # fmt: skip
    assert refused.status_code == 400 and "Say why it was unsuccessful" in refused.text
    # A job that is not among the matches is refused.
    stranger = await client.post(
        f"/participants/{ana}/applications",
        data={"csrf_token": csrf, "posting_id": "999999", "step": "applied",
              "happened_on": "2026-12-10"},
    )  # fmt: skip
    assert stranger.status_code == 400 and "matched jobs" in stranger.text


async def test_work_readiness_checklist_and_ready_status(client, world):
    csrf = await sign_in(client, "spec1")
    ana = world.participants["ana"]
    page = (await client.get(f"/participants/{ana}")).text
    assert "Not ready yet" in page and "Social Security card" in page
    form = {"csrf_token": csrf}
    form |= {f"status_{item}": "done" for item in (
        "state_id", "ssn_card", "birth_certificate", "bank_account", "resume",
        "disclosure_letter", "work_clothes", "phone", "transport")}  # fmt: skip
    form |= {"status_childcare": "in_progress", "barrier_childcare": "my sister can't do nights"}
    saved = await client.post(f"/participants/{ana}/readiness", data=form, follow_redirects=False)
    assert saved.status_code == 303
    page = (await client.get(f"/participants/{ana}")).text
    assert "Not ready yet" in page and "my sister can&#39;t do nights" in page
    form["status_childcare"] = "done"
    await client.post(f"/participants/{ana}/readiness", data=form)
    assert "Ready to work" in (await client.get(f"/participants/{ana}")).text
    bad = await client.post(
        f"/participants/{ana}/readiness", data={**form, "status_phone": "maybe"}
    )
    assert bad.status_code == 400 and "Phone: choose a status." in bad.text


async def test_the_outcomes_report_counts_the_road_and_readiness(client, world):
    csrf = await sign_in(client, "spec1")
    ana = world.participants["ana"]
    await client.post(
        f"/participants/{ana}/applications",
        data={"csrf_token": csrf, "posting_id": world.postings["forklift"], "step": "applied",
              "happened_on": program_today(client.app.state.settings.clock.zone).isoformat()},
    )  # fmt: skip
    await sign_in(client, "admin")
    report = (await client.get("/reports/")).text
    assert "From interest to hire" in report and "Ready to work" in report
    csv_text = (await client.get("/reports/outcomes.csv")).text
    assert "pipeline,applied,applications,1" in csv_text
    assert "readiness,program,ready,0" in csv_text


async def test_a_card_says_when_its_job_closes_soon(client, world, engine):
    async with session_factory(engine)() as session:
        await session.execute(
            update(Posting)
            .where(Posting.id == world.postings["forklift"])
            .values(closes_at=utcnow() + timedelta(days=3))
        )
        await session.commit()
    await sign_in(client, "spec1")
    page = (await client.get(f"/participants/{world.participants['ana']}/matches")).text
    assert page.count("closing soon") == 2  # the row and the card
