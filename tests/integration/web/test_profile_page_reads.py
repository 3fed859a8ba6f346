"""The specialist's view of one participant reads what it shows in few statements: the
protected parts joined into the participant's read, the texts as columns (their bodies opened),
the jobs' incentives from the placements already read, not read again."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import event, select
from sqlalchemy.engine import Engine

from jobs.services import follow_up, sms_replies
from jobs.services.placements import set_wotc_authorized_through
from jobs.services.web_sessions import Viewer
from jobs.store import Checkpoint, InboundMessage, Placement
from jobs.store.engine import session_factory
from tests.integration.web.world import sign_in

pytestmark = pytest.mark.anyio

TODAY = date(2026, 10, 20)


async def _add_job_and_text(engine, world) -> int:
    ana = world.participants["ana"]
    async with session_factory(engine)() as session, session.begin():
        job = Placement(
            participant_id=ana,
            employer_id=world.employers["riverbend"],
            job_title="Packer",
            start_date=date(2026, 10, 1),
            offered_on=date(2026, 9, 28),
            hourly_wage=17.0,
            hours_per_week=40,
        )
        job.checkpoints = [Checkpoint(kind="30", due_on=date(2026, 10, 31))]
        session.add(job)
        await session.flush()
        session.add(
            InboundMessage(
                participant_id=ana, provider_id="SMtext1", kind="other",
                body="Can we move Tuesday's meeting?",
            )
        )  # fmt: skip
    return ana


async def test_the_profile_page_shows_the_texts_and_jobs_in_fewer_statements(client, world, engine):
    ana = await _add_job_and_text(engine, world)
    await sign_in(client, "spec1")
    await client.get(f"/participants/{ana}")  # last seen written: the next answer only reads
    said: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_args: object) -> None:
        said.append(statement.lstrip().upper())

    event.listen(Engine, "before_cursor_execute", note)
    try:
        page = await client.get(f"/participants/{ana}")
    finally:
        event.remove(Engine, "before_cursor_execute", note)
    assert page.status_code == 200
    assert "Can we move Tuesday&#39;s meeting?" in page.text or "Tuesday's meeting" in page.text
    assert "Packer" in page.text
    # PostgreSQL's audit chain also takes advisory locks (SELECT pg_advisory_xact_lock): not reads.
    selects = [s for s in said if s.startswith("SELECT") and not s.startswith("SELECT PG_")]
    # Supervision and record come with the participant; placements are read once.
    assert not any(s.startswith("SELECT PARTICIPANT_SUPERVISION") for s in selects)
    assert not any(s.startswith("SELECT PARTICIPANT_RECORDS") for s in selects)
    assert sum(s.startswith("SELECT PLACEMENTS.ID") for s in selects) == 1
    # Their checks are joined in, and the WOTC setting is read beside them.
    assert not any(s.startswith("SELECT PLACEMENT_CHECKPOINTS") for s in selects)
    assert not any(s.startswith("SELECT PROGRAM_SETTINGS") for s in selects)
    assert "PLACEMENT_CHECKPOINTS" in next(s for s in selects if s.startswith("SELECT PLACEMENTS"))
    assert len(selects) <= 11, [s[:40] for s in selects]


@pytest.mark.parametrize("wotc_through", ["never set", None, date(2026, 12, 31)])
async def test_the_jobs_incentives_are_the_ones_the_incentives_read_gives(
    session, world, engine, wotc_through
):
    ana = await _add_job_and_text(engine, world)
    if wotc_through != "never set":  # None: the credit renewed with no end date
        async with session_factory(engine)() as writer, writer.begin():
            await set_wotc_authorized_through(writer, wotc_through)
    viewer = Viewer(user_id=world.users["spec1"], role="specialist", email="", display_name="s")
    jobs = await follow_up.participant_placements(session, viewer, ana, TODAY)
    ids = list(await session.scalars(select(Placement.id).where(Placement.participant_id == ana)))
    expected = {
        i.placement_id: i for i in await follow_up.incentives(session, TODAY, placement_ids=ids)
    }
    assert len(jobs) == len(ids) >= 1
    assert {job.job.placement_id: job.incentives for job in jobs} == expected
    assert [len(job.job.checkpoints) for job in jobs] == [1]


async def test_the_inbox_opens_each_texts_body(session, world, engine):
    ana = await _add_job_and_text(engine, world)
    viewer = Viewer(user_id=world.users["spec1"], role="specialist", email="", display_name="s")
    texts = await sms_replies.inbox(session, viewer, ana)
    assert [(t.kind, t.body, t.handled) for t in texts] == [
        ("other", "Can we move Tuesday's meeting?", False)
    ]
    sealed = await session.scalar(
        select(InboundMessage.body).where(InboundMessage.id == texts[0].id)
    )
    assert sealed != texts[0].body  # sealed at rest: the inbox opened it
